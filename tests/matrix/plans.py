"""Issue 4: the plan cascade (RPJMD, Renstra): pages and API."""

from tests.factories_plans import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveTargetFactory,
    ProgramBudgetFactory,
    ProgramFactory,
    RenstraFactory,
    RpjmdPeriodFactory,
    SubActivityFactory,
)

from . import ADMIN, BAPPEDA, HEAD, STAFF, everyone, only

RPJMD_EDITORS = {ADMIN, BAPPEDA}
RENSTRA_EDITORS = {HEAD, STAFF, BAPPEDA}


def objects(shared):
    period = RpjmdPeriodFactory()
    rpjmd_target = ObjectiveTargetFactory(indicator__objective__goal__mission__period=period)
    renstra = RenstraFactory(department=shared["own_department"], period=period)
    target = IndicatorTargetFactory(indicator__objective__goal__renstra=renstra)
    budget = ProgramBudgetFactory(program__renstra=renstra)
    sub = SubActivityFactory(activity=ActivityFactory(program=budget.program))
    other_renstra = RenstraFactory(department=shared["other_department"], period=period)
    other_indicator = IndicatorFactory(objective__goal__renstra=other_renstra)
    other_sub = SubActivityFactory(activity__program__renstra=other_renstra)
    shared.update(
        period=period,
        rpjmd_indicator=rpjmd_target.indicator,
        rpjmd_objective=rpjmd_target.indicator.objective,
        rpjmd_goal=rpjmd_target.indicator.objective.goal,
        rpjmd_mission=rpjmd_target.indicator.objective.goal.mission,
        rpjmd_target=rpjmd_target,
        renstra=renstra,
        renstra_objective=target.indicator.objective,
        renstra_indicator=target.indicator,
        renstra_target=target,
        program=budget.program,
        sub_activity=sub,
        other_renstra=other_renstra,
        other_indicator=other_indicator,
        other_program=ProgramFactory(renstra=other_renstra),
        other_sub_activity=other_sub,
    )


def _period(o):
    return {"pk": o["period"].pk}


def _renstra(o):
    return {"pk": o["renstra"].pk}


EXPECTED = {
    # RPJMD: everyone reads, Bappeda (and the admin) edit
    "plans:rpjmd_list": (None, everyone(200)),
    "plans:rpjmd_detail": (_period, everyone(200)),
    "plans:rpjmd_create": (None, only(RPJMD_EDITORS)),
    "plans:rpjmd_update": (_period, only(RPJMD_EDITORS)),
    "plans:rpjmd_delete": (_period, only(RPJMD_EDITORS)),
    "plans:rpjmd_item_create": (
        lambda o: {"kind": "indicator", "parent": o["rpjmd_objective"].pk},
        only(RPJMD_EDITORS),
    ),
    "plans:rpjmd_item_update": (lambda o: {"kind": "target", "pk": o["rpjmd_target"].pk}, only(RPJMD_EDITORS)),
    "plans:rpjmd_item_delete": (lambda o: {"kind": "indicator", "pk": o["rpjmd_indicator"].pk}, only(RPJMD_EDITORS)),
    # Renstra: everyone reads (a department its own), the department and Bappeda edit, Bappeda locks
    "plans:renstra_list": (None, everyone(200)),
    "plans:renstra_detail": (_renstra, everyone(200)),
    "plans:renstra_create": (None, only(RENSTRA_EDITORS)),
    "plans:renstra_delete": (_renstra, only(RENSTRA_EDITORS)),
    "plans:renstra_lock": (_renstra, only({BAPPEDA})),
    "plans:renstra_unlock": (_renstra, only({BAPPEDA})),
    "plans:renstra_item_create": (
        lambda o: {"kind": "indicator", "parent": o["renstra_objective"].pk},
        only(RENSTRA_EDITORS),
    ),
    "plans:renstra_item_update": (lambda o: {"kind": "target", "pk": o["renstra_target"].pk}, only(RENSTRA_EDITORS)),
    "plans:renstra_item_delete": (
        lambda o: {"kind": "sub_activity", "pk": o["sub_activity"].pk},
        only(RENSTRA_EDITORS),
    ),
    # API
    "api-rpjmd-list": (None, everyone(200, anonymous=401)),
    "api-rpjmd-detail": (_period, everyone(200, anonymous=401)),
    "api-renstra-list": (None, everyone(200, anonymous=401)),
    "api-renstra-detail": (_renstra, everyone(200, anonymous=401)),
    "api-renstra-lock": (_renstra, everyone(405, anonymous=401)),
    "api-renstra-unlock": (_renstra, everyone(405, anonymous=401)),
    "api-rpjmd-mission-list": (None, everyone(200, anonymous=401)),
    "api-rpjmd-mission-detail": (lambda o: {"pk": o["rpjmd_mission"].pk}, everyone(200, anonymous=401)),
    "api-rpjmd-goal-list": (None, everyone(200, anonymous=401)),
    "api-rpjmd-goal-detail": (lambda o: {"pk": o["rpjmd_goal"].pk}, everyone(200, anonymous=401)),
    "api-rpjmd-objective-list": (None, everyone(200, anonymous=401)),
    "api-rpjmd-objective-detail": (lambda o: {"pk": o["rpjmd_objective"].pk}, everyone(200, anonymous=401)),
    "api-rpjmd-indicator-list": (None, everyone(200, anonymous=401)),
    "api-rpjmd-indicator-detail": (lambda o: {"pk": o["rpjmd_indicator"].pk}, everyone(200, anonymous=401)),
    "api-renstra-goal-list": (None, everyone(200, anonymous=401)),
    "api-renstra-goal-detail": (lambda o: {"pk": o["renstra_objective"].goal_id}, everyone(200, anonymous=401)),
    "api-strategic-objective-list": (None, everyone(200, anonymous=401)),
    "api-strategic-objective-detail": (lambda o: {"pk": o["renstra_objective"].pk}, everyone(200, anonymous=401)),
    "api-renstra-indicator-list": (None, everyone(200, anonymous=401)),
    "api-renstra-indicator-detail": (lambda o: {"pk": o["renstra_indicator"].pk}, everyone(200, anonymous=401)),
    "api-program-list": (None, everyone(200, anonymous=401)),
    "api-program-detail": (lambda o: {"pk": o["program"].pk}, everyone(200, anonymous=401)),
    "api-activity-list": (None, everyone(200, anonymous=401)),
    "api-activity-detail": (lambda o: {"pk": o["sub_activity"].activity_id}, everyone(200, anonymous=401)),
    "api-sub-activity-list": (None, everyone(200, anonymous=401)),
    "api-sub-activity-detail": (lambda o: {"pk": o["sub_activity"].pk}, everyone(200, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "plans:renstra_detail": lambda o: {"pk": o["other_renstra"].pk},
    "plans:renstra_delete": lambda o: {"pk": o["other_renstra"].pk},
    "plans:renstra_lock": lambda o: {"pk": o["other_renstra"].pk},
    "plans:renstra_item_create": lambda o: {"kind": "goal", "parent": o["other_renstra"].pk},
    "plans:renstra_item_update": lambda o: {"kind": "indicator", "pk": o["other_indicator"].pk},
    "plans:renstra_item_delete": lambda o: {"kind": "program", "pk": o["other_program"].pk},
    "api-renstra-detail": lambda o: {"pk": o["other_renstra"].pk},
    "api-renstra-indicator-detail": lambda o: {"pk": o["other_indicator"].pk},
    "api-program-detail": lambda o: {"pk": o["other_program"].pk},
    "api-renstra-goal-detail": lambda o: {"pk": o["other_indicator"].objective.goal_id},
    "api-strategic-objective-detail": lambda o: {"pk": o["other_indicator"].objective_id},
    "api-activity-detail": lambda o: {"pk": o["other_sub_activity"].activity_id},
    "api-sub-activity-detail": lambda o: {"pk": o["other_sub_activity"].pk},
}
