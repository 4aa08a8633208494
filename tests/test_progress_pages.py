"""The realisasi pages, driven with the Django test client as the roles use them (DOMAIN.md §4): staff enter a
quarter row by row, the head submits, Bappeda verifies or returns in its queue; who may not sees 404 or 403."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from apps.agreements.models import Agreement, AgreementIndicator
from apps.progress import services
from apps.progress.models import BudgetRealisation, Evidence, ProgressReport, ReportingReopen
from apps.progress.models import ReportStatus as S

from .factories_progress import executable_file, make_signed_agreement, pdf_file, png_file

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import (  # noqa: F401
    agreement,
    draft,
    entry_url,
    in_april_2026,
    indicator,
    on,
    people,
    program,
    row_data,
    row_url,
)

pytestmark = pytest.mark.usefixtures("in_april_2026")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _row_html(html, indicator):
    """The card of one indicator's row in a page."""
    start = html.index(f'id="row-{indicator.pk}"')
    following = html.find(' id="row-', start + 10)
    return html[start : following if following != -1 else len(html)]


# --- The journey ---------------------------------------------------------------------------------------------------
def test_staff_drafts_rows_the_head_submits_and_bappeda_verifies(client, agreement, people, english_messages):
    first, second = agreement.indicators.order_by("order")
    client.force_login(people["staff"])
    page = client.get(entry_url(agreement)).content.decode()
    assert page.count('data-testid="row-form"') == 2
    assert 'data-testid="submit"' not in page and 'data-testid="submit-all"' not in page  # staff cannot submit

    response = client.post(row_url(first), row_data(first, actual="1.234,5"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<div") and f'id="row-{first.pk}"' in html  # only the row comes back
    assert "Saved." in html and 'value="1.234,5"' in html
    response = client.post(row_url(second), row_data(second, actual="70"))  # the plain POST goes back to the page
    assert response.status_code == 302 and response["Location"] == entry_url(agreement) + f"#row-{second.pk}"
    reports = ProgressReport.objects.filter(indicator__agreement=agreement).order_by("indicator__order")
    assert [(r.actual, r.status, r.created_by) for r in reports] == [
        (Decimal("1234.5"), S.DRAFT, people["staff"]),
        (Decimal(70), S.DRAFT, people["staff"]),
    ]

    client.force_login(people["head"])
    page = client.get(entry_url(agreement)).content.decode()
    assert page.count('data-testid="submit"') == 2 and 'data-testid="submit-all"' in page
    response = client.post(reverse("progress:report_submit", args=[reports[0].pk]), **HTMX)
    assert "Submitted to Bappeda." in response.content.decode()
    response = client.post(reverse("progress:submit_all", kwargs={"pk": agreement.pk, "quarter": 1}))
    assert response.status_code == 302
    assert set(reports.values_list("status", flat=True)) == {S.SUBMITTED}

    client.force_login(people["bappeda"])
    queue = client.get(reverse("progress:queue")).content.decode()
    assert all(f'data-testid="queue-row-{r.pk}"' in queue for r in reports)
    response = client.post(reverse("progress:bulk_verify"), {"report": [r.pk for r in reports]}, follow=True)
    assert "2 reports verified." in response.content.decode()
    assert set(reports.values_list("status", flat=True)) == {S.VERIFIED}
    assert "No report is waiting for verification." in client.get(reverse("progress:queue")).content.decode()


def test_bulk_verify_says_which_reports_were_not_verified(client, indicator, people, english_messages):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    other = draft(indicator.agreement.indicators.order_by("order").last(), people)  # still a draft
    client.force_login(people["bappeda"])
    response = client.post(reverse("progress:bulk_verify"), {"report": [report.pk, other.pk]}, follow=True)
    html = response.content.decode()
    assert "1 reports verified." in html and "it cannot be verified now" in html
    assert ProgressReport.objects.get(pk=other.pk).status == S.DRAFT


def test_bappeda_returns_a_report_with_a_comment_and_the_row_shows_it(client, indicator, people, english_messages):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    client.force_login(people["bappeda"])
    response = client.post(
        reverse("progress:report_return", args=[report.pk]),
        {"comment": "Lampirkan daftar hadir", "next": reverse("progress:queue")},
    )
    assert response["Location"] == reverse("progress:queue")
    assert ProgressReport.objects.get(pk=report.pk).status == S.RETURNED
    client.force_login(people["staff"])
    row = _row_html(client.get(entry_url(indicator.agreement)).content.decode(), indicator)
    assert "Lampirkan daftar hadir" in row and 'data-testid="row-form"' in row


def test_a_return_without_a_comment_is_refused(client, indicator, people, english_messages):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    client.force_login(people["bappeda"])
    response = client.post(reverse("progress:report_return", args=[report.pk]), {"comment": " "}, follow=True)
    assert "Say what must be corrected." in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).status == S.SUBMITTED


# --- Who may not ---------------------------------------------------------------------------------------------------
def test_another_departments_head_gets_404_for_the_entry_page_rows_and_evidence(client, indicator, people):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    client.force_login(people["other_head"])
    assert client.get(entry_url(indicator.agreement)).status_code == 404
    assert client.get(reverse("progress:evidence_download", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("progress:evidence_download", args=[evidence.pk]) + "?inline=1").status_code == 404
    assert client.get(reverse("progress:evidence_zip", args=[report.pk])).status_code == 404
    assert client.get(reverse("progress:report_detail", args=[report.pk])).status_code == 404
    assert client.post(row_url(indicator), row_data(indicator, row_version=1)).status_code == 404
    assert client.post(reverse("progress:report_submit", args=[report.pk])).status_code == 404
    assert client.post(reverse("progress:evidence_delete", args=[evidence.pk])).status_code == 404
    for name in ("progress:submit_all", "progress:budget_save"):
        url = reverse(name, kwargs={"pk": indicator.agreement_id, "quarter": 1})
        assert client.post(url, {}).status_code == 404
    assert ProgressReport.objects.get(pk=report.pk).actual == Decimal("92.5")


def test_staff_cannot_submit(client, indicator, people):
    report = draft(indicator, people)
    client.force_login(people["staff"])
    assert client.post(reverse("progress:report_submit", args=[report.pk])).status_code == 403
    submit_all = reverse("progress:submit_all", kwargs={"pk": indicator.agreement_id, "quarter": 1})
    assert client.post(submit_all).status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).status == S.DRAFT


def test_the_queue_and_reopening_are_bappedas_only(client, people):
    for role in ("head", "staff", "mayor"):
        client.force_login(people[role])
        # a head has a queue of their own: the reports of their eselon III officials (tests/test_cascade_progress.py)
        assert client.get(reverse("progress:queue")).status_code == (200 if role == "head" else 403)
        assert client.post(reverse("progress:bulk_verify"), {"report": [1]}).status_code == (
            302 if role == "head" else 403
        )
        assert client.get(reverse("progress:reopen")).status_code == 403


def test_bappeda_and_the_mayors_office_read_the_entry_page_without_forms(client, agreement, people):
    for role in ("bappeda", "mayor"):
        client.force_login(people[role])
        page = client.get(entry_url(agreement)).content.decode()
        assert 'data-testid="row-form"' not in page and 'data-testid="read-only"' in page
        assert client.post(row_url(agreement.indicators.first()), {}).status_code == 403


# --- Editing a row -------------------------------------------------------------------------------------------------
def test_a_conflicting_save_keeps_what_the_user_typed(client, indicator, people, english_messages):
    draft(indicator, people)  # row_version 1, seen by both
    draft(indicator, people, actual="93", analysis="Disimpan lebih dulu", row_version=1)  # someone saves first: 2
    client.force_login(people["head"])
    typed = row_data(indicator, row_version=1, actual="77,5", analysis="Analisis saya", follow_up="Tindak lanjut saya")
    html = client.post(row_url(indicator), typed, **HTMX).content.decode()
    assert "Someone else saved this report while you were editing it." in html
    assert 'value="77,5"' in html and "Analisis saya" in html and "Tindak lanjut saya" in html
    assert "Disimpan lebih dulu" in html  # what is saved now, to compare
    assert f'name="r{indicator.pk}-row_version" value="2"' in html  # saving again replaces it, knowingly
    report = ProgressReport.objects.get(indicator=indicator, quarter=1)
    assert (report.actual, report.analysis) == (Decimal(93), "Disimpan lebih dulu")  # nothing overwritten

    html = client.post(row_url(indicator), typed | {f"r{indicator.pk}-row_version": 2}, **HTMX).content.decode()
    assert "Saved." in html
    assert ProgressReport.objects.get(pk=report.pk).actual == Decimal("77.5")


def test_a_conflict_in_one_row_leaves_the_other_rows_alone(client, agreement, people, english_messages):
    first, second = agreement.indicators.order_by("order")
    draft(first, people)
    draft(first, people, actual="93", row_version=1)
    client.force_login(people["staff"])
    client.post(row_url(second), row_data(second, actual="50"), **HTMX)
    html = client.post(row_url(first), row_data(first, row_version=1, actual="60"), **HTMX).content.decode()
    assert f'id="row-{second.pk}"' not in html
    assert ProgressReport.objects.get(indicator=second, quarter=1).actual == Decimal(50)


def test_a_number_typed_wrongly_is_shown_next_to_the_field_with_what_was_typed(
    client, indicator, people, english_messages
):
    client.force_login(people["staff"])
    data = row_data(indicator, actual="sembilan puluh", analysis="Analisis yang panjang")
    html = client.post(row_url(indicator), data, **HTMX).content.decode()
    assert 'data-testid="error-actual">Enter a number, for example 1.234,5.<' in html
    assert 'value="sembilan puluh"' in html and "Analisis yang panjang" in html
    assert not ProgressReport.objects.exists()
    page = client.post(row_url(indicator), data).content.decode()  # the plain POST: the page with the row's error
    assert 'data-testid="error-actual"' in page and 'value="sembilan puluh"' in page


def test_the_progress_bar_measures_against_the_cumulative_quarterly_target(client, department, people):
    agreement = make_signed_agreement(department, year=2026, signed=False)
    indicator = agreement.indicators.order_by("order").first()
    AgreementIndicator.objects.filter(pk=indicator.pk).update(quarterly_targets=[40, 60, 80, 96.5])
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(2026, 1, 31))
    agreement.refresh_from_db()
    indicator.refresh_from_db()
    draft(indicator, people, actual="30")
    client.force_login(people["staff"])
    row = _row_html(client.get(entry_url(agreement)).content.decode(), indicator)
    assert 'data-testid="progress-percent">75,00%<' in row  # 30 of the quarter's 40
    assert 'data-width="75"' in row


def test_a_closed_quarter_is_read_only_with_the_reason_and_the_deadline(client, indicator, people, english_messages):
    draft(indicator, people)
    with on(2026, 4, 20):
        client.force_login(people["staff"])
        page = client.get(entry_url(indicator.agreement)).content.decode()
        assert 'data-testid="row-form"' not in page and 'data-testid="budget-save"' not in page
        assert f"Reporting for this quarter closed on {date_format(datetime.date(2026, 4, 10))}." in page
        assert 'data-open="0"' in page
        html = client.post(row_url(indicator), row_data(indicator, row_version=1, actual="99"), **HTMX)
        assert "Reporting for quarter 1 of 2026 closed" in html.content.decode()
        assert ProgressReport.objects.get(indicator=indicator).actual == Decimal("92.5")


def test_bappeda_reopens_a_closed_quarter_and_it_can_be_entered_again(client, indicator, people, english_messages):
    with on(2026, 4, 20):
        client.force_login(people["bappeda"])
        form = client.get(
            reverse("progress:reopen") + f"?department={indicator.agreement.department_id}&year=2026&quarter=1"
        )
        assert f'value="{indicator.agreement.department_id}" selected' in form.content.decode()
        data = {"department": indicator.agreement.department_id, "year": 2026, "quarter": 1, "reason": "Server down"}
        refused = client.post(reverse("progress:reopen"), data | {"until": "05/04/2026"})
        assert "Choose a date from today on." in refused.content.decode()
        response = client.post(reverse("progress:reopen"), data | {"until": "30/04/2026"})
        assert response.status_code == 302
        assert ReportingReopen.objects.get().until == datetime.date(2026, 4, 30)
        client.force_login(people["staff"])
        page = client.get(entry_url(indicator.agreement)).content.decode()
        assert 'data-testid="row-form"' in page
        assert f"Reopened by Bappeda until {date_format(datetime.date(2026, 4, 30))}." in page


# --- Evidence ------------------------------------------------------------------------------------------------------
def test_evidence_is_uploaded_with_a_row_and_served_only_as_an_attachment(client, indicator, people):
    client.force_login(people["staff"])
    data = row_data(indicator) | {f"r{indicator.pk}-file": pdf_file("laporan kegiatan.pdf")}
    html = client.post(row_url(indicator), data, **HTMX).content.decode()
    evidence = Evidence.objects.get()
    assert "laporan kegiatan.pdf" in html and reverse("progress:evidence_download", args=[evidence.pk]) in html
    response = client.get(reverse("progress:evidence_download", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment;") and "laporan kegiatan.pdf" in response[
        "Content-Disposition"
    ].replace("%20", " ")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    inline = client.get(reverse("progress:evidence_download", args=[evidence.pk]) + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in inline["Content-Security-Policy"]


def test_only_pdf_and_images_are_ever_shown_inline(client, indicator, people):
    from .factories_progress import office_file

    report = draft(indicator, people)
    docx = services.evidence_add(report=report, file=office_file(), by=people["staff"])
    client.force_login(people["bappeda"])
    response = client.get(reverse("progress:evidence_download", args=[docx.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_executable_named_pdf_and_a_file_over_the_limit_are_refused_in_the_row(
    client, indicator, people, settings, english_messages
):
    client.force_login(people["staff"])
    data = row_data(indicator) | {f"r{indicator.pk}-file": executable_file("bukti.pdf")}
    html = client.post(row_url(indicator), data, **HTMX).content.decode()
    assert 'data-testid="error-file"' in html and "The values are saved, but the file was refused." in html
    settings.PROGRESS_EVIDENCE_MAX_MB = 1
    big = pdf_file("besar.pdf", body=b"0" * (1024 * 1024 + 10))
    data = row_data(indicator, row_version=1) | {f"r{indicator.pk}-file": big}
    html = client.post(row_url(indicator), data, **HTMX).content.decode()
    assert "The file is larger than 1 MB." in html
    assert "at most 1 MB" in html  # the limit is named before uploading too
    assert not Evidence.objects.exists()


def test_evidence_is_removed_from_its_row(client, indicator, people, english_messages):
    evidence = services.evidence_add(report=draft(indicator, people), file=png_file(), by=people["staff"])
    client.force_login(people["staff"])
    html = client.post(reverse("progress:evidence_delete", args=[evidence.pk]), **HTMX).content.decode()
    assert "The file foto.png is removed." in html and not Evidence.objects.exists()


def test_the_evidence_of_a_report_comes_as_one_zip(client, indicator, people):
    report = draft(indicator, people)
    services.evidence_add(report=report, file=pdf_file("bukti.pdf"), by=people["staff"])
    services.evidence_add(report=report, file=png_file("bukti.pdf"), by=people["staff"])  # the same name twice
    client.force_login(people["bappeda"])
    response = client.get(reverse("progress:evidence_zip", args=[report.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["bukti (2).pdf", "bukti.pdf"]


def test_the_report_page_shows_the_narrative_evidence_and_history(client, indicator, people):
    report = draft(indicator, people, hindering_factors="Hujan deras")
    pdf = services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    png = services.evidence_add(report=report, file=png_file(), by=people["staff"])
    services.report_submit(report=report, by=people["head"])
    client.force_login(people["bappeda"])
    html = client.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    inline = reverse("progress:evidence_download", args=[pdf.pk]) + "?inline=1"
    assert f'<iframe class="evidence-frame w-100 border rounded mt-2" src="{inline}"' in html
    assert (
        f'<img class="img-fluid border rounded mt-2" src="{reverse("progress:evidence_download", args=[png.pk])}'
        in html
    )
    assert "Hujan deras" in html and 'data-testid="reviews"' in html and 'data-testid="verify"' in html
    response = client.post(reverse("progress:report_verify", args=[report.pk]))
    assert response.status_code == 302 and ProgressReport.objects.get(pk=report.pk).status == S.VERIFIED


# --- The budget ----------------------------------------------------------------------------------------------------
def test_the_budget_spent_is_saved_with_its_absorption(client, agreement, program, people):
    client.force_login(people["staff"])
    url = reverse("progress:budget_save", kwargs={"pk": agreement.pk, "quarter": 1})
    response = client.post(url, {f"b{program.pk}-amount": "250.000", f"b{program.pk}-row_version": 0})
    assert response.status_code == 302
    assert BudgetRealisation.objects.get(program=program, quarter=1).amount == Decimal(250000)
    page = client.get(entry_url(agreement)).content.decode()
    assert f'data-testid="absorption-{program.pk}">25,00%<' in page
    assert 'value="250.000"' in page


# --- The overview --------------------------------------------------------------------------------------------------
def test_a_department_sees_its_quarters_with_counts_and_deadlines(client, agreement, indicator, people):
    draft(indicator, people)
    client.force_login(people["head"])
    html = client.get(reverse("progress:home")).content.decode()
    card = html[html.index('data-testid="quarter-2026-1"') :]
    card = card[: card.index('data-testid="quarter-2026-2"')]
    assert 'data-state="open"' in card and "10 April 2026" in card
    assert 'data-status="draft"' in card and 'data-status="missing"' in card
    assert 'data-testid="quarter-2026-2" data-state="open"' in html  # from 1 April
    assert 'data-testid="quarter-2026-3" data-state="upcoming"' in html


def test_the_citywide_overview_lists_departments_by_quarter(client, agreement, people, other_department):
    make_signed_agreement(other_department, year=2026)
    client.force_login(people["bappeda"])
    html = client.get(reverse("progress:home")).content.decode()
    assert len(re.findall(r'data-testid="overview-\d+"', html)) == 2
    html = client.get(reverse("progress:home") + f"?year=2026&department={other_department.pk}").content.decode()
    assert (
        len(re.findall(r'data-testid="overview-\d+"', html)) == 1
        and f'data-testid="overview-{other_department.pk}"' in html
    )


# --- Bounded queries -----------------------------------------------------------------------------------------------
def _big_agreement(department, people, count):
    agreement = make_signed_agreement(department, year=2026, signed=False)
    objective = agreement.objectives.get()
    for n in range(count):
        AgreementIndicator.objects.create(
            agreement=agreement,
            objective=objective,
            order=10 + n,
            name=f"Indikator {n}",
            unit="%",
            polarity="positive",
            aggregation="sum",
            target=100,
        )
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(2026, 1, 31))
    agreement.refresh_from_db()
    for n, row in enumerate(agreement.indicators.all()):
        report = draft(row, people, actual=str(n))
        services.evidence_add(report=report, file=pdf_file(body=str(n).encode()), by=people["staff"])
        if n % 2:
            services.report_submit(report=report, by=people["head"])
    return agreement


@pytest.mark.parametrize("count", [2, 20])
def test_the_entry_page_takes_a_bounded_number_of_queries(
    count, client, department, people, django_assert_max_num_queries
):
    agreement = _big_agreement(department, people, count)
    client.force_login(people["head"])
    with django_assert_max_num_queries(18):
        response = client.get(entry_url(agreement))
    assert len(re.findall(r'data-testid="row-\d+"', response.content.decode())) == count + 2


@pytest.mark.parametrize("count", [1, 8])
def test_the_overview_takes_a_bounded_number_of_queries(
    count, client, department, people, django_assert_max_num_queries
):
    from .factories import DepartmentFactory

    for n in range(count):
        make_signed_agreement(department if n == 0 else DepartmentFactory(), year=2026)
        make_signed_agreement(department if n == 0 else DepartmentFactory(), year=2025)
    client.force_login(people["bappeda"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("progress:home"))
    assert len(re.findall(r'data-testid="overview-\d+"', response.content.decode())) == count
    client.force_login(people["head"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("progress:home"))
    assert 'data-testid="quarter-2025-4"' in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_queue_takes_a_bounded_number_of_queries(count, client, department, people, django_assert_max_num_queries):
    _big_agreement(department, people, count)
    client.force_login(people["bappeda"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("progress:queue"))
    submitted = ProgressReport.objects.filter(status=S.SUBMITTED).count()
    assert len(re.findall(r'data-testid="queue-row-\d+"', response.content.decode())) == submitted
