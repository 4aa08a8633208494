"""The RPJMD over the API: everyone reads it; Bappeda and the admin (plans.rpjmd_manage) write every level of it.

`/rpjmd/` is the periods (the detail nests misi → tujuan → sasaran → indicators → targets); `/rpjmd-missions/`,
`/rpjmd-goals/`, `/rpjmd-objectives/` and `/rpjmd-indicators/` (with their yearly `targets`) the levels below.
"""

from rest_framework import serializers

from .. import selectors, services
from ..models import Goal, Mission, Objective, ObjectiveIndicator, ObjectiveTarget, RpjmdPeriod
from .common import PlanItemViewSet, TargetsMixin


# --- The nested shapes of the period's detail ---------------------------------------------------------------------
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
        extra_kwargs = {"start_year": {"validators": []}}  # uniqueness: the service's message
        validators = []


class RpjmdPeriodDetailSerializer(RpjmdPeriodSerializer):
    missions = MissionSerializer(many=True, read_only=True)

    class Meta(RpjmdPeriodSerializer.Meta):
        fields = [*RpjmdPeriodSerializer.Meta.fields, "missions"]


# --- Each level on its own endpoint: with its parent, writable ----------------------------------------------------
class MissionItemSerializer(MissionSerializer):
    class Meta(MissionSerializer.Meta):
        fields = ["id", "period", "number", "text", "goals"]
        validators = []  # uniqueness: the service's message


class GoalItemSerializer(GoalSerializer):
    class Meta(GoalSerializer.Meta):
        fields = ["id", "mission", "code", "text", "objectives"]
        validators = []


class ObjectiveItemSerializer(ObjectiveSerializer):
    class Meta(ObjectiveSerializer.Meta):
        fields = ["id", "goal", "code", "text", "indicators"]
        validators = []


class ObjectiveIndicatorItemSerializer(ObjectiveIndicatorSerializer):
    targets = ObjectiveTargetSerializer(
        many=True, required=False, help_text="One per year of the period; a write replaces them all."
    )

    class Meta(ObjectiveIndicatorSerializer.Meta):
        fields = ["id", "objective", "name", "unit", "polarity", "aggregation", "baseline", "targets"]


class RpjmdItemViewSet(PlanItemViewSet):
    """A level of the RPJMD: everyone reads, Bappeda and the admin write (through `rpjmd_item_save`/`_delete`)."""

    write_permission = "plans.rpjmd_manage"

    def items(self, model):
        return selectors.rpjmd_items(model)

    def save_item(self, item):
        return services.rpjmd_item_save(item=item, by=self.request.user)

    def delete_item(self, item):
        services.rpjmd_item_delete(item=item, by=self.request.user)


class RpjmdViewSet(RpjmdItemViewSet):
    """The region's RPJMD periods; the detail nests misi → tujuan → sasaran → indicators → targets per year. A
    period still used by a Renstra cannot be deleted."""

    model = RpjmdPeriod

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.rpjmd_tree()
        return selectors.rpjmd_periods()

    def get_serializer_class(self):
        return RpjmdPeriodDetailSerializer if self.action == "retrieve" else RpjmdPeriodSerializer


class MissionViewSet(RpjmdItemViewSet):
    """Misi of a period (`?period=`), with the tujuan → sasaran → indicators under them."""

    serializer_class = MissionItemSerializer
    model = Mission
    parent_field = "period"
    filterset_fields = ["period"]
    prefetch = ("goals__objectives__indicators__targets",)


class GoalViewSet(RpjmdItemViewSet):
    """Tujuan of a misi (`?mission=`)."""

    serializer_class = GoalItemSerializer
    model = Goal
    parent_field = "mission"
    filterset_fields = ["mission"]
    prefetch = ("objectives__indicators__targets",)


class ObjectiveViewSet(RpjmdItemViewSet):
    """Sasaran of a tujuan (`?goal=`): what the departments' sasaran strategis point to."""

    serializer_class = ObjectiveItemSerializer
    model = Objective
    parent_field = "goal"
    filterset_fields = ["goal"]
    prefetch = ("indicators__targets",)


class ObjectiveIndicatorViewSet(TargetsMixin, RpjmdItemViewSet):
    """Indicators of a sasaran (`?objective=`) with their target per year: one value, or a band (low–high) for a
    `stabilize` indicator. `targets` replaces them all when given."""

    serializer_class = ObjectiveIndicatorItemSerializer
    model = ObjectiveIndicator
    parent_field = "objective"
    filterset_fields = ["objective"]
    prefetch = ("targets",)

    def replace_children(self, item, rows):
        services.objective_targets_replace(indicator=item, targets=rows, by=self.request.user)
