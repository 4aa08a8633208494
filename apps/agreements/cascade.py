"""The cascade below the head (DOMAIN.md §3): an eselon III official's PK supports the head's, an eselon IV
official's supports their eselon III's. Drafted from the superior's signed PK: each indicator the official takes on
becomes one of theirs (named, measured and targeted as they then edit it) that `supports` it. The workflow, the
document and the freeze are the head's PK's (services.py); only the parties differ (permissions.py)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.departments.models import Official, Position, PositionAssignment
from apps.departments.selectors import current_q, in_year_q, period_in_year

from .content import content_errors, content_write, supports_errors
from .models import Agreement, AgreementIndicator, AgreementStatus


def position_holder(*, position: Position, day: datetime.date) -> Official | None:
    assignment = (
        PositionAssignment.objects.filter(current_q(day), position=position)
        .select_related("official")
        .order_by("kind", "-start_date")
        .first()
    )
    return assignment.official if assignment else None


def position_period(*, official: Official, position: Position, year: int) -> tuple[datetime.date, datetime.date]:
    """The year, or the part of it the official held the position."""
    assignment = (
        PositionAssignment.objects.filter(in_year_q(year), official=official, position=position)
        .order_by("-start_date")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            {
                "official": _("%(name)s does not hold the position %(position)s in %(year)s.")
                % {"name": official.name, "position": position.name, "year": year}
            }
        )
    return period_in_year(assignment, year)


def superior_agreement_for(*, position: Position, year: int) -> Agreement | None:
    """The signed PK a position's PK supports: the head's (eselon III) or the superior position's (eselon IV), its
    newest signed version."""
    if position.superior_id is None:
        candidates = Agreement.objects.filter(department_id=position.department_id)
    else:
        candidates = Agreement.all_levels.filter(position_id=position.superior_id)
    return candidates.filter(year=year, status=AgreementStatus.SIGNED).order_by("-version", "-signed_on").first()


def may_draft_for(user, *, official: Official, position: Position) -> bool:
    """The official themselves, or their department's staff and head (who help with the paperwork)."""
    if not user.has_perm("agreements.draft") or user.department_id != position.department_id:
        return False
    own = getattr(user, "official", None)
    return user.is_department_member or (own is not None and own.pk == official.pk)


def proposed_content(superior: Agreement, indicator_ids) -> list[dict]:
    """One indicator per chosen indicator of the superior's PK, under the same sasaran, as a starting point the
    official then edits (their own name, measure and target): each `supports` the one it came from."""
    wanted = {int(i) for i in indicator_ids}
    objectives: dict[str, dict] = {}
    rows = AgreementIndicator.objects.filter(agreement=superior, pk__in=wanted).select_related("objective")
    for indicator in rows.order_by("objective__order", "objective_id", "order", "pk"):
        objective = objectives.setdefault(
            indicator.objective.name, {"name": indicator.objective.name, "indicators": []}
        )
        objective["indicators"].append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "aggregation": indicator.aggregation,
                "target": indicator.target,
                "target_low": indicator.target_low,
                "target_high": indicator.target_high,
                "quarterly_targets": indicator.quarterly_targets,
                "supports": indicator,
            }
        )
    return list(objectives.values())


def _position_of(official: Official | None, year: int, superior_agreement: Agreement | None) -> Position:
    """The position an official held in a year (the one whose PK supports `superior_agreement`, when given)."""
    if official is None:
        raise ValidationError({"position": _("Give the position of the PK (or its official).")})
    held = [
        a.position
        for a in PositionAssignment.objects.filter(in_year_q(year), official=official).select_related("position")
    ]
    if superior_agreement is not None:
        held = [p for p in held if superior_agreement_for(position=p, year=year) == superior_agreement]
    if len({p.pk for p in held}) != 1:
        message = _("%(name)s held no single position below the head in %(year)s: give the position.")
        raise ValidationError({"position": message % {"name": official.name, "year": year}})
    return held[0]


def cascade_create(
    *,
    position: Position | None,
    year: int,
    by,
    objectives: list[dict] | None = None,
    supported_ids=None,
    programs: list[dict] = (),
    official: Official | None = None,
    superior_agreement: Agreement | None = None,
) -> Agreement:
    """A draft PK of the official holding `position` for `year`, supporting the superior's signed PK: either the
    content given (`objectives`, each indicator with its `supports`), or one indicator per chosen indicator of the
    superior's PK (`supported_ids`)."""
    if position is None:
        position = _position_of(official, year, superior_agreement)
    official = official or position_holder(
        position=position, day=min(timezone.localdate(), datetime.date(year, 12, 31))
    )
    if official is None:
        raise ValidationError({"position": _("Nobody holds %(position)s to sign a PK.") % {"position": position.name}})
    if not may_draft_for(by, official=official, position=position):
        raise PermissionDenied
    start, end = position_period(official=official, position=position, year=year)
    superior = superior_agreement_for(position=position, year=year)
    if superior is None:
        raise ValidationError(
            {
                "year": _(
                    "The superior's PK for %(year)s is not signed yet: a PK below it is drafted from the signed PK."
                )
                % {"year": year}
            }
        )
    if superior_agreement is not None and superior_agreement.pk != superior.pk:
        message = _("A PK below the head supports its superior's newest signed PK of the year: %(expected)s.")
        raise ValidationError({"superior_agreement": message % {"expected": superior}})
    if Agreement.all_levels.filter(official=official, position=position, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(name)s already has a PK for %(year)s as %(position)s; open it, or amend it once signed.")
                % {"name": official.name, "year": year, "position": position.name}
            }
        )
    if objectives is None:
        if not supported_ids:
            raise ValidationError({"supports": _("Choose at least one indicator of the superior's PK to support.")})
        objectives = proposed_content(superior, supported_ids)
    agreement = Agreement(
        department=position.department,
        official=official,
        position=position,
        superior_agreement=superior,
        year=year,
        period_start=start,
        period_end=end,
        created_by=by,
    )
    errors = content_errors(objectives, list(programs))
    errors.update(supports_errors(objectives, agreement))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement.full_clean()
        agreement.save()
        content_write(agreement, objectives, list(programs))
    return agreement


def draftable_positions(user):
    """The positions a user may draft a PK for: an official's own (held now), a department member's every active
    position of the department."""
    if not user.is_authenticated or not user.has_perm("agreements.draft") or user.department_id is None:
        return Position.objects.none()
    positions = Position.objects.filter(department_id=user.department_id, is_active=True).select_related("superior")
    if user.is_department_member:
        return positions
    official = getattr(user, "official", None)
    if official is None:
        return Position.objects.none()
    held = PositionAssignment.objects.filter(current_q(timezone.localdate()), official=official)
    return positions.filter(pk__in=held.values("position_id"))
