"""The content of a Perjanjian Kinerja: checking sasaran, indicators and programs, writing them, proposing them
from the Renstra, and comparing two versions. Used by services.py (which re-exports what pages and the API need)."""

import itertools
from decimal import Decimal

from django.utils.translation import gettext as _

from apps.plans.models import Aggregation, IndicatorTarget, Polarity, Program, Renstra, StrategicObjective

from .models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram


# --- Checking and writing ---------------------------------------------------------------------------------------
def to_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def indicator_errors(data: dict) -> dict[str, list[str]]:
    """What is wrong with one indicator of a PK (empty when it is right)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    target, low, high = (to_decimal(data.get(k)) for k in ("target", "target_low", "target_high"))
    polarity = data.get("polarity")
    if not data.get("name"):
        add("name", _("Name the indicator."))
    if not data.get("unit"):
        add("unit", _("Give the unit (satuan)."))
    if polarity not in Polarity.values:
        add("polarity", _("Choose positive, negative or stabilize."))
    if data.get("aggregation") not in Aggregation.values:
        add("aggregation", _("Choose sum, last or average."))
    if target is not None and (low is not None or high is not None):
        add("target", _("Give either one target or a band (from–to), not both."))
    elif target is None and (low is None or high is None):
        add("target", _("Give a target, or both ends of a band."))
    elif low is not None and high is not None and low > high:
        add("target_high", _("The upper end of the band is below its lower end."))
    if polarity == Polarity.STABILIZE and target is not None:
        add("target", _("A stabilize indicator needs a band (from–to), e.g. inflation 2–4."))
    quarters = data.get("quarterly_targets")
    if quarters:
        values = [to_decimal(q) for q in quarters]
        if len(values) != 4 or any(v is None for v in values):
            add("quarterly_targets", _("Give all four cumulative quarterly targets, or none."))
        elif target is None:
            add("quarterly_targets", _("Quarterly targets need a single annual target, not a band."))
        else:
            if data.get("aggregation") == Aggregation.SUM and any(b < a for a, b in itertools.pairwise(values)):
                add("quarterly_targets", _("Cumulative quarterly targets of a sum never decrease."))
            if values[3] != target:
                add("quarterly_targets", _("The fourth quarter's target must equal the annual target."))
    plan_indicator = data.get("plan_indicator")
    if plan_indicator is not None and target is not None and not data.get("target_change_reason"):
        planned = data.get("planned_target")
        if planned is not None and to_decimal(planned) != target:
            add(
                "target_change_reason",
                _("The target differs from the Renstra (%(planned)s): give the reason.") % {"planned": planned},
            )
    return errors


def _plan_scope_errors(objectives: list[dict], programs: list[dict], *, department, year: int) -> dict:
    """Renstra items must be the department's own; and an indicator drawn from the Renstra learns that year's
    planned target, so that a differing target needs a reason whoever calls (page, API, import)."""
    errors = {}
    indicators = [i for o in objectives for i in o.get("indicators", []) if i.get("plan_indicator") is not None]
    planned = {
        t.indicator_id: t.value
        for t in IndicatorTarget.objects.filter(indicator__in=[i["plan_indicator"] for i in indicators], year=year)
    }
    for indicator in indicators:
        indicator.setdefault("planned_target", planned.get(indicator["plan_indicator"].pk))
    foreign = _("This belongs to another department's Renstra.")
    for i, objective in enumerate(objectives):
        plan_objective = objective.get("plan_objective")
        if plan_objective is not None and plan_objective.goal.renstra.department_id != department.pk:
            errors[f"objectives[{i}].plan_objective"] = [foreign]
        for j, indicator in enumerate(objective.get("indicators", [])):
            plan_indicator = indicator.get("plan_indicator")
            if plan_indicator is not None and plan_indicator.objective.goal.renstra.department_id != department.pk:
                errors[f"objectives[{i}].indicators[{j}].plan_indicator"] = [foreign]
    for k, program in enumerate(programs):
        if program.get("program") is not None and program["program"].renstra.department_id != department.pk:
            errors[f"programs[{k}].program"] = [foreign]
    return errors


def content_errors(objectives: list[dict], programs: list[dict], *, department=None, year: int | None = None) -> dict:
    errors = {}
    if department is not None and year is not None:
        errors.update(_plan_scope_errors(objectives, programs, department=department, year=year))
    if not objectives:
        errors["objectives"] = [_("Choose at least one sasaran.")]
    for i, objective in enumerate(objectives):
        if not objective.get("name"):
            errors[f"objectives[{i}].name"] = [_("Name the sasaran.")]
        if not objective.get("indicators"):
            errors[f"objectives[{i}].indicators"] = [_("A sasaran needs at least one indicator.")]
        for j, indicator in enumerate(objective.get("indicators", [])):
            for field, messages in indicator_errors(indicator).items():
                errors[f"objectives[{i}].indicators[{j}].{field}"] = messages
    for k, program in enumerate(programs):
        if not program.get("name"):
            errors[f"programs[{k}].name"] = [_("Name the program.")]
        budget = to_decimal(program.get("budget"))
        if budget is None or budget < 0:
            errors[f"programs[{k}].budget"] = [_("Give the budget in rupiah (0 or more).")]
    return errors


def supports_errors(objectives: list[dict], agreement: Agreement) -> dict:
    """An indicator of a cascaded PK supports an indicator of its superior's PK (or nothing: a gap on the tree); a
    head's indicators support nothing."""
    errors = {}
    allowed = set()
    if agreement.superior_agreement_id is not None:
        allowed = set(
            AgreementIndicator.objects.filter(agreement_id=agreement.superior_agreement_id).values_list("pk", flat=True)
        )
    for i, objective in enumerate(objectives):
        for j, indicator in enumerate(objective.get("indicators", [])):
            supports = indicator.get("supports")
            if supports is not None and supports.pk not in allowed:
                errors[f"objectives[{i}].indicators[{j}].supports"] = [
                    _("Choose an indicator of the superior's PK this one supports.")
                ]
    return errors


def content_write(agreement: Agreement, objectives: list[dict], programs: list[dict]) -> None:
    agreement.objectives.all().delete()
    agreement.programs.all().delete()
    for i, objective in enumerate(objectives):
        row = AgreementObjective.objects.create(
            agreement=agreement, order=i, name=objective["name"], plan_objective=objective.get("plan_objective")
        )
        for j, data in enumerate(objective.get("indicators", [])):
            quarters = data.get("quarterly_targets")
            AgreementIndicator.objects.create(
                agreement=agreement,
                objective=row,
                order=j,
                plan_indicator=data.get("plan_indicator"),
                name=data["name"],
                unit=data["unit"],
                polarity=data["polarity"],
                aggregation=data["aggregation"],
                target=to_decimal(data.get("target")),
                target_low=to_decimal(data.get("target_low")),
                target_high=to_decimal(data.get("target_high")),
                target_change_reason=data.get("target_change_reason", ""),
                quarterly_targets=[to_decimal(q) for q in quarters] if quarters else None,
                weight=to_decimal(data.get("weight")),
                is_iku=bool(data.get("is_iku")),
                supports=data.get("supports"),
            )
    for k, program in enumerate(programs):
        AgreementProgram.objects.create(
            agreement=agreement,
            order=k,
            program=program.get("program"),
            code=program.get("code", ""),
            name=program["name"],
            budget=to_decimal(program["budget"]),
        )


INDICATOR_FIELDS = (
    "name",
    "unit",
    "polarity",
    "aggregation",
    "target",
    "target_low",
    "target_high",
    "target_change_reason",
    "quarterly_targets",
    "weight",
    "is_iku",
    "plan_indicator",
    "supports",
)


def agreement_content(agreement: Agreement) -> tuple[list[dict], list[dict]]:
    """The objectives (with their indicators) and programs of an agreement, as `content_write` takes them."""
    objectives = [
        {
            "name": o.name,
            "plan_objective": o.plan_objective,
            "indicators": [{f: getattr(i, f) for f in INDICATOR_FIELDS} for i in o.indicators.order_by("order", "pk")],
        }
        for o in agreement.objectives.order_by("order", "pk").select_related("plan_objective")
    ]
    programs = [
        {"program": p.program, "code": p.code, "name": p.name, "budget": p.budget}
        for p in agreement.programs.order_by("order", "pk").select_related("program")
    ]
    return objectives, programs


def renstra_content(*, renstra: Renstra, year: int, objective_ids=None, indicator_ids=None) -> tuple[list, list]:
    """The PK content the Renstra proposes for a year: the chosen sasaran (default all) with their indicators (IKU
    first) and that year's targets, and the programs with that year's budget."""
    objectives = (
        StrategicObjective.objects.filter(goal__renstra=renstra)
        .order_by("goal__code", "code")
        .prefetch_related("indicators__targets")
    )
    if objective_ids:
        objectives = objectives.filter(pk__in=objective_ids)
    content = []
    for objective in objectives:
        indicators = []
        for indicator in sorted(objective.indicators.all(), key=lambda i: (not i.is_iku, i.pk)):
            if indicator_ids and indicator.pk not in indicator_ids:
                continue
            target = next((t for t in indicator.targets.all() if t.year == year), None)
            indicators.append(
                {
                    "plan_indicator": indicator,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "polarity": indicator.polarity,
                    "aggregation": indicator.aggregation,
                    "target": target.value if target else None,
                    "target_low": target.low if target else None,
                    "target_high": target.high if target else None,
                    "planned_target": target.value if target else None,
                    "weight": indicator.weight,
                    "is_iku": indicator.is_iku,
                }
            )
        if indicators:
            content.append({"name": objective.text, "plan_objective": objective, "indicators": indicators})
    programs = []
    for program in Program.objects.filter(renstra=renstra).order_by("code").prefetch_related("budgets"):
        budget = next((b.amount for b in program.budgets.all() if b.year == year), None)
        if budget is not None:
            programs.append({"program": program, "code": program.code, "name": program.name, "budget": budget})
    return content, programs


# --- Comparing versions -------------------------------------------------------------------------------------------
def agreement_diff(old: Agreement, new: Agreement) -> list[dict]:
    """What changed between two versions: sasaran, indicators (by name within their sasaran) and programs, each as
    {"kind", "name", "change": "added" | "removed" | "changed", "fields": {field: (old, new)}}."""
    changes = []

    def indicators(agreement):
        return {
            (i.objective.name, i.name): i
            for i in AgreementIndicator.objects.filter(agreement=agreement).select_related("objective")
        }

    compared = ("unit", "polarity", "aggregation", "target", "target_low", "target_high", "quarterly_targets", "weight")
    before, after = indicators(old), indicators(new)
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            changes.append(
                {
                    "kind": "indicator",
                    "name": f"{key[0]} — {key[1]}",
                    "change": "added" if a is None else "removed",
                    "fields": {},
                }
            )
            continue
        fields = {f: (getattr(a, f), getattr(b, f)) for f in compared if getattr(a, f) != getattr(b, f)}
        if fields:
            changes.append({"kind": "indicator", "name": f"{key[0]} — {key[1]}", "change": "changed", "fields": fields})
    programs_before = {(p.code, p.name): p for p in old.programs.all()}
    programs_after = {(p.code, p.name): p for p in new.programs.all()}
    for key in sorted(programs_before.keys() | programs_after.keys()):
        a, b = programs_before.get(key), programs_after.get(key)
        name = " ".join(filter(None, key))
        if a is None or b is None:
            changes.append(
                {"kind": "program", "name": name, "change": "added" if a is None else "removed", "fields": {}}
            )
        elif a.budget != b.budget:
            changes.append(
                {"kind": "program", "name": name, "change": "changed", "fields": {"budget": (a.budget, b.budget)}}
            )
    return changes
