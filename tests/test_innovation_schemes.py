"""Next year's IID scoring scheme without code (issue 6): Bappeda or the admin copies a year's scheme, edits its
figures, weights, level texts and categories on a page or through the API; what is saved is a usable scheme; the
index of that year follows it; every change is in the scheme's history; other roles read but do not write."""

import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.innovations import scheme_services, scoring
from apps.innovations.models import Scheme, SchemeCategory, SchemeIndicator

from .factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
SCHEMES = "/api/v1/innovation-schemes/"


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@pytest.fixture
def bappeda(make_user):
    return make_user(Role.BAPPEDA)


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD)


def copy_2027(by):
    return scheme_services.scheme_copy(source=Scheme.objects.get(year=2026), year=2027, by=by)


def categories(scheme):
    return [
        {"name": c.name, "label": c.label, "min_score": c.min_score, "inclusive": c.inclusive}
        for c in scheme.categories.all()
    ]


# --- Services -------------------------------------------------------------------------------------------------------
def test_a_copy_has_every_indicator_level_text_and_category(bappeda):
    scheme = copy_2027(bappeda)
    source = Scheme.objects.get(year=2026)
    assert (scheme.k, scheme.m, scheme.count_factor, scheme.count_cap, scheme.max_total) == (
        12,
        5,
        Decimal("0.380"),
        200,
        Decimal("250.00"),
    )
    copied = list(scheme.indicators.values_list("number", "part", "aspect", "weight", "level_3"))
    assert copied == list(source.indicators.values_list("number", "part", "aspect", "weight", "level_3"))
    assert sorted(categories(scheme), key=str) == sorted(categories(source), key=str)
    # Until the copy, 2027 used 2026's scheme; now its own, with the same result.
    assert scoring.scheme_for(2027).year == 2027
    with pytest.raises(ValidationError) as twice:
        copy_2027(bappeda)
    assert "year" in twice.value.message_dict


def test_only_bappeda_and_the_admin_manage_schemes(head, make_user):
    with pytest.raises(PermissionDenied):
        copy_2027(head)
    for role in (Role.MAYOR_OFFICE, Role.INSPECTORATE, Role.DEPARTMENT_STAFF):
        with pytest.raises(PermissionDenied):
            copy_2027(make_user(role))
    assert copy_2027(make_user(Role.ADMIN)).year == 2027


def test_an_edit_changes_the_scheme_of_its_year_only(bappeda):
    scheme = copy_2027(bappeda)
    before = scoring.scheme_for(2027)
    scheme_services.scheme_update(
        scheme=scheme,
        by=bappeda,
        k=15,
        m=4,
        max_total=Decimal(253),
        indicators={"16": {"weight": "4", "level_1": "Peraturan Kepala Perangkat Daerah (baru)"}},
    )
    after = scoring.scheme_for(2027)
    assert (before.k, after.k, after.m) == (12, 15, 4)
    assert after.indicator("16").weight == Decimal(4)
    assert after.indicator("16").levels[0] == "Peraturan Kepala Perangkat Daerah (baru)"
    assert after.innovation_max == before.innovation_max + 3
    # 2026 is untouched.
    assert scoring.scheme_for(2026).k == 12
    assert scoring.scheme_for(2026).indicator("16").weight == Decimal(3)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"indicators": {"16": {"weight": "0"}}}, "indicator 16"),
        ({"indicators": {"99": {"weight": "1"}}}, "indicators"),
        ({"indicators": {"17": {"level_2": "  "}}}, "indicator 17"),
        ({"max_total": Decimal("200")}, "max_total"),
        ({"k": 0}, "k"),
        ({"m": 7}, "m"),
        ({"categories": []}, "categories"),
        ({"categories": [{"name": "tinggi", "min_score": "50"}]}, "categories"),
        (
            {"categories": [{"name": "a", "min_score": "0"}, {"name": "a", "min_score": "50"}]},
            "categories",
        ),
    ],
)
def test_an_unusable_scheme_is_refused_and_nothing_is_saved(bappeda, changes, field):
    scheme = copy_2027(bappeda)
    with pytest.raises(ValidationError) as error:
        scheme_services.scheme_update(scheme=scheme, by=bappeda, **changes)
    assert field in error.value.message_dict, error.value.message_dict
    scheme.refresh_from_db()
    assert (scheme.k, scheme.m, scheme.max_total) == (12, 5, Decimal("250.00"))
    assert SchemeIndicator.objects.get(scheme=scheme, number=16).weight == Decimal(3)
    assert SchemeCategory.objects.filter(scheme=scheme).count() == 4


def test_categories_are_replaced_as_a_whole(bappeda):
    scheme = copy_2027(bappeda)
    scheme_services.scheme_update(
        scheme=scheme,
        by=bappeda,
        categories=[
            {"name": "sangat_inovatif", "label": "Sangat Inovatif", "min_score": "70.01"},
            {"name": "inovatif", "label": "Inovatif", "min_score": "45"},
            {"name": "kurang_inovatif", "label": "Kurang Inovatif", "min_score": "0", "inclusive": False},
            {"name": "tidak_dapat_dinilai", "label": "Tidak Dapat Dinilai", "min_score": "0"},
        ],
    )
    pure = scoring.scheme_for(2027)
    assert pure.category(Decimal("70.00")).name == "inovatif"
    assert pure.category(Decimal("70.01")).name == "sangat_inovatif"
    assert pure.category(Decimal("0.01")).name == "kurang_inovatif"
    assert pure.category(Decimal("0")).name == "tidak_dapat_dinilai"


def test_a_scheme_is_deleted_only_while_nothing_is_entered_for_its_year(bappeda, department, make_user):
    scheme = copy_2027(bappeda)
    staff = make_user(Role.DEPARTMENT_STAFF)
    make_innovation(department, by=staff, year=2027)
    with pytest.raises(ValidationError):
        scheme_services.scheme_delete(scheme=scheme, by=bappeda)
    scheme_services.scheme_delete(scheme=Scheme.objects.get(year=2023), by=bappeda)
    assert not Scheme.objects.filter(year=2023).exists()


# --- Pages ----------------------------------------------------------------------------------------------------------
def _edit_data(scheme, **overrides):
    """The edit form as the browser sends it, unchanged except for `overrides` (field name → value)."""
    data = {f"scheme-{name}": str(getattr(scheme, name)) for name in scheme_services.SCHEME_FIELDS}
    for row in scheme.indicators.all():
        prefix = f"i{row.code}"
        data |= {f"{prefix}-{name}": getattr(row, name) for name in ("name", "weight", "level_1", "level_2", "level_3")}
        if row.mandatory:
            data[f"{prefix}-mandatory"] = "on"
    cats = sorted(scheme.categories.all(), key=lambda c: (c.min_score, not c.inclusive), reverse=True)
    data |= {
        "categories-TOTAL_FORMS": str(len(cats) + 1),
        "categories-INITIAL_FORMS": str(len(cats)),
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for number, category in enumerate(cats):
        data |= {
            f"categories-{number}-name": category.name,
            f"categories-{number}-label": category.label,
            f"categories-{number}-min_score": str(category.min_score),
        }
        if category.inclusive:
            data[f"categories-{number}-inclusive"] = "on"
    data.update(overrides)
    return {key: str(value) for key, value in data.items()}


def test_bappeda_adds_next_years_scheme_on_the_pages(client, bappeda):
    client.force_login(bappeda)
    listing = client.get(reverse("innovations:schemes"))
    assert listing.status_code == 200
    assert b'data-testid="scheme-copy-form"' in listing.content
    answer = client.post(reverse("innovations:schemes"), {"source": "2026", "year": "2027"})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("innovations:scheme_edit", args=[2027])
    scheme = Scheme.objects.get(year=2027)
    form = client.get(answer["Location"])
    assert form.status_code == 200
    assert b'name="i16-weight"' in form.content
    saved = client.post(
        answer["Location"],
        _edit_data(
            scheme, **{"scheme-k": "14", "scheme-max_total": "256", "i16-weight": "5", "categories-4-name": "istimewa"}
        )
        | {"categories-4-min_score": "90", "categories-4-inclusive": "on", "categories-4-label": "Istimewa"},
    )
    assert saved.status_code == 302, [
        f.errors
        for f in [
            saved.context["scheme_form"],
            *[f for _r, f in saved.context["indicator_forms"]],
            *saved.context["categories"].forms,
        ]
        if f.errors
    ] or saved.context["categories"].non_form_errors()
    pure = scoring.scheme_for(2027)
    assert (pure.k, pure.indicator("16").weight) == (14, Decimal(5))
    assert pure.category(Decimal(95)).name == "istimewa"
    detail = client.get(reverse("innovations:scheme_detail", args=[2027]))
    assert detail.status_code == 200
    timeline = detail.content.decode().split('data-testid="audit-timeline"')[1]
    assert timeline.count("<li") >= 3  # the scheme, indicator 16 and the new category at least
    assert "istimewa" in timeline


def test_a_bad_edit_keeps_what_was_typed(client, bappeda):
    scheme = copy_2027(bappeda)
    client.force_login(bappeda)
    answer = client.post(
        reverse("innovations:scheme_edit", args=[2027]),
        _edit_data(scheme, **{"scheme-max_total": "199.5", "i17-level_2": "Teks baru yang diketik"}),
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "199.5" in page or "199,5" in page
    assert "Teks baru yang diketik" in page
    scheme.refresh_from_db()
    assert scheme.max_total == Decimal(250)


def test_the_copy_form_reports_an_existing_year(client, bappeda):
    client.force_login(bappeda)
    answer = client.post(reverse("innovations:schemes"), {"source": "2024", "year": "2026"})
    assert answer.status_code == 400
    assert Scheme.objects.get(year=2026).k == 12


def test_other_roles_read_the_schemes_but_cannot_change_them(client, head, bappeda):
    copy_2027(bappeda)
    client.force_login(head)
    listing = client.get(reverse("innovations:schemes"))
    assert listing.status_code == 200
    assert b"scheme-copy-form" not in listing.content
    detail = client.get(reverse("innovations:scheme_detail", args=[2027]))
    assert detail.status_code == 200
    assert b"scheme-edit" not in detail.content
    assert client.post(reverse("innovations:schemes"), {"source": "2026", "year": "2028"}).status_code == 403
    assert client.get(reverse("innovations:scheme_edit", args=[2027])).status_code == 403
    assert client.post(reverse("innovations:scheme_delete", args=[2027])).status_code == 403
    assert Scheme.objects.filter(year=2027).exists()
    assert not Scheme.objects.filter(year=2028).exists()


def test_the_delete_page_asks_then_deletes(client, bappeda):
    copy_2027(bappeda)
    client.force_login(bappeda)
    assert client.get(reverse("innovations:scheme_delete", args=[2027])).status_code == 200
    answer = client.post(reverse("innovations:scheme_delete", args=[2027]))
    assert answer.status_code == 302
    assert not Scheme.objects.filter(year=2027).exists()
    assert client.get(reverse("innovations:scheme_detail", args=[2027])).status_code == 404


# --- API ------------------------------------------------------------------------------------------------------------
def test_the_api_copies_edits_and_deletes_a_scheme(bappeda, head):
    api = APIClient()
    api.force_authenticate(bappeda)
    created = api.post(SCHEMES, {"year": 2027, "copy_from": 2026}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["year"] == 2027
    assert api.post(SCHEMES, {"year": 2027, "copy_from": 2026}, format="json").status_code == 400
    assert api.post(SCHEMES, {"year": 2028, "copy_from": 1999}, format="json").status_code == 400
    changed = api.patch(
        f"{SCHEMES}2027/",
        {"k": 13, "indicators": [{"number": "35", "weight": "5"}], "count_factor": "0.4", "max_total": "257"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["k"], Decimal(body["count_factor"])) == (13, Decimal("0.4"))
    assert Decimal(next(i for i in body["indicators"] if i["number"] == "35")["weight"]) == 5
    # The whole scheme is checked: SPD 63 + an innovation's 114 + a count score of 0,4 × 200 = 257 at most.
    too_little = api.patch(f"{SCHEMES}2027/", {"max_total": "250"}, format="json")
    assert too_little.status_code == 400
    assert "max_total" in too_little.json()
    refused = api.patch(f"{SCHEMES}2027/", {"indicators": [{"number": "16", "weight": "0"}]}, format="json")
    assert refused.status_code == 400
    # A year without a scheme of its own is 404 for writes (its GET shows the earlier scheme).
    assert api.patch(f"{SCHEMES}2029/", {"k": 20}, format="json").status_code == 404
    assert api.get(f"{SCHEMES}2029/").json()["year"] == 2027
    listing = api.get(SCHEMES)
    assert [s["year"] for s in listing.json()] == [2023, 2024, 2026, 2027]
    api.force_authenticate(head)
    assert api.get(f"{SCHEMES}2027/").status_code == 200
    assert api.patch(f"{SCHEMES}2027/", {"k": 20}, format="json").status_code == 403
    assert api.post(SCHEMES, {"year": 2028, "copy_from": 2026}, format="json").status_code == 403
    assert api.delete(f"{SCHEMES}2027/").status_code == 403
    api.force_authenticate(bappeda)
    assert api.delete(f"{SCHEMES}2027/").status_code == 204
    assert Scheme.objects.filter(year=2027).count() == 0
