"""The realisasi import writes all its rows at once (services.report_save_many through the importer's `apply_all`)
with report_save's rules and results: the reports locked in one query and checked again (status, row_version,
window, the model's field validation), every refused row named with its line and nothing written, one INSERT and
one UPDATE, each row's change in the history with the uploader as its user, and a number of queries that does not
grow with the rows."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from apps.agreements.models import Agreement, AgreementIndicator
from apps.core import importing
from apps.core.models import ImportJob
from apps.core.tasks import import_apply_task, import_validate_task
from apps.progress import services
from apps.progress.models import ProgressReport, ReportStatus

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .factories_progress import make_signed_agreement
from .progress_fixtures import agreement, in_april_2026, on, people  # noqa: F401
from .realisasi_workbooks import APM, LITERASI, row, workbook_file

pytestmark = pytest.mark.usefixtures("english_messages", "in_april_2026")

CONFLICT = "Someone else saved this report while you were editing it. Your changes are kept below."
Event = ProgressReport.pgh_event_model


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def uploaded(rows, user, agreement, quarter=1) -> ImportJob:
    return importing.import_job_create(
        importer=importing.get_importer("progress"),
        upload=workbook_file(rows),
        by=user,
        target=agreement,
        params={"quarter": quarter},
    )


def run(task, job) -> ImportJob:
    """The Celery task's body, as the worker runs it (the uploader's audit context, the site's language)."""
    task(job.pk)
    job.refresh_from_db()
    return job


def confirmed(job) -> ImportJob:
    assert job.status == ImportJob.Status.READY, job.errors or job.message
    assert importing.import_job_confirm(job=job)
    job.refresh_from_db()
    return job


def checked_plans(rows, user, agreement, quarter=1):
    """The importer and its plans as the apply makes them (the file read and every row checked), before writing."""
    importer = importing.get_importer("progress")
    importer.params, importer.user = {"quarter": quarter}, user
    importer.set_target(agreement)
    sheet_rows = importing.read_sheet(workbook_file(rows), importer)
    importer.prepare(sheet_rows)
    return importer, [importer.check_row(sheet_row) for sheet_row in sheet_rows]


def refused(importer, plans) -> dict[int, list[str]]:
    with pytest.raises(importing.RowsInvalid) as stopped:
        importer.apply_all(plans, lambda done: None)
    return {plan.line: [message for _column, message in errors] for plan, errors in stopped.value.rows}


def signed_with_more_indicators(department, count):
    """The PK of the fixture with `count` more indicators (added before it is signed: a signed PK is frozen)."""
    agreement = make_signed_agreement(department, year=2026, signed=False)
    objective = agreement.objectives.get()
    AgreementIndicator.objects.bulk_create(
        AgreementIndicator(
            agreement=agreement,
            objective=objective,
            order=10 + n,
            name=f"Indikator tambahan {n}",
            unit="%",
            polarity="positive",
            aggregation="last",
            target=Decimal(50),
        )
        for n in range(count)
    )
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(2026, 1, 31))
    agreement.refresh_from_db()
    return agreement


# --- New and changed reports in one import, with their history -----------------------------------------------------
def test_new_and_changed_reports_are_written_at_once_and_each_is_in_the_history_as_the_uploaders(agreement, people):
    head, staff = people["head"], people["staff"]
    apm = agreement.indicators.get(name=APM)
    stored = services.report_save(indicator=apm, quarter=1, by=staff, actual="90", follow_up="Jaga")
    job = run(import_validate_task, uploaded([row(APM, "95,25", "Naik"), row(LITERASI, "70")], head, agreement))
    assert importing.preview_counts(job.preview) == {"create": 1, "update": 1, "unchanged": 0}

    with on(2026, 4, 6):  # a day later: the update's time is the apply's
        job = run(import_apply_task, confirmed(job))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.message == "1 created, 1 updated, 0 unchanged."
    reports = {report.indicator.name: report for report in ProgressReport.objects.select_related("indicator")}
    changed, new = reports[APM], reports[LITERASI]
    assert changed.pk == stored.pk and changed.row_version == 2 and changed.actual == Decimal("95.25")
    assert (changed.analysis, changed.follow_up, changed.created_by) == ("Naik", "", staff)  # every field is set
    assert changed.updated_at == datetime.datetime(2026, 4, 6, 2, tzinfo=datetime.UTC)  # 10.00 WITA
    assert (new.actual, new.analysis, new.status, new.row_version) == (Decimal(70), "Sesuai rencana", "draft", 1)
    assert new.created_by == head

    source = {"user": head.pk, "url": "import:progress"}
    [update] = Event.objects.filter(pgh_obj=changed, pgh_label="update")
    assert update.pgh_context.metadata == source and update.actual == Decimal("95.25") and update.row_version == 2
    [insert] = Event.objects.filter(pgh_obj=new, pgh_label="insert")
    assert insert.pgh_context.metadata == source and insert.actual == Decimal(70)


def test_an_unchanged_import_writes_nothing(agreement, people):
    head = people["head"]
    report = services.report_save(
        indicator=agreement.indicators.get(name=APM), quarter=1, by=head, actual="95,5", analysis="Sesuai rencana"
    )
    job = run(import_apply_task, confirmed(run(import_validate_task, uploaded([row()], head, agreement))))
    assert job.status == ImportJob.Status.DONE and job.message == "0 created, 0 updated, 1 unchanged."
    assert ProgressReport.objects.get().row_version == report.row_version
    assert Event.objects.filter(pgh_obj=report).count() == 1  # its insert only


# --- Checked again under the lock: a change since the check refuses the row, and nothing is written ---------------
def test_a_report_saved_since_the_check_is_a_conflict_on_its_line_and_nothing_is_written(agreement, people):
    head, staff = people["head"], people["staff"]
    apm = agreement.indicators.get(name=APM)
    services.report_save(indicator=apm, quarter=1, by=staff, actual="90")
    importer, plans = checked_plans([row(LITERASI, "70"), row(APM, "91")], head, agreement)
    assert [plan.action for plan in plans] == ["create", "update"]

    services.report_save(indicator=apm, quarter=1, by=staff, actual="92", row_version=1)  # saved meanwhile
    assert refused(importer, plans) == {3: [CONFLICT]}
    assert ProgressReport.objects.get().actual == Decimal(92)  # the new report of line 2 is not written either
    assert not ProgressReport.objects.filter(indicator__name=LITERASI).exists()


def test_a_report_created_since_the_check_is_a_conflict_as_in_report_save(agreement, people):
    head, staff = people["head"], people["staff"]
    importer, plans = checked_plans([row(APM, "91"), row(LITERASI, "70")], head, agreement)
    assert [plan.action for plan in plans] == ["create", "create"]
    services.report_save(indicator=agreement.indicators.get(name=LITERASI), quarter=1, by=staff, actual="72")

    assert refused(importer, plans) == {3: [CONFLICT]}
    with pytest.raises(services.ConflictError, match="Someone else saved"):  # what report_save says in that case
        services.report_save(indicator=agreement.indicators.get(name=LITERASI), quarter=1, by=head, row_version=0)
    assert ProgressReport.objects.get().actual == Decimal(72)


def test_a_report_submitted_between_the_check_and_the_write_is_refused_on_its_line(agreement, people):
    head = people["head"]
    apm = agreement.indicators.get(name=APM)
    services.report_save(indicator=apm, quarter=1, by=head, actual="90")
    importer, plans = checked_plans([row(LITERASI, "70"), row(APM, "91")], head, agreement)

    services.report_submit(report=ProgressReport.objects.get(indicator=apm), by=head)
    assert refused(importer, plans) == {
        3: ["This report is submitted: only a draft or a returned report can be edited."]
    }
    assert ProgressReport.objects.get().actual == Decimal(90)


def test_a_report_submitted_between_validation_and_apply_stops_the_job_with_its_line(agreement, people):
    head = people["head"]
    apm = agreement.indicators.get(name=APM)
    services.report_save(indicator=apm, quarter=1, by=head, actual="90")
    job = confirmed(run(import_validate_task, uploaded([row(LITERASI, "70"), row(APM, "91")], head, agreement)))

    services.report_submit(report=ProgressReport.objects.get(indicator=apm), by=head)
    job = run(import_apply_task, job)
    assert job.status == ImportJob.Status.INVALID
    assert [(error["line"], error["message"]) for error in job.errors] == [
        (3, "The report of this quarter is submitted: it can no longer be changed.")
    ]
    assert list(ProgressReport.objects.values_list("indicator__name", "actual")) == [(APM, Decimal(90))]


def test_after_the_window_closes_every_row_is_refused_but_a_returned_report(department, people):
    head, staff = people["head"], people["staff"]
    agreement = signed_with_more_indicators(department, 1)
    apm, literasi = agreement.indicators.get(name=APM), agreement.indicators.get(name=LITERASI)
    services.report_save(indicator=literasi, quarter=1, by=staff, actual="60")
    returned = services.report_submit(
        report=services.report_save(indicator=apm, quarter=1, by=staff, actual="80"), by=head
    )
    services.report_return(report=returned, by=people["bappeda"], comment="Periksa angkanya")
    rows = [row(APM, "81"), row(LITERASI, "61"), row("Indikator tambahan 0", "5")]
    with on(2026, 4, 10, hour=23):  # the deadline of TW I
        importer, plans = checked_plans(rows, head, agreement)
    with on(2026, 4, 11):
        errors = refused(importer, plans)
        assert sorted(errors) == [3, 4]  # not line 2, the returned report
        for messages in errors.values():
            assert len(messages) == 1 and messages[0].startswith("Reporting for quarter 1 of 2026 closed on")
        importer, plans = checked_plans(rows[:1], head, agreement)  # a returned report may still be corrected
        importer.apply_all(plans, lambda done: None)
    assert ProgressReport.objects.get(indicator=apm).actual == Decimal(81)
    assert ProgressReport.objects.get(indicator=literasi).actual == Decimal(60)


def test_the_models_field_validation_applies_as_in_report_save(agreement, people):
    head = people["head"]
    too_long = "12345678901234567"  # 17 digits before the decimal point: the field keeps 16
    with pytest.raises(ValidationError) as single:
        services.report_save(indicator=agreement.indicators.get(name=APM), quarter=1, by=head, actual=too_long)
    job = confirmed(run(import_validate_task, uploaded([row(LITERASI, "70"), row(APM, too_long)], head, agreement)))
    job = run(import_apply_task, job)
    assert job.status == ImportJob.Status.INVALID
    assert [(error["line"], error["message"]) for error in job.errors] == [(3, single.value.messages[0])]
    assert not ProgressReport.objects.exists()


def test_a_refusal_for_the_whole_pk_is_said_once_on_the_first_row_written(agreement, people):
    head = people["head"]
    importer, plans = checked_plans([row(APM, "91"), row(LITERASI, "70")], head, agreement)
    head.department = people["other_head"].department  # moved to another department since the check
    head.save()
    assert refused(importer, plans) == {2: ["You may not enter the realisasi of this PK."]}
    assert not ProgressReport.objects.exists()


# --- A few queries, whatever the number of rows --------------------------------------------------------------------
@pytest.mark.parametrize("new, changed", [(3, 2), (25, 25)])
def test_the_apply_makes_the_same_few_queries_for_5_rows_as_for_50(
    department, people, new, changed, django_assert_max_num_queries
):
    head = people["head"]
    agreement = signed_with_more_indicators(department, 48)
    indicators = list(agreement.indicators.order_by("order")[: new + changed])
    for indicator in indicators[new:]:
        services.report_save(indicator=indicator, quarter=1, by=head, actual="1")
    job = confirmed(
        run(import_validate_task, uploaded([row(indicator.name, "7,5") for indicator in indicators], head, agreement))
    )
    assert importing.preview_counts(job.preview) == {"create": new, "update": changed, "unchanged": 0}
    with django_assert_max_num_queries(21):  # the task reads the job and the PK, locks the job, checks, writes
        job = run(import_apply_task, job)
    assert job.status == ImportJob.Status.DONE, job.errors
    reports = ProgressReport.objects.filter(indicator__in=indicators, quarter=1)
    assert sorted(reports.values_list("row_version", flat=True)) == [1] * new + [2] * changed
    assert set(reports.values_list("actual", flat=True)) == {Decimal("7.5")}
    assert Event.objects.filter(pgh_obj__in=reports, pgh_label="update").count() == changed
    assert Event.objects.filter(pgh_obj__in=reports, pgh_label="insert").count() == new + changed


def test_the_import_transaction_sets_pgtriggers_ignore_list_and_the_frozen_report_trigger_still_runs(agreement, people):
    """pgtrigger.ignore set to an empty list ignores no trigger: a verified report still cannot change."""
    from django.db import connection, transaction

    from apps.core.audit import set_trigger_ignore_list

    head = people["head"]
    report = services.report_submit(
        report=services.report_save(indicator=agreement.indicators.get(name=APM), quarter=1, by=head, actual="9"),
        by=head,
    )
    services.report_verify(report=report, by=people["bappeda"])
    with transaction.atomic():
        set_trigger_ignore_list()
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('pgtrigger.ignore')")
            assert cursor.fetchone() == ("{}",)
        with pytest.raises(Exception, match="verified progress report cannot be changed"), transaction.atomic():
            ProgressReport.objects.filter(pk=report.pk).update(actual=10)
    assert ProgressReport.objects.get().status == ReportStatus.VERIFIED


# --- A report created by someone else while the import writes -----------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_report_created_at_the_same_time_as_the_insert_is_a_conflict_on_its_line(agreement, people):
    """Someone else inserts the report after the import locked the stored ones and commits while the import's
    INSERT waits for it: the one-per-quarter constraint refuses the INSERT, and the row is a conflict (as
    report_save says then), not an unexpected error."""
    head, staff = people["head"], people["staff"]
    apm = agreement.indicators.get(name=APM)
    importer, plans = checked_plans([row(APM, "91"), row(LITERASI, "70")], head, agreement)
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.set_autocommit(False)
    with other.cursor() as cursor:
        cursor.execute(
            "INSERT INTO progress_progressreport (indicator_id, quarter, actual, analysis, supporting_factors,"
            " hindering_factors, follow_up, status, row_version, created_at, updated_at, created_by_id)"
            " VALUES (%s, 1, 88, '', '', '', '', 'draft', 1, now(), now(), %s)",
            [apm.pk, staff.pk],
        )
    outcome = {}

    def apply():
        try:
            with transaction.atomic():
                importer.apply_all(plans, lambda done: None)
        except importing.RowsInvalid as exc:
            outcome["refused"] = {plan.line: [message for _column, message in errors] for plan, errors in exc.rows}
        except Exception as exc:  # shown by the assertion below
            outcome["error"] = repr(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=apply)
    try:
        writer.start()
        with connection.cursor() as cursor:  # not `other`'s: a transaction sees one snapshot of pg_stat_activity
            for _attempt in range(500):  # until the import's INSERT waits for the other transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                    ['%INSERT INTO "progress_progressreport"%'],
                )
                if cursor.fetchone()[0] or not writer.is_alive():
                    break
                time.sleep(0.02)
        other.commit()
    finally:
        other.close()  # an uncommitted insert is rolled back
        writer.join(timeout=30)
    assert outcome == {"refused": {2: [CONFLICT]}}
    assert list(ProgressReport.objects.values_list("indicator__name", "actual", "created_by")) == [
        (APM, Decimal(88), staff.pk)
    ]
