"""Realisasi at every level of the cascade (DOMAIN.md §3–§5, issue 10): an eselon III/IV official enters and submits
the quarterly realisasi of their own signed PK through the same pages, API and importer as a head; their superior
(who signed the PK as pihak kedua) verifies or returns it, Bappeda may too; nobody else may act on it (403 when
visible, 404 when not). The capaian of a cascaded PK follows the same formulas. The head-level figures (dashboards,
the LKjIP table, the verification counts, the flag job, evaluations) stay the heads' only."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts.models import Role
from apps.evaluations import flagging
from apps.evaluations import services as evaluation_services
from apps.evaluations.models import Flag
from apps.progress import home, services
from apps.progress.importers.realisasi import RealisasiImporter
from apps.progress.models import ProgressReport
from apps.progress.models import ReportStatus as S
from apps.progress.notifications import agreements_owing, notify_returned

from .factories import UserFactory
from .factories_cascade_progress import make_cascade, make_cascaded_agreement
from .factories_progress import pdf_file
from .factories_scores import make_report
from .progress_fixtures import in_april_2026, on  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def line(department, in_april_2026):  # noqa: F811
    cascade = make_cascade(department, year=2026)
    cascade["staff"] = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    cascade["bappeda"] = UserFactory(role=Role.BAPPEDA)
    return cascade


def first_indicator(agreement):
    return agreement.indicators.order_by("order", "pk").first()


def entry_url(agreement, quarter=1):
    return reverse("progress:entry", kwargs={"pk": agreement.pk, "quarter": quarter})


def row_url(indicator, quarter=1):
    return reverse("progress:row_save", kwargs={"pk": indicator.pk, "quarter": quarter})


def row_data(indicator, **values):
    fields = {"actual": "92", "analysis": "Sesuai rencana", "supporting_factors": "", "hindering_factors": ""}
    fields |= {"follow_up": "", "row_version": 0, **values}
    return {f"r{indicator.pk}-{name}": value for name, value in fields.items()}


def draft_of_head(line):
    """A draft of the head's PK's first indicator for TW I, entered by the department's staff."""
    return services.report_save(indicator=first_indicator(line["head_pk"]), quarter=1, by=line["staff"], actual=9)


def submitted(agreement, by, actual="92"):
    """Every indicator of the PK reported for TW I and submitted by `by` (the official whose PK it is)."""
    reports = []
    for indicator in agreement.indicators.order_by("order"):
        report = services.report_save(indicator=indicator, quarter=1, by=by, actual=actual)
        reports.append(services.report_submit(report=report, by=by))
    return reports


# --- An official reports on their own PK -----------------------------------------------------------------------------
def test_an_eselon_iv_official_enters_with_evidence_and_submits_their_own_quarter_on_the_pages(client, line):
    kasi, pk = line["kasi"], line["kasi_pk"]
    first, second = pk.indicators.order_by("order")
    client.force_login(kasi)
    page = client.get(entry_url(pk)).content.decode()
    assert page.count('data-testid="row-form"') == 2 and 'data-testid="cascade-note"' in page

    data = row_data(first) | {f"r{first.pk}-file": pdf_file()}
    assert client.post(row_url(first), data, **HTMX).status_code == 200
    client.post(row_url(second), row_data(second, actual="35"), **HTMX)
    report = ProgressReport.objects.get(indicator=first, quarter=1)
    assert report.actual == D(92) and report.evidence.count() == 1

    response = client.post(reverse("progress:submit_all", kwargs={"pk": pk.pk, "quarter": 1}))
    assert response.status_code == 302
    assert set(ProgressReport.objects.filter(indicator__agreement=pk).values_list("status", flat=True)) == {S.SUBMITTED}


def test_department_staff_enter_a_cascaded_pk_but_only_its_official_submits_it(client, line):
    indicator = first_indicator(line["kabid_pk"])
    report = services.report_save(indicator=indicator, quarter=1, by=line["staff"], actual="50")
    for user in (line["staff"], line["head"], line["kasi"]):
        with pytest.raises(PermissionDenied):
            services.report_submit(report=report, by=user)
    client.force_login(line["head"])
    assert client.post(reverse("progress:report_submit", args=[report.pk])).status_code == 403
    services.report_submit(report=report, by=line["kabid"])
    assert ProgressReport.objects.get(pk=report.pk).status == S.SUBMITTED


def test_an_official_may_not_report_on_a_subordinates_pk_they_can_read(client, line):
    kabid, kasi_pk = line["kabid"], line["kasi_pk"]
    indicator = first_indicator(kasi_pk)
    with pytest.raises(PermissionDenied):
        services.report_save(indicator=indicator, quarter=1, by=kabid, actual="10")
    client.force_login(kabid)
    page = client.get(entry_url(kasi_pk))
    assert page.status_code == 200  # they read it …
    assert 'data-testid="row-form"' not in page.content.decode()
    assert client.post(row_url(indicator), row_data(indicator)).status_code == 403  # … and may not write it
    budget = reverse("progress:budget_save", kwargs={"pk": kasi_pk.pk, "quarter": 1})
    assert client.post(budget, {f"b{kasi_pk.programs.get().pk}-amount": "100"}).status_code == 403
    assert not ProgressReport.objects.filter(indicator=indicator).exists()


def test_an_official_cannot_see_a_pk_outside_their_line(client, line):
    report = submitted(line["kasi_pk"], line["kasi"])[0]
    head_report = services.report_save(
        indicator=first_indicator(line["head_pk"]), quarter=1, by=line["staff"], actual=9
    )
    for user, agreement, foreign in (
        (line["kabid2"], line["kasi_pk"], report),  # another eselon III's subordinate
        (line["kasi"], line["kabid_pk"], None),  # their superior's PK
        (line["kabid"], line["head_pk"], head_report),  # the head's PK
    ):
        client.force_login(user)
        assert client.get(entry_url(agreement)).status_code == 404
        indicator = first_indicator(agreement)
        assert client.post(row_url(indicator), row_data(indicator)).status_code == 404
        if foreign is not None:
            assert client.get(reverse("progress:report_detail", args=[foreign.pk])).status_code == 404
            assert client.get(f"/api/v1/progress-reports/{foreign.pk}/").status_code == 404
            assert client.post(f"/api/v1/progress-reports/{foreign.pk}/verify/").status_code == 404


# --- Verification by the superior ----------------------------------------------------------------------------------
def test_the_eselon_iii_superior_verifies_or_returns_their_eselon_iv_reports(client, line, english_messages):
    first, second = submitted(line["kasi_pk"], line["kasi"])
    client.force_login(line["kabid"])
    queue = client.get(reverse("progress:queue")).content.decode()
    assert f'data-testid="queue-row-{first.pk}"' in queue and 'data-testid="superior-queue"' in queue
    detail = client.get(reverse("progress:report_detail", args=[first.pk])).content.decode()
    assert reverse("progress:report_verify", args=[first.pk]) in detail

    assert client.post(reverse("progress:report_verify", args=[first.pk])).status_code == 302
    response = client.post(reverse("progress:report_return", args=[second.pk]), {"comment": "Lampirkan SK"})
    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=first.pk).status == S.VERIFIED
    returned = ProgressReport.objects.get(pk=second.pk)
    assert (returned.status, returned.returned_by) == (S.RETURNED, line["kabid"])
    # The official hears of it on their own account, with the superior's comment.
    assert notify_returned(returned) == 1
    assert line["kasi"].notifications.get().body == "Your superior returned the realisasi for corrections: Lampirkan SK"


def test_the_head_verifies_eselon_iii_reports_but_not_eselon_iv_ones_nor_their_own(client, line):
    kabid_report = submitted(line["kabid_pk"], line["kabid"])[0]
    kasi_report = submitted(line["kasi_pk"], line["kasi"])[0]
    head_report = services.report_save(
        indicator=first_indicator(line["head_pk"]), quarter=1, by=line["staff"], actual=9
    )
    head_report = services.report_submit(report=head_report, by=line["head"])
    client.force_login(line["head"])
    queue = client.get(reverse("progress:queue")).content.decode()
    assert f"queue-row-{kabid_report.pk}" in queue
    assert f"queue-row-{kasi_report.pk}" not in queue and f"queue-row-{head_report.pk}" not in queue
    assert client.post(reverse("progress:report_verify", args=[kasi_report.pk])).status_code == 403
    assert client.post(reverse("progress:report_verify", args=[head_report.pk])).status_code == 403  # Bappeda's
    assert client.post(f"/api/v1/progress-reports/{head_report.pk}/verify/").status_code == 403
    assert client.post(reverse("progress:report_verify", args=[kabid_report.pk])).status_code == 302
    assert ProgressReport.objects.get(pk=kabid_report.pk).status == S.VERIFIED
    assert ProgressReport.objects.get(pk=kasi_report.pk).status == S.SUBMITTED


def test_an_official_verifies_neither_their_own_reports_nor_a_peers(line):
    own = submitted(line["kabid_pk"], line["kabid"])[0]
    with pytest.raises(PermissionDenied):
        services.report_verify(report=own, by=line["kabid"])
    kasi_report = submitted(line["kasi_pk"], line["kasi"])[0]
    for user in (line["kasi"], line["kabid2"], line["staff"]):
        with pytest.raises(PermissionDenied):
            services.report_verify(report=kasi_report, by=user)


def test_bappedas_queue_starts_at_the_heads_pks_and_shows_the_cascade_on_request(client, line, english_messages):
    kasi_report = submitted(line["kasi_pk"], line["kasi"])[0]
    head_report = services.report_save(
        indicator=first_indicator(line["head_pk"]), quarter=1, by=line["staff"], actual=9
    )
    head_report = services.report_submit(report=head_report, by=line["head"])
    client.force_login(line["bappeda"])
    queue = client.get(reverse("progress:queue")).content.decode()
    assert f"queue-row-{head_report.pk}" in queue and f"queue-row-{kasi_report.pk}" not in queue
    cascade = client.get(reverse("progress:queue") + "?level=cascade").content.decode()
    assert f"queue-row-{kasi_report.pk}" in cascade and f"queue-row-{head_report.pk}" not in cascade
    (item,) = home.owed(line["bappeda"])
    assert str(item.text) == "1 realisasi reports waiting for your verification"  # the head's report only
    # Bappeda may verify a cascaded report too
    services.report_verify(report=kasi_report, by=line["bappeda"])
    assert ProgressReport.objects.get(pk=kasi_report.pk).status == S.VERIFIED


def test_staff_and_the_mayors_office_have_no_queue(client, line):
    for user in (line["staff"], UserFactory(role=Role.MAYOR_OFFICE)):
        client.force_login(user)
        assert client.get(reverse("progress:queue")).status_code == 403


def test_the_superiors_queue_costs_a_bounded_number_of_queries(client, line, django_assert_max_num_queries):
    submitted(line["kasi_pk"], line["kasi"])
    client.force_login(line["kabid"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("progress:queue")).status_code == 200


# --- The API ---------------------------------------------------------------------------------------------------------
def test_the_api_an_official_reports_and_submits_their_own_and_the_superior_verifies(client, line):
    kasi_indicator = first_indicator(line["kasi_pk"])
    client.force_login(line["kasi"])
    created = client.post(
        "/api/v1/progress-reports/",
        {"indicator": kasi_indicator.pk, "quarter": 1, "actual": "92"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert client.post(f"/api/v1/progress-reports/{report_id}/submit/").status_code == 200
    assert client.post(f"/api/v1/progress-reports/{report_id}/verify/").status_code == 403  # not their own

    client.force_login(line["kabid"])
    # the superior reads their subordinate's report, may not write it, and verifies it
    assert client.get(f"/api/v1/progress-reports/{report_id}/").status_code == 200
    other = line["kasi_pk"].indicators.order_by("order")[1]
    answer = client.post(
        "/api/v1/progress-reports/",
        {"indicator": other.pk, "quarter": 1, "actual": "5"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert client.post(f"/api/v1/progress-reports/{report_id}/verify/").status_code == 200
    assert ProgressReport.objects.get(pk=report_id).status == S.VERIFIED


def test_the_capaian_of_a_cascaded_pk_uses_the_same_formulas(client, line):
    pk = line["kasi_pk"]
    first, second = pk.indicators.order_by("order")  # positive, targets 80 and 40
    make_report(first, 1, "92", status=S.SUBMITTED, by=line["kasi"])
    make_report(second, 1, "20", status=S.DRAFT, by=line["kasi"])
    client.force_login(line["kabid"])
    body = client.get(f"/api/v1/agreements/{pk.pk}/achievement/").json()
    by_id = {row["id"]: row for row in body["indicators"]}
    assert by_id[first.pk]["achievement_percent"] == "115.00"  # 92 / 80 × 100
    assert by_id[second.pk]["achievement_percent"] is None  # a draft is not counted: missing, never 0
    assert body["overall"]["achievement_percent"] == "115.00"
    preview = client.get(f"/api/v1/agreements/{pk.pk}/achievement/?include_drafts=true").json()
    assert preview["overall"]["achievement_percent"] == "82.50"  # (115 + 50) / 2
    client.force_login(line["kabid2"])
    assert client.get(f"/api/v1/agreements/{pk.pk}/achievement/").status_code == 404


# --- The importer and "what I owe" -----------------------------------------------------------------------------------
def test_the_importer_offers_an_official_only_their_own_pk(line):
    targets = set(RealisasiImporter().targets_for(line["kabid"]).values_list("pk", flat=True))
    assert targets == {line["kabid_pk"].pk}
    staff_targets = set(RealisasiImporter().targets_for(line["staff"]).values_list("pk", flat=True))
    assert staff_targets == {line[k].pk for k in ("head_pk", "kabid_pk", "kabid2_pk", "kasi_pk")}


def test_an_official_owes_their_own_pks_quarter_and_the_superior_the_verification(line, english_messages):
    kasi_texts = [str(item.text) for item in home.owed(line["kasi"])]
    assert kasi_texts == ["Realisasi of quarter I 2026: 2 indicators not reported yet"]
    submitted(line["kasi_pk"], line["kasi"])
    assert [str(item.text) for item in home.owed(line["kasi"])] == []
    kabid_texts = [str(item.text) for item in home.owed(line["kabid"])]
    assert "2 realisasi reports of your subordinates waiting for your verification" in kabid_texts
    assert "Realisasi of quarter I 2026: 2 indicators not reported yet" in kabid_texts  # their own PK
    assert len(kabid_texts) == 2  # nothing of their subordinate's PK to enter
    # the head owes their own PK's quarter, not the cascade's
    head_texts = [str(item.text) for item in home.owed(line["head"])]
    assert head_texts == ["Realisasi of quarter I 2026: 2 indicators not reported yet"]


def test_the_deadline_reminders_reach_the_official_of_a_cascaded_pk(line):
    owing = {agreement.pk: agreement.outstanding for agreement in agreements_owing(year=2026, quarter=1)}
    assert owing[line["kasi_pk"].pk] == 2 and owing[line["head_pk"].pk] == 2


def test_a_newer_signed_version_of_a_cascaded_pk_takes_over_the_reporting(line):
    old = line["kasi_pk"]
    newer = make_cascaded_agreement(line["kabid_pk"], old.position, old.official, previous=old)
    with pytest.raises(services.TransitionError):
        services.report_save(indicator=first_indicator(old), quarter=1, by=line["kasi"], actual="1")
    services.report_save(indicator=first_indicator(newer), quarter=1, by=line["kasi"], actual="1")


# --- Head-level figures stay the heads' -----------------------------------------------------------------------------
def test_the_dashboards_figures_of_a_department_ignore_the_cascade(line, department):
    from apps.dashboards.selectors import department_rows_for, verification_queue

    head_pk = line["head_pk"]
    first = first_indicator(head_pk)  # target 96.5
    make_report(first, 1, "96.5", status=S.SUBMITTED)
    mayor = UserFactory(role=Role.MAYOR_OFFICE)
    (before,) = department_rows_for(mayor, 2026, departments=[department.pk])
    assert before.measured == head_pk and before.achievement_percent == D("100.00")
    for key in ("kabid_pk", "kabid2_pk", "kasi_pk"):
        for indicator in line[key].indicators.all():
            make_report(indicator, 1, "1", status=S.SUBMITTED)
    (after,) = department_rows_for(mayor, 2026, departments=[department.pk])
    assert (after.agreement, after.measured) == (head_pk, head_pk)
    assert (after.achievement_percent, after.quarters_reported) == (before.achievement_percent, 0)
    assert after.figures.indicator_count == 2
    assert verification_queue(line["bappeda"], 2026).waiting == 1  # the head's report only


def test_the_lkjip_capaian_table_ignores_the_cascade(line, department):
    from apps.reports import capaian

    make_report(first_indicator(line["head_pk"]), 1, "96.5")
    before = capaian.capaian_report(year=2026, departments=[department], is_region=False)
    for key in ("kabid_pk", "kasi_pk"):
        for indicator in line[key].indicators.all():
            make_report(indicator, 1, "1")
    (table,) = capaian.capaian_report(year=2026, departments=[department], is_region=False).departments
    assert table.agreement == line["head_pk"]
    assert len(table.rows) == 2 and table.percent == before.departments[0].percent == D("100.00")


def test_the_flag_job_and_evaluations_are_for_heads_only(department):
    with on(2025, 4, 5):
        cascade = make_cascade(department, year=2025)
    for key in ("head_pk", "kabid_pk", "kasi_pk"):  # every level reports every quarter, far below target
        for indicator in cascade[key].indicators.all():
            for quarter in (1, 2, 3, 4):
                make_report(indicator, quarter, "1")
    run = flagging.flag_overdue(today=datetime.date(2026, 1, 11))
    assert [assessment.item.agreement for assessment, _kind, _deadline in run.unmet] == [cascade["head_pk"]]
    assert set(Flag.objects.values_list("agreement_id", flat=True)) == {cascade["head_pk"].pk}
    mayor = UserFactory(role=Role.MAYOR_OFFICE)
    with pytest.raises(ValidationError):
        evaluation_services.evaluation_open(agreement=cascade["kabid_pk"], by=mayor, today=datetime.date(2026, 1, 11))


def test_the_citywide_overview_lists_the_heads_pks_and_the_cascade_on_request(client, line):
    client.force_login(line["bappeda"])
    page = client.get(reverse("progress:home")).content.decode()
    assert page.count('data-testid="overview-') == 2  # the table and the head's row
    assert line["kabid_pk"].position.name not in page
    cascade = client.get(reverse("progress:home") + "?level=cascade").content.decode()
    assert line["kabid_pk"].position.name in cascade and line["kasi_pk"].position.name in cascade


def test_an_officials_realisasi_page_lists_their_own_and_their_subordinates_pks(client, line):
    client.force_login(line["kabid"])
    page = client.get(reverse("progress:home")).content.decode()
    for key, shown in (("kabid_pk", True), ("kasi_pk", True), ("kabid2_pk", False), ("head_pk", False)):
        assert (f'data-testid="agreement-{line[key].pk}"' in page) is shown
    response = client.get(reverse("progress_exchange:export", args=[line["kasi_pk"].pk]))
    assert response.status_code == 200 and f"-j{line['kasi_pk'].position_id}-" in response["Content-Disposition"]
