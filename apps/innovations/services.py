"""Writes of innovations: the profile and its workflow, the indicator levels claimed and verified, the region
indicators, and reading a year's scoring scheme and index from the database.

Workflow (DOMAIN.md §6): `draft` (staff or the head of the department) → `submitted` (the head) → `verified`, or
`returned` with a note per field (Bappeda); a returned innovation is edited and submitted again. Every transition
is one conditional UPDATE (… WHERE status IN old): two people acting at once move an innovation once, the other
gets a TransitionError. Edits carry the `row_version` the editor saw: if someone saved since, ConflictError.

A draft may be incomplete; what it has must be right (dates in order, a video URL that is a URL, known affairs, a
PK sasaran of its own department). Submitting asks for the whole profile, the design at least 300 words once its
HTML is stripped.
"""

import html
import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.workflow import ConflictError, TransitionError, transition
from apps.departments.models import Department
from apps.progress import filetypes

from .affairs import AFFAIR_CODES
from .models import (
    EDITABLE_STATUSES,
    FIRST_INNOVATION_INDICATOR,
    LAST_INNOVATION_INDICATOR,
    Innovation,
    InnovationIndicator,
    InnovationReview,
    InnovationStatus,
    RegionIndicator,
)
from .scoring import SchemeMissing, index_for, scheme_for  # noqa: F401 - part of the services' API

S = InnovationStatus
DESIGN_MIN_WORDS = 300
PROFILE_FIELDS = (
    "name",
    "stage",
    "initiator",
    "initiator_name",
    "kind",
    "form",
    "theme",
    "main_affair",
    "affairs",
    "trial_date",
    "implementation_date",
    "design",
    "goals",
    "benefits",
    "results",
    "budget_file",
    "profile_file",
    "video_url",
    "replicated_from",
    "replicated_from_region",
    "previous_entry",
    "plan_objective",
)
# What Bappeda may write a note on when returning: the profile's fields and the indicators as a whole.
RETURNABLE_FIELDS = (*PROFILE_FIELDS, "indicators")
REQUIRED_TO_SUBMIT = ("initiator_name", "main_affair", "goals", "benefits", "results")
EVIDENCE_FIELDS = ("evidence_file", "evidence_url", "evidence_text")


# --- Who may act ----------------------------------------------------------------------------------------------------
def _require(user, permission: str, department: Department | None = None) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied
    if department is not None and not user.sees_all_departments and user.department_id != department.pk:
        raise PermissionDenied


def _conflict() -> ConflictError:
    return ConflictError(
        _("Someone else saved this innovation while you were editing it. Your changes are kept below.")
    )


_BLOCK_TAG = re.compile(r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section))\b[^>]*>", re.I)


def word_count(text: str) -> int:
    """Words of a text once its HTML is stripped (tags, entities); a "word" has at least one letter or digit."""
    spaced = _BLOCK_TAG.sub(" ", text or "")  # "<p>a</p><p>b</p>" is two words, "<b>ka</b>ta" one
    plain = html.unescape(strip_tags(spaced))
    return sum(1 for token in plain.split() if re.search(r"\w", token))


# --- The profile ----------------------------------------------------------------------------------------------------
def _check_profile(innovation: Innovation) -> None:
    """What must hold even in a draft; the model's own checks (dates, URL, choices) run in full_clean."""
    errors = {}
    for code in [innovation.main_affair, *innovation.affairs]:
        if code and code not in AFFAIR_CODES:
            errors["affairs"] = _("Unknown government affair: %(code)s.") % {"code": code}
    if innovation.main_affair and innovation.main_affair in innovation.affairs:
        errors["affairs"] = _("The main affair is not repeated among the overlapping affairs.")
    if len(set(innovation.affairs)) != len(innovation.affairs):
        errors["affairs"] = _("An affair is listed twice.")
    dates = (innovation.trial_date, innovation.implementation_date)
    if all(dates) and dates[0] > dates[1]:
        errors["implementation_date"] = _("The implementation date cannot be before the trial date.")
    if innovation.replicated_from_id and innovation.replicated_from_region.strip():
        errors["replicated_from_region"] = _("Replicated from another innovation or from another region, not both.")
    if innovation.replicated_from_id and innovation.pk and innovation.replicated_from_id == innovation.pk:
        errors["replicated_from"] = _("An innovation cannot be replicated from itself.")
    previous = innovation.previous_entry
    if previous is not None and previous.year >= innovation.year:
        errors["previous_entry"] = _("The earlier entry must be of an earlier index year.")
    objective = innovation.plan_objective
    if objective is not None and (
        objective.agreement.department_id != innovation.department_id or objective.agreement.is_cascaded
    ):
        errors["plan_objective"] = _("Choose a sasaran of this department's PK.")
    if errors:
        raise ValidationError(errors)


def _check_complete(innovation: Innovation) -> None:
    """What a submitted innovation must have."""
    errors = {}
    for name in REQUIRED_TO_SUBMIT:
        if not getattr(innovation, name):
            errors[name] = _("This field is required to submit the innovation.")
    words = word_count(innovation.design)
    if words < DESIGN_MIN_WORDS:
        errors["design"] = ngettext(
            "The design must have at least %(minimum)s words once formatting is removed; it has %(count)s word.",
            "The design must have at least %(minimum)s words once formatting is removed; it has %(count)s words.",
            words,
        ) % {"minimum": DESIGN_MIN_WORDS, "count": words}
    if errors:
        raise ValidationError(errors)


FILE_FIELDS = ("budget_file", "profile_file")


def checked_file(file, *, field: str):
    """An uploaded file checked by size (settings.UPLOAD_MAX_MB) and by content (a PDF, an image or an Office
    document without macros, whatever its name says), renamed to the extension its content has; a ValidationError
    on `field` otherwise. None and "" (clearing the file) pass through."""
    if not file:
        return file
    limit = settings.UPLOAD_MAX_MB
    if file.size is not None and file.size > limit * 1024 * 1024:
        raise ValidationError({field: _("The file is larger than %(limit)s MB.") % {"limit": limit}})
    file.seek(0)
    head = file.read()
    file.seek(0)
    try:
        kind = filetypes.detect(head)
    except filetypes.Refused as exc:
        raise ValidationError({field: str(exc)}) from exc
    stem = PurePath(file.name or "").stem[:100] or "file"
    file.name = f"{stem}.{kind.extension}"
    return file


def _apply(innovation: Innovation, fields: dict) -> None:
    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise TypeError(f"not profile fields: {', '.join(unknown)}")
    for name, value in fields.items():
        if name in FILE_FIELDS:
            value = checked_file(value, field=name) or ""
        if isinstance(value, str):
            value = value.strip()
        if name == "affairs":
            value = list(value or [])
        setattr(innovation, name, value)


def _save(innovation: Innovation) -> None:
    innovation.full_clean(exclude=["department", "created_by"], validate_unique=False, validate_constraints=False)
    _check_profile(innovation)
    try:
        with transaction.atomic():
            innovation.save()
    except IntegrityError as exc:
        if (
            Innovation.objects.filter(
                department_id=innovation.department_id, year=innovation.year, name=innovation.name
            )
            .exclude(pk=innovation.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "name": _("This department already has an innovation of this name in %(year)s.")
                    % {"year": innovation.year}
                }
            ) from exc
        if innovation.previous_entry_id:
            raise ValidationError(
                {"previous_entry": _("That earlier entry is already carried into another entry.")}
            ) from exc
        raise


def innovation_create(*, department: Department, year: int, by, **fields) -> Innovation:
    """A new draft innovation of the department for an index year (`fields`: any of PROFILE_FIELDS)."""
    _require(by, "innovations.edit", department)
    innovation = Innovation(department=department, year=year, created_by=by)
    _apply(innovation, fields)
    _save(innovation)
    return innovation


def innovation_update(*, innovation: Innovation, by, row_version: int | None = None, **fields) -> Innovation:
    """Change a draft or returned innovation; `row_version` is the one the editor saw."""
    _require(by, "innovations.edit", innovation.department)
    with transaction.atomic():
        locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
        if not locked.is_editable:
            raise TransitionError(
                _("This innovation is %(status)s: only a draft or a returned innovation can be edited.")
                % {"status": locked.get_status_display().lower()}
            )
        if row_version is not None and locked.row_version != row_version:
            raise _conflict()
        _apply(locked, fields)
        locked.row_version += 1
        _save(locked)
    return locked


# --- The workflow ---------------------------------------------------------------------------------------------------
def _move(
    innovation: Innovation, *, by, source: tuple, target: str, notes: dict | None = None, comment: str = "", **fields
) -> Innovation:
    """One conditional UPDATE (apps/core/workflow.py): only an innovation still in a `source` state moves."""

    def review(from_status):
        InnovationReview.objects.create(
            innovation=innovation,
            from_status=from_status,
            to_status=target,
            notes=notes or {},
            comment=comment.strip(),
            by=by,
        )

    return transition(
        innovation,
        source=source,
        target=target,
        fields=fields,
        refused=_("This innovation is %(status)s: it cannot be %(action)s now."),
        review=review,
    )


def innovation_submit(*, innovation: Innovation, by) -> Innovation:
    """The head submits the draft (or the corrected returned innovation) to Bappeda."""
    _require(by, "innovations.submit", innovation.department)
    current = Innovation.objects.get(pk=innovation.pk)
    if current.is_editable:
        _check_complete(current)
    return _move(
        innovation,
        by=by,
        source=EDITABLE_STATUSES,
        target=S.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=by,
        return_notes={},
    )


def innovation_return(*, innovation: Innovation, by, notes: dict) -> Innovation:
    """Bappeda returns the submitted innovation with a note per field to correct (at least one)."""
    _require(by, "innovations.verify")
    unknown = sorted(set(notes or {}) - set(RETURNABLE_FIELDS))
    if unknown:
        raise ValidationError({"notes": _("No such field: %(fields)s.") % {"fields": ", ".join(unknown)}})
    cleaned = {name: str(note).strip() for name, note in (notes or {}).items() if str(note or "").strip()}
    if not cleaned:
        raise ValidationError({"notes": _("Say what must be corrected: a note on at least one field.")})
    return _move(
        innovation,
        by=by,
        source=(S.SUBMITTED,),
        target=S.RETURNED,
        notes=cleaned,
        returned_at=timezone.now(),
        returned_by=by,
        return_notes=cleaned,
    )


def innovation_delete(*, innovation: Innovation, by) -> None:
    """The department deletes a draft: it is kept out of sight (soft delete) until the admin restores it. What
    was ever submitted stays (a database trigger refuses to delete it, too)."""
    _require(by, "innovations.edit", innovation.department)
    updated = Innovation.objects.filter(pk=innovation.pk, status=S.DRAFT).update(
        deleted_at=timezone.now(), deleted_by=by, row_version=F("row_version") + 1
    )
    if not updated:
        raise TransitionError(_("Only a draft can be deleted; this innovation was submitted."))


def innovation_restore(*, innovation_id: int, by) -> Innovation:
    """The admin brings a deleted draft back, unless another innovation of its department and year now has its
    name (or carries its earlier entry)."""
    _require(by, "core.restore")
    with transaction.atomic():
        innovation = Innovation.all_objects.select_for_update().filter(pk=innovation_id).first()
        if innovation is None or innovation.deleted_at is None:
            raise TransitionError(_("This innovation is not deleted."))
        taken = Innovation.objects.filter(department_id=innovation.department_id, year=innovation.year)
        if taken.filter(name=innovation.name).exists():
            raise ValidationError(
                _("The department now has another innovation named “%(name)s” in %(year)s: rename that one first.")
                % {"name": innovation.name, "year": innovation.year}
            )
        if (
            innovation.previous_entry_id
            and Innovation.objects.filter(previous_entry_id=innovation.previous_entry_id).exists()
        ):
            raise ValidationError(_("Its earlier entry is now carried into another entry."))
        innovation.deleted_at = innovation.deleted_by = None
        innovation.row_version += 1
        innovation.save(update_fields=["deleted_at", "deleted_by", "row_version", "updated_at"])
    return innovation


def innovation_verify(*, innovation: Innovation, by, comment: str = "") -> Innovation:
    """Bappeda accepts the submitted innovation; every claimed indicator must have its verified level first."""
    _require(by, "innovations.verify")
    pending = sorted(
        InnovationIndicator.objects.filter(
            innovation=innovation, claimed_level__gt=0, verified_level__isnull=True
        ).values_list("number", flat=True)
    )
    if pending and Innovation.objects.filter(pk=innovation.pk, status=S.SUBMITTED).exists():
        raise ValidationError(
            {
                "indicators": _("Set the verified level of indicators %(numbers)s first.")
                % {"numbers": ", ".join(map(str, pending))}
            }
        )
    return _move(
        innovation,
        by=by,
        source=(S.SUBMITTED,),
        target=S.VERIFIED,
        comment=comment,
        verified_at=timezone.now(),
        verified_by=by,
    )


# --- Indicator levels -----------------------------------------------------------------------------------------------
def _check_number(number: int, first: int, last: int) -> None:
    if not isinstance(number, int) or not first <= number <= last:
        raise ValidationError(
            {"number": _("The indicator is a number from %(first)s to %(last)s.") % {"first": first, "last": last}}
        )


def _check_level(level, *, field: str, lowest: int = 0) -> None:
    if level is None:
        return
    if isinstance(level, bool) or not isinstance(level, int) or not lowest <= level <= 3:
        raise ValidationError({field: _("The level is %(lowest)s to 3.") % {"lowest": lowest}})


_UNCHANGED = object()


def _set_evidence(row, *, file, url, text) -> bool:
    """Set the evidence given (a value of `_UNCHANGED` keeps it); True when it changed."""
    changed = False
    for name, value in (("evidence_file", file), ("evidence_url", url), ("evidence_text", text)):
        if value is _UNCHANGED:
            continue
        checked = checked_file(value, field=name) if name == "evidence_file" else (value or "").strip()
        value = checked or ""
        current = getattr(row, name)
        if name == "evidence_file":
            if value or current:  # a new upload, or clearing the file
                changed = True
        elif value != (current or ""):
            changed = True
        setattr(row, name, value)
    return changed


def indicator_claim(
    *,
    innovation: Innovation,
    number: int,
    level: int | None,
    by,
    evidence_file=_UNCHANGED,
    evidence_url=_UNCHANGED,
    evidence_text=_UNCHANGED,
) -> InnovationIndicator:
    """The department claims a level (1–3, or None to withdraw) for indicator `number` with evidence (a file, a
    URL or a text). Evidence changed after Bappeda verified the indicator sends it back to be verified."""
    _require(by, "innovations.edit", innovation.department)
    _check_number(number, FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR)
    _check_level(level, field="claimed_level")
    with transaction.atomic():
        Innovation.objects.select_for_update().filter(pk=innovation.pk).get()
        row = InnovationIndicator.objects.select_for_update().filter(innovation=innovation, number=number).first()
        if row is None:
            row = InnovationIndicator(innovation=innovation, number=number)
        changed = _set_evidence(row, file=evidence_file, url=evidence_url, text=evidence_text)
        if level and not row.has_evidence:
            raise ValidationError({"evidence": _("Give evidence for the level claimed: a file, a URL or a text.")})
        now = timezone.now()
        row.claimed_level, row.claimed_at, row.claimed_by = level, now, by
        if changed:
            row.evidence_changed_at = now
            if row.verified_level is not None:
                row.verified_level = row.verified_at = row.verified_by = None
        row.full_clean(exclude=["innovation"], validate_unique=False, validate_constraints=False)
        row.save()
    return row


def indicator_verify(*, innovation: Innovation, number: int, level: int, by) -> InnovationIndicator:
    """Bappeda sets the verified level (0–3) of an indicator of a submitted (or verified) innovation."""
    _require(by, "innovations.verify")
    _check_number(number, FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR)
    if level is None:
        raise ValidationError({"verified_level": _("The level is 0 to 3.")})
    _check_level(level, field="verified_level")
    with transaction.atomic():
        locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
        if locked.status not in (S.SUBMITTED, S.VERIFIED):
            raise TransitionError(
                _("This innovation is %(status)s: its indicators are verified once it is submitted.")
                % {"status": locked.get_status_display().lower()}
            )
        row = InnovationIndicator.objects.select_for_update().filter(innovation=innovation, number=number).first()
        if row is None:
            row = InnovationIndicator(innovation=innovation, number=number)
        if level and not row.has_evidence:
            raise ValidationError({"verified_level": _("There is no evidence for this indicator: its level is 0.")})
        row.verified_level, row.verified_at, row.verified_by = level, timezone.now(), by
        row.save()
    return row


def region_indicator_set(
    *,
    year: int,
    code: str,
    by,
    claimed_level=_UNCHANGED,
    verified_level=_UNCHANGED,
    evidence_file=_UNCHANGED,
    evidence_url=_UNCHANGED,
    evidence_text=_UNCHANGED,
) -> RegionIndicator:
    """Bappeda enters a region indicator of a year ("1", "2a" … "15") with its evidence and levels."""
    _require(by, "innovations.region_edit")
    match = re.fullmatch(r"(\d{1,2})([a-z]?)", str(code))
    if not match:
        raise ValidationError(
            {"number": _("The indicator is a number from %(first)s to %(last)s.") % {"first": 1, "last": 15}}
        )
    number, part = int(match[1]), match[2]
    _check_number(number, 1, 15)
    for name, value in (("claimed_level", claimed_level), ("verified_level", verified_level)):
        if value is not _UNCHANGED:
            _check_level(value, field=name)
    with transaction.atomic():
        row = RegionIndicator.objects.select_for_update().filter(year=year, number=number, part=part).first()
        if row is None:
            row = RegionIndicator(year=year, number=number, part=part)
        _set_evidence(row, file=evidence_file, url=evidence_url, text=evidence_text)
        if claimed_level is not _UNCHANGED:
            row.claimed_level = claimed_level
        if verified_level is not _UNCHANGED:
            row.verified_level = verified_level
        row.updated_by = by
        row.full_clean(exclude=["updated_by"], validate_unique=False, validate_constraints=False)
        row.save()
    return row
