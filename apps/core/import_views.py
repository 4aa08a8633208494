"""Pages of the Excel imports: upload (with the template to download), the job with its progress, confirm.

Only importers (admins: permission `core.import`) open them. A job is seen by every admin (they share the work of
keeping master data); anyone else gets 404 for it.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from . import importing
from .formats import format_number
from .tasks import import_apply_task, import_validate_task
from .views import PermissionMixin

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_LIMIT = 500  # rows of the preview table; the counts always cover the whole file
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_MIME}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)d MB. Split it into smaller files.")
                % {"size": format_number(upload.size / (1024 * 1024), 1), "limit": limit}
            )
        problem = importing.xlsx_problem(upload)  # judged by the content: a renamed file does not pass
        if problem:
            raise forms.ValidationError(problem)
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Only Excel workbooks whose name ends in .xlsx can be imported."))
        return upload


class ImporterMixin:
    @cached_property
    def importer(self) -> importing.Importer:
        importer = importing.get_importer(self.kwargs["kind"])
        if importer is None:
            raise Http404
        return importer


class ImportView(PermissionMixin, ImporterMixin, FormView):
    """The import page: what the file must hold, the template, the upload, the recent imports of this kind."""

    permission = "core.import"
    template_name = "core/import_start.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            importer=self.importer,
            upload_max_mb=settings.UPLOAD_MAX_MB,
            jobs=importing.import_jobs_for(self.request.user).filter(kind=self.importer.kind)[:RECENT_JOBS],
        )
        return context

    def form_valid(self, form):
        with transaction.atomic():
            job = importing.import_job_create(
                importer=self.importer, upload=form.cleaned_data["file"], by=self.request.user
            )
            transaction.on_commit(partial(import_validate_task.delay, job.pk))
        return redirect("core:import_job", pk=job.pk)


class ImportTemplateView(PermissionMixin, ImporterMixin, View):
    """The .xlsx template: the header row, an example row, drop-down lists and a sheet of instructions."""

    permission = "core.import"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(importing.build_template(self.importer), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="templat-impor-{self.importer.kind}.xlsx"'
        return response


class ImportJobMixin(PermissionMixin, SingleObjectMixin):
    permission = "core.import"
    context_object_name = "job"

    def get_queryset(self):
        return importing.import_jobs_for(self.request.user)

    def get_object(self, queryset=None):
        if not hasattr(self, "_job"):
            self._job = super().get_object(queryset)
        return self._job


class ImportJobView(ImportJobMixin, DetailView):
    """One import: its progress bar while it runs, then the errors, or the preview and the confirm button."""

    template_name = "core/import_job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        changed = [entry for entry in job.preview if entry["action"] != "unchanged"]
        context.update(
            importer=importing.get_importer(job.kind),
            counts=importing.preview_counts(job.preview),
            changed_rows=changed[:PREVIEW_LIMIT],
            hidden_rows=max(0, len(changed) - PREVIEW_LIMIT),
            bad_lines=len({entry["line"] for entry in job.errors if entry.get("line")}),
        )
        return context


class ImportJobProgressView(ImportJobView):
    """The part of the job page that htmx fetches every second while the job runs."""

    template_name = "core/import_job_status.html"


class ImportConfirmView(ImportJobMixin, View):
    """Confirm a checked import: the rows are written by the worker, in one transaction."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        if importing.import_job_confirm(job=job):
            transaction.on_commit(partial(import_apply_task.delay, job.pk))
        else:
            messages.warning(
                request,
                _("This import cannot be confirmed now: it is “%(status)s”.") % {"status": job.get_status_display()},
            )
        return redirect("core:import_job", pk=job.pk)
