"""Pages of the Excel imports: upload (with the template to download), the job with its progress, confirm.

Each kind names its permission (departments and officials: `core.import`, admins; the RPJMD: Bappeda; a Renstra:
its department or Bappeda). A kind with a target (the RPJMD period, the Renstra) offers the user's own targets on
the page (`?target=<pk>` preselects one). A job of master data is seen by every admin (they share the work of
keeping it); other jobs by their uploader only, and only while the import's permission and target are still theirs:
anyone else gets 404 for it.
"""

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

from . import importing, queue
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


def import_form(importer: importing.Importer, user, *args, **kwargs) -> ImportUploadForm:
    """The upload form; with a `target` field for an importer that writes into one object the user chooses."""
    form = ImportUploadForm(*args, **kwargs)
    if importer.target_label:
        form.fields["target"] = TargetField(
            queryset=importer.targets_for(user), label=importer.target_label, importer=importer
        )
        form.order_fields(["target", "file"])
    form.fields.update(importer.param_fields())
    return form


class TargetField(forms.ModelChoiceField):
    """The object an import writes into; one that refuses imports (a locked Renstra) says why."""

    def __init__(self, *args, importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer

    def validate(self, value):
        super().validate(value)
        refusal = self.importer.target_refusal(value) if value is not None else None
        if refusal:
            raise forms.ValidationError(refusal)


class ImporterMixin:
    @cached_property
    def importer(self) -> importing.Importer:
        importer = importing.get_importer(self.kwargs["kind"])
        if importer is None:
            raise Http404
        return importer

    @property
    def permission(self) -> str:
        return self.importer.permission

    def chosen_target(self):
        """The target named by ?target=<pk> (404 outside the user's scope); None when not named."""
        if not self.importer.target_label:
            return None
        pk = self.request.GET.get("target")
        if not pk:
            return None
        if not pk.isdigit():
            raise Http404
        target = self.importer.targets_for(self.request.user).filter(pk=pk).first()
        if target is None:
            raise Http404
        return target


class ImportView(ImporterMixin, PermissionMixin, FormView):
    """The import page: what the file must hold, the template, the upload, the recent imports of this kind."""

    template_name = "core/import_start.html"

    def get_form(self, form_class=None):
        return import_form(self.importer, self.request.user, **self.get_form_kwargs())

    def get_initial(self):
        target = self.chosen_target()
        return {"target": target} if target else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target = self.chosen_target()
        if target is None and self.importer.target_label:
            target = self.importer.targets_for(self.request.user).first()
        if target is not None:
            self.importer.set_target(target)  # the year columns of the page and of the template follow it
        context.update(
            importer=self.importer,
            target=target,
            upload_max_mb=settings.UPLOAD_MAX_MB,
            jobs=importing.import_jobs_for(self.request.user).filter(kind=self.importer.kind)[:RECENT_JOBS],
        )
        return context

    def form_valid(self, form):
        with transaction.atomic():
            job = importing.import_job_create(
                importer=self.importer,
                upload=form.cleaned_data["file"],
                by=self.request.user,
                target=form.cleaned_data.get("target"),
                params={name: form.cleaned_data[name] for name in self.importer.param_fields()},
            )
            queue.enqueue(import_validate_task, job.pk, key=f"import:{job.pk}")
        return redirect("core:import_job", pk=job.pk)


class ImportTemplateView(ImporterMixin, PermissionMixin, View):
    """The .xlsx template: the header row, an example row, drop-down lists and a sheet of instructions.

    For an importer with a target, the template is that of `?target=<pk>` (by default the user's first one): the
    year columns are those of its period."""

    def get(self, request, *args, **kwargs):
        target = self.chosen_target()
        if target is None and self.importer.target_label:
            target = self.importer.targets_for(request.user).first()
            if target is None:
                raise Http404
        if target is not None:
            self.importer.set_target(target)
        response = HttpResponse(importing.build_template(self.importer), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="templat-impor-{self.importer.kind}.xlsx"'
        return response


class ImportJobMixin(PermissionMixin, SingleObjectMixin):
    """A job the user may follow: from `import_jobs_for`, and still within the import's permission and target
    scope (404 otherwise: a job is nothing of theirs once its Renstra is no longer their department's)."""

    permission = None  # checked per job, as 404
    context_object_name = "job"

    def get_queryset(self):
        return importing.import_jobs_for(self.request.user)

    def get_object(self, queryset=None):
        if not hasattr(self, "_job"):
            job = super().get_object(queryset)
            if not importing.import_job_allowed(self.request.user, job):
                raise Http404
            self._job = job
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
            target=importing.import_job_target(job),
            counts=importing.preview_counts(job.preview),
            changed_rows=changed[:PREVIEW_LIMIT],
            hidden_rows=max(0, len(changed) - PREVIEW_LIMIT),
            bad_lines=len({entry["line"] for entry in job.errors if entry.get("line")}),
            queue_waiting=job.is_running and queue.waiting(f"import:{job.pk}"),
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
            queue.enqueue(import_apply_task, job.pk, key=f"import:{job.pk}")
        else:
            messages.warning(
                request,
                _("This import cannot be confirmed now: it is “%(status)s”.") % {"status": job.get_status_display()},
            )
        return redirect("core:import_job", pk=job.pk)
