"""Reads of the plan cascade, scoped to the user who asks.

The RPJMD is the region's: everyone signed in reads it. A Renstra is a department's: the department's head and
staff see only their own, the city-wide roles see all of them. Every lower level of a Renstra (tujuan, sasaran
strategis, indicators, programs…) is scoped through the Renstra it belongs to, so another department's object
answers 404. The `*_tree` loaders fetch a whole plan in a fixed number of queries, however large it is.
"""

from django.db.models import Prefetch, QuerySet, Sum

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

# The path from each level of a Renstra up to the Renstra itself (for scoping and for finding it again).
RENSTRA_PATH = {
    Renstra: "",
    RenstraGoal: "renstra",
    StrategicObjective: "goal__renstra",
    Indicator: "objective__goal__renstra",
    IndicatorTarget: "indicator__objective__goal__renstra",
    Program: "renstra",
    ProgramBudget: "program__renstra",
    Activity: "program__renstra",
    SubActivity: "activity__program__renstra",
}
# The path from each level of the RPJMD up to its period.
RPJMD_PATH = {
    RpjmdPeriod: "",
    Mission: "period",
    Goal: "mission__period",
    Objective: "goal__mission__period",
    ObjectiveIndicator: "objective__goal__mission__period",
    ObjectiveTarget: "indicator__objective__goal__mission__period",
}


# --- RPJMD -------------------------------------------------------------------------------------------------------
def rpjmd_periods() -> QuerySet[RpjmdPeriod]:
    """Every RPJMD period (everyone reads the region's plan), newest first."""
    return RpjmdPeriod.objects.all()


def current_period(year: int) -> RpjmdPeriod | None:
    """The RPJMD period that covers `year`, if any."""
    return RpjmdPeriod.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()


def rpjmd_items(model) -> QuerySet:
    """Rows of one level of the RPJMD (everyone may read them), with their period at hand."""
    path = RPJMD_PATH[model]
    queryset = model.objects.all()
    return queryset.select_related(path) if path else queryset


def period_of(obj) -> RpjmdPeriod:
    """The RPJMD period an object of any level (RPJMD or Renstra) belongs to."""
    if isinstance(obj, RpjmdPeriod):
        return obj
    if type(obj) in RENSTRA_PATH:
        return renstra_of(obj).period
    for part in RPJMD_PATH[type(obj)].split("__"):
        obj = getattr(obj, part)
    return obj


def rpjmd_tree(queryset: QuerySet[RpjmdPeriod] | None = None) -> QuerySet[RpjmdPeriod]:
    """Periods with misi → tujuan → sasaran → indicators → targets prefetched: six queries for the whole plan."""
    queryset = rpjmd_periods() if queryset is None else queryset
    return queryset.prefetch_related(
        Prefetch("missions", queryset=Mission.objects.order_by("number")),
        Prefetch("missions__goals", queryset=Goal.objects.order_by("code")),
        Prefetch("missions__goals__objectives", queryset=Objective.objects.order_by("code")),
        Prefetch("missions__goals__objectives__indicators", queryset=ObjectiveIndicator.objects.order_by("pk")),
        Prefetch("missions__goals__objectives__indicators__targets", queryset=ObjectiveTarget.objects.order_by("year")),
    )


def rpjmd_objectives(period: RpjmdPeriod) -> QuerySet[Objective]:
    """The RPJMD sasaran of a period (what a sasaran strategis of a Renstra of that period may point to)."""
    return Objective.objects.filter(goal__mission__period=period).order_by("code")


# --- Renstra -----------------------------------------------------------------------------------------------------
def renstras_for(user) -> QuerySet[Renstra]:
    queryset = Renstra.objects.select_related("department", "period", "locked_by")
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if user.department_id is None:
        return queryset.none()
    return queryset.filter(department_id=user.department_id)


def renstra_items_for(user, model) -> QuerySet:
    """Rows of one level of a Renstra within the user's scope, with the Renstra (department, period) at hand."""
    path = RENSTRA_PATH[model]
    if not path:
        return renstras_for(user)
    queryset = model.objects.filter(**{f"{path}__in": renstras_for(user)})
    return queryset.select_related(f"{path}__department", f"{path}__period")


def renstra_of(obj) -> Renstra:
    """The Renstra an object of any level of it belongs to."""
    path = RENSTRA_PATH[type(obj)]
    for part in path.split("__") if path else []:
        obj = getattr(obj, part)
    return obj


def renstra_tree(queryset: QuerySet[Renstra]) -> QuerySet[Renstra]:
    """Renstra with tujuan → sasaran strategis (and their RPJMD sasaran) → indicators → targets, and programs →
    budgets, kegiatan → sub kegiatan prefetched: nine queries for a whole plan."""
    return queryset.prefetch_related(
        Prefetch("goals", queryset=RenstraGoal.objects.order_by("code")),
        Prefetch(
            "goals__objectives", queryset=StrategicObjective.objects.select_related("rpjmd_objective").order_by("code")
        ),
        Prefetch("goals__objectives__indicators", queryset=Indicator.objects.order_by("-is_iku", "pk")),
        Prefetch("goals__objectives__indicators__targets", queryset=IndicatorTarget.objects.order_by("year")),
        Prefetch("programs", queryset=Program.objects.select_related("objective").order_by("code")),
        Prefetch("programs__budgets", queryset=ProgramBudget.objects.order_by("year")),
        Prefetch("programs__activities", queryset=Activity.objects.order_by("code")),
        Prefetch("programs__activities__sub_activities", queryset=SubActivity.objects.order_by("code")),
    )


def renstra_budget_totals(renstra: Renstra) -> dict[int, object]:
    """The Renstra's pagu per year, summed over its programs in SQL: {year: total}."""
    rows = (
        ProgramBudget.objects.filter(program__renstra=renstra)
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("year")
    )
    return {row["year"]: row["total"] for row in rows}


def by_year(targets, years) -> list:
    """The targets (or budgets) of a prefetched list in the order of `years`, None where a year has none."""
    found = {target.year: target for target in targets}
    return [found.get(year) for year in years]
