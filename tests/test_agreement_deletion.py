"""Issue 12: a PK draft never submitted is soft-deleted by who may draft it and restored by the admin; anything
submitted once, a signed PK and an amendment stay (refused by the service, and a CHECK in the database)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.agreements import services
from apps.agreements.models import Agreement, AgreementStatus

from .factories_agreements import make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "mayor": make_user(Role.MAYOR_OFFICE),
        "admin": make_user(Role.ADMIN),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
    }


@pytest.fixture
def draft(department, head_assignment, people):
    return make_agreement(department, head_assignment.official, year=2026, by=people["staff"])


def test_the_department_deletes_a_draft_and_the_admin_restores_it(client, draft, people, department):
    client.force_login(people["staff"])
    assert b'data-testid="delete"' in client.get(draft.get_absolute_url()).content
    answer = client.post(reverse("agreements:delete", args=[draft.pk]))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("agreements:list"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    row = Agreement.with_deleted.get(pk=draft.pk)
    assert (row.status, row.deleted_by) == (AgreementStatus.DRAFT, people["staff"])
    assert not Agreement.objects.filter(pk=draft.pk).exists() and not Agreement.all_levels.filter(pk=draft.pk)
    # A new draft of the same head and year may be written while the old one is deleted; restoring then waits.
    again = make_agreement(department, draft.official, year=2026, by=people["staff"])
    client.force_login(people["admin"])
    trash = client.get(reverse("core:trash"))
    assert f'data-testid="trash-agreement-{draft.pk}"'.encode() in trash.content
    client.post(reverse("core:restore", args=["agreement", draft.pk]))
    assert Agreement.with_deleted.get(pk=draft.pk).deleted_at is not None
    services.agreement_delete(agreement=again, by=people["head"])
    restored = client.post(reverse("core:restore", args=["agreement", draft.pk]))
    assert restored.status_code == 302 and restored["Location"] == draft.get_absolute_url()
    assert Agreement.objects.filter(pk=draft.pk).exists()


def test_only_a_draft_never_submitted_is_deleted_and_only_by_its_department(client, draft, people, department):
    for role, code in (("other_head", 404), ("mayor", 403), ("admin", 403)):
        client.force_login(people[role])
        assert client.post(reverse("agreements:delete", args=[draft.pk])).status_code == code
    assert Agreement.objects.filter(pk=draft.pk).exists()
    signed = make_agreement(department, draft.official, year=2025, by=people["staff"], status=AgreementStatus.SIGNED)
    api = APIClient()
    api.force_authenticate(people["head"])
    assert api.delete(f"/api/v1/agreements/{signed.pk}/").status_code == 409
    assert api.delete(f"/api/v1/agreements/{draft.pk}/").status_code == 204
    assert api.get(f"/api/v1/agreements/{draft.pk}/").status_code == 404
    api.force_authenticate(people["admin"])
    assert ("agreement", draft.pk) in [(i["kind"], i["pk"]) for i in api.get("/api/v1/trash/").json()]
    assert api.post(f"/api/v1/trash/agreement/{draft.pk}/restore/").status_code == 204
    # The database keeps a signed PK from being marked deleted, whoever writes.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE agreements_agreement SET deleted_at = %s, deleted_by_id = %s WHERE id = %s",
            [datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC), people["head"].pk, signed.pk],
        )
