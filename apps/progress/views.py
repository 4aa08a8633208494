"""Pages of the quarterly realisasi: the overview (a department's PKs and quarters, or every department's for the
city-wide roles), Bappeda's verification queue with bulk verify, a report with its evidence viewer, and reopening a
closed quarter. The entry page is in views_entry.py, the evidence files in views_files.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.fingerprint import cached_render, city_wide_scope
from apps.core.views import PermissionMixin

from . import permissions, selectors, services
from .filters import ProgressOverviewFilter, QueueFilter
from .forms import ReopenForm, ReturnForm
from .models import Evidence, ReportStatus
from .views_common import ROMAN, attach_quarters, messages_of
from .views_files import INLINE_TYPES

S = ReportStatus


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _with_indicator_count(queryset):
    return queryset.select_related("department", "official").annotate(indicator_count=Count("indicators"))


# --- The overview --------------------------------------------------------------------------------------------------
class HomeView(PermissionMixin, TemplateView):
    """A department sees its signed PKs of this year and last year, a card per quarter; the city-wide roles a table
    of departments × quarters of a year."""

    permission = "progress.view"
    template_name = "progress/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        queryset = _with_indicator_count(selectors.reportable_agreements_for(user))
        if not user.sees_all_departments:
            # The head's PK first, then the cascade below it (an eselon III/IV official: their own and their
            # direct subordinates')
            agreements = list(
                queryset.filter(year__in=[today.year, today.year - 1]).order_by(
                    "-year", F("position__order").asc(nulls_first=True), "position_id", "-version"
                )
            )
            attach_quarters(agreements, today=today)
            line_waiting = 0
            if user.has_perm("progress.verify_line"):
                line_waiting = selectors.verifiable_reports_for(user).filter(status=S.SUBMITTED).count()
            context.update(agreements=agreements, citywide=False, today=today, line_waiting=line_waiting)
            return context
        data = self.request.GET.copy()
        if not data.get("year"):
            data["year"] = str(today.year)
        if not data.get("level"):
            data["level"] = selectors.HEADS  # the departments × quarters table; the cascade on request
        filterset = ProgressOverviewFilter(data, queryset=queryset, request=self.request)
        rows = filterset.qs if filterset.is_valid() else queryset.none()
        page = Paginator(rows.order_by("department__code", "pk"), settings.PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        attach_quarters(page.object_list, today=today)
        context.update(
            citywide=True,
            filter=filterset,
            page_obj=page,
            object_list=page.object_list,
            year=data["year"],
            romans=ROMAN.values(),
            is_filtered=any(v for k, v in self.request.GET.items() if k != "page"),
            today=today,
        )
        return context


# --- The verification queue ------------------------------------------------------------------------------------
# What the queue shows or scopes by (apps/core/fingerprint.py): a write to any of them renders it again.
QUEUE_SOURCES = (
    "progress.ProgressReport",
    "progress.Evidence",
    "agreements.Agreement",
    "agreements.AgreementIndicator",
    "departments.Department",
    "departments.Official",
    "departments.Position",
    "departments.Assignment",
    "departments.PositionAssignment",
    "accounts.User",
)


class QueueView(PermissionMixin, TemplateView):
    """Submitted reports first (the status filter starts at "submitted"), filtered, paginated, verified in bulk.
    Bappeda's starts at the heads' PKs (the level filter shows the cascade); a head's or an eselon III official's
    holds the reports of the cascaded PKs they signed as superior."""

    permission = "progress.verify_any"
    template_name = "progress/queue.html"

    def get_context_data(self, **kwargs):
        """The filters and the table are rendered once per query and served from the cache until one of
        `QUEUE_SOURCES` changes, their forms given the request's CSRF token: one rendering for all of Bappeda (the
        same queue), one per superior."""
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["body"], _built = cached_render(
            self.request, "progress/_queue_body.html", QUEUE_SOURCES, self._body_context, scope=city_wide_scope(user)
        )
        context["superior_queue"] = not user.has_perm("progress.verify")
        return context

    def _body_context(self) -> dict:
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = S.SUBMITTED
        if not data.get("level"):
            data["level"] = selectors.HEADS
        queryset = (
            selectors.verifiable_reports_for(self.request.user, level=selectors.ALL_LEVELS)
            .select_related("indicator__agreement__official", "indicator__agreement__position")
            .order_by("submitted_at", "indicator__agreement__department__code", "pk")
        )
        filterset = QueueFilter(data, queryset=queryset, request=self.request)
        rows = filterset.qs if filterset.is_valid() else queryset.none()
        page = Paginator(rows, settings.PAGE_SIZE).get_page(self.request.GET.get("page"))
        reports = list(page.object_list)
        evidence = Evidence.objects.filter(report__in=reports).values("report").annotate(n=Count("pk"))
        counts = dict(evidence.values_list("report", "n"))  # the evidence of this page's reports only
        for report in reports:
            report.evidence_count = counts.get(report.pk, 0)
        return {
            "filter": filterset,
            "page_obj": page,
            "object_list": reports,
            "is_filtered": any(v for k, v in self.request.GET.items() if k != "page"),
            "here": self.request.get_full_path(),
        }


class BulkVerifyView(PermissionMixin, View):
    """Verify the ticked reports, each through the service; says which were verified and which were not."""

    permission = "progress.verify_any"
    http_method_names = ["post"]

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("report") if value.isdigit()]
        reports = (
            selectors.verifiable_reports_for(request.user, level=selectors.ALL_LEVELS).filter(pk__in=ids).order_by("pk")
        )
        verified, failed = [], []
        for report in reports:
            try:
                services.report_verify(report=report, by=request.user)
            except (services.TransitionError, ValidationError) as exc:
                reason = " ".join(messages_of(exc)) if isinstance(exc, ValidationError) else str(exc)
                failed.append(f"{report}: {reason}")
            else:
                verified.append(report)
        if verified:
            messages.success(request, _("%(n)s reports verified.") % {"n": len(verified)})
        for failure in failed:
            messages.error(request, failure)
        if not ids:
            messages.info(request, _("Tick the reports to verify first."))
        return redirect(_next_url(request, reverse("progress:queue")))


class ReportVerifyView(PermissionMixin, View):
    permission = "progress.verify_any"  # which report: services.report_verify (permissions.may_verify)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        try:
            services.report_verify(report=report, by=request.user, comment=request.POST.get("comment", ""))
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report is verified."))
        return redirect(_next_url(request, reverse("progress:report_detail", args=[report.pk])))


class ReportReturnView(PermissionMixin, View):
    permission = "progress.verify_any"  # which report: services.report_return (permissions.may_verify)
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what must be corrected."))
        else:
            try:
                services.report_return(report=report, by=request.user, comment=form.cleaned_data["comment"])
            except services.TransitionError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                for message in messages_of(exc):
                    messages.error(request, message)
            else:
                messages.success(request, _("The report is returned for corrections with your comment."))
        return redirect(_next_url(request, reverse("progress:report_detail", args=[report.pk])))


# --- One report ----------------------------------------------------------------------------------------------------
class ReportDetailView(PermissionMixin, TemplateView):
    """The narrative, the evidence (PDF and images shown inline), the review history and the audit timeline."""

    permission = "progress.view"
    template_name = "progress/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        report = get_object_or_404(
            selectors.reports_for(user).select_related("submitted_by", "verified_by", "returned_by"), pk=kwargs["pk"]
        )
        evidence = list(report.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk"))
        for item in evidence:
            item.inline = item.content_type in INLINE_TYPES
            item.is_pdf = item.content_type == "application/pdf"
        agreement = report.indicator.agreement
        context.update(
            report=report,
            indicator=report.indicator,
            agreement=agreement,
            roman=ROMAN[report.quarter],
            evidence=evidence,
            reviews=list(report.reviews.select_related("by").order_by("at", "pk")),
            can_verify=report.status == S.SUBMITTED and permissions.may_verify(user, agreement),
            return_form=ReturnForm(),
            entry_url=reverse("progress:entry", kwargs={"pk": agreement.pk, "quarter": report.quarter}),
        )
        return context


# --- Reopening a closed quarter ------------------------------------------------------------------------------------
class ReopenView(PermissionMixin, TemplateView):
    permission = "progress.reopen"
    template_name = "progress/reopen.html"

    def get(self, request, *args, **kwargs):
        initial = {key: request.GET[key] for key in ("department", "year", "quarter") if request.GET.get(key)}
        form = ReopenForm(initial=initial, user=request.user)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ReopenForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reopen = services.reporting_reopen(
                    department=data["department"],
                    year=data["year"],
                    quarter=data["quarter"],
                    until=data["until"],
                    reason=data["reason"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("Quarter %(quarter)s of %(year)s is reopened for %(department)s until %(date)s.")
                    % {
                        "quarter": ROMAN[reopen.quarter],
                        "year": reopen.year,
                        "department": reopen.department.name,
                        "date": reopen.until.strftime("%d/%m/%Y"),
                    },
                )
                return redirect(f"{reverse('progress:home')}?year={reopen.year}")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = list(selectors.reopens_for(self.request.user)[:10])
        return context
