"""The dashboards as each role sees them (issue 8): the mayor's office's overview (which heads are on track, sorted
and filtered, drilling into a department), a department's own dashboard, Bappeda's monitoring and the Inspektorat's
read-only view with the recent changes; charts as JSON for the static script; denials (403 and 404)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.departments.models import Official
from apps.evaluations.models import Flag
from apps.innovations.models import InnovationIndicator
from apps.progress.models import ReportStatus

from .factories import DepartmentFactory, OfficialFactory
from .factories_dashboards import seed_schemes
from .factories_innovations import make_innovation
from .factories_scores import indicators_of, make_report, make_scored_agreement
from .progress_fixtures import on

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture(autouse=True)
def _mid_august():
    """15 August 2026: TW I and II are past their deadlines, TW III is open."""
    with on(YEAR, 8, 15):
        yield


@pytest.fixture(autouse=True)
def _schemes(db):
    seed_schemes()


@pytest.fixture
def city(department, other_department, make_user):
    """Disdik (amber, one quarter of two reported, an innovation on trial), Dinkes (green, on track), Dinsos (red,
    projected far below the threshold), Dinas Sepi (no PK, no innovation)."""
    people = {
        "head": make_user(Role.DEPARTMENT_HEAD, username="kadis"),
        "staff": make_user(Role.DEPARTMENT_STAFF, username="staf"),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department, username="kadinkes"),
        "mayor": make_user(Role.MAYOR_OFFICE, username="walikota"),
        "bappeda": make_user(Role.BAPPEDA, username="bappeda"),
        "inspectorate": make_user(Role.INSPECTORATE, username="inspektur"),
        "admin": make_user(Role.ADMIN, username="admin"),
    }
    head_official = OfficialFactory(name="Dr. Kepala Disdik", user=people["head"])
    disdik = make_scored_agreement(
        department,
        [[{"target": "80"}, {"target": "100", "aggregation": "sum"}], [{"target": "50"}]],
        official=head_official,
    )
    level, summed, third = indicators_of(disdik)
    make_report(level, 1, "92")
    make_report(level, 2, "88")
    make_report(summed, 1, "30")
    make_report(summed, 2, "20", status=ReportStatus.SUBMITTED)
    make_report(third, 1, "45")
    returned = make_report(third, 2, "40", status=ReportStatus.RETURNED, returned_by=people["bappeda"])
    rapor = make_innovation(department, by=people["staff"], name="Rapor Digital", stage="uji_coba", status="submitted")
    InnovationIndicator.objects.create(innovation=rapor, number=16, claimed_level=2, evidence_text="Perwali")

    dinkes = make_scored_agreement(
        other_department, [[{"target": "100"}]], official=OfficialFactory(name="dr. Kadinkes")
    )
    (indicator,) = indicators_of(dinkes)
    make_report(indicator, 1, "95")
    make_report(indicator, 2, "96")
    make_innovation(other_department, by=people["other_head"], name="Antrean Daring", status="verified")

    dinsos = DepartmentFactory(name="Dinas Sosial", short_name="Dinsos", code="1.06.0.00")
    low = make_scored_agreement(dinsos, [[{"target": "100"}]], official=OfficialFactory(name="Drs. Kadinsos"))
    make_report(indicators_of(low)[0], 1, "40")
    make_report(indicators_of(low)[0], 2, "40")
    dinsos_staff = make_user(Role.DEPARTMENT_STAFF, department=dinsos)
    make_innovation(dinsos, by=dinsos_staff, name="Bansos Tepat", stage="inisiatif", status="submitted")
    quiet = DepartmentFactory(name="Dinas Sepi", short_name="Sepi", code="1.99.0.00")
    return {
        **people,
        "disdik": disdik,
        "dinkes": dinkes,
        "dinsos": dinsos,
        "low": low,
        "quiet": quiet,
        "returned": returned,
    }


def _rows(response):
    return {row.department.pk: row for row in response.context["rows"]}


def _get(client, user, name, *, args=None, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- Every role has its own dashboard -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "template"),
    [
        ("mayor", "dashboards/overview.html"),
        ("admin", "dashboards/overview.html"),
        ("bappeda", "dashboards/bappeda.html"),
        ("inspectorate", "dashboards/inspectorate.html"),
        ("head", "dashboards/department.html"),
        ("staff", "dashboards/department.html"),
    ],
)
def test_the_dashboard_menu_item_opens_the_dashboard_of_the_users_role(client, city, role, template):
    response = _get(client, city[role], "dashboards:home")
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    if role in ("head", "staff"):
        assert response.context["department"] == city["disdik"].department


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_department_roles_cannot_open_the_city_dashboards_nor_another_department(client, city):
    for role in ("head", "staff"):
        client.force_login(city[role])
        for name in ("dashboards:overview", "dashboards:bappeda", "dashboards:inspectorate"):
            assert client.get(reverse(name)).status_code == 403, (role, name)
        other = reverse("dashboards:department", args=[city["dinkes"].department_id])
        assert client.get(other).status_code == 404
    client.force_login(city["bappeda"])
    assert client.get(reverse("dashboards:inspectorate")).status_code == 403


# --- The mayor's office: which heads are on track -------------------------------------------------------------------
def test_the_overview_shows_every_department_with_its_figures(client, city):
    response = _get(client, city["mayor"], "dashboards:overview")
    rows = _rows(response)
    disdik, dinkes = rows[city["disdik"].department_id], rows[city["dinkes"].department_id]
    dinsos, quiet = rows[city["dinsos"].pk], rows[city["quiet"].pk]
    # Disdik: (110 + 50) / 2 = 80 and 90 → 85,00 Tinggi (amber); TW II is not complete (a returned report).
    assert disdik.head.name == "Dr. Kepala Disdik" and disdik.agreement_status == "signed"
    assert disdik.achievement_percent == Decimal("85.00") and disdik.colour == "amber"
    assert (disdik.quarters_reported, disdik.quarters_due, disdik.innovations_active) == (1, 2, 1)
    assert disdik.on_track is False
    assert dinkes.achievement_percent == Decimal("96.00") and dinkes.colour == "green" and dinkes.on_track is True
    assert dinsos.colour == "red" and dinsos.innovations_active == 0  # an initiative does not count
    assert quiet.agreement is None and quiet.achievement_percent is None and quiet.on_track is None
    assert response.context["totals"]["on_track"] == 1 and response.context["totals"]["signed"] == 3
    content = response.content.decode()
    drill = reverse("dashboards:department", args=[city["dinkes"].department_id])
    assert f'href="{drill}?year={YEAR}"' in content  # a click drills into the department
    assert 'data-colour="amber">85,00%</span>' in content
    assert 'data-testid="overview-cards"' in content  # the phone's layout of the same rows


def test_the_overview_is_filtered_and_sorted(client, city):
    mayor = city["mayor"]
    ranked = _get(client, mayor, "dashboards:overview", sort="-achievement").context["rows"]
    assert [row.department.short_name for row in ranked] == ["Dinkes", "Disdik", "Dinsos", "Sepi"]
    lowest = _get(client, mayor, "dashboards:overview", sort="achievement").context["rows"]
    assert [row.department.short_name for row in lowest] == ["Dinsos", "Disdik", "Dinkes", "Sepi"]  # none last
    red = _get(client, mayor, "dashboards:overview", colour="red").context["rows"]
    assert [row.department.short_name for row in red] == ["Dinsos"]
    without = _get(client, mayor, "dashboards:overview", status="none").context["rows"]
    assert [row.department.short_name for row in without] == ["Sepi"]
    found = _get(client, mayor, "dashboards:overview", q="kadinkes").context["rows"]
    assert [row.department.short_name for row in found] == ["Dinkes"]
    response = _get(client, mayor, "dashboards:overview", sort="achievement", colour="amber")
    assert 'href="?sort=-achievement&amp;colour=amber"' in response.content.decode()  # the header reverses it


def test_the_overview_flags_and_projections_come_from_the_evaluations_app(client, city):
    Flag.objects.create(
        official=city["low"].official,
        agreement=city["low"],
        department=city["dinsos"],
        deadline=datetime.date(YEAR, 12, 31),
        reasons=["low_achievement"],
        threshold=Decimal(91),
    )
    rows = _rows(_get(client, city["mayor"], "dashboards:overview"))
    dinsos = rows[city["dinsos"].pk]
    assert dinsos.flagged is True and rows[city["dinkes"].department_id].flagged is False
    assert dinsos.projected == Decimal("40.00") and dinsos.early_warning is True
    assert rows[city["dinkes"].department_id].early_warning is False
    filtered = _get(client, city["mayor"], "dashboards:overview", flagged="yes").context["rows"]
    assert [row.department.short_name for row in filtered] == ["Dinsos"]
    # Bappeda sees the projection but no flag (apps/evaluations/rules.py); a head only their own.
    bappeda = _rows(_get(client, city["bappeda"], "dashboards:overview"))
    assert bappeda[city["dinsos"].pk].flagged is None and bappeda[city["dinsos"].pk].early_warning is True
    assert 'data-testid="total-flagged">–' in _get(client, city["bappeda"], "dashboards:overview").content.decode()
    client.force_login(city["bappeda"])
    api = client.get(reverse("api-dashboard")).json()["departments"]
    assert {row["department"]["short_name"]: row["flagged"] for row in api}["Dinsos"] is None


def test_the_charts_are_json_drawn_by_the_static_script(client, city):
    response = _get(client, city["mayor"], "dashboards:overview")
    content = response.content.decode()
    for chart in ("chart-achievement", "chart-trend", "chart-compliance", "chart-index"):
        assert f'<script id="{chart}" type="application/json">' in content
        assert f'data-chart="{chart}"' in content
    assert "vendor/chartjs/chart.umd.min.js" in content and "js/dashboards.js" in content
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # no inline script (CSP)
    charts = response.context["charts"]
    assert charts["achievement"]["labels"] == ["Dinkes", "Disdik", "Dinsos"]  # highest first
    assert charts["achievement"]["series"][0]["data"] == [96.0, 85.0, 40.0]
    assert charts["achievement"]["series"][0]["colours"] == ["#198754", "#ffc107", "#dc3545"]
    # The mean of the departments' capaian counting TW I only (Disdik 81,25, Dinkes 95, Dinsos 40), then TW I–II.
    assert charts["trend"]["series"][0]["data"][:2] == [72.08, 73.67]
    compliance = charts["compliance"]["series"]
    assert [series["data"][1] for series in compliance] == [2, 1, 0, 0]  # TW II: complete, late partial, none, open


def test_the_year_selector_shows_another_year(client, city):
    make_scored_agreement(city["dinkes"].department, [[{"target": "10"}]], year=2025)
    rows = _get(client, city["mayor"], "dashboards:overview", year="2025").context["rows"]
    by_name = {row.department.short_name: row for row in rows}
    assert by_name["Dinkes"].measured.year == 2025 and by_name["Disdik"].agreement is None
    assert _get(client, city["mayor"], "dashboards:overview", year="abc").context["year"] == YEAR


# --- A department ---------------------------------------------------------------------------------------------------
def test_the_department_dashboard_shows_trajectory_due_returned_and_innovations(client, city):
    response = _get(client, city["head"], "dashboards:home")
    context = response.context
    assert context["row"].achievement_percent == Decimal("85.00")
    items = [item for group in context["objectives"] for item in group["indicators"]]
    # After two quarters: a level should stand at its target, a sum at half of it.
    assert [item["expected"] for item in items] == [Decimal(100), Decimal(50), Decimal(100)]
    assert [item["on_track"] for item in items] == [True, True, False]
    assert [cell.state for cell in context["due"]] == ["complete", "partial", "open", "upcoming"]
    assert context["due"][2].deadline == datetime.date(YEAR, 10, 10)
    assert context["returned_reports"] == [city["returned"]]
    content = response.content.decode()
    assert reverse("progress:report_detail", args=[city["returned"].pk]) in content
    assert 'data-testid="expected-mark"' in content and "Rapor Digital" in content
    (innovation,) = context["innovations"]
    assert innovation["claimed_score"] is not None and innovation["claimed_points"] > 0
    assert innovation["verified_points"] is None  # not verified: not in the verified index
    assert context["contribution"]["claimed"] == innovation["claimed_points"]


def test_a_city_wide_role_drills_into_any_department(client, city):
    url = reverse("dashboards:department", args=[city["dinkes"].department_id])
    for role in ("mayor", "bappeda", "inspectorate", "admin"):
        client.force_login(city[role])
        response = client.get(url, {"year": YEAR})
        assert response.status_code == 200
        assert response.context["row"].achievement_percent == Decimal("96.00")
    quiet = _get(client, city["mayor"], "dashboards:department", args=[city["quiet"].pk])
    assert quiet.status_code == 200 and quiet.context["objectives"] == []
    assert [cell.state for cell in quiet.context["due"]] == ["no_pk"] * 4  # no realisasi without a signed PK
    assert quiet.context["pk_deadline"] == datetime.date(YEAR, 2, 28)  # the PK is owed: DPA 31 January + a month
    assert 'data-testid="pk-due"' in quiet.content.decode()
    assert 'data-testid="no-innovation"' in quiet.content.decode()


def test_the_head_sees_their_own_flag(client, city):
    Flag.objects.create(
        official=city["disdik"].official,
        agreement=city["disdik"],
        department=city["disdik"].department,
        deadline=datetime.date(YEAR, 12, 31),
        reasons=["missing_reports"],
        threshold=Decimal(91),
    )
    head = _get(client, city["head"], "dashboards:home").context["row"]
    assert head.flagged is True
    staff = _get(client, city["staff"], "dashboards:home").context["row"]
    assert staff.flagged is None  # staff see no flags (apps/evaluations/rules.py)


# --- Bappeda and the Inspektorat ------------------------------------------------------------------------------------
def test_bappeda_sees_compliance_the_queue_and_the_innovation_inventory(client, city):
    response = _get(client, city["bappeda"], "dashboards:home")
    context = response.context
    compliance = {row.department.pk: [cell.state for cell in cells] for row, cells in context["compliance_rows"]}
    assert compliance[city["disdik"].department_id] == ["complete", "partial", "open", "upcoming"]
    assert compliance[city["dinkes"].department_id] == ["complete", "complete", "open", "upcoming"]
    assert context["queue"].waiting == 1 and context["queue"].by_department[0]["short_name"] == "Disdik"
    assert sum(bucket["count"] for bucket in context["queue"].buckets) == 1
    assert context["queue"].innovations_waiting == 2
    assert [row.department.short_name for row in context["without_innovation"]] == ["Sepi"]
    assert [row.department.short_name for row in context["without_active"]] == ["Dinsos"]
    assert context["index"]["claimed"].innovation_count == 3 and context["index"]["verified"].innovation_count == 1
    stages = {stage["value"]: stage["total"] for stage in context["stages"]}
    assert stages == {"inisiatif": 1, "uji_coba": 1, "penerapan": 1}
    content = response.content.decode()
    assert f'data-testid="without-{city["quiet"].pk}"' in content
    assert '<script id="chart-bappeda-compliance" type="application/json">' in content


def test_the_inspectorate_sees_everything_read_only_with_the_recent_changes(client, city):
    response = _get(client, city["inspectorate"], "dashboards:home")
    context = response.context
    assert {row.department.short_name for row in context["rows"]} == {"Disdik", "Dinkes", "Dinsos", "Sepi"}
    assert context["queue"].waiting == 1
    assert context["changes"] and context["changes"][0].when >= context["changes"][-1].when
    content = response.content.decode()
    assert 'data-testid="recent-changes"' in content and reverse("audit:list") in content
    assert '<form method="post"' not in content.split('id="content"')[1]  # nothing to change on it


def test_an_official_without_a_pk_is_still_named_as_head(client, city):
    official = Official.objects.get(name="Dr. Kepala Disdik")
    from .factories import AssignmentFactory

    AssignmentFactory(department=city["quiet"], official=OfficialFactory(name="Ir. Kepala Sepi"))
    rows = _rows(_get(client, city["mayor"], "dashboards:overview"))
    assert rows[city["quiet"].pk].head.name == "Ir. Kepala Sepi"
    assert rows[city["disdik"].department_id].head == official
