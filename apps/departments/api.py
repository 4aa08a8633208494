"""REST API of the organisation: the same selectors (scoping), services and permissions as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import filters, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from apps.core.api import RulePermission
from apps.core.nip import nip_errors, normalize_nip

from . import selectors, services
from .models import Assignment, AssignmentKind, Department, Official, Region


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
