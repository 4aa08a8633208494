"""The PK as a document: the PDF, the scan of the signed paper, the public verification page, the deadlines."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from apps.core.forms import DateInput
from apps.core.views import PermissionMixin

from . import deadlines, document, scans, selectors
from .models import Agreement, AgreementStatus
from .permissions import may_review


def _agreements_for(user) -> QuerySet[Agreement]:
    """The agreements a user may see (apps/agreements/selectors.py: an official only their own line)."""
    return selectors.agreements_for(user)


class AgreementPdfView(PermissionMixin, SingleObjectMixin, View):
    """The PK in the official format, as a PDF download."""

    permission = "agreements.view"

    def get_queryset(self):
        return _agreements_for(self.request.user)

    def get(self, request, pk):
        agreement = self.get_object()
        response = HttpResponse(document.document_bytes(agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.document_filename(agreement)}"'
        return response


class ScanForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Scan of the signed PK (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        errors = scans.scan_errors(upload)
        if errors:
            raise ValidationError(errors)
        return upload


class AgreementScanView(PermissionMixin, SingleObjectMixin, FormView):
    """The mayor's office attaches the scan of the signed paper (only to a signed PK)."""

    permission = "agreements.review"
    form_class = ScanForm
    template_name = "agreements/scan_form.html"

    def get_queryset(self):
        return _agreements_for(self.request.user).filter(status=AgreementStatus.SIGNED)

    def get(self, request, *args, **kwargs):
        self._refuse_unless_reviewer()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._refuse_unless_reviewer()
        return super().post(request, *args, **kwargs)

    def _refuse_unless_reviewer(self):
        """The mayor's office for a head's PK, the superior for one of the cascade."""
        if not may_review(self.request.user, self.get_object()):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        self.object = self.get_object()
        return super().get_context_data(upload_max_mb=settings.UPLOAD_MAX_MB, **kwargs)

    def form_valid(self, form):
        agreement = self.get_object()
        try:
            scans.agreement_scan_attach(agreement=agreement, by=self.request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The scan of the signed PK is stored."))
        return redirect("agreement_documents:scan", pk=agreement.pk)


class AgreementScanDownloadView(PermissionMixin, SingleObjectMixin, View):
    """The stored scan, to whoever may see the PK (uploaded files are never served from disk directly)."""

    permission = "agreements.view"

    def get_queryset(self):
        return _agreements_for(self.request.user)

    def get(self, request, pk):
        agreement = self.get_object()
        if not agreement.signed_scan:
            raise Http404
        try:
            handle = agreement.signed_scan.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        filename = f"PK-{agreement.year}-{agreement.department.short_name}-v{agreement.version}-signed.pdf"
        return FileResponse(
            handle, as_attachment=True, filename=filename.replace(" ", "_"), content_type="application/pdf"
        )


def verify(request, token):
    """Public (no sign-in): only that this version exists, who signed it when, and the document's SHA-256."""
    agreement = (
        Agreement.all_levels.filter(verification_token=token, status=AgreementStatus.SIGNED)
        .select_related("department")
        .only(
            "year",
            "version",
            "signed_on",
            "first_party_name",
            "second_party_name",
            "document_sha256",
            "department__name",
        )
        .first()
    )
    return render(request, "agreements/verify.html", {"agreement": agreement}, status=200 if agreement else 404)


class DeadlineForm(forms.Form):
    dpa_date = forms.DateField(label=gettext_lazy("DPA ratified on"), widget=DateInput())


class DeadlineView(PermissionMixin, FormView):
    """The mayor's office: the year's DPA date (the deadline follows a month later) and who is late."""

    permission = "agreements.region_review"
    form_class = DeadlineForm
    template_name = "agreements/deadlines.html"

    def get_year(self) -> int:
        try:
            return int(self.request.GET.get("year") or self.request.POST.get("year"))
        except (TypeError, ValueError):
            return timezone.localdate().year

    def get_initial(self):
        return {"dpa_date": deadlines.dpa_date_for(self.get_year())}

    def get_context_data(self, **kwargs):
        year, today = self.get_year(), timezone.localdate()
        deadline = deadlines.deadline_for(year)
        rows = list(deadlines.departments_by_deadline(year=year))
        for row in rows:
            row.is_late = row.signed_on is None and today > deadline
        return super().get_context_data(
            year=year,
            years=range(today.year - 2, today.year + 2),
            deadline=deadline,
            is_past=today > deadline,
            rows=rows,
            late_count=sum(row.is_late for row in rows),
            **kwargs,
        )

    def form_valid(self, form):
        year = self.get_year()
        deadlines.deadline_set(year=year, dpa_date=form.cleaned_data["dpa_date"], by=self.request.user)
        messages.success(
            self.request,
            _("The DPA date of %(year)s is saved; the PK deadline is %(date)s.")
            % {"year": year, "date": formats.date_format(deadlines.deadline_for(year))},
        )
        return redirect(f"{self.request.path}?year={year}")
