"""REST API of the plan cascade: the same selectors (scoping), services and permissions as the pages.

`/rpjmd/` and `/renstra/` read whole plans (nested on the detail); `/renstra-indicators/` and `/programs/` write the
levels a department edits most, with their yearly targets and budgets. Decimals are strings.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.core.api import RulePermission

from . import selectors, services
from .models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)


def _raise_drf(exc: DjangoValidationError):
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


# --- RPJMD --------------------------------------------------------------------------------------------------------
class ObjectiveTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObjectiveTarget
        fields = ["year", "value", "low", "high"]


class ObjectiveIndicatorSerializer(serializers.ModelSerializer):
    targets = ObjectiveTargetSerializer(many=True, read_only=True)

    class Meta:
        model = ObjectiveIndicator
        fields = ["id", "name", "unit", "polarity", "aggregation", "baseline", "targets"]


class ObjectiveSerializer(serializers.ModelSerializer):
    indicators = ObjectiveIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "code", "text", "indicators"]


class GoalSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "code", "text", "objectives"]


class MissionSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Mission
        fields = ["id", "number", "text", "goals"]


class RpjmdPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = RpjmdPeriod
        fields = ["id", "start_year", "end_year", "vision", "regulation"]


class RpjmdPeriodDetailSerializer(RpjmdPeriodSerializer):
    missions = MissionSerializer(many=True, read_only=True)

    class Meta(RpjmdPeriodSerializer.Meta):
        fields = [*RpjmdPeriodSerializer.Meta.fields, "missions"]


class RpjmdViewSet(viewsets.ReadOnlyModelViewSet):
    """The region's RPJMD periods; the detail nests misi → tujuan → sasaran → indicators → targets per year."""

    permission_classes = [RulePermission]
    read_permission = "plans.view"
    write_permission = "plans.rpjmd_manage"

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.rpjmd_tree()
        return selectors.rpjmd_periods()

    def get_serializer_class(self):
        return RpjmdPeriodDetailSerializer if self.action == "retrieve" else RpjmdPeriodSerializer


# --- Renstra ------------------------------------------------------------------------------------------------------
class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value", "low", "high"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, required=False, help_text="One per year; a write replaces them all.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "objective",
            "name",
            "unit",
            "polarity",
            "aggregation",
            "baseline",
            "weight",
            "is_iku",
            "targets",
        ]


class StrategicObjectiveSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = StrategicObjective
        fields = ["id", "code", "text", "rpjmd_objective", "indicators"]


class RenstraGoalSerializer(serializers.ModelSerializer):
    objectives = StrategicObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = RenstraGoal
        fields = ["id", "code", "text", "objectives"]


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgramBudget
        fields = ["year", "amount"]


class SubActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = SubActivity
        fields = ["id", "code", "name"]


class ActivitySerializer(serializers.ModelSerializer):
    sub_activities = SubActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "code", "name", "sub_activities"]


class ProgramSerializer(serializers.ModelSerializer):
    budgets = BudgetSerializer(many=True, required=False, help_text="One per year; a write replaces them all.")
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = ["id", "renstra", "code", "name", "objective", "budgets", "activities"]


class RenstraSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Renstra
        fields = ["id", "department", "department_name", "period", "is_locked", "locked_at", "locked_by"]
        read_only_fields = ["locked_at", "locked_by"]
        validators = []  # the services check one Renstra per department and period


class RenstraDetailSerializer(RenstraSerializer):
    goals = RenstraGoalSerializer(many=True, read_only=True)
    programs = ProgramSerializer(many=True, read_only=True)

    class Meta(RenstraSerializer.Meta):
        fields = [*RenstraSerializer.Meta.fields, "goals", "programs"]


class RenstraViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Departments' Renstra (a department role: its own). `?department=&period=` filter the list; the detail nests
    tujuan → sasaran strategis → indicators → targets and programs → budgets, kegiatan → sub kegiatan."""

    permission_classes = [RulePermission]
    read_permission = "plans.view"
    write_permission = "plans.renstra_edit"
    filterset_fields = ["department", "period"]

    def get_queryset(self):
        queryset = selectors.renstras_for(self.request.user).order_by("department__code", "-period__start_year")
        if self.action == "retrieve":
            return selectors.renstra_tree(queryset)
        return queryset

    def get_serializer_class(self):
        return RenstraDetailSerializer if self.action == "retrieve" else RenstraSerializer

    def perform_create(self, serializer):
        try:
            serializer.instance = services.renstra_create(
                department=serializer.validated_data["department"],
                period=serializer.validated_data["period"],
                by=self.request.user,
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)

    def _lock(self, request, service):
        renstra = self.get_object()
        if not request.user.has_perm("plans.renstra_lock"):
            self.permission_denied(request)
        try:
            renstra = service(renstra=renstra, by=request.user)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(RenstraSerializer(renstra).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses=RenstraSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        """Bappeda locks the Renstra: nobody changes it until it is unlocked."""
        return self._lock(request, services.renstra_lock)

    @extend_schema(request=None, responses=RenstraSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._lock(request, services.renstra_unlock)


class RenstraItemViewSet(viewsets.ModelViewSet):
    """Shared by the writable levels: scoped reads, writes through the services (refused while locked)."""

    permission_classes = [RulePermission]
    read_permission = "plans.view"
    write_permission = "plans.renstra_edit"
    model = None
    parent_field = ""
    parent_model = None
    children = ""  # the nested list the serializer writes (targets, budgets)

    def get_queryset(self):
        return selectors.renstra_items_for(self.request.user, self.model).order_by("pk")

    def _parent(self, value):
        if not selectors.renstra_items_for(self.request.user, self.parent_model).filter(pk=value.pk).exists():
            raise ValidationError({self.parent_field: ["Unknown or out of your scope."]})
        return value

    def replace_children(self, item, rows):
        raise NotImplementedError

    def _write(self, serializer, item):
        data = dict(serializer.validated_data)
        rows = data.pop(self.children, None)
        for name, value in data.items():
            setattr(item, name, value)
        try:
            with transaction.atomic():
                item = services.renstra_item_save(item=item, by=self.request.user)
                if rows is not None:
                    self.replace_children(item, rows)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        getattr(item, "_prefetched_objects_cache", {}).clear()  # show the targets/budgets just written
        serializer.instance = item

    def perform_create(self, serializer):
        parent = serializer.validated_data.get(self.parent_field)
        if parent is None:
            raise ValidationError({self.parent_field: ["This field is required."]})
        self._parent(parent)
        self._write(serializer, self.model())

    def perform_update(self, serializer):
        item = serializer.instance
        parent = serializer.validated_data.get(self.parent_field)
        if parent is not None and getattr(item, f"{self.parent_field}_id") != parent.pk:
            raise ValidationError({self.parent_field: ["Cannot be moved."]})
        self._write(serializer, item)

    def perform_destroy(self, instance):
        try:
            services.renstra_item_delete(item=instance, by=self.request.user)
        except DjangoValidationError as exc:
            _raise_drf(exc)


class RenstraIndicatorViewSet(RenstraItemViewSet):
    """Indicators of sasaran strategis with their target per year (`targets` replaces them all when given)."""

    serializer_class = IndicatorSerializer
    model = Indicator
    parent_field = "objective"
    parent_model = StrategicObjective
    children = "targets"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("targets")

    def replace_children(self, item, rows):
        services.indicator_targets_replace(indicator=item, targets=rows, by=self.request.user)


class ProgramViewSet(RenstraItemViewSet):
    """Programs of a Renstra with their pagu per year (`budgets` replaces them all when given)."""

    serializer_class = ProgramSerializer
    model = Program
    parent_field = "renstra"
    parent_model = Renstra
    children = "budgets"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("budgets", "activities__sub_activities")

    def replace_children(self, item, rows):
        services.program_budgets_replace(program=item, budgets=rows, by=self.request.user)
