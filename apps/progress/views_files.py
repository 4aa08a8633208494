"""Evidence files, only through these permission-checked views: one file as an attachment (PDF, PNG and JPEG may
also be shown inline, for the viewer on the report page), or every file of a report in one ZIP."""

import io
import zipfile
from pathlib import PurePath

from csp.decorators import csp_replace
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from apps.core.views import PermissionMixin

from . import selectors

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["'self'"]}), name="dispatch")
class EvidenceDownloadView(PermissionMixin, View):
    """`?inline=1` shows a PDF or an image in the page's viewer; anything else is always an attachment."""

    permission = "progress.view"
    http_method_names = ["get"]

    def get(self, request, pk):
        evidence = get_object_or_404(selectors.evidence_for(request.user), pk=pk)
        inline = request.GET.get("inline") == "1" and evidence.content_type in INLINE_TYPES
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        if not inline:
            response["X-Frame-Options"] = "DENY"
        return response


class EvidenceZipView(PermissionMixin, View):
    """Every file of a report in one ZIP, built in memory (the files are at most PROGRESS_EVIDENCE_MAX_MB each)."""

    permission = "progress.view"
    http_method_names = ["get"]

    def get(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        buffer = io.BytesIO()
        used = set()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for evidence in report.evidence.order_by("uploaded_at", "pk"):
                name = _unique(PurePath(evidence.original_name).name or f"{evidence.pk}", used)
                try:
                    with evidence.file.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except FileNotFoundError:
                    continue
        buffer.seek(0)
        indicator = report.indicator
        filename = f"bukti-{indicator.agreement.department.short_name or indicator.agreement.department.code}-"
        filename += f"{indicator.agreement.year}-TW{report.quarter}-{report.pk}.zip"
        response = FileResponse(buffer, as_attachment=True, filename=filename, content_type="application/zip")
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _unique(name: str, used: set) -> str:
    candidate, n = name, 1
    stem, suffix = PurePath(name).stem, PurePath(name).suffix
    while candidate in used:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    used.add(candidate)
    return candidate
