"""The innovation pages driven through the client: the inventory (who sees what, search, filters, bounded
queries), an innovation's profile (its design shown as text, never as HTML), its files, and the workflow buttons
with their denials."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.accounts.models import Role
from apps.innovations.models import Innovation, Scheme
from apps.innovations.models import InnovationStatus as S

from .factories import DepartmentFactory
from .factories_innovations import make_innovation

pytestmark = pytest.mark.django_db


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
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
        "other_staff": make_user(Role.DEPARTMENT_STAFF, department=other_department),
        "mayor": make_user(Role.MAYOR_OFFICE),
    }


def _names(response):
    return {innovation.name for innovation in response.context["object_list"]}


# --- The inventory -------------------------------------------------------------------------------------------------
def test_the_inventory_shows_verified_innovations_to_everyone_and_drafts_to_their_department(
    client, department, people
):
    make_innovation(department, by=people["staff"], name="Draf Disdik")
    make_innovation(department, by=people["staff"], name="Terverifikasi Disdik", status="verified")
    url = reverse("innovations:list")
    client.force_login(people["other_staff"])
    assert _names(client.get(url)) == {"Terverifikasi Disdik"}
    client.force_login(people["staff"])
    assert _names(client.get(url)) == {"Draf Disdik", "Terverifikasi Disdik"}
    client.force_login(people["bappeda"])
    assert _names(client.get(url)) == {"Draf Disdik", "Terverifikasi Disdik"}


def test_the_inventory_searches_and_filters(client, department, other_department, people):
    make_innovation(department, by=people["staff"], name="Rapor Digital", theme="Sekolah", status="verified")
    make_innovation(
        department,
        by=people["staff"],
        name="Posyandu Keliling",
        theme="Gizi anak",
        kind="non_digital",
        stage="uji_coba",
        main_affair="social",
        affairs=[],
        status="verified",
    )
    client.force_login(people["bappeda"])
    url = reverse("innovations:list")
    assert _names(client.get(url, {"q": "gizi"})) == {"Posyandu Keliling"}
    assert _names(client.get(url, {"q": "rapor"})) == {"Rapor Digital"}
    assert _names(client.get(url, {"kind": "non_digital"})) == {"Posyandu Keliling"}
    assert _names(client.get(url, {"stage": "penerapan"})) == {"Rapor Digital"}
    assert _names(client.get(url, {"affair": "communication"})) == {"Rapor Digital"}  # an overlapping affair
    assert _names(client.get(url, {"affair": "social"})) == {"Posyandu Keliling"}  # the main affair
    assert _names(client.get(url, {"department": other_department.pk})) == set()
    assert _names(client.get(url, {"year": 2026, "status": "verified", "form": "pelayanan_publik"})) == {
        "Rapor Digital",
        "Posyandu Keliling",
    }
    response = client.get(url, {"q": "tidak ada"})
    assert b'data-testid="empty-state"' in response.content


def test_the_inventory_query_count_does_not_grow(client, people, django_assert_max_num_queries):
    client.force_login(people["bappeda"])
    url = reverse("innovations:list")

    def add(count):
        for n in range(count):
            dept = DepartmentFactory()
            Innovation.objects.create(
                year=2026,
                name=f"Inovasi {n}",
                department=dept,
                initiator="asn",
                kind="digital",
                form="tata_kelola",
                created_by=people["bappeda"],
            )

    add(2)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 22


# --- An innovation's profile ---------------------------------------------------------------------------------------
def test_the_profile_shows_the_design_as_text_never_as_html(client, department, people):
    innovation = make_innovation(department, by=people["staff"], status="verified")
    Innovation.objects.filter(pk=innovation.pk).update(
        design='<p>Alur <b>baru</b></p><script>alert("x")</script><img src=x onerror="alert(1)">'
    )
    client.force_login(people["other_staff"])
    response = client.get(reverse("innovations:detail", args=[innovation.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content and "<b>baru</b>" not in content
    assert "Alur baru" in content
    assert 'data-testid="indicator-16"' in content and 'data-testid="indicator-35"' in content


def test_another_departments_draft_is_404_for_a_head(client, department, people):
    innovation = make_innovation(department, by=people["staff"])
    client.force_login(people["other_head"])
    assert client.get(reverse("innovations:detail", args=[innovation.pk])).status_code == 404
    assert client.post(reverse("innovations:submit", args=[innovation.pk])).status_code == 404
    assert client.get(reverse("innovations:file", args=[innovation.pk, "budget"])).status_code == 404


def test_the_files_are_attachments_through_the_permission_checked_view(client, department, people):
    innovation = make_innovation(department, by=people["staff"], status="verified")
    innovation.budget_file.save("anggaran.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    client.force_login(people["other_staff"])
    response = client.get(reverse("innovations:file", args=[innovation.pk, "budget"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("innovations:file", args=[innovation.pk, "profile"])).status_code == 404
    assert client.get(reverse("innovations:file", args=[innovation.pk, "other"])).status_code == 404


# --- The workflow --------------------------------------------------------------------------------------------------
def test_the_head_submits_bappeda_returns_with_notes_and_then_verifies(client, department, people):
    innovation = make_innovation(department, by=people["staff"])
    detail = reverse("innovations:detail", args=[innovation.pk])
    client.force_login(people["staff"])
    assert b'data-testid="submit"' not in client.get(detail).content
    assert client.post(reverse("innovations:submit", args=[innovation.pk])).status_code == 403

    client.force_login(people["head"])
    assert b'data-testid="submit"' in client.get(detail).content
    assert client.post(reverse("innovations:submit", args=[innovation.pk])).status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED
    assert client.post(reverse("innovations:verify", args=[innovation.pk])).status_code == 403
    assert client.post(reverse("innovations:return", args=[innovation.pk])).status_code == 403

    client.force_login(people["bappeda"])
    assert b'data-testid="return-form"' in client.get(detail).content
    client.post(reverse("innovations:return", args=[innovation.pk]), {"note_design": "Lengkapi alur layanan."})
    innovation.refresh_from_db()
    assert innovation.status == S.RETURNED and innovation.return_notes == {"design": "Lengkapi alur layanan."}

    client.force_login(people["head"])
    assert "Lengkapi alur layanan." in client.get(detail).content.decode()
    client.post(reverse("innovations:submit", args=[innovation.pk]))
    client.force_login(people["bappeda"])
    client.post(reverse("innovations:verify", args=[innovation.pk]))
    innovation.refresh_from_db()
    assert innovation.status == S.VERIFIED


def test_service_refusals_are_messages(client, department, people, english_messages):
    innovation = make_innovation(department, by=people["staff"], design="<p>terlalu pendek</p>")
    client.force_login(people["head"])
    response = client.post(reverse("innovations:submit", args=[innovation.pk]), follow=True)
    assert "at least 300 words" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT
    client.force_login(people["bappeda"])
    response = client.post(reverse("innovations:verify", args=[innovation.pk]), follow=True)
    assert "cannot be verified now" in response.content.decode()
    response = client.post(reverse("innovations:return", args=[innovation.pk]), follow=True)
    assert response.status_code == 200
    innovation.refresh_from_db()
    assert innovation.status == S.DRAFT


# --- Entering and correcting the profile ---------------------------------------------------------------------------
def _post_data(**overrides):
    data = {
        "year": "2026",
        "name": "Antrean Daring",
        "stage": "uji_coba",
        "initiator": "perangkat_daerah",
        "initiator_name": "Dinas Pendidikan",
        "kind": "digital",
        "form": "pelayanan_publik",
        "theme": "Layanan sekolah",
        "main_affair": "education",
        "affairs": ["health", "communication"],
        "trial_date": "01/03/2026",
        "implementation_date": "01/09/2026",
        "design": "<p>Alur pendaftaran</p>",
        "goals": "Tujuan",
        "benefits": "Manfaat",
        "results": "Hasil",
        "video_url": "https://www.youtube.com/watch?v=abc",
    }
    data.update(overrides)
    return data


def test_a_department_member_creates_a_draft(client, department, people):
    client.force_login(people["staff"])
    assert client.get(reverse("innovations:create")).status_code == 200
    response = client.post(reverse("innovations:create"), _post_data())
    innovation = Innovation.objects.get(name="Antrean Daring")
    assert response.status_code == 302 and response["Location"] == reverse("innovations:detail", args=[innovation.pk])
    assert innovation.department == department and innovation.status == S.DRAFT and innovation.year == 2026
    assert innovation.affairs == ["health", "communication"]
    assert str(innovation.trial_date) == "2026-03-01"


def test_wrong_values_are_refused_next_to_their_field_and_kept(client, department, people, english_messages):
    client.force_login(people["staff"])
    data = _post_data(trial_date="01/10/2026", video_url="bukan url", affairs=["education"])
    response = client.post(reverse("innovations:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["implementation_date"] == ["The implementation date cannot be before the trial date."]
    assert "video_url" in form.errors
    assert not Innovation.objects.exists()
    assert 'value="Antrean Daring"' in response.content.decode()
    response = client.post(reverse("innovations:create"), _post_data(affairs=["education"]))
    assert response.context["form"].errors["affairs"] == [
        "The main affair is not repeated among the overlapping affairs."
    ]


def test_the_pk_sasaran_choices_are_the_departments_signed_ones(client, department, other_department, people):
    from .factories_progress import make_signed_agreement

    own = set(make_signed_agreement(department, year=2034).objectives.values_list("pk", flat=True))
    unsigned = set(make_signed_agreement(department, year=2035, signed=False).objectives.values_list("pk", flat=True))
    other = set(make_signed_agreement(other_department, year=2034).objectives.values_list("pk", flat=True))
    client.force_login(people["staff"])
    field = client.get(reverse("innovations:create")).context["form"].fields["plan_objective"]
    choices = {value.value for value, _label in field.choices if value}
    assert own and own <= choices and not (other & choices) and not (unsigned & choices)


def test_the_edit_page_shows_the_return_notes_and_keeps_to_drafts(client, department, people):
    innovation = make_innovation(department, by=people["staff"], status="returned")
    Innovation.objects.filter(pk=innovation.pk).update(return_notes={"goals": "Tujuan <b>kurang</b> jelas."})
    client.force_login(people["staff"])
    url = reverse("innovations:edit", args=[innovation.pk])
    content = client.get(url).content.decode()
    assert 'data-testid="note-goals"' in content and "Tujuan &lt;b&gt;kurang&lt;/b&gt; jelas." in content
    innovation.refresh_from_db()
    data = _post_data(
        name=innovation.name, goals="Tujuan yang jelas", affairs=[], row_version=str(innovation.row_version)
    )
    del data["year"]
    assert client.post(url, data).status_code == 302
    innovation.refresh_from_db()
    assert innovation.goals == "Tujuan yang jelas"
    # A stale version is a conflict, the typed values are kept.
    response = client.post(url, {**data, "goals": "Lagi", "row_version": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    Innovation.objects.filter(pk=innovation.pk).update(status="submitted")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("innovations:detail", args=[innovation.pk])


def test_who_may_edit(client, department, people):
    draft = make_innovation(department, by=people["staff"])
    verified = make_innovation(department, by=people["staff"], name="Lain", status="verified")
    client.force_login(people["bappeda"])
    assert client.get(reverse("innovations:edit", args=[draft.pk])).status_code == 403
    assert client.get(reverse("innovations:create")).status_code == 403
    client.force_login(people["other_staff"])
    assert client.get(reverse("innovations:edit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("innovations:edit", args=[verified.pk])).status_code == 403


# --- Indicator levels ----------------------------------------------------------------------------------------------
def test_the_department_claims_levels_and_bappeda_verifies_them(client, department, people, english_messages):
    innovation = make_innovation(department, by=people["staff"])
    url = reverse("innovations:indicators", args=[innovation.pk])
    client.force_login(people["staff"])
    response = client.get(url)
    assert 'name="i16-claimed_level"' in response.content.decode()
    assert 'name="i16-verified_level"' not in response.content.decode()
    # A level without evidence is refused in its row; nothing else is lost.
    response = client.post(url, {"i16-claimed_level": "2", "i17-claimed_level": "3", "i17-evidence_text": "SK 1"})
    assert response.status_code == 200
    assert "Give evidence for the level claimed" in response.content.decode()
    assert list(innovation.indicators.values_list("number", "claimed_level")) == [(17, 3)]
    response = client.post(
        url,
        {
            "i16-claimed_level": "2",
            "i16-evidence_url": "https://contoh.go.id/sk",
            "i17-claimed_level": "3",
            "i17-evidence_text": "SK 1",
        },
    )
    assert response.status_code == 302
    assert dict(innovation.indicators.values_list("number", "claimed_level")) == {16: 2, 17: 3}

    client.force_login(people["bappeda"])
    assert client.post(url, {"i16-verified_level": "1"}).status_code == 302  # a draft: not yet
    assert not innovation.indicators.filter(verified_level__isnull=False).exists()
    Innovation.objects.filter(pk=innovation.pk).update(status="submitted")
    response = client.get(url)
    assert 'name="i16-verified_level"' in response.content.decode()
    assert 'name="i16-claimed_level"' not in response.content.decode()
    assert client.post(url, {"i16-verified_level": "1", "i17-verified_level": "3"}).status_code == 302
    assert dict(innovation.indicators.values_list("number", "verified_level")) == {16: 1, 17: 3}


def test_a_head_cannot_set_verified_levels(client, department, people):
    innovation = make_innovation(department, by=people["staff"], status="submitted")
    url = reverse("innovations:indicators", args=[innovation.pk])
    client.force_login(people["head"])
    assert 'name="i16-verified_level"' not in client.get(url).content.decode()
    client.post(url, {"i16-verified_level": "3"})
    assert not innovation.indicators.exists()
    client.force_login(people["other_head"])
    assert client.get(url).status_code == 404
    verified = make_innovation(department, by=people["staff"], name="Lain", status="verified")
    other_url = reverse("innovations:indicators", args=[verified.pk])
    assert client.get(other_url).status_code == 200
    client.force_login(people["mayor"])
    assert client.post(other_url, {"i16-verified_level": "3"}).status_code == 403
    assert not verified.indicators.exists()


# --- Region indicators ---------------------------------------------------------------------------------------------
def test_bappeda_enters_region_indicators_the_others_read_them(client, people, english_messages):
    from apps.innovations.models import RegionIndicator

    url = reverse("innovations:region", args=[2026])
    client.force_login(people["bappeda"])
    content = client.get(url).content.decode()
    assert 'name="r1-claimed_level"' in content and 'name="r2a-verified_level"' in content
    response = client.post(
        url,
        {
            "r1-claimed_level": "3",
            "r1-verified_level": "2",
            "r1-evidence_text": "Perda 1/2025",
            "r2a-claimed_level": "1",
        },
    )
    assert response.status_code == 302
    row = RegionIndicator.objects.get(year=2026, number=1, part="")
    assert (row.claimed_level, row.verified_level, row.evidence_text) == (3, 2, "Perda 1/2025")
    assert RegionIndicator.objects.get(year=2026, number=2, part="a").claimed_level == 1

    client.force_login(people["head"])
    content = client.get(url).content.decode()
    assert 'name="r1-claimed_level"' not in content and "Perda 1/2025" in content
    assert client.post(url, {"r1-claimed_level": "1"}).status_code == 403


# --- The index -----------------------------------------------------------------------------------------------------
def _counted(department, people, count, *, start=0):
    from apps.innovations.models import InnovationIndicator

    for n in range(start, start + count):
        innovation = Innovation.objects.create(
            year=2024,
            name=f"Inovasi {n}",
            department=department,
            initiator="asn",
            kind="digital",
            form="tata_kelola",
            main_affair="health",
            status="submitted",
            created_by=people["staff"],
        )
        InnovationIndicator.objects.bulk_create(
            InnovationIndicator(innovation=innovation, number=number, claimed_level=2, evidence_text="bukti")
            for number in range(16, 36)
        )


def test_the_index_page_shows_both_indexes_and_the_what_if_list_in_bounded_queries(
    client, department, people, django_assert_max_num_queries
):
    client.force_login(people["other_staff"])
    url = reverse("innovations:index", args=[2024])
    _counted(department, people, 2)
    with django_assert_max_num_queries(25) as small:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["sides"][0]["result"].innovation_count == 2
    assert response.context["sides"][1]["result"].innovation_count == 0
    assert len(response.context["what_if"]) == 20
    # Another department's submitted innovations count, but their names stay hidden from this user.
    assert all(row["innovation"] is None for row in response.context["scores"])
    _counted(department, people, 15, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["sides"][0]["result"].innovation_count == 17
    client.force_login(people["bappeda"])
    content = client.get(url).content.decode()
    assert "Inovasi 16" in content and 'data-testid="what-if"' in content


def test_a_year_without_a_scheme_is_an_empty_state(client, people):
    client.force_login(people["staff"])
    response = client.get(reverse("innovations:index", args=[2001]))
    assert response.status_code == 200 and b'data-testid="empty-state"' in response.content


def test_bappeda_tries_changes_without_saving(client, department, people):
    _counted(department, people, 2)
    url = reverse("innovations:index", args=[2024])
    client.force_login(people["bappeda"])
    before = client.get(url).context["sides"][0]["result"]
    response = client.get(url, {"what_if": "1", "extra_innovations": "3", "extra_score": "111", "basic_affairs": "6"})
    result = response.context["what_if_result"]
    assert result.innovation_count == 5 and result.score > before.score
    assert b'data-testid="what-if-result"' in response.content
    assert Innovation.objects.count() == 2
    assert client.get(url, {"what_if": "1", "spd": "999"}).context["what_if_form"].errors["spd"]
    client.force_login(people["head"])
    assert "what_if_form" not in client.get(url, {"what_if": "1", "spd": "1"}).context
