"""REST API of the reports: queue a report, follow its progress, download it (the same permissions as the pages:
another department's report is 404, the region's report to a department role is 403)."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.core.api import FileRenderer, RulePermission
from apps.departments.models import Department

from . import services
from .models import JobStatus, ReportJob, ReportKind
from .selectors import may_have_report, report_jobs_for


@extend_schema_field({"type": "string", "enum": ReportKind.values})
class KindField(serializers.ChoiceField):
    """The kind as an inline enum: `kind` and `status` are common field names, so no shared schema component."""


@extend_schema_field({"type": "string", "enum": JobStatus.values})
class StatusField(serializers.ChoiceField):
    pass


class ReportJobSerializer(serializers.ModelSerializer):
    kind = KindField(choices=ReportKind.choices, help_text="capaian_xlsx, capaian_pdf or e81_xlsx.")
    status = StatusField(choices=JobStatus.choices, read_only=True, help_text="pending, running, done or failed.")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False, help_text="null: the whole region."
    )
    progress = serializers.IntegerField(read_only=True, help_text="Percent done, 0–100.")
    download_url = serializers.SerializerMethodField(help_text="While the file can be downloaded; else null.")

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "year",
            "department",
            "status",
            "progress",
            "error",
            "filename",
            "created_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = ["error", "filename", "created_at", "finished_at", "expires_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, job) -> str | None:
        if not job.is_available:
            return None
        path = reverse("api-report-download", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reports built in the background. POST {kind, year, department or null} queues one (202); poll it until
    `status` is `done`, then GET its `download_url` (until `expires_at`). Only the requester sees a job."""

    serializer_class = ReportJobSerializer
    permission_classes = [RulePermission]
    read_permission = "reports.view"
    write_permission = "reports.view"  # and the scope of the department (or reports.region), checked on create

    def get_queryset(self):
        return report_jobs_for(self.request.user)

    def get_object(self):
        job = super().get_object()
        if not may_have_report(self.request.user, job.department):
            raise NotFound
        return job

    @extend_schema(responses={202: ReportJobSerializer, 403: OpenApiResponse(description="The region's report.")})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            job = services.report_job_create(
                by=request.user, kind=data["kind"], year=data["year"], department=data.get("department")
            )
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The report file (.xlsx or .pdf)."),
            404: OpenApiResponse(description="Not built (yet), or not yours."),
            410: OpenApiResponse(description="The file has expired."),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, FileRenderer])
    def download(self, request, pk=None):
        job = self.get_object()
        if job.is_expired:
            return Response({"detail": "The file has expired."}, status=status.HTTP_410_GONE)
        if not job.is_available:
            raise NotFound
        try:
            with job.file.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError as error:
            raise Http404 from error
        response = HttpResponse(content, content_type=services.CONTENT_TYPES[job.kind])
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
