"""The reports page (choose the year, scope and kind), the background job with its progress, the downloads, and
the public accountability page."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from apps.core import queue
from apps.core.views import PermissionMixin

from . import public, services
from .forms import ReportForm
from .selectors import may_have_report, report_departments_for, report_jobs_for

RECENT_JOBS = 10
MIN_YEAR, MAX_YEAR = 2000, 2100


def attachment(built: services.BuiltReport) -> HttpResponse:
    response = HttpResponse(built.content, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


class ReportHomeView(PermissionMixin, FormView):
    """Choose a report: one department's capaian table downloads at once; the region's and E.81 are built in
    the background (the job page follows their progress)."""

    permission = "reports.view"
    template_name = "reports/home.html"

    def get_form(self, form_class=None):
        return ReportForm(**self.get_form_kwargs(), user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            jobs=report_jobs_for(self.request.user)[:RECENT_JOBS],
            public_page=settings.PUBLIC_ACCOUNTABILITY_PAGE,
            **kwargs,
        )

    def form_valid(self, form):
        department, kind, year = form.department, form.cleaned_data["kind"], form.cleaned_data["year"]
        if services.is_direct(kind=kind, department=department):
            query = urlencode({"kind": kind, "year": year, "department": department.pk})
            return redirect(f"{reverse('reports:direct')}?{query}")
        job = services.report_job_create(by=self.request.user, kind=kind, year=year, department=department)
        return redirect("reports:job", pk=job.pk)


class DirectReportView(PermissionMixin, View):
    """One department's capaian table (Excel or PDF), built while the request waits."""

    permission = "reports.view"

    def get(self, request):
        kind = request.GET.get("kind")
        year, department_id = request.GET.get("year", ""), request.GET.get("department", "")
        if not (year.isdigit() and department_id.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR):
            raise Http404
        department = get_object_or_404(report_departments_for(request.user), pk=department_id)
        if not services.is_direct(kind=kind, department=department):
            raise Http404
        return attachment(services.report_build(kind=kind, year=int(year), department=department))


class ReportJobMixin(PermissionMixin, SingleObjectMixin):
    """A job of the user's own, while the report is still theirs to have (404 otherwise)."""

    permission = "reports.view"
    context_object_name = "job"

    def get_queryset(self):
        return report_jobs_for(self.request.user)

    def get_object(self, queryset=None):
        job = super().get_object(queryset)
        if not may_have_report(self.request.user, job.department):
            raise Http404
        return job


class ReportJobView(ReportJobMixin, DetailView):
    template_name = "reports/job.html"

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(queue_waiting=job.is_running and queue.waiting(f"report:{job.pk}"), **kwargs)


class ReportJobStatusView(ReportJobView):
    """The part of the job page htmx fetches every second while the report is built."""

    template_name = "reports/job_status.html"


class ReportDownloadView(ReportJobMixin, View):
    """The built file, until it expires (410 after)."""

    def get(self, request, pk):
        job = self.get_object()
        if job.is_expired:
            return HttpResponse(status=410)
        if not job.is_available:
            raise Http404
        try:
            with job.file.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError as error:
            raise Http404 from error
        return attachment(services.BuiltReport(content, job.filename, services.CONTENT_TYPES[job.kind]))


# --- The public accountability page (no sign-in; off unless settings.PUBLIC_ACCOUNTABILITY_PAGE) ---------------
class PublicPageMixin:
    def dispatch(self, request, *args, **kwargs):
        if not settings.PUBLIC_ACCOUNTABILITY_PAGE:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PublicAccountabilityView(PublicPageMixin, TemplateView):
    """Per department: its signed PK of the year (the current version) and its capaian; nothing else."""

    template_name = "reports/public.html"

    def get_context_data(self, **kwargs):
        years = public.years()
        year = public.chosen_year(self.request.GET.get("year"), years)
        return super().get_context_data(year=year, years=years, report=public.public_report(year), **kwargs)


class PublicAgreementPdfView(PublicPageMixin, View):
    """The signed document of a PK shown on the public page (only the current signed version)."""

    def get(self, request, pk):
        agreement = public.public_agreement(pk)
        from apps.agreements.document import document_bytes, document_filename

        response = HttpResponse(document_bytes(agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document_filename(agreement)}"'
        return response
