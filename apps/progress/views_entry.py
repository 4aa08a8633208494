"""The quarterly entry page of one PK: every indicator of the quarter on one screen, each row a form of its own
saved through htmx (a plain POST works too and comes back to the page), the evidence of each row, the head's
submit buttons, and the budget spent per program. Every write goes through services.py; its refusals are shown in
the row they concern, with what the user typed kept."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.agreements.models import AgreementStatus
from apps.agreements.selectors import agreements_for
from apps.core.fingerprint import cached_render
from apps.core.formats import format_number, parse_number
from apps.core.views import PermissionMixin

from . import achievement, permissions, scores, selectors, services
from .forms import ReportRowForm
from .models import BudgetRealisation, Evidence, ProgressReport, ProgressReview, Quarter, ReportStatus
from .views_common import CLOSED, OPEN, REOPENED, ROMAN, UPCOMING, messages_of, window_state
from .window import quarter_start, reopened_until, reporting_deadline

S = ReportStatus
COLOURS = {"green": "success", "amber": "warning", "red": "danger"}


def _quarter_or_404(quarter: int) -> int:
    if quarter not in Quarter.values:
        raise Http404
    return quarter


def _entry_url(agreement_id: int, quarter: int, anchor: str = "") -> str:
    url = reverse("progress:entry", kwargs={"pk": agreement_id, "quarter": quarter})
    return f"{url}#{anchor}" if anchor else url


def _target_text(target, low, high) -> str:
    if target is not None:
        return format_number(target.normalize())
    if low is not None and high is not None:
        return f"{format_number(low.normalize())}–{format_number(high.normalize())}"
    return "–"


# --- What the page knows about the PK and the quarter -----------------------------------------------------------------
def page_state(user, agreement, quarter: int) -> dict:
    """Who may do what on this PK's quarter and whether its window is open (two queries)."""
    today = timezone.localdate()
    reportable = selectors.is_reportable(agreement)
    until = reopened_until(department=agreement.department, year=agreement.year, quarter=quarter)
    state = window_state(year=agreement.year, quarter=quarter, today=today, reopened=until)
    deadline = reporting_deadline(agreement.year, quarter)
    closed_reason = ""
    if not reportable:
        closed_reason = _("A newer signed version of this PK exists: realisasi is reported against that version.")
    elif state == UPCOMING:
        closed_reason = _("This quarter has not started yet: it can be reported from %(date)s.") % {
            "date": formats.date_format(quarter_start(agreement.year, quarter))
        }
    elif state == CLOSED:
        closed_reason = _(
            "Reporting for this quarter closed on %(date)s. Ask Bappeda to reopen it if the realisasi must still be "
            "entered or changed."
        ) % {"date": formats.date_format(deadline)}
    return {
        "state": state,
        "open": reportable and state in (OPEN, REOPENED),
        "reopened_until": until,
        "deadline": deadline,
        "closed_reason": closed_reason,
        "may_report": reportable and permissions.may_report(user, agreement),
        "may_submit": reportable and permissions.may_submit(user, agreement),
        "submitted_to": _submitted_to(agreement),
        "reportable": reportable,
        "started": state != UPCOMING,
    }


def _submitted_to(agreement) -> str:
    """Who verifies the PK's reports: Bappeda for a head's PK, the superior for the cascade's."""
    return _("your superior") if agreement.is_cascaded else _("Bappeda")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def build_rows(*, agreement, quarter: int, indicators, state: dict, overrides: dict | None = None) -> list[dict]:
    """One dict per indicator for progress/_row.html, from three queries whatever the number of indicators."""
    overrides = overrides or {}
    indicators = list(indicators)
    ids = [indicator.pk for indicator in indicators]
    values: dict[int, list] = {pk: [None] * 4 for pk in ids}
    for indicator_id, q, actual in ProgressReport.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "quarter", "actual"
    ):
        values[indicator_id][q - 1] = actual
    reports = {
        report.indicator_id: report
        for report in ProgressReport.objects.filter(indicator_id__in=ids, quarter=quarter).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "reviews",
                queryset=ProgressReview.objects.filter(to_status=S.RETURNED).select_related("by").order_by("-at"),
                to_attr="returns",
            ),
        )
    }
    rows = []
    for indicator in indicators:
        report = reports.get(indicator.pk)
        override = overrides.get(indicator.pk, {})
        editable = (
            state["may_report"]
            and state["started"]
            and (report is None or report.is_editable)
            and (state["open"] or (report is not None and report.status == S.RETURNED))
        )
        form = override.get("form") or ReportRowForm(
            initial=ReportRowForm.initial_of(report), prefix=f"r{indicator.pk}"
        )
        try:  # the department's own preview: drafts count too (scores.py counts only what was handed in)
            progress = scores.indicator_progress(indicator, values[indicator.pk], quarter=quarter)
        except ValueError:  # a target the formulas cannot use: shown as "–"
            progress = None
        quarter_target = (indicator.quarterly_targets or [None] * 4)[quarter - 1]
        if quarter_target is not None:
            expected = _("Cumulative target up to quarter %(q)s: %(value)s") % {
                "q": ROMAN[quarter],
                "value": format_number(quarter_target.normalize()),
            }
        else:
            expected = _("Annual target: %(value)s") % {
                "value": _target_text(indicator.target, indicator.target_low, indicator.target_high)
            }
        colour = progress.predicate.colour if progress is not None else None
        rows.append(
            {
                "indicator": indicator,
                "report": report,
                "form": form,
                "prefix": f"r{indicator.pk}",
                "editable": editable,
                "can_submit": bool(
                    state["may_submit"]
                    and report is not None
                    and report.is_editable
                    and report.actual is not None
                    and (state["open"] or report.status == S.RETURNED)
                ),
                "progress": progress,
                "width": 0 if progress is None else int(max(min(progress.percent, 100), 0)),
                "colour": COLOURS.get(str(colour), "secondary"),
                "expected": expected,
                "evidence": list(report.evidence.all()) if report is not None else [],
                "returned": report.returns[0] if report is not None and report.returns else None,
                "message": override.get("message", ""),
                "level": override.get("level", "info"),
                "theirs": override.get("theirs"),
                "file_errors": override.get("file_errors", []),
                "quarter": quarter,
                "agreement": agreement,
            }
        )
    return rows


def _indicators(agreement):
    return agreement.indicators.select_related("objective").order_by("objective__order", "order", "pk")


def _signed_agreement(user, pk):
    return get_object_or_404(
        agreements_for(user)
        .filter(status=AgreementStatus.SIGNED)
        .select_related("department", "official", "position", "superior_agreement__official"),
        pk=pk,
    )


def _budget_rows(agreement, quarter: int) -> list[dict]:
    """Each program with its pagu, the Rp spent this quarter and up to it, and the absorption (two queries)."""
    programs = list(agreement.programs.order_by("order", "pk"))
    spent = {}
    for row in BudgetRealisation.objects.filter(program__agreement=agreement, quarter__lte=quarter):
        spent.setdefault(row.program_id, {})[row.quarter] = row
    rows = []
    for program in programs:
        by_quarter = spent.get(program.pk, {})
        this = by_quarter.get(quarter)
        to_date = sum((r.amount for r in by_quarter.values()), start=0) if by_quarter else None
        rows.append(
            {
                "program": program,
                "row": this,
                "prefix": f"b{program.pk}",
                "value": format_number(this.amount.normalize()) if this is not None else "",
                "to_date": to_date,
                "absorption": achievement.absorption(spent=to_date, budget=program.budget),
            }
        )
    return rows


def _parsed(text: str):
    try:
        return parse_number(text)
    except ValueError:
        return None  # the service says what is wrong with it


# --- The page ---------------------------------------------------------------------------------------------------------
class EntryView(PermissionMixin, TemplateView):
    permission = "progress.view"
    template_name = "progress/entry.html"

    def get(self, request, *args, **kwargs):
        return render_entry(request, kwargs["pk"], kwargs["quarter"])


# What the entry page's body shows or scopes by (apps/core/fingerprint.py): a write to any of them renders it again.
ENTRY_SOURCES = (
    "agreements.Agreement",
    "agreements.AgreementObjective",
    "agreements.AgreementIndicator",
    "agreements.AgreementProgram",
    "progress.ProgressReport",
    "progress.Evidence",
    "progress.ProgressReview",
    "progress.BudgetRealisation",
    "progress.ReportingReopen",
    "departments.Department",
    "departments.Official",
    "departments.Position",
    "accounts.User",
)


def render_entry(request, pk: int, quarter: int, *, overrides=None, status=200):
    """The page. Its body is rendered once per user, quarter and day and served from the cache until one of
    `ENTRY_SOURCES` changes, its forms given the request's CSRF token; a page answering a refused POST (`overrides`:
    the rows as the user typed them, with their errors) is always rendered."""
    quarter = _quarter_or_404(quarter)
    agreement = _signed_agreement(request.user, pk)
    if overrides:
        body = render_to_string(
            "progress/_entry_body.html", entry_context(request.user, agreement, quarter, overrides), request
        )
    else:
        body, _built = cached_render(
            request,
            "progress/_entry_body.html",
            ENTRY_SOURCES,
            lambda: entry_context(request.user, agreement, quarter),
            location=reverse("progress:entry", kwargs={"pk": agreement.pk, "quarter": quarter}),
        )
    context = {"agreement": agreement, "quarter": quarter, "roman": ROMAN[quarter], "body": body}
    return render(request, "progress/entry.html", context, status=status)


def entry_context(user, agreement, quarter: int, overrides=None) -> dict:
    state = page_state(user, agreement, quarter)
    rows = build_rows(
        agreement=agreement, quarter=quarter, indicators=_indicators(agreement), state=state, overrides=overrides
    )
    budget = _budget_rows(agreement, quarter)
    drafts = [row for row in rows if row["can_submit"]]
    return {
        "agreement": agreement,
        "quarter": quarter,
        "roman": ROMAN[quarter],
        "quarters": [{"number": q, "roman": ROMAN[q], "url": _entry_url(agreement.pk, q)} for q in (1, 2, 3, 4)],
        "state": state,
        "rows": rows,
        "budget": budget,
        "budget_total": sum((b["program"].budget for b in budget), start=0),
        # shown while rows may still become drafts (saved through htmx without reloading the page)
        "can_submit_all": bool(drafts) or (state["may_submit"] and state["open"] and bool(rows)),
        "counts": [
            {"status": value, "label": label, "n": sum(1 for r in rows if r["report"] and r["report"].status == value)}
            for value, label in S.choices
        ],
        "missing": sum(1 for r in rows if r["report"] is None),
    }


def render_row(request, indicator, quarter: int, *, override=None):
    agreement = indicator.agreement
    state = page_state(request.user, agreement, quarter)
    rows = build_rows(
        agreement=agreement,
        quarter=quarter,
        indicators=[indicator],
        state=state,
        overrides={indicator.pk: override} if override else None,
    )
    return render(request, "progress/_row.html", {"row": rows[0], "state": state})


# --- Saving a row -----------------------------------------------------------------------------------------------------
class RowSaveView(PermissionMixin, View):
    """POST one row (htmx answers the row again; a plain POST goes back to the page)."""

    permission = "progress.report"
    http_method_names = ["post"]

    def post(self, request, pk, quarter):
        quarter = _quarter_or_404(quarter)
        indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
        _require(permissions.may_report(request.user, indicator.agreement))
        prefix = f"r{indicator.pk}"
        form = ReportRowForm(request.POST, request.FILES, prefix=prefix)
        override = {"form": form}
        saved = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.report_save(
                    indicator=indicator,
                    quarter=quarter,
                    by=request.user,
                    actual=data["actual"],
                    analysis=data["analysis"],
                    supporting_factors=data["supporting_factors"],
                    hindering_factors=data["hindering_factors"],
                    follow_up=data["follow_up"],
                    row_version=data["row_version"],
                )
            except services.ConflictError as exc:
                theirs = ProgressReport.objects.filter(indicator=indicator, quarter=quarter).first()
                typed = request.POST.copy()
                typed[f"{prefix}-row_version"] = str(theirs.row_version if theirs else 0)
                override = {
                    "form": ReportRowForm(typed, prefix=prefix),
                    "message": str(exc),
                    "level": "danger",
                    "theirs": theirs,
                }
                override["form"].is_valid()
            except services.TransitionError as exc:
                override.update(message=str(exc), level="danger")
            except ValidationError as exc:
                form.add_service_errors(exc)
                override["message"] = _("Check the fields marked below: nothing was saved.")
                override["level"] = "danger"
        else:
            override["message"] = _("Check the fields marked below: nothing was saved.")
            override["level"] = "danger"
        if saved is not None:
            override = {"message": _("Saved."), "level": "success"}
            upload = form.cleaned_data.get("file")
            if upload:
                try:
                    services.evidence_add(report=saved, file=upload, by=request.user)
                except ValidationError as exc:
                    override.update(file_errors=messages_of(exc), level="warning")
                    override["message"] = _("The values are saved, but the file was refused.")
                except services.TransitionError as exc:
                    override.update(message=str(exc), level="warning")
        if request.htmx:
            return render_row(request, indicator, quarter, override=override)
        if saved is not None and not override.get("file_errors"):
            messages.success(request, override["message"])
            return redirect(_entry_url(indicator.agreement_id, quarter, f"row-{indicator.pk}"))
        if saved is not None:  # saved, the file refused: the page again with the refusal
            override.pop("form", None)
        return render_entry(request, indicator.agreement_id, quarter, overrides={indicator.pk: override})


class ReportSubmitView(PermissionMixin, View):
    """The head submits one report to Bappeda (from its row)."""

    permission = "progress.submit"
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        agreement = report.indicator.agreement
        _require(permissions.may_submit(request.user, agreement))
        override = {
            "message": _("Submitted to %(whom)s.") % {"whom": _submitted_to(agreement)},
            "level": "success",
        }
        try:
            services.report_submit(report=report, by=request.user)
        except services.TransitionError as exc:
            override = {"message": str(exc), "level": "danger"}
        except ValidationError as exc:
            override = {"message": " ".join(messages_of(exc)), "level": "danger"}
        if request.htmx:
            return render_row(request, report.indicator, report.quarter, override=override)
        getattr(messages, "success" if override["level"] == "success" else "error")(request, override["message"])
        return redirect(_entry_url(report.indicator.agreement_id, report.quarter, f"row-{report.indicator_id}"))


class SubmitAllView(PermissionMixin, View):
    """The head submits every draft (and corrected returned report) of the quarter at once."""

    permission = "progress.submit"
    http_method_names = ["post"]

    def post(self, request, pk, quarter):
        quarter = _quarter_or_404(quarter)
        agreement = _signed_agreement(request.user, pk)
        _require(permissions.may_submit(request.user, agreement))
        reports = selectors.reports_for(request.user).filter(
            indicator__agreement=agreement, quarter=quarter, status__in=[S.DRAFT, S.RETURNED]
        )
        done, failed = 0, []
        for report in reports:
            try:
                services.report_submit(report=report, by=request.user)
            except services.TransitionError as exc:
                failed.append(f"{report.indicator.name}: {exc}")
            except ValidationError as exc:
                failed.append(f"{report.indicator.name}: {' '.join(messages_of(exc))}")
            else:
                done += 1
        if done:
            messages.success(
                request, _("%(n)s reports submitted to %(whom)s.") % {"n": done, "whom": _submitted_to(agreement)}
            )
        for failure in failed:
            messages.error(request, failure)
        if not done and not failed:
            messages.info(request, _("There is no draft to submit in this quarter."))
        return redirect(_entry_url(agreement.pk, quarter))


class EvidenceDeleteView(PermissionMixin, View):
    permission = "progress.report"
    http_method_names = ["post"]

    def post(self, request, pk):
        evidence = get_object_or_404(selectors.evidence_for(request.user), pk=pk)
        report = evidence.report
        _require(permissions.may_report(request.user, report.indicator.agreement))
        override = {"message": _("The file %(name)s is removed.") % {"name": evidence.original_name}, "level": "info"}
        try:
            services.evidence_delete(evidence=evidence, by=request.user)
        except services.TransitionError as exc:
            override = {"message": str(exc), "level": "danger"}
        if request.htmx:
            return render_row(request, report.indicator, report.quarter, override=override)
        getattr(messages, "info" if override["level"] == "info" else "error")(request, override["message"])
        return redirect(_entry_url(report.indicator.agreement_id, report.quarter, f"row-{report.indicator_id}"))


class BudgetSaveView(PermissionMixin, View):
    """The Rp spent per program in the quarter (one form for the table; each row saved through the service)."""

    permission = "progress.report"
    http_method_names = ["post"]

    def post(self, request, pk, quarter):
        quarter = _quarter_or_404(quarter)
        agreement = _signed_agreement(request.user, pk)
        _require(permissions.may_report(request.user, agreement))
        saved, failed = 0, []
        current = {
            r.program_id: r for r in BudgetRealisation.objects.filter(program__agreement=agreement, quarter=quarter)
        }
        for program in agreement.programs.order_by("order", "pk"):
            text = (request.POST.get(f"b{program.pk}-amount") or "").strip()
            if not text:
                continue
            try:
                row_version = int(request.POST.get(f"b{program.pk}-row_version") or 0)
            except ValueError:
                row_version = 0
            existing = current.get(program.pk)
            try:
                if existing is not None and existing.amount == _parsed(text):
                    continue
                services.budget_realisation_save(
                    program=program, quarter=quarter, amount=text, by=request.user, row_version=row_version
                )
            except (services.ConflictError, services.TransitionError) as exc:
                failed.append(f"{program.name}: {exc}")
            except ValidationError as exc:
                failed.append(f"{program.name}: {' '.join(messages_of(exc))}")
            else:
                saved += 1
        if saved:
            messages.success(request, _("The budget realisation is saved (%(n)s programs).") % {"n": saved})
        for failure in failed:
            messages.error(request, failure)
        if not saved and not failed:
            messages.info(request, _("Nothing changed in the budget realisation."))
        return redirect(_entry_url(agreement.pk, quarter, "budget"))
