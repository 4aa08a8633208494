"""The departments' Renstra over the API: a department role reads and writes its own (another's answers 404),
Bappeda any; the city-wide roles read. A locked Renstra refuses every change until Bappeda unlocks it.

`/renstra/` is the plans themselves (create, delete, lock, unlock; the detail nests the whole plan); the levels
under it each have their endpoint: `/renstra-goals/`, `/strategic-objectives/`, `/renstra-indicators/` (with their
yearly `targets`), `/programs/` (with their yearly `budgets`), `/activities/` and `/sub-activities/`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import RulePermission
from apps.departments.selectors import departments_for

from .. import selectors, services
from ..models import (
    Activity,
    Indicator,
    IndicatorTarget,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    StrategicObjective,
    SubActivity,
)
from .common import PlanItemViewSet, TargetsMixin, raise_validation_error


# --- The nested shapes of the Renstra's detail --------------------------------------------------------------------
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
        validators = []  # uniqueness: the service's message


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


# --- Each level on its own endpoint: with its parent, writable ----------------------------------------------------
class RenstraGoalItemSerializer(RenstraGoalSerializer):
    class Meta(RenstraGoalSerializer.Meta):
        fields = ["id", "renstra", "code", "text", "objectives"]
        validators = []  # uniqueness: the service's message


class StrategicObjectiveItemSerializer(StrategicObjectiveSerializer):
    class Meta(StrategicObjectiveSerializer.Meta):
        fields = ["id", "goal", "code", "text", "rpjmd_objective", "indicators"]
        validators = []
        extra_kwargs = {"rpjmd_objective": {"help_text": "An RPJMD sasaran of the Renstra's period."}}


class ActivityItemSerializer(ActivitySerializer):
    class Meta(ActivitySerializer.Meta):
        fields = ["id", "program", "code", "name", "sub_activities"]
        validators = []
        extra_kwargs = {"code": {"help_text": "U.BB.PP.L.KK, starting with the program's code (1.01.02.2.01)."}}


class SubActivityItemSerializer(SubActivitySerializer):
    class Meta(SubActivitySerializer.Meta):
        fields = ["id", "activity", "code", "name"]
        validators = []
        extra_kwargs = {
            "code": {"help_text": "U.BB.PP.L.KK.SSSS, starting with the kegiatan's code (1.01.02.2.01.0001)."}
        }


# --- The plans themselves -----------------------------------------------------------------------------------------
class RenstraViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Departments' Renstra (a department role: its own). `?department=&period=` filter the list; the detail nests
    tujuan → sasaran strategis → indicators → targets and programs → budgets, kegiatan → sub kegiatan. A department
    creates its own (Bappeda any); a locked Renstra cannot be deleted."""

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

    def get_serializer(self, *args, **kwargs):
        """Only a department the user may plan for (a department role: its own) can be chosen, as on the page."""
        serializer = super().get_serializer(*args, **kwargs)
        if not kwargs.get("many"):
            serializer.fields["department"].queryset = departments_for(self.request.user).filter(is_active=True)
        return serializer

    def perform_create(self, serializer):
        try:
            serializer.instance = services.renstra_create(
                department=serializer.validated_data["department"],
                period=serializer.validated_data["period"],
                by=self.request.user,
            )
        except DjangoValidationError as exc:
            raise_validation_error(exc)

    def perform_destroy(self, instance):
        try:
            services.renstra_delete(renstra=instance, by=self.request.user)
        except DjangoValidationError as exc:
            raise_validation_error(exc)

    def _lock(self, request, service):
        renstra = self.get_object()
        if not request.user.has_perm("plans.renstra_lock"):
            self.permission_denied(request)
        try:
            renstra = service(renstra=renstra, by=request.user)
        except DjangoValidationError as exc:
            raise_validation_error(exc)
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


# --- The levels under them ----------------------------------------------------------------------------------------
class RenstraItemViewSet(PlanItemViewSet):
    """A level of a Renstra: scoped reads, writes through `renstra_item_save`/`_delete` (refused while locked)."""

    write_permission = "plans.renstra_edit"

    def items(self, model):
        return selectors.renstra_items_for(self.request.user, model)

    def save_item(self, item):
        return services.renstra_item_save(item=item, by=self.request.user)

    def delete_item(self, item):
        services.renstra_item_delete(item=item, by=self.request.user)


class RenstraGoalViewSet(RenstraItemViewSet):
    """Tujuan of a Renstra (`?renstra=`), with the sasaran strategis → indicators → targets under them."""

    serializer_class = RenstraGoalItemSerializer
    model = RenstraGoal
    parent_field = "renstra"
    filterset_fields = ["renstra"]
    prefetch = ("objectives__rpjmd_objective", "objectives__indicators__targets")


class StrategicObjectiveViewSet(RenstraItemViewSet):
    """Sasaran strategis of a tujuan (`?goal=`), each pointing to an RPJMD sasaran of the Renstra's period."""

    serializer_class = StrategicObjectiveItemSerializer
    model = StrategicObjective
    parent_field = "goal"
    filterset_fields = ["goal"]
    prefetch = ("indicators__targets",)


class RenstraIndicatorViewSet(TargetsMixin, RenstraItemViewSet):
    """Indicators of sasaran strategis (`?objective=`) with their target per year (`targets` replaces them all
    when given)."""

    serializer_class = IndicatorSerializer
    model = Indicator
    parent_field = "objective"
    filterset_fields = ["objective"]
    prefetch = ("targets",)

    def replace_children(self, item, rows):
        services.indicator_targets_replace(indicator=item, targets=rows, by=self.request.user)


class ProgramViewSet(RenstraItemViewSet):
    """Programs of a Renstra (`?renstra=`) with their pagu per year (`budgets` replaces them all when given)."""

    serializer_class = ProgramSerializer
    model = Program
    parent_field = "renstra"
    scoped_links = ("objective",)
    children = "budgets"
    filterset_fields = ["renstra"]
    prefetch = ("budgets", "activities__sub_activities")

    def replace_children(self, item, rows):
        services.program_budgets_replace(program=item, budgets=rows, by=self.request.user)


class ActivityViewSet(RenstraItemViewSet):
    """Kegiatan of a program (`?program=`): the code is U.BB.PP.L.KK and starts with the program's code."""

    serializer_class = ActivityItemSerializer
    model = Activity
    parent_field = "program"
    filterset_fields = ["program"]
    prefetch = ("sub_activities",)


class SubActivityViewSet(RenstraItemViewSet):
    """Sub kegiatan of a kegiatan (`?activity=`): the code is U.BB.PP.L.KK.SSSS and starts with the kegiatan's."""

    serializer_class = SubActivityItemSerializer
    model = SubActivity
    parent_field = "activity"
    filterset_fields = ["activity"]
