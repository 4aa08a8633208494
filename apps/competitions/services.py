"""Writes of the competition (DOMAIN.md §6 "Competition"). Views, the API and the demo all call these.

A round moves draft → registration → judging → closed → published through apps/core/workflow.py `transition()`
(a conditional UPDATE: two clicks move it once, the other gets a TransitionError, 409). Criteria and their weights
may change until judging opens, and judging opens only with weights summing to 100. Entries come in during the
registration; Bappeda may reject one (with a reason) until the round closes. Jurors score during the judging and
may change their scores until the round closes (every change is kept by the row history). Closing freezes every
entry's result and rank (apps/competitions/ranking.py); publishing marks the winners recommended for replication.

A department may change its entry (pitch, category, presentation file) while the registration is open; Bappeda may
reinstate a rejected entry until the round closes. Jurors hear when they are assigned and when judging opens, the
entrant department when its entry is rejected or reinstated and when the results are published: in the
application and by e-mail, through the queue (notifications.py, tasks.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import queue
from apps.core.workflow import TransitionError, transition
from apps.innovations.models import Innovation, Stage
from apps.innovations.services import checked_file

from . import notifications, ranking
from .models import (
    BENEFIT,
    CRITERIA_EDITABLE,
    DEFAULT_CATEGORIES,
    DEFAULT_CRITERIA,
    Criterion,
    Entry,
    EntryStatus,
    Juror,
    Round,
    RoundStatus,
    RoundStep,
    Score,
)

ELIGIBLE_STAGES = (Stage.UJI_COBA, Stage.PENERAPAN)
#: target: the statuses it may be reached from.
STEPS = {
    RoundStatus.REGISTRATION: (RoundStatus.DRAFT,),
    RoundStatus.JUDGING: (RoundStatus.REGISTRATION,),
    RoundStatus.CLOSED: (RoundStatus.JUDGING,),
    RoundStatus.PUBLISHED: (RoundStatus.CLOSED,),
}


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _notify(kind: str, object_id: int, stamp: str = "") -> None:
    """The notices (in-app and e-mail) of an event, sent by a worker once the transaction commits."""
    from .tasks import notify_task

    queue.enqueue(notify_task, kind, object_id, stamp, key=f"competition:{kind}:{object_id}")


CATEGORY_NAME_LENGTH = 80


def _category_names(categories, names) -> dict[str, str]:
    """The names of the round's categories, {code: name}: only its codes, stripped, none empty."""
    if names is None:
        return {}
    if not isinstance(names, dict):
        raise ValidationError({"category_names": _("Give the names as {code: name}.")})
    errors, cleaned = [], {}
    for code, name in names.items():
        if code not in categories:
            errors.append(_("%(code)s is not a category of this round.") % {"code": code})
        elif not isinstance(name, str) or not name.strip() or len(name.strip()) > CATEGORY_NAME_LENGTH:
            errors.append(
                _("The name of %(code)s is 1–%(max)s characters.") % {"code": code, "max": CATEGORY_NAME_LENGTH}
            )
        else:
            cleaned[code] = name.strip()
    if errors:
        raise ValidationError({"category_names": errors})
    return cleaned


# --- Rounds -------------------------------------------------------------------------------------------------------
def round_create(
    *,
    year,
    name,
    registration_start,
    registration_end,
    judging_start,
    judging_end,
    by,
    categories=None,
    category_names=None,
    winners_per_category=3,
) -> Round:
    """A new round in draft with the default criteria; `category_names` {code: name} (a code left out is shown by
    its usual name)."""
    _require(by, "competitions.manage")
    categories = list(categories or DEFAULT_CATEGORIES)
    names = _category_names(categories, category_names)
    with transaction.atomic():
        round_ = Round(
            year=year,
            name=name,
            categories=categories,
            category_names=names,
            registration_start=registration_start,
            registration_end=registration_end,
            judging_start=judging_start,
            judging_end=judging_end,
            winners_per_category=winners_per_category,
            created_by=by,
        )
        round_.full_clean()
        round_.save()
        Criterion.objects.bulk_create(
            Criterion(round=round_, code=code, name=name, weight=weight, order=order)
            for order, (code, name, weight) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    return round_


ROUND_FIELDS = (
    "name",
    "categories",
    "category_names",
    "registration_start",
    "registration_end",
    "judging_start",
    "judging_end",
    "winners_per_category",
)


def round_update(*, round_: Round, by, **fields) -> Round:
    _require(by, "competitions.manage")
    if round_.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        raise TransitionError(_("A closed round cannot be changed."))
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"not round fields: {', '.join(sorted(unknown))}")
    changed = "categories" in fields and set(fields["categories"]) != set(round_.categories)
    if changed and round_.status not in CRITERIA_EDITABLE:
        raise ValidationError({"categories": _("The categories cannot change once judging has opened.")})
    categories = list(fields.get("categories", round_.categories))
    if "category_names" in fields:
        fields["category_names"] = _category_names(categories, fields["category_names"])
    elif "categories" in fields:  # the names of the categories dropped go with them
        fields["category_names"] = {
            code: name for code, name in (round_.category_names or {}).items() if code in categories
        }
    if changed:
        used = set(round_.entries.values_list("category", flat=True)) - set(categories)
        if used:
            raise ValidationError(
                {
                    "categories": _("Entries are in %(codes)s: keep those categories.")
                    % {"codes": ", ".join(sorted(used))}
                }
            )
    for name, value in fields.items():
        setattr(round_, name, value)
    round_.full_clean()
    round_.save()
    return round_


def criteria_set(*, round_: Round, weights: dict[str, int], by, names: dict[str, str] | None = None) -> list:
    """Set the weights (and names) of the round's criteria, {code: weight}; a code not there yet is added, a code
    left out is removed. Only before judging opens; the weights must sum to 100."""
    _require(by, "competitions.manage")
    if round_.status not in CRITERIA_EDITABLE:
        raise TransitionError(_("The criteria cannot change once judging has opened."))
    if not ranking.weights_valid(weights.values()):
        raise ValidationError(
            {
                "weights": _("Each weight is 1–100 and the weights sum to 100 (now %(sum)s).")
                % {"sum": sum(weights.values())}
            }
        )
    names = names or {}
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        round_.criteria.exclude(code__in=list(weights)).delete()
        existing = {criterion.code: criterion for criterion in round_.criteria.all()}
        for order, (code, weight) in enumerate(weights.items(), start=1):
            criterion = existing.get(code) or Criterion(round=round_, code=code, name=names.get(code, code))
            criterion.weight = weight
            criterion.order = order
            if code in names:
                criterion.name = names[code]
            criterion.full_clean(exclude=["round"])
            criterion.save()
    return list(round_.criteria.all())


def round_advance(*, round_: Round, target: str, by) -> Round:
    """The next step of a round: open the registration, open the judging, close (freezing the results), publish."""
    _require(by, "competitions.manage")
    if target not in STEPS:
        raise ValidationError(_("Unknown step."))
    if round_.status not in STEPS[target]:  # checked again, atomically, by transition()
        raise TransitionError(
            _("This round is %(status)s: it cannot move to %(action)s.")
            % {"status": round_.get_status_display().lower(), "action": str(RoundStatus(target).label).lower()}
        )
    if target == RoundStatus.JUDGING:
        if not ranking.weights_valid(round_.criteria.values_list("weight", flat=True)):
            raise ValidationError(_("The weights of the criteria must sum to 100 before judging opens."))
        if not round_.jurors.exists():
            raise ValidationError(_("Assign at least one juror before judging opens."))
    fields = {}
    if target == RoundStatus.CLOSED:
        fields["closed_at"] = timezone.now()
    if target == RoundStatus.PUBLISHED:
        fields["published_at"] = timezone.now()
    with transaction.atomic():
        round_ = transition(
            round_,
            source=STEPS[target],
            target=target,
            fields=fields,
            refused=_("This round is %(status)s: it cannot move to %(action)s."),
            review=lambda from_status: RoundStep.objects.create(
                round=round_, from_status=from_status, to_status=target, by=by
            ),
        )
        if target == RoundStatus.CLOSED:
            results_freeze(round_)
        if target == RoundStatus.PUBLISHED:
            winners = Entry.objects.filter(
                round=round_, status=EntryStatus.ENTERED, rank__isnull=False, rank__lte=round_.winners_per_category
            )
            winners.update(recommended=True)
        if target == RoundStatus.JUDGING:
            _notify(notifications.JUDGING_OPENED, round_.pk)
        if target == RoundStatus.PUBLISHED:
            _notify(notifications.RESULTS_PUBLISHED, round_.pk)
    return round_


# --- Results ------------------------------------------------------------------------------------------------------
def compute_results(round_: Round) -> list[ranking.Result]:
    """Every entered entry's result and rank from the scores (not stored)."""
    weights = dict(round_.criteria.values_list("code", "weight"))
    entries = list(
        Entry.objects.filter(round=round_, status=EntryStatus.ENTERED).values("pk", "category", "entered_at")
    )
    by_entry: dict[int, dict[int, dict[str, int]]] = {entry["pk"]: {} for entry in entries}
    rows = Score.objects.filter(entry__round=round_, entry__status=EntryStatus.ENTERED).values_list(
        "entry_id", "juror_id", "criterion__code", "value"
    )
    for entry_id, juror_id, code, value in rows:
        by_entry[entry_id].setdefault(juror_id, {})[code] = value
    results = [
        ranking.entry_result(entry["pk"], entry["category"], by_entry[entry["pk"]], weights, BENEFIT)
        for entry in entries
    ]
    return ranking.rank(results, {entry["pk"]: (entry["entered_at"], entry["pk"]) for entry in entries})


def results_freeze(round_: Round) -> None:
    ranked = compute_results(round_)
    entries = {entry.pk: entry for entry in Entry.objects.filter(pk__in=[r.entry for r in ranked])}
    for result in ranked:
        entry = entries[result.entry]
        entry.result, entry.benefit_result, entry.rank = result.result, result.benefit, result.rank
    Entry.objects.bulk_update(entries.values(), ["result", "benefit_result", "rank"])


# --- Entries ------------------------------------------------------------------------------------------------------
def entry_create(*, round_: Round, innovation: Innovation, category: str, pitch: str, by, presentation=None) -> Entry:
    """A department enters an innovation of its own inventory (stage uji coba or penerapan) during registration."""
    _require(by, "competitions.enter")
    if innovation.department_id != by.department_id:
        raise PermissionDenied
    if round_.status != RoundStatus.REGISTRATION:
        raise TransitionError(_("Entries are accepted only while the registration is open."))
    errors = {}
    if innovation.stage not in ELIGIBLE_STAGES:
        errors["innovation"] = _("Only an innovation on trial (uji coba) or implemented (penerapan) may enter.")
    if category not in round_.categories:
        errors["category"] = _("Choose one of the round's categories.")
    if not (pitch or "").strip():
        errors["pitch"] = _("Write a short pitch.")
    if Entry.objects.filter(round=round_, innovation=innovation).exists():
        errors["innovation"] = _("This innovation is already entered in this round.")
    if errors:
        raise ValidationError(errors)
    entry = Entry(
        round=round_,
        innovation=innovation,
        department_id=innovation.department_id,
        category=category,
        pitch=pitch.strip(),
        entered_by=by,
    )
    if presentation:
        entry.presentation = checked_file(presentation, field="presentation")
    entry.full_clean(exclude=["presentation"])
    entry.save()
    return entry


def entry_reject(*, entry: Entry, reason: str, by) -> Entry:
    _require(by, "competitions.manage")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason of the rejection.")})
    moved = Entry.objects.filter(
        pk=entry.pk,
        status=EntryStatus.ENTERED,
        round__status__in=[RoundStatus.REGISTRATION, RoundStatus.JUDGING],
    ).update(status=EntryStatus.REJECTED, rejection_reason=reason.strip(), rejected_by=by, updated_at=timezone.now())
    if moved != 1:
        raise TransitionError(_("This entry can no longer be rejected."))
    entry.refresh_from_db()
    _notify(notifications.ENTRY_REJECTED, entry.pk, _stamp(entry))
    return entry


def entry_reinstate(*, entry: Entry, by) -> Entry:
    """Bappeda takes a rejected entry back into the round (until the round closes); the reason of the rejection
    stays in the entry's history."""
    _require(by, "competitions.manage")
    moved = Entry.objects.filter(
        pk=entry.pk,
        status=EntryStatus.REJECTED,
        round__status__in=[RoundStatus.REGISTRATION, RoundStatus.JUDGING],
    ).update(status=EntryStatus.ENTERED, rejection_reason="", rejected_by=None, updated_at=timezone.now())
    if moved != 1:
        raise TransitionError(_("Only a rejected entry of a round not yet closed can be reinstated."))
    entry.refresh_from_db()
    _notify(notifications.ENTRY_REINSTATED, entry.pk, _stamp(entry))
    return entry


def _stamp(entry: Entry) -> str:
    """Tells one rejection (or reinstatement) of an entry from the next, for the notices' keys."""
    return entry.updated_at.strftime("%Y%m%d%H%M%S%f")


def entry_update(*, entry: Entry, by, category=None, pitch=None, presentation=None) -> Entry:
    """The entrant department changes its entry while the registration is open: its category, pitch or
    presentation file (`presentation=""` removes the file)."""
    _require(by, "competitions.enter")
    if not by.department_id or entry.department_id != by.department_id:
        raise PermissionDenied
    errors = {}
    if category is not None and category not in entry.round.categories:
        errors["category"] = _("Choose one of the round's categories.")
    if pitch is not None and not pitch.strip():
        errors["pitch"] = _("Write a short pitch.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        status = Round.objects.select_for_update().values_list("status", flat=True).get(pk=entry.round_id)
        if status != RoundStatus.REGISTRATION:
            raise TransitionError(_("An entry can be changed only while the registration is open."))
        entry.refresh_from_db(fields=["status"])
        if entry.status != EntryStatus.ENTERED:
            raise TransitionError(_("A rejected entry cannot be changed."))
        if category is not None:
            entry.category = category
        if pitch is not None:
            entry.pitch = pitch.strip()
        if presentation == "":
            entry.presentation = ""
        elif presentation:
            entry.presentation = checked_file(presentation, field="presentation")
        entry.full_clean(exclude=["presentation"])
        entry.save()
    return entry


# --- Jurors -------------------------------------------------------------------------------------------------------
def juror_assign(*, round_: Round, user, by, affiliation: str = "") -> Juror:
    _require(by, "competitions.manage")
    if round_.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        raise TransitionError(_("Jurors cannot be assigned to a closed round."))
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    if Juror.objects.filter(round=round_, user=user).exists():
        raise ValidationError({"user": _("This user is already a juror of this round.")})
    juror = Juror.objects.create(
        round=round_, user=user, department_id=user.department_id, affiliation=affiliation.strip(), assigned_by=by
    )
    _notify(notifications.JUROR_ASSIGNED, juror.pk)
    if round_.status == RoundStatus.JUDGING:  # assigned while judging is open: told it is open as well
        _notify(notifications.JUDGING_OPENED, round_.pk)
    return juror


def juror_remove(*, juror: Juror, by) -> None:
    _require(by, "competitions.manage")
    if juror.round.status in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
        raise TransitionError(_("The jurors of a closed round stay."))
    if juror.scores.exists():
        raise ValidationError(_("This juror has scored already and cannot be removed."))
    juror.delete()


# --- Scores -------------------------------------------------------------------------------------------------------
def score_set(*, juror: Juror, entry: Entry, values: dict[str, tuple[int, str]], by) -> list[Score]:
    """A juror's scores of an entry, {criterion code: (score 1–100, comment)}: new or changed (the row history keeps
    every change). Only the juror, only while judging, never an entry of the juror's own department."""
    if juror.user_id != by.pk or not by.has_perm("competitions.judge"):
        raise PermissionDenied
    if entry.round_id != juror.round_id:
        raise PermissionDenied
    if juror.department_id and juror.department_id == entry.department_id:
        raise PermissionDenied(_("A juror never scores an entry of their own department."))
    if entry.status != EntryStatus.ENTERED:
        raise ValidationError(_("This entry was rejected."))
    criteria = {criterion.code: criterion for criterion in Criterion.objects.filter(round_id=juror.round_id)}
    errors = {}
    for code, (value, _comment) in values.items():
        if code not in criteria:
            errors[code] = _("Not a criterion of this round.")
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
            errors[code] = _("A score is a whole number from 1 to 100.")
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        status = Round.objects.select_for_update().values_list("status", flat=True).get(pk=juror.round_id)
        if status != RoundStatus.JUDGING:
            raise TransitionError(_("Scores can be given or changed only while the round is being judged."))
        existing = {score.criterion_id: score for score in Score.objects.filter(juror=juror, entry=entry)}
        for code, (value, comment) in values.items():
            criterion = criteria[code]
            score = existing.get(criterion.pk)
            if score is None:
                score = Score.objects.create(
                    juror=juror, entry=entry, criterion=criterion, value=value, comment=(comment or "").strip()
                )
            elif score.value != value or score.comment != (comment or "").strip():
                score.value, score.comment = value, (comment or "").strip()
                score.save(update_fields=["value", "comment", "updated_at"])
            saved.append(score)
    return saved
