"""The innovation dashboard (counts per department, stage, form and kind, the digital share, the departments whose
heads are at risk, the index by year; bounded queries) and the permission-checked download of an indicator's
evidence file."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.accounts.models import Role
from apps.innovations.models import Innovation, InnovationIndicator, Scheme

from .factories import DepartmentFactory
from .factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    """The schemes the migration seeds (a transactional test elsewhere flushes every table, seeds included)."""
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "bappeda": make_user(Role.BAPPEDA),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
        "other_staff": make_user(Role.DEPARTMENT_STAFF, department=other_department),
    }


def _row(response, key, pk):
    return next(row for row in response.context[key] if row["pk"] == pk)


# --- The dashboard -------------------------------------------------------------------------------------------------
def test_the_dashboard_counts_and_names_the_departments_at_risk(client, department, other_department, people):
    quiet = DepartmentFactory(name="Dinas Tanpa Inovasi", short_name="Sepi")
    make_innovation(department, by=people["staff"], name="Rahasia Draf", stage="uji_coba")
    make_innovation(department, by=people["staff"], name="Antrean Daring", status="submitted")
    make_innovation(
        other_department,
        by=people["other_staff"],
        name="Gagasan Baru",
        stage="inisiatif",
        kind="non_digital",
        form="tata_kelola",
        status="verified",
    )
    make_innovation(other_department, by=people["other_staff"], name="Draf Lain", stage="penerapan")
    make_innovation(department, by=people["staff"], name="Tahun Lalu", year=2024, status="verified")

    client.force_login(people["other_staff"])
    response = client.get(reverse("innovations:dashboard", args=[2026]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rahasia Draf" not in content  # another department's draft: a number, never a name
    assert response.context["total"] == 4
    own = _row(response, "departments", department.pk)
    assert (own["total"], own["n_draft"], own["n_submitted"], own["active"], own["at_risk"]) == (2, 1, 1, 1, False)
    other = _row(response, "departments", other_department.pk)
    assert (other["total"], other["n_verified"], other["n_draft"], other["at_risk"]) == (2, 1, 1, True)
    assert {row["pk"] for row in response.context["at_risk"]} >= {other_department.pk, quiet.pk}
    assert department.pk not in {row["pk"] for row in response.context["at_risk"]}
    assert f'data-testid="at-risk-{quiet.pk}"' in content
    groups = {group["key"]: {row["value"]: row for row in group["rows"]} for group in response.context["groups"]}
    assert groups["stages"]["uji_coba"]["total"] == 1 and groups["stages"]["penerapan"]["total"] == 2
    assert groups["stages"]["inisiatif"]["verified"] == 1
    assert groups["forms"]["tata_kelola"]["total"] == 1 and groups["forms"]["pelayanan_publik"]["total"] == 3
    assert response.context["digital"] == 3 and response.context["digital_share"] == 75
    assert 'data-testid="digital-share">75,0%' in content
    years = {row["year"]: row for row in response.context["index_years"]}
    assert set(years) == {2026, 2024}
    assert years[2026]["claimed"].innovation_count == 2  # the submitted and the verified; drafts are not counted
    assert years[2026]["verified"].innovation_count == 1
    assert years[2024]["verified"].innovation_count == 1
    assert 'data-testid="index-year-2024"' in content


def test_the_dashboard_is_linked_from_the_list_and_the_index(client, people):
    client.force_login(people["staff"])
    assert b'data-testid="dashboard-link"' in client.get(reverse("innovations:list")).content
    content = client.get(reverse("innovations:index", args=[2026])).content.decode()
    assert reverse("innovations:dashboard", args=[2026]) in content


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("innovations:dashboard", args=[2026]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard_query_count_does_not_grow(client, people, django_assert_max_num_queries):
    client.force_login(people["bappeda"])
    url = reverse("innovations:dashboard", args=[2026])

    def add(count, start):
        for n in range(start, start + count):
            innovation = Innovation.objects.create(
                year=2026 if n % 2 else 2024,
                name=f"Inovasi {n}",
                department=DepartmentFactory(),
                initiator="asn",
                kind="digital" if n % 3 else "non_digital",
                form="tata_kelola",
                stage=("inisiatif", "uji_coba", "penerapan")[n % 3],
                status=("draft", "submitted", "verified")[n % 3] if n % 3 != 2 else "draft",
                created_by=people["bappeda"],
            )
            InnovationIndicator.objects.create(innovation=innovation, number=16, claimed_level=2, evidence_text="x")

    add(4, 0)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    add(30, 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["total"] == 17


# --- The evidence file of an indicator -----------------------------------------------------------------------------
def _with_evidence(innovation, number=16):
    row = InnovationIndicator.objects.create(innovation=innovation, number=number, claimed_level=2)
    row.evidence_file.save("bukti.pdf", ContentFile(PDF))
    return row


def test_the_evidence_file_is_an_attachment_linked_from_the_pages(client, department, people):
    innovation = make_innovation(department, by=people["staff"], status="verified")
    _with_evidence(innovation)
    InnovationIndicator.objects.create(innovation=innovation, number=17, claimed_level=1, evidence_text="SK")
    url = reverse("innovations:indicator_evidence", args=[innovation.pk, 16])
    client.force_login(people["other_staff"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert client.get(reverse("innovations:indicator_evidence", args=[innovation.pk, 17])).status_code == 404
    assert client.get(reverse("innovations:indicator_evidence", args=[innovation.pk, 18])).status_code == 404
    for page in ("innovations:detail", "innovations:indicators"):
        content = client.get(reverse(page, args=[innovation.pk])).content.decode()
        assert f'href="{url}"' in content
        assert 'data-testid="evidence-17"' not in content


def test_another_departments_draft_evidence_is_404(client, department, people):
    innovation = make_innovation(department, by=people["staff"])
    _with_evidence(innovation)
    url = reverse("innovations:indicator_evidence", args=[innovation.pk, 16])
    client.force_login(people["other_head"])
    assert client.get(url).status_code == 404
    client.force_login(people["staff"])
    assert client.get(url).status_code == 200
    assert f'href="{url}"' in client.get(reverse("innovations:indicators", args=[innovation.pk])).content.decode()
    client.force_login(people["bappeda"])
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


# --- The index of every year, cached until one of its sources changes ----------------------------------------------
def test_the_index_of_every_year_is_cached_until_an_innovation_or_the_region_changes(
    department, people, django_assert_num_queries
):
    from apps.innovations.models import RegionIndicator
    from apps.innovations.views_dashboard import index_by_year

    innovation = make_innovation(department, by=people["staff"], name="Sapa Warga", status="verified")
    first = index_by_year()
    with django_assert_num_queries(1):  # only the fingerprint: nothing changed
        assert index_by_year() == first
    # a bulk update bypasses the models' signals, but not the audit triggers the fingerprint reads
    Innovation.objects.filter(pk=innovation.pk).update(status="draft")
    second = index_by_year()
    assert second != first
    RegionIndicator.objects.create(
        year=2026, number=1, claimed_level=3, evidence_text="Perda inovasi daerah", updated_by=people["bappeda"]
    )
    assert index_by_year() != second


def test_the_index_page_is_computed_once_until_an_innovation_changes(client, department, people):
    from apps.innovations.views_index import computed_index

    innovation = make_innovation(department, by=people["staff"], name="Sapa Warga", status="verified")
    client.force_login(people["bappeda"])
    url = reverse("innovations:index", args=[2026])
    response = client.get(url)
    first = response.context["sides"]
    assert computed_index(2026) is not None
    again = client.get(url)
    assert "sides" not in again.context  # the page's body from the cache
    assert again.context["index_html"] == response.context["index_html"]
    assert 'data-testid="index-scores"' in again.content.decode() or "Sapa Warga" in again.content.decode()
    assert first[0]["result"].innovation_count == 1
    Innovation.objects.filter(pk=innovation.pk).update(status="draft")  # a bulk update counts too
    changed = client.get(url).context["sides"]
    assert changed[0]["result"].innovation_count == 0
    assert computed_index(1990) is None  # no scheme: nothing to show, cached as such
    assert computed_index(1990) is None


def test_bappeda_shares_one_cached_index_page_and_a_department_has_its_own(client, department, people, make_user):
    make_innovation(department, by=people["staff"], name="Sapa Warga", status="verified")
    colleague = make_user(Role.BAPPEDA)  # (a new user is a change of a source: made before the page is)
    url = reverse("innovations:index", args=[2026])
    client.force_login(people["bappeda"])
    first = client.get(url)
    assert "sides" in first.context
    client.force_login(colleague)
    second = client.get(url)
    assert "sides" not in second.context and second.context["index_html"] == first.context["index_html"]
    client.force_login(people["staff"])
    assert "sides" in client.get(url).context  # a department's user: computed for them


def test_the_index_of_every_year_is_computed_in_the_same_number_of_queries_for_one_year_or_three(
    department, people, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.innovations.views_dashboard import _index_by_year

    make_innovation(department, by=people["staff"], name="Sapa Warga", status="verified")
    with CaptureQueriesContext(connection) as one_year:
        rows = _index_by_year()
    assert [row["year"] for row in rows] == [2026]
    for year in (2024, 2025):
        innovation = make_innovation(department, by=people["staff"], name=f"Inovasi {year}", status="verified")
        Innovation.objects.filter(pk=innovation.pk).update(year=year)
    with django_assert_num_queries(len(one_year)):
        rows = _index_by_year()
    assert [row["year"] for row in rows] == [2026, 2025, 2024]
    assert all(row["verified"].innovation_count == 1 for row in rows if row["scheme"])
