"""Writes of realisasi: the quarterly reports, their evidence, the budget spent, and reopening a closed quarter.

Realisasi is entered against the newest signed version of a PK, per quarter, from the quarter's first day until its
reporting deadline (apps/progress/window.py) or the date Bappeda reopened it until. Workflow (DOMAIN.md §4): draft
(staff or the head) → submitted (the head) → verified, or returned with a comment (Bappeda); a returned report is
edited and submitted again. The same at every level of the cascade: an eselon III/IV official's PK is entered by the
official (or the department's staff and head), submitted by the official, and verified or returned by their superior
(or Bappeda) — who may act on which PK is apps/progress/permissions.py, checked here for pages, API and importer.
Every transition is one conditional UPDATE (… WHERE status IN old): two people acting
at once move a report once, the other gets a TransitionError. Edits carry the `row_version` the editor saw: if
someone saved since, ConflictError, and nothing is overwritten.
"""

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.agreements.models import Agreement, AgreementIndicator, AgreementProgram, AgreementStatus
from apps.core import queue
from apps.core.formats import parse_number
from apps.core.workflow import ConflictError, TransitionError, transition
from apps.departments.models import Department

from . import filetypes, permissions, tasks
from .models import (
    EDITABLE_STATUSES,
    BudgetRealisation,
    Evidence,
    ProgressReport,
    ProgressReview,
    Quarter,
    ReportingReopen,
    ReportStatus,
)
from .selectors import is_reportable
from .window import is_open, quarter_start, reporting_deadline

S = ReportStatus
NARRATIVE = ("analysis", "supporting_factors", "hindering_factors", "follow_up")


class ReportingClosedError(TransitionError):
    """The quarter's reporting window has closed and Bappeda has not reopened it."""


# --- Who may act, and when ----------------------------------------------------------------------------------------
def _require(user, permission: str, department: Department) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied
    if not user.sees_all_departments and user.department_id != department.pk:
        raise PermissionDenied


def _require_may(allowed: bool) -> None:
    """An object-level refusal (apps/progress/permissions.py): the PK is not the user's to act on."""
    if not allowed:
        raise PermissionDenied


def _require_reportable(agreement: Agreement) -> None:
    if not is_reportable(agreement):
        if agreement.status == AgreementStatus.SIGNED:
            raise TransitionError(_("A newer signed version of this PK exists: report against that version."))
        raise TransitionError(_("Realisasi is reported against a signed PK only."))


def _require_quarter(year: int, quarter) -> None:
    if quarter not in Quarter.values:
        raise ValidationError({"quarter": _("The quarter is 1, 2, 3 or 4.")})
    start = quarter_start(year, quarter)
    if timezone.localdate() < start:
        raise ValidationError(
            {
                "quarter": _("Quarter %(quarter)s of %(year)s has not started yet: it can be reported from %(date)s.")
                % {"quarter": quarter, "year": year, "date": formats.date_format(start)}
            }
        )


def _require_window(department: Department, year: int, quarter: int, *, status: str | None = None) -> None:
    """Closed after the deadline unless reopened; a report Bappeda returned may still be corrected and resubmitted
    (Bappeda asked for it)."""
    if _window_applies(status) and not is_open(department=department, year=year, quarter=quarter):
        raise _closed(year, quarter)


def _window_applies(status: str | None) -> bool:
    """Whether a report in this status (None: no report yet) may be changed only while the quarter is open."""
    return status != S.RETURNED


def _closed(year: int, quarter: int) -> ReportingClosedError:
    return ReportingClosedError(
        _(
            "Reporting for quarter %(quarter)s of %(year)s closed on %(date)s. Ask Bappeda to reopen it if the "
            "realisasi must still be entered or changed."
        )
        % {"quarter": quarter, "year": year, "date": formats.date_format(reporting_deadline(year, quarter))}
    )


def _status(report: ProgressReport) -> str | None:
    return ProgressReport.objects.filter(pk=report.pk).values_list("status", flat=True).first()


def _decimal(value, *, field: str):
    """A number typed the Indonesian way ("1.234,5") or any Decimal; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_number(value)
    except ValueError as exc:
        raise ValidationError({field: _("Enter a number, for example 1.234,5.")}) from exc


def _conflict() -> ConflictError:
    return ConflictError(_("Someone else saved this report while you were editing it. Your changes are kept below."))


# --- The quarterly report -----------------------------------------------------------------------------------------
REPORT_FIELDS = ("actual", *NARRATIVE)  # what an edit of the realisasi sets


def _require_reporting(by, agreement: Agreement, quarter) -> None:
    """What does not depend on the report: the user may report on the PK, the PK is the one reported against, the
    quarter has started."""
    _require_may(permissions.may_report(by, agreement))
    _require_reportable(agreement)
    _require_quarter(agreement.year, quarter)


def _report_values(
    *, actual=None, analysis: str = "", supporting_factors: str = "", hindering_factors: str = "", follow_up: str = ""
) -> dict:
    """The values of a report as they are stored: the number read the Indonesian way (empty: None), the texts
    stripped. ValidationError on a number that is not one."""
    return {
        "actual": _decimal(actual, field="actual"),
        "analysis": (analysis or "").strip(),
        "supporting_factors": (supporting_factors or "").strip(),
        "hindering_factors": (hindering_factors or "").strip(),
        "follow_up": (follow_up or "").strip(),
    }


def _require_editable(report: ProgressReport, row_version: int | None) -> None:
    """The stored (locked) report may be changed by an editor who saw `row_version` of it."""
    if not report.is_editable:
        raise TransitionError(
            _("This report is %(status)s: only a draft or a returned report can be edited.")
            % {"status": report.get_status_display().lower()}
        )
    if row_version is not None and report.row_version != row_version:
        raise _conflict()


def _clean_fields(values: dict) -> dict:
    """The model's validation of these fields (what `full_clean` checks of them: digits and decimal places of the
    number, a finite number…), in Python; the cleaned values, or ValidationError with every problem by field."""
    cleaned, errors = {}, {}
    for name, value in values.items():
        try:
            cleaned[name] = ProgressReport._meta.get_field(name).clean(value, None)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def report_save(
    *,
    indicator: AgreementIndicator,
    quarter: int,
    by,
    actual=None,
    analysis: str = "",
    supporting_factors: str = "",
    hindering_factors: str = "",
    follow_up: str = "",
    row_version: int | None = None,
) -> ProgressReport:
    """Create or change the realisasi of an indicator in a quarter. `row_version` is the one the editor saw (0 for
    a report that did not exist yet); if someone saved since, ConflictError and nothing is overwritten."""
    agreement = indicator.agreement
    _require_reporting(by, agreement, quarter)
    status = ProgressReport.objects.filter(indicator=indicator, quarter=quarter).values_list("status", flat=True)
    _require_window(agreement.department, agreement.year, quarter, status=status.first())
    values = _report_values(
        actual=actual,
        analysis=analysis,
        supporting_factors=supporting_factors,
        hindering_factors=hindering_factors,
        follow_up=follow_up,
    )
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().filter(indicator=indicator, quarter=quarter).first()
        if report is None:
            if row_version:
                raise _conflict()
            report = ProgressReport(indicator=indicator, quarter=quarter, created_by=by, **values)
        else:
            _require_editable(report, row_version)
            for name, value in values.items():
                setattr(report, name, value)
            report.row_version += 1
        # The one-per-quarter constraint is the database's: a report created meanwhile is a conflict, below.
        report.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            raise _conflict() from exc
    return report


class ReportsRefused(Exception):
    """`report_save_many`: these reports cannot be saved, and none was. `errors`: the position of each in the rows
    given → its error (ValidationError, TransitionError or ConflictError, as `report_save` would raise it)."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = dict(sorted(errors.items()))


def report_save_many(*, agreement: Agreement, quarter: int, by, rows) -> list[ProgressReport]:
    """`report_save` for many indicators of one PK in one quarter, with the same rules and results, in a few
    queries whatever the number of rows: the import of a quarter's realisasi (apps/progress/importers).

    `rows`: [(indicator of `agreement`, {name: value} of REPORT_FIELDS, row_version seen)], one per indicator.
    What does not depend on the report is checked once (PermissionDenied, TransitionError or ValidationError as
    from report_save); the stored reports are then locked in one query and each row checked as report_save checks
    it. All or nothing: a row that cannot be saved raises ReportsRefused with every such row, and nothing is
    written; else one INSERT of the new reports and one UPDATE of the changed ones (each recorded in the history by
    its row trigger). Call it inside a transaction (the import's), which keeps the locks until it ends."""
    _require_reporting(by, agreement, quarter)
    rows = list(rows)
    if not rows:
        return []
    closed = None
    with transaction.atomic():
        stored = {
            report.indicator_id: report
            for report in ProgressReport.objects.select_for_update()
            .filter(indicator_id__in=[indicator.pk for indicator, _values, _version in rows], quarter=quarter)
            .order_by("pk")
        }
        errors, new, changed, saved = {}, {}, [], []
        now = timezone.now()
        for index, (indicator, given, row_version) in enumerate(rows):
            report = stored.get(indicator.pk)
            try:
                if _window_applies(report.status if report else None):
                    if closed is None:
                        closed = not is_open(department=agreement.department, year=agreement.year, quarter=quarter)
                    if closed:
                        raise _closed(agreement.year, quarter)
                values = _report_values(**given)
                if report is None:
                    if row_version:
                        raise _conflict()
                    report = ProgressReport(
                        indicator=indicator, quarter=quarter, created_by=by, **_clean_fields(values)
                    )
                    new[index] = report
                else:
                    _require_editable(report, row_version)
                    for name, value in _clean_fields(values).items():
                        setattr(report, name, value)
                    report.row_version += 1
                    report.updated_at = now
                    changed.append(report)
                saved.append(report)
            except (ValidationError, TransitionError, ConflictError) as exc:
                errors[index] = exc
        if errors:
            raise ReportsRefused(errors)
        if new:
            try:
                with transaction.atomic():
                    ProgressReport.objects.bulk_create(new.values())
            except IntegrityError as exc:
                # The one-per-quarter constraint: a report created meanwhile (after the lock) is a conflict.
                taken = set(
                    ProgressReport.objects.filter(
                        indicator_id__in=[report.indicator_id for report in new.values()], quarter=quarter
                    ).values_list("indicator_id", flat=True)
                )
                conflicts = {index: _conflict() for index, report in new.items() if report.indicator_id in taken}
                if not conflicts:
                    raise
                raise ReportsRefused(conflicts) from exc
        if changed:
            _update_many(changed, [*REPORT_FIELDS, "row_version", "updated_at"])
    return saved


def _update_many(reports: list[ProgressReport], names: list[str]) -> None:
    """One UPDATE of these fields of every report, the values joined from one array per field (UPDATE … FROM
    unnest): linear in the number of rows, where `bulk_update`'s CASE of one branch per row is quadratic (at M,
    2,000 reports took 3–4 s and 10,000 did not end in 2 minutes). The row triggers (the history) fire for each row
    as for any UPDATE."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    meta = ProgressReport._meta
    fields = [meta.pk, *(meta.get_field(name) for name in names)]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    columns = ", ".join(quote(field.column) for field in fields)
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in fields[1:])
    pk = quote(meta.pk.column)
    params = [
        [field.get_db_prep_save(getattr(report, field.attname), connection) for report in reports] for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {assignments} FROM unnest({arrays}) AS v({columns})"  # noqa: S608
            f" WHERE {quote(meta.db_table)}.{pk} = v.{pk}",
            params,
        )


def _move(report: ProgressReport, *, by, source: tuple, target: str, comment: str = "", **fields) -> ProgressReport:
    """One conditional UPDATE (apps/core/workflow.py): only a report still in a `source` state moves."""

    def review(from_status):
        ProgressReview.objects.create(
            report=report, from_status=from_status, to_status=target, comment=comment.strip(), by=by
        )

    return transition(
        report,
        source=source,
        target=target,
        fields=fields,
        refused=_("This report is %(status)s: it cannot be %(action)s now."),
        review=review,
    )


def report_submit(*, report: ProgressReport, by) -> ProgressReport:
    """The head submits the draft (or the corrected returned report) to Bappeda; an eselon III/IV official their
    own PK's to their superior (apps/progress/permissions.py)."""
    agreement = report.indicator.agreement
    _require_may(permissions.may_submit(by, agreement))
    _require_reportable(agreement)
    _require_window(agreement.department, agreement.year, report.quarter, status=_status(report))
    if ProgressReport.objects.filter(pk=report.pk, actual__isnull=True).exists():
        raise ValidationError({"actual": _("Enter the realisasi before submitting the report.")})
    return _move(
        report, by=by, source=EDITABLE_STATUSES, target=S.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )


def report_verify(*, report: ProgressReport, by, comment: str = "") -> ProgressReport:
    """Bappeda (any level) or, for a cascaded PK, the official's superior accepts the submitted report; it cannot
    change afterwards."""
    _require_may(permissions.may_verify(by, report.indicator.agreement))
    return _move(
        report,
        by=by,
        source=(S.SUBMITTED,),
        target=S.VERIFIED,
        comment=comment,
        verified_at=timezone.now(),
        verified_by=by,
    )


def report_return(*, report: ProgressReport, by, comment: str) -> ProgressReport:
    """Bappeda (any level) or, for a cascaded PK, the official's superior returns the submitted report for
    corrections, saying what must be corrected."""
    _require_may(permissions.may_verify(by, report.indicator.agreement))
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what must be corrected.")})
    with transaction.atomic():
        report = _move(
            report,
            by=by,
            source=(S.SUBMITTED,),
            target=S.RETURNED,
            comment=comment,
            returned_at=timezone.now(),
            returned_by=by,
        )
        # The department hears of it (in the app and by email) once the return is committed.
        queue.enqueue(tasks.notify_returned_task, report.pk)
    return report


# --- Evidence -----------------------------------------------------------------------------------------------------
def _lock_editable(report: ProgressReport) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_editable:
        raise TransitionError(
            _("This report is %(status)s: evidence can only be changed on a draft or a returned report.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def evidence_add(*, report: ProgressReport, file, by) -> Evidence:
    """Attach a file (PDF, PNG, JPEG or an Office document, by its content) to a draft or returned report; stored
    under a name of its own, with its SHA-256."""
    agreement = report.indicator.agreement
    _require_may(permissions.may_report(by, agreement))
    _require_reportable(agreement)
    _require_window(agreement.department, agreement.year, report.quarter, status=_status(report))
    limit = settings.PROGRESS_EVIDENCE_MAX_MB
    if file.size > limit * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}})
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        kind = filetypes.detect(data)
    except filetypes.Refused as exc:
        raise ValidationError({"file": str(exc)}) from exc
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(
        original_name=PurePath(file.name or "").name[-255:] or kind.extension,
        size=len(data),
        content_type=kind.content_type,
        sha256=digest,
        uploaded_by=by,
    )
    with transaction.atomic():
        evidence.report = _lock_editable(report)
        if Evidence.objects.filter(report=evidence.report, sha256=digest).exists():
            raise ValidationError({"file": _("This file is already attached to the report.")})
        name = Evidence._meta.get_field("file").generate_filename(evidence, f"{uuid.uuid4().hex}.{kind.extension}")
        evidence.file = default_storage.save(name, ContentFile(data))
        try:
            evidence.save()
        except Exception:
            default_storage.delete(evidence.file.name)  # not recorded: not kept either
            raise
    return evidence


def evidence_delete(*, evidence: Evidence, by) -> None:
    """Remove a file from a draft or returned report (and from the disk once the removal is committed)."""
    report = evidence.report
    agreement = report.indicator.agreement
    _require_may(permissions.may_report(by, agreement))
    _require_reportable(agreement)
    _require_window(agreement.department, agreement.year, report.quarter, status=_status(report))
    name = evidence.file.name
    with transaction.atomic():
        _lock_editable(report)
        Evidence.objects.filter(pk=evidence.pk).delete()
        transaction.on_commit(lambda: default_storage.delete(name))


# --- The budget spent ---------------------------------------------------------------------------------------------
def budget_realisation_save(
    *, program: AgreementProgram, quarter: int, amount, by, row_version: int | None = None
) -> BudgetRealisation:
    """Record the Rp spent on a PK program in a quarter (not cumulative), while the quarter is open."""
    agreement = program.agreement
    _require_may(permissions.may_report(by, agreement))
    _require_reportable(agreement)
    _require_quarter(agreement.year, quarter)
    _require_window(agreement.department, agreement.year, quarter)
    amount = _decimal(amount, field="amount")
    if amount is None:
        raise ValidationError({"amount": _("Enter the amount spent in the quarter (0 if nothing was spent).")})
    with transaction.atomic():
        row = BudgetRealisation.objects.select_for_update().filter(program=program, quarter=quarter).first()
        if row is None:
            if row_version:
                raise _conflict()
            row = BudgetRealisation(program=program, quarter=quarter, amount=amount, created_by=by, updated_by=by)
        else:
            if row_version is not None and row.row_version != row_version:
                raise _conflict()
            row.amount, row.updated_by = amount, by
            row.row_version += 1
        row.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:
            raise _conflict() from exc
    return row


# --- Reopening a closed quarter -----------------------------------------------------------------------------------
def reporting_reopen(*, department: Department, year: int, quarter: int, until, reason: str, by) -> ReportingReopen:
    """Bappeda lets a department enter or change a quarter's realisasi after the deadline, until a date; who, when
    and why are recorded."""
    _require(by, "progress.reopen", department)
    if quarter not in Quarter.values:
        raise ValidationError({"quarter": _("The quarter is 1, 2, 3 or 4.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the quarter is reopened.")})
    if until < timezone.localdate():
        raise ValidationError({"until": _("Choose a date from today on.")})
    deadline = reporting_deadline(year, quarter)
    if until <= deadline:
        raise ValidationError(
            {
                "until": _("The quarter is open until %(date)s anyway: choose a later date.")
                % {"date": formats.date_format(deadline)}
            }
        )
    reopen = ReportingReopen(
        department=department, year=year, quarter=quarter, until=until, reason=reason.strip(), by=by
    )
    reopen.full_clean()
    reopen.save()
    return reopen
