"""The API of the innovation profiles, their workflow and their indicators 16–35 (see the package's docstring)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.agreements.api import Conflict
from apps.agreements.models import AgreementObjective
from apps.agreements.selectors import head_agreements_for
from apps.core.api import FileRenderer, RulePermission
from apps.departments.models import Department

from .. import selectors, services
from ..affairs import AFFAIRS
from ..models import (
    FIRST_INNOVATION_INDICATOR,
    LAST_INNOVATION_INDICATOR,
    Innovation,
    InnovationIndicator,
    InnovationStatus,
    Stage,
)


def _call(service, **kwargs):
    """Run a service and translate its refusals into HTTP answers (PermissionDenied is DRF's 403 already)."""
    try:
        return service(**kwargs)
    except (services.TransitionError, services.ConflictError) as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc


NOT_NOW = OpenApiResponse(description="Not in a state that allows it, or a newer save by someone else.")
LEVEL_HELP = "0–3, or null: not claimed / not verified yet."


def Level(**kwargs):
    return serializers.IntegerField(min_value=0, max_value=3, allow_null=True, help_text=LEVEL_HELP, **kwargs)


# --- Innovations --------------------------------------------------------------------------------------------------
class InnovationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="The index year (set on creation).")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        help_text="Set on creation; the user's own department when left out.",
    )
    main_affair = serializers.ChoiceField(choices=AFFAIRS, required=False, allow_blank=True)
    affairs = serializers.ListField(
        child=serializers.ChoiceField(choices=AFFAIRS), required=False, help_text="Overlapping affairs."
    )
    replicated_from = serializers.PrimaryKeyRelatedField(
        queryset=Innovation.objects.none(), required=False, allow_null=True, help_text="An innovation's id."
    )
    replicated_from_region = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The region an innovation was replicated from (instead of replicated_from).",
    )
    previous_entry = serializers.PrimaryKeyRelatedField(
        queryset=Innovation.objects.none(),
        required=False,
        allow_null=True,
        help_text="The id of this innovation's entry of an earlier index year, when it is carried into this year.",
    )
    budget_file = serializers.SerializerMethodField(help_text="Download URL of the budget file, or null.")
    profile_file = serializers.SerializerMethodField(help_text="Download URL of the business profile file, or null.")
    plan_objective = serializers.PrimaryKeyRelatedField(
        queryset=AgreementObjective.objects.none(),
        required=False,
        allow_null=True,
        help_text="The id of the PK sasaran of the department that the innovation supports.",
    )
    row_version = serializers.IntegerField(
        required=False, help_text="The version you saw; a newer save by someone else answers 409."
    )
    return_notes = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Bappeda's notes of the last return, per field."
    )

    class Meta:
        model = Innovation
        fields = [
            "id",
            "year",
            "name",
            "department",
            "stage",
            "initiator",
            "initiator_name",
            "kind",
            "form",
            "theme",
            "main_affair",
            "affairs",
            "trial_date",
            "implementation_date",
            "design",
            "goals",
            "benefits",
            "results",
            "video_url",
            "replicated_from",
            "replicated_from_region",
            "previous_entry",
            "budget_file",
            "profile_file",
            "plan_objective",
            "status",
            "row_version",
            "return_notes",
        ]
        read_only_fields = ["status"]
        validators: list = []  # the name's uniqueness per department and year: the service's 400

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["replicated_from"].queryset = selectors.innovations_for(request.user)
            self.fields["previous_entry"].queryset = selectors.innovations_for(request.user)
            self.fields["plan_objective"].queryset = AgreementObjective.objects.filter(
                agreement__in=head_agreements_for(request.user)  # a sasaran of a head's PK, not of the cascade
            )
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["year"].read_only = True
            self.fields["department"].read_only = True

    def _file_url(self, innovation: Innovation, which: str) -> str | None:
        if not getattr(innovation, FILES[which]):
            return None
        path = reverse("api-innovation-file", kwargs={"pk": innovation.pk, "which": which})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_budget_file(self, innovation) -> str | None:
        return self._file_url(innovation, "budget")

    def get_profile_file(self, innovation) -> str | None:
        return self._file_url(innovation, "profile")


class InnovationFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="year")
    department = filters.NumberFilter(field_name="department_id", help_text="Department id.")
    status = filters.ChoiceFilter(choices=InnovationStatus.choices)
    stage = filters.ChoiceFilter(choices=Stage.choices)

    class Meta:
        model = Innovation
        fields = ["year", "department", "status", "stage"]


class InnovationVerifySerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class InnovationReturnSerializer(serializers.Serializer):
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='A note per field to correct, at least one: {"design": "…", "indicators": "…"}.',
    )


class InnovationEvidenceSerializer(serializers.Serializer):
    file = serializers.URLField(allow_null=True, read_only=True, help_text="Download URL of the file, or null.")
    url = serializers.CharField(allow_blank=True, required=False, max_length=500)
    text = serializers.CharField(allow_blank=True, required=False)


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A PDF, an image (PNG, JPEG) or an Office document without macros, at most UPLOAD_MAX_MB."
    )


class InnovationIndicatorSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=FIRST_INNOVATION_INDICATOR, max_value=LAST_INNOVATION_INDICATOR)
    claimed_level = Level(required=False)
    verified_level = Level(required=False)
    evidence = InnovationEvidenceSerializer(required=False)


PROFILE = [
    name
    for name in InnovationSerializer.Meta.fields
    if name in services.PROFILE_FIELDS and name not in services.FILE_FIELDS
]
FILES = {"budget": "budget_file", "profile": "profile_file"}
WRITE_PERMISSIONS = {
    "submit": "innovations.submit",
    "verify": "innovations.verify",
    "return_": "innovations.verify",
    "indicators": None,  # per item: claimed levels need innovations.edit, verified ones innovations.verify
    "indicator_evidence": "innovations.edit",
    "files": "innovations.edit",
}
NUMBER = OpenApiParameter("number", int, OpenApiParameter.PATH, description="The indicator, 16–35.")
WHICH = OpenApiParameter(
    "which",
    str,
    OpenApiParameter.PATH,
    enum=list(FILES),
    description="budget: the budget file; profile: the business profile file.",
)
DOWNLOAD = {(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")}


class InnovationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Innovation profiles of an index year. Department staff and the head create and edit their own department's
    innovations in draft or returned, the head submits, Bappeda verifies or returns (a note per field). Verified
    innovations are read by everyone signed in; the others by their department, Bappeda, the mayor's office and
    the Inspektorat."""

    serializer_class = InnovationSerializer
    permission_classes = [RulePermission]
    read_permission = "innovations.view"
    filterset_class = InnovationFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    @property
    def write_permission(self):
        return WRITE_PERMISSIONS.get(self.action, "innovations.edit")

    def get_queryset(self):
        return selectors.innovations_for(self.request.user)

    def _answer(self, innovation: Innovation, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=innovation.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(responses={201: InnovationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        department = data.get("department") or request.user.department
        if department is None:
            raise ValidationError({"department": [serializers.Field.default_error_messages["required"]]})
        innovation = _call(
            services.innovation_create,
            department=department,
            year=data["year"],
            by=request.user,
            **{name: data[name] for name in PROFILE if name in data},
        )
        return self._answer(innovation, status.HTTP_201_CREATED)

    @extend_schema(responses={200: InnovationSerializer, 409: NOT_NOW})
    def update(self, request, *args, **kwargs):
        innovation = self.get_object()
        serializer = self.get_serializer(innovation, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        innovation = _call(
            services.innovation_update,
            innovation=innovation,
            by=request.user,
            row_version=data.get("row_version"),
            **{name: data[name] for name in PROFILE if name in data},
        )
        return self._answer(innovation)

    @extend_schema(responses={204: None, 409: NOT_NOW})
    def destroy(self, request, *args, **kwargs):
        """Delete a draft (kept for the admin to restore); anything submitted is never deleted (409)."""
        _call(services.innovation_delete, innovation=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: InnovationSerializer, 409: NOT_NOW})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    # The workflow
    @extend_schema(request=None, responses={200: InnovationSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(_call(services.innovation_submit, innovation=self.get_object(), by=request.user))

    @extend_schema(request=InnovationVerifySerializer, responses={200: InnovationSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        innovation = self.get_object()
        payload = InnovationVerifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            _call(services.innovation_verify, innovation=innovation, by=request.user, **payload.validated_data)
        )

    @extend_schema(request=InnovationReturnSerializer, responses={200: InnovationSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        innovation = self.get_object()
        payload = InnovationReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            _call(services.innovation_return, innovation=innovation, by=request.user, **payload.validated_data)
        )

    # The indicators 16–35
    def _indicators(self, innovation: Innovation) -> list[dict]:
        rows = {row.number: row for row in InnovationIndicator.objects.filter(innovation=innovation)}
        request = self.request
        answer = []
        for number in range(FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR + 1):
            row = rows.get(number)
            file = None
            if row is not None and row.evidence_file:
                path = reverse("api-innovation-indicator-evidence", kwargs={"pk": innovation.pk, "number": number})
                file = request.build_absolute_uri(path)
            answer.append(
                {
                    "number": number,
                    "claimed_level": row.claimed_level if row else None,
                    "verified_level": row.verified_level if row else None,
                    "evidence": {
                        "file": file,
                        "url": row.evidence_url if row else "",
                        "text": row.evidence_text if row else "",
                    },
                }
            )
        return answer

    def _set_indicators(self, innovation: Innovation, items: list[dict]) -> None:
        user = self.request.user
        for item in items:  # every item is checked before anything is written
            if "verified_level" in item and not user.has_perm("innovations.verify"):
                raise PermissionDenied
            if ("claimed_level" in item or "evidence" in item) and not user.has_perm("innovations.edit"):
                raise PermissionDenied
        current = {row.number: row for row in InnovationIndicator.objects.filter(innovation=innovation)}
        with transaction.atomic():  # all the items or none
            for item in items:
                number = item["number"]
                if "claimed_level" in item or "evidence" in item:
                    evidence = item.get("evidence", {})
                    row = current.get(number)
                    _call(
                        services.indicator_claim,
                        innovation=innovation,
                        number=number,
                        level=item.get("claimed_level", row and row.claimed_level),
                        by=user,
                        **{f"evidence_{key}": evidence[key] for key in ("url", "text") if key in evidence},
                    )
                if "verified_level" in item:
                    _call(
                        services.indicator_verify,
                        innovation=innovation,
                        number=number,
                        level=item["verified_level"],
                        by=user,
                    )

    @extend_schema(methods=["GET"], request=None, responses={200: InnovationIndicatorSerializer(many=True)})
    @extend_schema(
        methods=["PATCH"],
        request=InnovationIndicatorSerializer(many=True),
        responses={200: InnovationIndicatorSerializer(many=True), 409: NOT_NOW},
        description="Set claimed levels and evidence (the department) or verified levels (Bappeda) of the listed "
        "indicators, all or none; a field the role may not set answers 403.",
    )
    @action(detail=True, methods=["get", "patch"], pagination_class=None, filter_backends=[])
    def indicators(self, request, pk=None):
        innovation = self.get_object()
        if request.method == "PATCH":
            payload = InnovationIndicatorSerializer(data=request.data, many=True)
            payload.is_valid(raise_exception=True)
            self._set_indicators(innovation, payload.validated_data)
        return Response(InnovationIndicatorSerializer(self._indicators(innovation), many=True).data)

    @extend_schema(methods=["GET"], parameters=[NUMBER], request=None, responses=DOWNLOAD)
    @extend_schema(
        methods=["POST"],
        parameters=[NUMBER],
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: InnovationIndicatorSerializer, 409: NOT_NOW},
        description="Attach (or replace) the evidence file of the indicator, keeping its claimed level; evidence "
        "changed after verification sends the indicator back to be verified.",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[NUMBER],
        request=None,
        responses={200: InnovationIndicatorSerializer, 409: NOT_NOW},
        description="Remove the evidence file of the indicator.",
    )
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        url_path=r"indicators/(?P<number>\d+)/evidence",
        url_name="indicator-evidence",
        renderer_classes=[JSONRenderer, FileRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def indicator_evidence(self, request, pk=None, number=None):
        innovation = self.get_object()  # another department's unverified innovation: 404
        number = int(number)
        row = InnovationIndicator.objects.filter(innovation=innovation, number=number).first()
        if request.method == "GET":
            if row is None or not row.evidence_file:
                raise Http404
            return _download(row.evidence_file)
        if request.method == "POST":
            payload = FileUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            file = payload.validated_data["file"]
        else:
            file = ""
        _call_with_file(
            "evidence_file",
            services.indicator_claim,
            innovation=innovation,
            number=number,
            level=row.claimed_level if row else None,
            by=request.user,
            evidence_file=file,
        )
        item = next(i for i in self._indicators(innovation) if i["number"] == number)
        return Response(InnovationIndicatorSerializer(item).data)

    @extend_schema(methods=["GET"], parameters=[WHICH], request=None, responses=DOWNLOAD)
    @extend_schema(
        methods=["PUT"],
        parameters=[WHICH],
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: InnovationSerializer, 409: NOT_NOW},
        description="Upload (or replace) the budget or the business profile file of a draft or returned innovation.",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[WHICH],
        request=None,
        responses={200: InnovationSerializer, 409: NOT_NOW},
        description="Remove the budget or the business profile file of a draft or returned innovation.",
    )
    @action(
        detail=True,
        methods=["get", "put", "delete"],
        url_path=r"files/(?P<which>budget|profile)",
        url_name="file",
        renderer_classes=[JSONRenderer, FileRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def files(self, request, pk=None, which=None):
        innovation = self.get_object()
        field = FILES[which]
        if request.method == "GET":
            return _download(getattr(innovation, field))
        if request.method == "PUT":
            payload = FileUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            value = payload.validated_data["file"]
        else:
            value = ""
        innovation = _call_with_file(
            field, services.innovation_update, innovation=innovation, by=request.user, **{field: value}
        )
        return self._answer(innovation)


def _call_with_file(field: str, service, **kwargs):
    """_call, with the error of the model's file field under "file", the name the client sent it by."""
    try:
        return _call(service, **kwargs)
    except ValidationError as exc:
        if isinstance(exc.detail, dict) and field in exc.detail:
            exc.detail["file"] = exc.detail.pop(field)
        raise


def _download(field) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])
