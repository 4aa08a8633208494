"""Innovations as DOMAIN.md §6 gives them, through the services every page and the API call: the profile's checks,
the workflow and who may act, the indicator levels, the region indicators, the seeded schemes and the index
computed from database rows."""

import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.models import Role
from apps.innovations import services
from apps.innovations.models import Innovation, InnovationIndicator, RegionIndicator, Scheme, SchemeIndicator
from apps.innovations.models import InnovationStatus as S
from apps.innovations.selectors import innovations_for

from .factories import DepartmentFactory
from .factories_innovations import make_innovation, profile
from .factories_progress import make_signed_agreement


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    """The schemes the migration seeds (a transactional test elsewhere flushes every table, seeds included)."""
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@pytest.fixture
def people(make_user, department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "mayor": make_user(Role.MAYOR_OFFICE),
        "inspector": make_user(Role.INSPECTORATE),
    }


@pytest.fixture
def draft(department, people):
    return make_innovation(department, by=people["staff"])


def claim_all(innovation, by, level=2):
    for number in range(16, 36):
        services.indicator_claim(innovation=innovation, number=number, level=level, by=by, evidence_text="SK no. 1")


# --- The workflow ---------------------------------------------------------------------------------------------------
def test_staff_drafts_the_head_submits_and_bappeda_verifies(draft, people):
    assert (draft.status, draft.created_by, draft.row_version) == (S.DRAFT, people["staff"], 1)
    claim_all(draft, people["staff"])
    innovation = services.innovation_submit(innovation=draft, by=people["head"])
    assert (innovation.status, innovation.submitted_by) == (S.SUBMITTED, people["head"])
    for number in range(16, 36):
        services.indicator_verify(innovation=innovation, number=number, level=1, by=people["bappeda"])
    innovation = services.innovation_verify(innovation=innovation, by=people["bappeda"], comment="Lengkap")
    assert (innovation.status, innovation.verified_by) == (S.VERIFIED, people["bappeda"])
    steps = list(innovation.reviews.values_list("from_status", "to_status", "by"))
    assert steps == [(S.DRAFT, S.SUBMITTED, people["head"].pk), (S.SUBMITTED, S.VERIFIED, people["bappeda"].pk)]


def test_bappeda_returns_with_a_note_per_field_and_the_department_corrects(draft, people):
    services.innovation_submit(innovation=draft, by=people["head"])
    innovation = services.innovation_return(
        innovation=draft, by=people["bappeda"], notes={"results": "Sebutkan angka capaian", "theme": " "}
    )
    assert innovation.status == S.RETURNED
    assert innovation.return_notes == {"results": "Sebutkan angka capaian"}
    innovation = services.innovation_update(
        innovation=innovation, by=people["staff"], row_version=innovation.row_version, results="Turun 40%"
    )
    innovation = services.innovation_submit(innovation=innovation, by=people["head"])
    assert (innovation.status, innovation.return_notes, innovation.results) == (S.SUBMITTED, {}, "Turun 40%")
    assert innovation.reviews.get(to_status=S.RETURNED).notes == {"results": "Sebutkan angka capaian"}


def test_a_return_needs_a_note_on_a_known_field(draft, people):
    services.innovation_submit(innovation=draft, by=people["head"])
    for notes in ({}, {"design": "  "}, {"colour": "merah"}):
        with pytest.raises(ValidationError) as error:
            services.innovation_return(innovation=draft, by=people["bappeda"], notes=notes)
        assert "notes" in error.value.message_dict
    assert Innovation.objects.get(pk=draft.pk).status == S.SUBMITTED


def test_who_may_not_act(draft, people, make_user, other_department):
    with pytest.raises(PermissionDenied):
        services.innovation_submit(innovation=draft, by=people["staff"])
    with pytest.raises(PermissionDenied):
        services.innovation_create(department=draft.department, year=2026, by=people["bappeda"], **profile(name="X"))
    other_head = make_user(Role.DEPARTMENT_HEAD, department=other_department)
    with pytest.raises(PermissionDenied):
        services.innovation_update(innovation=draft, by=other_head, name="Diambil alih")
    with pytest.raises(PermissionDenied):
        services.innovation_submit(innovation=draft, by=other_head)
    services.innovation_submit(innovation=draft, by=people["head"])
    for user in (people["head"], people["staff"], people["mayor"], people["inspector"]):
        with pytest.raises(PermissionDenied):
            services.innovation_verify(innovation=draft, by=user)
        with pytest.raises(PermissionDenied):
            services.indicator_verify(innovation=draft, number=16, level=3, by=user)
    with pytest.raises(PermissionDenied):
        services.innovation_return(innovation=draft, by=people["head"], notes={"design": "Perbaiki"})
    assert Innovation.objects.get(pk=draft.pk).status == S.SUBMITTED


def test_illegal_transitions_and_edits(draft, people, english_messages):
    with pytest.raises(services.TransitionError):
        services.innovation_verify(innovation=draft, by=people["bappeda"])
    with pytest.raises(services.TransitionError):
        services.innovation_return(innovation=draft, by=people["bappeda"], notes={"design": "Perbaiki"})
    services.innovation_submit(innovation=draft, by=people["head"])
    with pytest.raises(services.TransitionError):
        services.innovation_submit(innovation=draft, by=people["head"])
    with pytest.raises(services.TransitionError, match="only a draft or a returned innovation can be edited"):
        services.innovation_update(innovation=draft, by=people["staff"], name="Baru")
    with pytest.raises(services.TransitionError):
        services.indicator_verify(innovation=make_innovation(draft.department, by=people["staff"], name="B"),
                                  number=16, level=1, by=people["bappeda"])  # fmt: skip
    services.innovation_verify(innovation=draft, by=people["bappeda"])
    with pytest.raises(services.TransitionError):
        services.innovation_return(innovation=draft, by=people["bappeda"], notes={"design": "Perbaiki"})


def test_verifying_needs_every_claimed_indicator_verified(draft, people, english_messages):
    claim_all(draft, people["staff"])
    services.innovation_submit(innovation=draft, by=people["head"])
    services.indicator_verify(innovation=draft, number=16, level=2, by=people["bappeda"])
    with pytest.raises(ValidationError, match="indicators 17, 18"):
        services.innovation_verify(innovation=draft, by=people["bappeda"])


def test_an_edit_on_a_stale_version_is_a_conflict(draft, people):
    services.innovation_update(innovation=draft, by=people["staff"], row_version=1, theme="Kesehatan")
    with pytest.raises(services.ConflictError):
        services.innovation_update(innovation=draft, by=people["head"], row_version=1, theme="Lain")
    assert Innovation.objects.get(pk=draft.pk).theme == "Kesehatan"


# --- The profile's checks -------------------------------------------------------------------------------------------
def test_a_short_design_cannot_be_submitted_and_the_message_counts_its_words(draft, people, english_messages):
    html = "<p>" + "<em>satu</em> dua &amp; tiga " * 40 + "</p>"  # 120 words once the HTML is stripped
    services.innovation_update(innovation=draft, by=people["staff"], design=html)
    with pytest.raises(ValidationError) as error:
        services.innovation_submit(innovation=draft, by=people["head"])
    assert error.value.message_dict["design"] == [
        "The design must have at least 300 words once formatting is removed; it has 120 words."
    ]
    assert Innovation.objects.get(pk=draft.pk).status == S.DRAFT
    assert services.word_count("<p>a</p><p>b&nbsp;c</p> — <br>d") == 4


def test_dates_out_of_order_are_refused(department, people, english_messages):
    fields = profile(trial_date=profile()["implementation_date"], implementation_date=profile()["trial_date"])
    with pytest.raises(ValidationError) as error:
        services.innovation_create(department=department, year=2026, by=people["staff"], **fields)
    assert error.value.message_dict["implementation_date"] == [
        "The implementation date cannot be before the trial date."
    ]
    assert not Innovation.objects.exists()


def test_a_video_url_must_be_a_url(department, people):
    with pytest.raises(ValidationError) as error:
        services.innovation_create(department=department, year=2026, by=people["staff"], **profile(video_url="video"))
    assert "video_url" in error.value.message_dict


def test_affairs_replication_previous_entry_and_the_pk_sasaran_are_checked(draft, people, other_department):
    update = lambda **fields: services.innovation_update(innovation=draft, by=people["staff"], **fields)  # noqa: E731
    for fields, field in (
        ({"main_affair": "astrology"}, "main_affair"),
        ({"affairs": ["health"]}, "affairs"),
        ({"replicated_from": draft, "replicated_from_region": ""}, "replicated_from"),
        ({"previous_entry": make_innovation(draft.department, by=people["staff"], name="Lain")}, "previous_entry"),
    ):
        with pytest.raises(ValidationError) as error:
            update(**fields)
        assert field in error.value.message_dict, fields
    foreign = make_signed_agreement(other_department).objectives.get()
    with pytest.raises(ValidationError) as error:
        update(plan_objective=foreign)
    assert "plan_objective" in error.value.message_dict
    own = make_signed_agreement(draft.department).objectives.get()
    earlier = make_innovation(draft.department, by=people["staff"], year=2025, name="Antrean 2025")
    innovation = update(plan_objective=own, previous_entry=earlier, replicated_from_region="Kota Surabaya")
    assert (innovation.plan_objective, innovation.previous_entry) == (own, earlier)
    assert innovation.all_affairs == {"health", "communication"}


# --- Who sees what --------------------------------------------------------------------------------------------------
def test_unverified_innovations_are_seen_by_their_department_and_the_citywide_roles(
    department, other_department, people, make_user
):
    own_draft = make_innovation(department, by=people["staff"])
    other_draft = make_innovation(other_department, by=make_user(Role.DEPARTMENT_STAFF, department=other_department))
    other_staff = make_user(Role.DEPARTMENT_STAFF, department=other_department)
    other_verified = Innovation.objects.create(
        department=other_department, year=2026, name="Terverifikasi", initiator="asn", kind="digital",
        form="tata_kelola", created_by=other_staff, status="verified", verified_at=own_draft.created_at,
        verified_by=people["bappeda"],
    )  # fmt: skip
    assert set(innovations_for(people["head"])) == {own_draft, other_verified}
    assert other_draft not in innovations_for(people["staff"])
    for role in ("bappeda", "mayor", "inspector"):
        assert set(innovations_for(people[role])) == {own_draft, other_draft, other_verified}


# --- Indicators -----------------------------------------------------------------------------------------------------
def test_a_claim_needs_evidence_and_a_level_from_1_to_3(draft, people):
    with pytest.raises(ValidationError):
        services.indicator_claim(innovation=draft, number=16, level=2, by=people["staff"])
    for number, level in ((15, 1), (36, 1), (16, 4)):
        with pytest.raises(ValidationError):
            services.indicator_claim(
                innovation=draft, number=number, level=level, by=people["staff"], evidence_text="x"
            )
    row = services.indicator_claim(
        innovation=draft, number=16, level=3, by=people["staff"], evidence_url="https://jdih.example.go.id/perda"
    )
    assert (row.claimed_level, row.verified_level, row.claimed_by) == (3, None, people["staff"])
    with pytest.raises(PermissionDenied):
        services.indicator_claim(innovation=draft, number=17, level=1, by=people["bappeda"], evidence_text="x")


def test_evidence_changed_after_verification_sends_the_indicator_back(draft, people):
    services.indicator_claim(innovation=draft, number=16, level=3, by=people["staff"], evidence_text="Perda 1/2025")
    services.innovation_submit(innovation=draft, by=people["head"])
    row = services.indicator_verify(innovation=draft, number=16, level=2, by=people["bappeda"])
    assert (row.verified_level, row.verified_by) == (2, people["bappeda"])
    # The same evidence, a new level claimed: the verification stands.
    services.indicator_claim(innovation=draft, number=16, level=3, by=people["staff"], evidence_text="Perda 1/2025")
    assert InnovationIndicator.objects.get(pk=row.pk).verified_level == 2
    row = services.indicator_claim(
        innovation=draft, number=16, level=3, by=people["staff"], evidence_text="Perda 1/2025 dan Perwali 3/2025"
    )
    row.refresh_from_db()
    assert (row.verified_level, row.verified_by, row.verified_at) == (None, None, None)
    assert row.evidence_changed_at is not None


def test_bappeda_cannot_verify_a_level_above_0_without_evidence(draft, people):
    services.innovation_submit(innovation=draft, by=people["head"])
    with pytest.raises(ValidationError):
        services.indicator_verify(innovation=draft, number=20, level=1, by=people["bappeda"])
    assert services.indicator_verify(innovation=draft, number=20, level=0, by=people["bappeda"]).verified_level == 0


def test_region_indicators_are_set_by_bappeda_only(people):
    row = services.region_indicator_set(
        year=2026, code="5a", claimed_level=3, verified_level=2, evidence_text="BPS 2025", by=people["bappeda"]
    )
    assert (row.number, row.part, row.code, row.claimed_level, row.verified_level) == (5, "a", "5a", 3, 2)
    row = services.region_indicator_set(year=2026, code="5a", verified_level=3, by=people["bappeda"])
    assert (row.claimed_level, row.verified_level, row.evidence_text) == (3, 3, "BPS 2025")
    assert RegionIndicator.objects.count() == 1
    for code in ("16", "0", "x"):
        with pytest.raises(ValidationError):
            services.region_indicator_set(year=2026, code=code, claimed_level=1, by=people["bappeda"])
    for role in ("head", "staff", "mayor", "inspector"):
        with pytest.raises(PermissionDenied):
            services.region_indicator_set(year=2026, code="1", claimed_level=1, by=people[role])


# --- The schemes and the index --------------------------------------------------------------------------------------
def test_the_seeded_schemes():
    assert list(Scheme.objects.values_list("year", "k", "m")) == [(2023, 10, 0), (2024, 10, 0), (2026, 12, 5)]
    for scheme in Scheme.objects.all():
        weights = {
            aspect: sum(SchemeIndicator.objects.filter(scheme=scheme, aspect=aspect).values_list("weight", flat=True))
            for aspect in ("region", "innovation")
        }
        assert weights == {"region": Decimal(21), "innovation": Decimal(37)}
        assert (scheme.count_factor, scheme.count_cap, scheme.max_total) == (Decimal("0.38"), 200, Decimal(250))
    pure = services.scheme_for(2026)
    assert (pure.year, pure.k, pure.m, pure.spd_max, pure.innovation_max) == (2026, 12, 5, 63, 111)
    assert [(c.name, c.min_score) for c in pure.categories][:2] == [
        ("sangat_inovatif", Decimal("65.01")),
        ("inovatif", Decimal("40.01")),
    ]
    assert services.scheme_for(2025).year == 2024  # a year without a scheme uses the latest earlier one
    with pytest.raises(services.SchemeMissing):
        services.scheme_for(2022)


def _set_region(year, people, *, spd_40):
    """Every region indicator at level 2 (SPD 42), indicator 12 (weight 2) at level 1: SPD 40."""
    for code in SchemeIndicator.objects.filter(scheme__year=2023, aspect="region").values_list("number", "part"):
        number, part = code
        level = 1 if number == 12 and spd_40 else 2
        services.region_indicator_set(
            year=year, code=f"{number}{part}", claimed_level=level, verified_level=level, by=people["bappeda"]
        )


def _score_80(innovation, by):
    """Every indicator at level 2 (74), 17 and 35 at level 3 (+2 +4): 80."""
    rows = [
        InnovationIndicator(
            innovation=innovation,
            number=number,
            claimed_level=3 if number in (17, 35) else 2,
            verified_level=3 if number in (17, 35) else 2,
            verified_at=innovation.created_at,
            verified_by=by,
            evidence_text="bukti",
        )
        for number in range(16, 36)
    ]
    InnovationIndicator.objects.bulk_create(rows)


def test_the_index_of_the_2023_worked_case_from_database_rows(department, people, django_assert_max_num_queries):
    """DOMAIN.md §6: 2023 scheme, SPD 40, 8 innovations of 80 → 42,82 (inovatif)."""
    _set_region(2023, people, spd_40=True)
    for n in range(8):
        status = "verified" if n < 4 else "submitted"
        _score_80(
            make_innovation(department, by=people["staff"], year=2023, status=status, name=f"I{n}"), people["bappeda"]
        )
    ignored = make_innovation(department, by=people["staff"], year=2023, name="Masih draf")
    _score_80(ignored, people["bappeda"])
    _score_80(
        make_innovation(department, by=people["staff"], year=2024, status="submitted", name="2024"), people["bappeda"]
    )

    with django_assert_max_num_queries(6):
        claimed = services.index_for(2023, verified=False)
    assert (claimed.year, claimed.innovation_count, claimed.spd, claimed.sid_average) == (2023, 8, 40, Decimal(64))
    assert (claimed.score, claimed.category) == (Decimal("42.82"), "inovatif")
    assert ignored.pk not in {s.key for s in claimed.innovations}

    verified = services.index_for(2023, verified=True)
    # 4 verified innovations of 80 over max(10, 4) = 32; count score 4 × 0,38 = 1,52: (40 + 32 + 1,52) / 250.
    assert (verified.innovation_count, verified.sid_average, verified.count_score) == (4, Decimal(32), Decimal("1.52"))
    assert verified.score == Decimal("29.41")
    assert verified.basic_affairs_covered == 1 and "education" in verified.missing_basic_affairs


def test_the_index_counts_queries_independently_of_the_number_of_innovations(
    department, people, django_assert_max_num_queries
):
    for n in range(30):
        _score_80(
            make_innovation(department, by=people["staff"], year=2026, status="submitted", name=f"I{n}"),
            people["bappeda"],
        )
    with django_assert_max_num_queries(6):
        result = services.index_for(2026, verified=False)
    # 2026: k = 12, m = 5 — one basic affair covered, so no count score.
    assert (result.innovation_count, result.sid_average, result.count_score) == (30, Decimal(80), 0)
    assert result.score == Decimal("32.00")


def test_innovations_of_other_departments_count_in_the_index(department, people, make_user):
    other = DepartmentFactory()
    make_innovation(other, by=make_user(Role.DEPARTMENT_STAFF, department=other), year=2026, status="submitted")
    assert services.index_for(2026, verified=False).innovation_count == 1


def _region(year, people, *, raised):
    """Every region indicator at level 2 (SPD 42) and the `raised` codes at level 3."""
    for number, part in SchemeIndicator.objects.filter(scheme__year=year, aspect="region").values_list(
        "number", "part"
    ):
        level = 3 if f"{number}{part}" in raised else 2
        services.region_indicator_set(year=year, code=f"{number}{part}", claimed_level=level, by=people["bappeda"])


def _innovations(department, people, *, year, scores, affairs):
    """Submitted innovations with claimed levels making `scores` (every indicator at 2 = 74, then one change)."""
    changes = {70: {35: 1}, 74: {}, 76: {17: 3}, 77: {16: 3}}
    innovations = Innovation.objects.bulk_create(
        Innovation(
            department=department, year=year, name=f"Inovasi {n}", initiator="asn", kind="digital",
            form="pelayanan_publik", main_affair=affairs[n % len(affairs)], status="submitted",
            created_by=people["staff"],
        )
        for n in range(len(scores))
    )  # fmt: skip
    InnovationIndicator.objects.bulk_create(
        InnovationIndicator(
            innovation=innovation, number=number, claimed_level=changes[score].get(number, 2), evidence_text="bukti"
        )
        for innovation, score in zip(innovations, scores, strict=True)
        for number in range(16, 36)
    )


BASIC = ["education", "health", "public_works", "housing", "public_order", "social"]


@pytest.mark.parametrize(
    ("year", "raised", "scores", "affairs", "score", "category"),
    [
        # 2026: SPD 45, 78 innovations of 70, 6 basic affairs → 57,86; the same with 4 basic affairs → 46,00.
        (2026, {"12", "1"}, [70] * 78, BASIC, "57.86", "inovatif"),
        (2026, {"12", "1"}, [70] * 78, [*BASIC[:4], "trade"], "46.00", "inovatif"),
        # 2024: SPD 50 with 78 innovations averaging 76,36 → 62,40 sangat inovatif (Kota Serang's self-assessment).
        (2024, {"12", "6", "7", "1", "3", "4"}, [77] * 28 + [76] * 50, ["health"], "62.40", "sangat_inovatif"),
    ],
)
def test_the_worked_cases_of_domain_6_from_database_rows(
    department, people, year, raised, scores, affairs, score, category, django_assert_max_num_queries
):
    _region(year, people, raised=raised)
    _innovations(department, people, year=year, scores=scores, affairs=affairs)
    with django_assert_max_num_queries(6):
        result = services.index_for(year, verified=False)
    assert (result.innovation_count, result.score, result.category) == (len(scores), Decimal(score), category)
    assert services.index_for(year, verified=True).innovation_count == 0  # none verified yet


def test_the_budget_and_profile_files_are_documents(draft, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.innovation_update(
            innovation=draft, by=people["staff"], budget_file=SimpleUploadedFile("anggaran.exe", b"MZ")
        )
    assert "budget_file" in error.value.message_dict
    innovation = services.innovation_update(
        innovation=draft, by=people["staff"], budget_file=SimpleUploadedFile("anggaran.pdf", b"%PDF-1.7\n%%EOF\n")
    )
    assert innovation.budget_file.name.startswith("innovations/budget/")
