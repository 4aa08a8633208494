"""Shared parts of the REST API, and the Excel imports over it."""

import json

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from . import importing, queue
from .fingerprint import cache_key
from .models import ImportJob
from .tasks import import_apply_task, import_validate_task


class FileRenderer(BaseRenderer):
    """A download: the view answers with the file's bytes; an error (a dict) is sent as JSON."""

    media_type = "*/*"  # whatever type a client asks a download for: the file answers with its own
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class PdfRenderer(FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class RulePermission(BasePermission):
    """The page's permissions for the API: `read_permission` for safe methods, `write_permission` for the rest.

    Objects come from the view's scoped queryset and are looked up first, so another department's object is 404.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if request.method not in SAFE_METHODS and lookup and lookup in view.kwargs:
            view.get_object()  # scope first: another department's object is 404, as on the pages
        name = view.read_permission if request.method in SAFE_METHODS else view.write_permission
        return name is None or request.user.has_perm(name)


# --- Excel imports over the API: the same checks, tasks and permissions as the pages ---------------------------
class ImportPermission(BasePermission):
    """Anyone who may import some kind follows import jobs; each kind and job is then checked as on the pages
    (the kind's permission: 403; a job outside the user's permission or target scope: 404)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and importing.can_import(request.user))


class ImportJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "original_name",
            "status",
            "total_rows",
            "processed_rows",
            "percent",
            "errors",
            "preview",
            "message",
            "params",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    target = serializers.IntegerField(
        required=False,
        help_text="The id of the object the import writes into (rpjmd: the period; renstra: the Renstra).",
    )


class ImportStartView(GenericAPIView):
    """Upload an .xlsx file of `kind` (departments, officials, rpjmd, renstra; the last two with `target`): it is
    checked in the background; poll the job, then confirm it. Nothing is written before the confirmation, and
    nothing at all while a row is bad."""

    permission_classes = [ImportPermission]
    parser_classes = [MultiPartParser]
    serializer_class = ImportUploadSerializer

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportJobSerializer})
    def post(self, request, kind):
        from .import_views import import_form

        importer = importing.get_importer(kind)
        if importer is None:
            raise NotFound
        if not request.user.has_perm(importer.permission):
            raise PermissionDenied
        if importer.target_label:
            pk = request.data.get("target")
            if pk and str(pk).isdigit() and not importer.targets_for(request.user).filter(pk=pk).exists():
                raise NotFound  # another department's Renstra, as on the pages
        form = import_form(importer, request.user, data=request.data, files=request.FILES)
        if not form.is_valid():
            raise ValidationError(form.errors)
        with transaction.atomic():
            job = importing.import_job_create(
                importer=importer,
                upload=form.cleaned_data["file"],
                by=request.user,
                target=form.cleaned_data.get("target"),
            )
            queue.enqueue(import_validate_task, job.pk, key=f"import:{job.pk}")
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Import jobs: their progress, every bad row with its line number, or the preview of what will change."""

    permission_classes = [ImportPermission]
    serializer_class = ImportJobSerializer

    def get_queryset(self):
        return importing.import_jobs_for(self.request.user)

    def get_object(self):
        job = super().get_object()
        if not importing.import_job_allowed(self.request.user, job):
            raise NotFound
        return job

    @extend_schema(request=None, responses={202: ImportJobSerializer, 409: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        job = self.get_object()
        if not importing.import_job_confirm(job=job):
            return Response(ImportJobSerializer(job).data, status=status.HTTP_409_CONFLICT)
        queue.enqueue(import_apply_task, job.pk, key=f"import:{job.pk}")
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


# --- Deleted drafts (apps/core/trash.py) ----------------------------------------------------------------------------
class DeletedSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What was deleted, e.g. innovation.")
    pk = serializers.IntegerField(help_text="Its id.")
    label = serializers.CharField()
    department = serializers.CharField()
    deleted_at = serializers.DateTimeField()
    deleted_by = serializers.CharField()


class TrashView(GenericAPIView):
    """Drafts deleted by their departments (the admin only); restore one with POST …/{kind}/{pk}/restore/."""

    permission_classes = [RulePermission]
    read_permission = write_permission = "core.restore"
    serializer_class = DeletedSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(responses=DeletedSerializer(many=True))
    def get(self, request):
        from . import trash

        return Response(DeletedSerializer(trash.deleted(), many=True).data)


class RestoreView(GenericAPIView):
    """Restore a deleted draft (the admin only): 404 when it is not a deleted draft."""

    permission_classes = [RulePermission]
    read_permission = write_permission = "core.restore"
    serializer_class = None
    lookup_field = lookup_url_kwarg = None  # `pk` is the deleted draft's, found by its app's trash module

    @extend_schema(request=None, responses={204: None})
    def post(self, request, kind, pk):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from . import trash
        from .workflow import TransitionError

        module = trash.modules().get(kind)
        if module is None:
            raise NotFound
        try:
            module.restore(pk, request.user)
        except TransitionError as exc:
            raise NotFound(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError({"non_field_errors": exc.messages}) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class FingerprintCachedListMixin:
    """A list endpoint's answer cached until one of the tables it reads changes (apps/core/fingerprint.py: the
    newest audit event of each, one query), per user (their scope), URL (filters, page, host of the page links) and
    language. `list_cache_sources`: every model the answer shows something of, and those the user's scope is read
    from."""

    list_cache_sources: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        return self.cached_list(request, lambda: super(FingerprintCachedListMixin, self).list(request, *args, **kwargs))

    def cached_list(self, request, compute) -> Response:
        """`compute()`'s answer, from the cache while nothing it depends on changed (for a viewset whose own
        `list` does more than DRF's)."""
        location = f"{request.build_absolute_uri()}|{getattr(request, 'accepted_media_type', '')}"  # the links' host
        key = cache_key(f"api:list:{self.basename}", request, self.list_cache_sources, location=location)
        data = cache.get(key)
        if data is not None:
            return Response(data)
        response = compute()
        if response.status_code == status.HTTP_200_OK:
            cache.set(key, response.data, settings.DASHBOARD_CACHE_SECONDS)
        return response
