"""REST API of the organisation: the same selectors (scoping), services and permissions as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from apps.core.api import RulePermission
from apps.core.nip import nip_errors, normalize_nip

from . import selectors, services
from .models import (
    POSITION_ECHELONS,
    Assignment,
    AssignmentKind,
    Department,
    Official,
    Position,
    PositionAssignment,
    Region,
)


def _raise_drf(exc: DjangoValidationError):
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "short_name", "kind", "is_active"]


class OfficialSerializer(serializers.ModelSerializer):
    department = serializers.SerializerMethodField(help_text="Id of the department of the current assignment.")

    class Meta:
        model = Official
        fields = ["id", "nip", "name", "rank", "echelon", "department", "is_active"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_department(self, official) -> int | None:
        current = getattr(official, "current_assignments", None)
        return current[0].department_id if current else None

    def validate_nip(self, value):
        nip = normalize_nip(value)
        errors = nip_errors(nip)
        if errors:
            raise ValidationError(errors)
        return nip


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "official",
            "department",
            "kind",
            "position_title",
            "start_date",
            "end_date",
            "sk_number",
            "sk_date",
        ]
        read_only_fields = ["end_date"]
        validators = []  # the services check the one-definitive-head rule against the whole move


class AssignmentEndSerializer(serializers.Serializer):
    end_date = serializers.DateField()


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["name", "seat", "code", "head_title", "head_name", "time_zone"]


class DepartmentViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Departments (Perangkat Daerah). A department's head and staff see only their own; the admin edits."""

    serializer_class = DepartmentSerializer
    permission_classes = [RulePermission]
    read_permission = "departments.view"
    write_permission = "departments.manage"
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return selectors.departments_for(self.request.user).order_by("code")


class OfficialViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Officials with the department they head now. A department role sees those of its own department."""

    serializer_class = OfficialSerializer
    permission_classes = [RulePermission]
    read_permission = "officials.view"
    write_permission = "officials.manage"
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "nip"]

    def get_queryset(self):
        return selectors.officials_with_current_assignment(self.request.user).order_by("name", "pk")


class AssignmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Who heads which department when. Creating one moves the official: assignments still open on its start date
    end the day before, in one transaction. The admin and the mayor's office assign."""

    serializer_class = AssignmentSerializer
    permission_classes = [RulePermission]
    read_permission = "officials.view"
    write_permission = "officials.assign"

    def get_queryset(self):
        return selectors.assignments_for(self.request.user).order_by("-start_date", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        official = selectors.officials_for(self.request.user).filter(pk=data["official"].pk).first()
        if official is None:
            raise ValidationError({"official": ["Unknown official."]})
        try:
            serializer.instance = services.official_move(
                official=official,
                to_department=data["department"],
                start_date=data["start_date"],
                sk_number=data["sk_number"],
                sk_date=data["sk_date"],
                kind=data.get("kind", AssignmentKind.DEFINITIVE),
                position_title=data.get("position_title", ""),
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)

    @extend_schema(request=AssignmentEndSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        payload = AssignmentEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.assignment_end(assignment=assignment, end_date=payload.validated_data["end_date"])
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_200_OK)


class RegionViewSet(viewsets.GenericViewSet):
    """The region this installation serves (one). Every signed-in user reads it; the admin edits it."""

    serializer_class = RegionSerializer
    queryset = Region.objects.filter(pk=1)  # for the schema; get_object gives the one region
    pagination_class = None  # one object, not a list
    permission_classes = [RulePermission]
    read_permission = None
    write_permission = "departments.region_manage"

    def get_object(self):
        return Region.objects.filter(pk=1).first() or Region(pk=1)

    @extend_schema(responses={200: RegionSerializer, 404: OpenApiResponse(description="Not set up yet.")})
    def retrieve(self, request):
        region = Region.objects.filter(pk=1).first()
        if region is None:
            raise NotFound(_("The region is not set up yet: the administrator enters it."))
        return Response(self.get_serializer(region).data)

    @extend_schema(request=RegionSerializer, responses=RegionSerializer)
    def put(self, request):
        serializer = self.get_serializer(self.get_object(), data=request.data)
        serializer.is_valid(raise_exception=True)
        region = self.get_object()
        for name, value in serializer.validated_data.items():
            setattr(region, name, value)
        try:
            services.region_save(region=region)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(self.get_serializer(region).data)


# --- Positions below the head (the cascade) ----------------------------------------------------------------------
REFUSED = OpenApiResponse(description="Refused by a rule of the structure (explained per field).")


class PositionHolderSerializer(serializers.Serializer):
    official = serializers.IntegerField(help_text="Official id.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AssignmentKind.choices)


class PositionSerializer(serializers.ModelSerializer):
    superior = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(),
        allow_null=True,
        required=False,
        help_text="Id of the eselon III position an eselon IV position reports to; null for eselon III.",
    )
    current_holder = serializers.SerializerMethodField(
        help_text="Who holds the position today: the definitive holder, else a Plt, else a Plh; null when vacant."
    )

    class Meta:
        model = Position
        fields = ["id", "department", "name", "kind", "echelon", "superior", "order", "is_active", "current_holder"]
        validators = []  # the services check the structure (and the unique name) and explain it

    @extend_schema_field(PositionHolderSerializer(allow_null=True))
    def get_current_holder(self, position) -> dict | None:
        holders = selectors.current_holders(position) if hasattr(position, "current_assignments") else []
        if not holders:
            return None
        holder = holders[0]
        return {"official": holder.official_id, "name": holder.official.name, "kind": holder.kind}


class PositionFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id", help_text="Department id.")
    echelon = django_filters.ChoiceFilter(choices=[(e.value, e.label) for e in POSITION_ECHELONS])
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Position
        fields = ["department", "echelon", "is_active"]


class PositionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Positions below the head (eselon III and IV) with who holds them today. Everyone reads the positions of the
    departments they see (a department's roles and officials: their own); the administrator keeps the structure.
    A position with positions under it, holders or PKs is not deleted but deactivated."""

    serializer_class = PositionSerializer
    permission_classes = [RulePermission]
    read_permission = "positions.view"
    write_permission = "positions.manage"
    filterset_class = PositionFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.positions_with_current_holders(self.request.user).order_by("department__code", "order", "pk")

    def _fresh(self, position: Position) -> Position:
        return self.get_queryset().get(pk=position.pk)

    def _save(self, position: Position) -> Position:
        if not selectors.departments_for(self.request.user).filter(pk=position.department_id).exists():
            raise ValidationError({"department": [_("Unknown department.")]})
        try:
            services.position_save(position=position)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return self._fresh(position)

    @extend_schema(responses={201: PositionSerializer, 400: REFUSED})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self._save(Position(**serializer.validated_data))

    @extend_schema(responses={200: PositionSerializer, 400: REFUSED})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(responses={200: PositionSerializer, 400: REFUSED})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        position = Position.objects.get(pk=serializer.instance.pk)
        for name, value in serializer.validated_data.items():
            setattr(position, name, value)
        serializer.instance = self._save(position)

    @extend_schema(responses={204: None, 400: REFUSED})
    def destroy(self, request, pk=None):
        position = self.get_object()
        try:
            services.position_delete(position=position)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: PositionSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        position = Position.objects.get(pk=self.get_object().pk)
        try:
            services.position_deactivate(position=position)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(self.get_serializer(self._fresh(position)).data)


class PositionAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PositionAssignment
        fields = ["id", "official", "position", "kind", "start_date", "end_date", "sk_number", "sk_date"]
        validators = []  # the services check the one-definitive-holder rule and explain who holds the position


class PositionAssignmentFilter(django_filters.FilterSet):
    position = django_filters.NumberFilter(field_name="position_id", help_text="Position id.")
    official = django_filters.NumberFilter(field_name="official_id", help_text="Official id.")

    class Meta:
        model = PositionAssignment
        fields = ["position", "official"]


class PositionAssignmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Who holds which position when (definitive, Plt, Plh; kept forever). A definitive assignment moves the
    official (their definitive assignment to another position still open ends the day before). The administrator
    and the mayor's office assign and end assignments."""

    serializer_class = PositionAssignmentSerializer
    permission_classes = [RulePermission]
    read_permission = "positions.view"
    write_permission = "positions.assign"
    filterset_class = PositionAssignmentFilter

    def get_queryset(self):
        return selectors.position_assignments_for(self.request.user).order_by("-start_date", "-pk")

    @extend_schema(responses={201: PositionAssignmentSerializer, 400: REFUSED})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        position = selectors.positions_for(self.request.user).filter(pk=data["position"].pk).first()
        if position is None:
            raise ValidationError({"position": [_("Unknown position.")]})
        official = selectors.officials_for(self.request.user).filter(pk=data["official"].pk).first()
        if official is None:
            raise ValidationError({"official": [_("Unknown official.")]})
        try:
            serializer.instance = services.position_assign(
                position=position,
                official=official,
                kind=data.get("kind", AssignmentKind.DEFINITIVE),
                start_date=data["start_date"],
                end_date=data.get("end_date"),
                sk_number=data["sk_number"],
                sk_date=data["sk_date"],
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)

    @extend_schema(request=AssignmentEndSerializer, responses={200: PositionAssignmentSerializer, 400: REFUSED})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        payload = AssignmentEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.position_assignment_end(assignment=assignment, end_date=payload.validated_data["end_date"])
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(PositionAssignmentSerializer(assignment).data, status=status.HTTP_200_OK)
