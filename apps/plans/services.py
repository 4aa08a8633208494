"""Writes of the plan cascade. Pages, the API, imports and commands all call these.

The RPJMD is Bappeda's (plans.rpjmd_manage). A Renstra is its department's: the head and staff edit their own,
Bappeda any (plans.renstra_edit), until Bappeda locks it (plans.renstra_lock); a locked Renstra refuses every
change until it is unlocked. Every row is validated with `full_clean()` (the nomenclature codes by the model
validators) plus the rules of DOMAIN.md §2 checked here: a target per year inside the period, one value or a band,
a band for `stabilize` indicators, a sasaran strategis pointing to an RPJMD sasaran of its Renstra's period.
Deleting what a Perjanjian Kinerja or a Renstra still uses is refused with a clear message.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Polarity,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)
from .selectors import RENSTRA_PATH, RPJMD_PATH, period_of, renstra_of

RPJMD_MODELS = tuple(RPJMD_PATH)
RENSTRA_ITEM_MODELS = tuple(model for model in RENSTRA_PATH if model is not Renstra)


# --- Who may ------------------------------------------------------------------------------------------------------
def _require(by, permission: str) -> None:
    if by is None or not by.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def can_edit_renstra(user, renstra: Renstra) -> bool:
    """A department's head and staff edit their own Renstra; Bappeda any. Locked or not (see `renstra_check_open`)."""
    if not user.has_perm("plans.renstra_edit"):
        return False
    return user.sees_all_departments or user.department_id == renstra.department_id


def _require_renstra_edit(by, renstra: Renstra) -> None:
    if by is None or not can_edit_renstra(by, renstra):
        raise PermissionDenied(_("You may not change this Renstra."))


def renstra_check_open(renstra: Renstra) -> None:
    """Refuse any change to a locked Renstra (read again under a row lock, so a lock meanwhile counts)."""
    if renstra.pk and Renstra.objects.select_for_update().filter(pk=renstra.pk, locked_at__isnull=False).exists():
        raise ValidationError(
            _("This Renstra is locked by Bappeda: it cannot be changed. Ask Bappeda to unlock it first.")
        )


# --- Rules of DOMAIN.md §2 ----------------------------------------------------------------------------------------
def target_errors(*, target, polarity: str, period: RpjmdPeriod) -> dict[str, list[str]]:
    """What is wrong with a yearly target: the year outside the period, neither or both of one value and a band, a
    band upside down, or a single value for a `stabilize` indicator."""
    errors: dict[str, list[str]] = {}
    if target.year is not None and not period.start_year <= target.year <= period.end_year:
        errors["year"] = [
            _("The year must lie inside the RPJMD period %(start)s–%(end)s.")
            % {"start": period.start_year, "end": period.end_year}
        ]
    has_value = target.value is not None
    has_band = target.low is not None or target.high is not None
    if has_value and has_band:
        errors["__all__"] = [_("Give either one target value or a band (from–to), not both.")]
    elif not has_value and not has_band:
        errors["__all__"] = [_("Give a target value or a band (from–to).")]
    elif has_band and (target.low is None or target.high is None):
        errors["__all__"] = [_("A band needs both ends: from and to.")]
    elif has_band and target.low > target.high:
        errors["high"] = [_("The end of the band cannot be below its start.")]
    elif has_value and polarity == Polarity.STABILIZE:
        errors["__all__"] = [_("A stabilize indicator is best inside a band: give the target as a band (from–to).")]
    return errors


def _clean_target(target) -> None:
    errors = target_errors(target=target, polarity=target.indicator.polarity, period=period_of(target.indicator))
    if errors:
        raise ValidationError(errors)


def _clean_indicator(indicator) -> None:
    if (
        indicator.pk
        and indicator.polarity == Polarity.STABILIZE
        and indicator.targets.filter(value__isnull=False).exists()
    ):
        raise ValidationError(
            {"polarity": _("A stabilize indicator needs its targets as bands; change the single-value targets first.")}
        )


def _clean_strategic_objective(objective: StrategicObjective) -> None:
    if objective.rpjmd_objective_id is None:
        return
    renstra_period = renstra_of(objective).period_id
    rpjmd_period = Objective.objects.filter(pk=objective.rpjmd_objective_id).values("goal__mission__period_id")
    if rpjmd_period.first()["goal__mission__period_id"] != renstra_period:
        raise ValidationError(
            {"rpjmd_objective": _("The RPJMD sasaran must belong to the same RPJMD period as this Renstra.")}
        )


def _clean_program(program: Program) -> None:
    if program.objective_id and program.objective.goal.renstra_id != program.renstra_id:
        raise ValidationError({"objective": _("The sasaran strategis must belong to the same Renstra.")})


def _clean_budget(budget: ProgramBudget) -> None:
    period = budget.program.renstra.period
    if budget.year is not None and not period.start_year <= budget.year <= period.end_year:
        raise ValidationError(
            {
                "year": _("The year must lie inside the RPJMD period %(start)s–%(end)s.")
                % {"start": period.start_year, "end": period.end_year}
            }
        )


def _clean_code_prefix(child, parent, label: str) -> None:
    if child.code and parent.code and not child.code.startswith(parent.code + "."):
        raise ValidationError(
            {
                "code": _("A %(level)s code starts with the code of its parent, %(code)s.")
                % {"level": label, "code": parent.code}
            }
        )


def _clean_period(period: RpjmdPeriod) -> None:
    if not period.pk or period.start_year is None or period.end_year is None:
        return
    outside = ObjectiveTarget.objects.filter(indicator__objective__goal__mission__period=period).exclude(
        year__range=(period.start_year, period.end_year)
    )
    if outside.exists():
        raise ValidationError(_("Some targets lie outside these years; change or delete them first."))


CLEANERS = {
    RpjmdPeriod: _clean_period,
    ObjectiveIndicator: _clean_indicator,
    ObjectiveTarget: _clean_target,
    StrategicObjective: _clean_strategic_objective,
    Indicator: _clean_indicator,
    IndicatorTarget: _clean_target,
    Program: _clean_program,
    ProgramBudget: _clean_budget,
    Activity: lambda activity: _clean_code_prefix(activity, activity.program, _("kegiatan")),
    SubActivity: lambda sub: _clean_code_prefix(sub, sub.activity, _("sub kegiatan")),
}


def _save(instance):
    """The rules of this module, then the model's own validation (fields, codes, uniqueness), all errors at once."""
    errors = {}
    cleaner = CLEANERS.get(type(instance))
    try:
        if cleaner is not None:
            cleaner(instance)
    except ValidationError as exc:
        _merge(errors, exc)
    try:
        # The target check constraints repeat our clearer messages: only checked when ours found nothing.
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    instance.save()
    return instance


def _merge(errors: dict, exc: ValidationError) -> dict:
    for field, messages in (exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}).items():
        existing = errors.setdefault(field, [])
        existing.extend(message for message in messages if message not in existing)
    return errors


def _delete(instance) -> None:
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        users = sorted({str(capfirst(obj._meta.verbose_name_plural)) for obj in objects})
        raise ValidationError(
            _("%(object)s cannot be deleted: it is still used by %(users)s. Remove that use first.")
            % {"object": capfirst(str(instance._meta.verbose_name)), "users": ", ".join(users)}
        ) from exc


# --- RPJMD --------------------------------------------------------------------------------------------------------
@transaction.atomic
def rpjmd_item_save(*, item, by):
    """Create or update a period, misi, tujuan, sasaran, indicator or yearly target of the RPJMD."""
    if not isinstance(item, RPJMD_MODELS):
        raise TypeError(type(item))
    _require(by, "plans.rpjmd_manage")
    return _save(item)


@transaction.atomic
def rpjmd_item_delete(*, item, by) -> None:
    """Delete a level of the RPJMD with everything under it, unless a Renstra or a PK still uses part of it."""
    if not isinstance(item, RPJMD_MODELS):
        raise TypeError(type(item))
    _require(by, "plans.rpjmd_manage")
    _delete(item)


def rpjmd_period_create(*, start_year: int, end_year: int, vision: str, regulation: str = "", by) -> RpjmdPeriod:
    return rpjmd_item_save(
        item=RpjmdPeriod(start_year=start_year, end_year=end_year, vision=vision, regulation=regulation), by=by
    )


def mission_create(*, period: RpjmdPeriod, number: int, text: str, by) -> Mission:
    return rpjmd_item_save(item=Mission(period=period, number=number, text=text), by=by)


def goal_create(*, mission: Mission, code: str, text: str, by) -> Goal:
    return rpjmd_item_save(item=Goal(mission=mission, code=code, text=text), by=by)


def objective_create(*, goal: Goal, code: str, text: str, by) -> Objective:
    return rpjmd_item_save(item=Objective(goal=goal, code=code, text=text), by=by)


def objective_indicator_create(*, objective: Objective, by, **fields) -> ObjectiveIndicator:
    return rpjmd_item_save(item=ObjectiveIndicator(objective=objective, **fields), by=by)


@transaction.atomic
def objective_target_set(
    *, indicator: ObjectiveIndicator, year: int, value=None, low=None, high=None, by
) -> ObjectiveTarget:
    """The RPJMD indicator's target for `year` (created or replaced)."""
    target = ObjectiveTarget.objects.filter(indicator=indicator, year=year).first() or ObjectiveTarget(
        indicator=indicator, year=year
    )
    target.value, target.low, target.high = value, low, high
    return rpjmd_item_save(item=target, by=by)


@transaction.atomic
def objective_targets_replace(*, indicator: ObjectiveIndicator, targets: list[dict], by) -> list[ObjectiveTarget]:
    """Set the RPJMD indicator's targets to exactly `targets` ([{year, value, low, high}]): the years not given go."""
    years = [row["year"] for row in targets]
    if len(set(years)) != len(years):
        raise ValidationError({"targets": _("Give one target per year.")})
    for stale in indicator.targets.exclude(year__in=years):
        rpjmd_item_delete(item=stale, by=by)
    return [
        objective_target_set(
            indicator=indicator,
            year=row["year"],
            value=row.get("value"),
            low=row.get("low"),
            high=row.get("high"),
            by=by,
        )
        for row in targets
    ]


# --- Renstra ------------------------------------------------------------------------------------------------------
@transaction.atomic
def renstra_create(*, department, period: RpjmdPeriod, by) -> Renstra:
    renstra = Renstra(department=department, period=period)
    _require_renstra_edit(by, renstra)
    return _save(renstra)


@transaction.atomic
def renstra_delete(*, renstra: Renstra, by) -> None:
    _require_renstra_edit(by, renstra)
    renstra_check_open(renstra)
    _delete(renstra)


@transaction.atomic
def renstra_lock(*, renstra: Renstra, by) -> Renstra:
    """Bappeda locks a Renstra: from now on nobody changes it until it is unlocked. Who and when are kept."""
    _require(by, "plans.renstra_lock")
    renstra = Renstra.objects.select_for_update().get(pk=renstra.pk)
    if renstra.is_locked:
        raise ValidationError(_("This Renstra is already locked."))
    renstra.locked_at, renstra.locked_by = timezone.now(), by
    renstra.save(update_fields=["locked_at", "locked_by", "updated_at"])
    return renstra


@transaction.atomic
def renstra_unlock(*, renstra: Renstra, by) -> Renstra:
    _require(by, "plans.renstra_lock")
    renstra = Renstra.objects.select_for_update().get(pk=renstra.pk)
    if not renstra.is_locked:
        raise ValidationError(_("This Renstra is not locked."))
    renstra.locked_at, renstra.locked_by = None, None
    renstra.save(update_fields=["locked_at", "locked_by", "updated_at"])
    return renstra


@transaction.atomic
def renstra_item_save(*, item, by):
    """Create or update a tujuan, sasaran strategis, indicator, yearly target, program, budget, kegiatan or sub
    kegiatan of a Renstra: by its department or Bappeda, and only while the Renstra is not locked."""
    if not isinstance(item, RENSTRA_ITEM_MODELS):
        raise TypeError(type(item))
    renstra = renstra_of(item)
    _require_renstra_edit(by, renstra)
    renstra_check_open(renstra)
    return _save(item)


@transaction.atomic
def renstra_item_delete(*, item, by) -> None:
    if not isinstance(item, RENSTRA_ITEM_MODELS):
        raise TypeError(type(item))
    renstra = renstra_of(item)
    _require_renstra_edit(by, renstra)
    renstra_check_open(renstra)
    _delete(item)


def renstra_goal_create(*, renstra: Renstra, code: str, text: str, by) -> RenstraGoal:
    return renstra_item_save(item=RenstraGoal(renstra=renstra, code=code, text=text), by=by)


def strategic_objective_create(*, goal, code: str, text: str, rpjmd_objective: Objective, by) -> StrategicObjective:
    return renstra_item_save(
        item=StrategicObjective(goal=goal, code=code, text=text, rpjmd_objective=rpjmd_objective), by=by
    )


def indicator_create(*, objective: StrategicObjective, by, **fields) -> Indicator:
    return renstra_item_save(item=Indicator(objective=objective, **fields), by=by)


@transaction.atomic
def indicator_target_set(*, indicator: Indicator, year: int, value=None, low=None, high=None, by) -> IndicatorTarget:
    """The Renstra indicator's target for `year` (created or replaced)."""
    target = IndicatorTarget.objects.filter(indicator=indicator, year=year).first() or IndicatorTarget(
        indicator=indicator, year=year
    )
    target.value, target.low, target.high = value, low, high
    return renstra_item_save(item=target, by=by)


@transaction.atomic
def indicator_targets_replace(*, indicator: Indicator, targets: list[dict], by) -> list[IndicatorTarget]:
    """Set the indicator's targets to exactly `targets` ([{year, value, low, high}]): the years not given go."""
    years = [row["year"] for row in targets]
    if len(set(years)) != len(years):
        raise ValidationError({"targets": _("Give one target per year.")})
    for stale in indicator.targets.exclude(year__in=years):
        renstra_item_delete(item=stale, by=by)
    return [
        indicator_target_set(
            indicator=indicator,
            year=row["year"],
            value=row.get("value"),
            low=row.get("low"),
            high=row.get("high"),
            by=by,
        )
        for row in targets
    ]


def program_create(*, renstra: Renstra, code: str, name: str, objective=None, by) -> Program:
    return renstra_item_save(item=Program(renstra=renstra, code=code, name=name, objective=objective), by=by)


@transaction.atomic
def program_budget_set(*, program: Program, year: int, amount: Decimal, by) -> ProgramBudget:
    """The program's pagu for `year` (created or replaced)."""
    budget = ProgramBudget.objects.filter(program=program, year=year).first() or ProgramBudget(
        program=program, year=year
    )
    budget.amount = amount
    return renstra_item_save(item=budget, by=by)


@transaction.atomic
def program_budgets_replace(*, program: Program, budgets: list[dict], by) -> list[ProgramBudget]:
    """Set the program's budgets to exactly `budgets` ([{year, amount}]): the years not given go."""
    years = [row["year"] for row in budgets]
    if len(set(years)) != len(years):
        raise ValidationError({"budgets": _("Give one budget per year.")})
    for stale in program.budgets.exclude(year__in=years):
        renstra_item_delete(item=stale, by=by)
    return [program_budget_set(program=program, year=row["year"], amount=row["amount"], by=by) for row in budgets]


def activity_create(*, program: Program, code: str, name: str, by) -> Activity:
    return renstra_item_save(item=Activity(program=program, code=code, name=name), by=by)


def sub_activity_create(*, activity: Activity, code: str, name: str, by) -> SubActivity:
    return renstra_item_save(item=SubActivity(activity=activity, code=code, name=name), by=by)
