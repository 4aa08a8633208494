"""Nothing deleted that matters (issue 12): what was signed, submitted or verified cannot be deleted, whatever the
code path (database triggers); an innovation draft is soft-deleted by its department and restored by the admin, on
the pages and through the API."""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.innovations import services
from apps.innovations.models import Innovation, Scheme
from apps.progress.models import ProgressReport

from .factories_innovations import make_innovation
from .factories_progress import make_signed_agreement
from .progress_fixtures import on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "admin": make_user(Role.ADMIN),
        "inspector": make_user(Role.INSPECTORATE),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
    }


def refused(statement, *params):
    """True when the database refuses the raw statement."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError:
        return True
    return False


# --- Database-enforced ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["submitted", "returned", "verified"])
def test_an_innovation_ever_submitted_is_never_deleted(department, people, status):
    innovation = make_innovation(department, by=people["staff"], status=status)
    with pytest.raises(DatabaseError), transaction.atomic():
        Innovation.all_objects.filter(pk=innovation.pk).delete()
    assert refused("DELETE FROM innovations_innovation WHERE id = %s", innovation.pk)
    assert Innovation.all_objects.filter(pk=innovation.pk).exists()


def test_a_draft_innovation_can_leave_the_table(department, people):
    innovation = make_innovation(department, by=people["staff"])
    assert not refused("DELETE FROM innovations_innovation WHERE id = %s", innovation.pk)


def test_a_signed_pk_is_never_deleted(department):
    agreement = make_signed_agreement(department, year=2026)
    assert refused("DELETE FROM agreements_agreement WHERE id = %s", agreement.pk)
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_submitted_report_is_never_deleted_a_draft_is(department, people):
    from apps.progress import services as progress

    indicator = make_signed_agreement(department, year=2026).indicators.order_by("order").first()
    with on(2026, 4, 5):
        report = progress.report_save(indicator=indicator, quarter=1, by=people["staff"], actual="90", analysis="Ok")
        assert not refused("UPDATE progress_progressreport SET analysis = 'x' WHERE id = %s", report.pk)
        progress.report_submit(report=report, by=people["head"])
    assert refused("DELETE FROM progress_progressreport WHERE id = %s", report.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).delete()


# --- Soft delete and restore ----------------------------------------------------------------------------------------
def test_the_department_deletes_a_draft_and_the_admin_restores_it(client, department, people):
    innovation = make_innovation(department, by=people["staff"], name="Sapa Warga")
    client.force_login(people["staff"])
    detail = client.get(reverse("innovations:detail", args=[innovation.pk]))
    assert b'data-testid="delete"' in detail.content
    answer = client.post(reverse("innovations:delete", args=[innovation.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("innovations:list")
    assert client.get(reverse("innovations:detail", args=[innovation.pk])).status_code == 404
    assert b"Sapa Warga" not in client.get(reverse("innovations:list")).content
    row = Innovation.all_objects.get(pk=innovation.pk)
    assert (row.status, row.deleted_by) == ("draft", people["staff"])
    # The same name may be used again while the draft is deleted.
    again = make_innovation(department, by=people["staff"], name="Sapa Warga")
    # The admin sees it in the deleted drafts; restoring is refused while the name is taken, then works.
    client.force_login(people["admin"])
    trash = client.get(reverse("core:trash"))
    assert trash.status_code == 200
    assert f'data-testid="trash-innovation-{innovation.pk}"'.encode() in trash.content
    client.post(reverse("core:restore", args=["innovation", innovation.pk]))
    assert Innovation.all_objects.get(pk=innovation.pk).deleted_at is not None
    services.innovation_update(innovation=again, by=people["staff"], name="Sapa Warga 2")
    restored = client.post(reverse("core:restore", args=["innovation", innovation.pk]))
    assert restored.status_code == 302
    assert restored["Location"] == reverse("innovations:detail", args=[innovation.pk])
    assert Innovation.objects.filter(pk=innovation.pk).exists()
    assert f"trash-innovation-{innovation.pk}".encode() not in client.get(reverse("core:trash")).content


def test_only_a_draft_is_deleted_and_only_by_its_department(client, department, people):
    submitted = make_innovation(department, by=people["staff"], status="submitted", name="Diajukan")
    draft = make_innovation(department, by=people["staff"], name="Konsep")
    client.force_login(people["head"])
    client.post(reverse("innovations:delete", args=[submitted.pk]))
    assert Innovation.objects.filter(pk=submitted.pk).exists()
    client.force_login(people["other_head"])
    assert client.post(reverse("innovations:delete", args=[draft.pk])).status_code == 404
    for role in ("bappeda", "inspector", "admin"):
        client.force_login(people[role])
        assert client.post(reverse("innovations:delete", args=[draft.pk])).status_code == 403
    assert Innovation.objects.filter(pk=draft.pk).exists()
    for role in ("staff", "head", "bappeda", "inspector"):
        client.force_login(people[role])
        assert client.get(reverse("core:trash")).status_code == 403
        assert client.post(reverse("core:restore", args=["innovation", draft.pk])).status_code == 403


def test_the_api_deletes_a_draft_and_the_admin_restores_it(department, people):
    draft = make_innovation(department, by=people["staff"], name="Konsep API")
    submitted = make_innovation(department, by=people["staff"], status="submitted", name="Diajukan API")
    api = APIClient()
    api.force_authenticate(people["other_head"])
    assert api.delete(f"/api/v1/innovations/{draft.pk}/").status_code == 404
    api.force_authenticate(people["bappeda"])
    assert api.delete(f"/api/v1/innovations/{draft.pk}/").status_code == 403
    api.force_authenticate(people["staff"])
    assert api.delete(f"/api/v1/innovations/{submitted.pk}/").status_code == 409
    assert api.delete(f"/api/v1/innovations/{draft.pk}/").status_code == 204
    assert api.get(f"/api/v1/innovations/{draft.pk}/").status_code == 404
    assert api.get("/api/v1/trash/").status_code == 403
    api.force_authenticate(people["admin"])
    listing = api.get("/api/v1/trash/")
    assert listing.status_code == 200
    assert [(i["kind"], i["pk"]) for i in listing.json()] == [("innovation", draft.pk)]
    assert api.post(f"/api/v1/trash/innovation/{submitted.pk}/restore/").status_code == 404
    assert api.post(f"/api/v1/trash/unknown/{draft.pk}/restore/").status_code == 404
    assert api.post(f"/api/v1/trash/innovation/{draft.pk}/restore/").status_code == 204
    assert api.get("/api/v1/trash/").json() == []
    assert Innovation.objects.filter(pk=draft.pk).exists()
