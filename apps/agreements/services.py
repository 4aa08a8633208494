"""Writes of Perjanjian Kinerja: drafting (from the Renstra), editing, the workflow and amendments.

Workflow (DOMAIN.md §3): draft → submitted (the head) → returned (the mayor's office, a comment per item; editable
again) or approved → signed (the mayor's office; dates, signatories and the document's hash recorded; frozen by
database triggers). An amendment (PK perubahan, one of three reasons) copies the newest signed version into version
n+1, which goes through the same workflow. Every transition is one conditional UPDATE (… WHERE status = old): two
clicks, two workers or two people acting at once move an agreement once; the other gets a clear TransitionError.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.workflow import ConflictError, TransitionError, transition
from apps.departments.models import Assignment, Department, Official
from apps.departments.selectors import current_q, in_year_q, period_in_year, region_get
from apps.plans.models import Renstra

from . import permissions
from .cascade import cascade_create, draftable_positions, superior_agreement_for  # noqa: F401 - pages and the API
from .content import (  # noqa: F401 - some for the pages and the API
    agreement_content,
    agreement_diff,
    content_errors,
    content_write,
    indicator_errors,
    renstra_content,
    supports_errors,
)
from .document import document_store, superior_position_title
from .models import (
    EDITABLE_STATUSES,
    Agreement,
    AgreementReview,
    AgreementStatus,
    AmendmentReason,
)

S = AgreementStatus


# --- Who may act ------------------------------------------------------------------------------------------------
def _require(user, permission: str, department: Department) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied
    if not user.sees_all_departments and user.department_id != department.pk:
        raise PermissionDenied


def _require_may(check, user, agreement: Agreement) -> None:
    """One of apps/agreements/permissions.py's checks for this very PK (a head's, or one of the cascade)."""
    if not check(user, agreement):
        raise PermissionDenied


# --- The period of a head's PK ------------------------------------------------------------------------------------
def head_period(*, official: Official, department: Department, year: int) -> tuple[datetime.date, datetime.date]:
    """1 January–31 December, or from the assignment date for a head appointed mid-year (and until they left)."""
    assignment = (
        Assignment.objects.filter(in_year_q(year), official=official, department=department)
        .order_by("-start_date")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            {
                "official": _("%(name)s does not head %(department)s in %(year)s.")
                % {"name": official.name, "department": department.name, "year": year}
            }
        )
    return period_in_year(assignment, year)


def current_head(*, department: Department, day: datetime.date) -> Official | None:
    assignment = (
        Assignment.objects.filter(current_q(day), department=department)
        .select_related("official")
        .order_by("kind", "-start_date")
        .first()
    )
    return assignment.official if assignment else None


# --- Drafting -----------------------------------------------------------------------------------------------------
def agreement_create(
    *,
    department: Department,
    year: int,
    by,
    objectives: list[dict],
    programs: list[dict] = (),
    official: Official | None = None,
    renstra: Renstra | None = None,
) -> Agreement:
    """A draft PK of the department's head for the year (one per head and year; amendments are new versions)."""
    _require(by, "agreements.draft", department)
    if not by.is_department_member:
        raise PermissionDenied
    official = official or current_head(
        department=department, day=min(timezone.localdate(), datetime.date(year, 12, 31))
    )
    if official is None:
        raise ValidationError({"official": _("%(department)s has no head to sign a PK.") % {"department": department}})
    start, end = head_period(official=official, department=department, year=year)
    if Agreement.objects.filter(official=official, department=department, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(name)s already has a PK for %(year)s; open it, or amend it once signed.")
                % {"name": official.name, "year": year}
            }
        )
    errors = content_errors(objectives, list(programs), department=department, year=year)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = Agreement(
            department=department,
            official=official,
            renstra=renstra,
            year=year,
            period_start=start,
            period_end=end,
            created_by=by,
        )
        agreement.full_clean()
        agreement.save()
        content_write(agreement, objectives, list(programs))
    return agreement


def agreement_draft_from_renstra(
    *, department: Department, year: int, by, objective_ids=None, indicator_ids=None, official=None
) -> Agreement:
    renstra = (
        Renstra.objects.filter(department=department, period__start_year__lte=year, period__end_year__gte=year)
        .select_related("period")
        .first()
    )
    if renstra is None:
        raise ValidationError(
            {"year": _("%(department)s has no Renstra covering %(year)s.") % {"department": department, "year": year}}
        )
    objectives, programs = renstra_content(
        renstra=renstra, year=year, objective_ids=objective_ids, indicator_ids=indicator_ids
    )
    return agreement_create(
        department=department,
        year=year,
        by=by,
        objectives=objectives,
        programs=programs,
        official=official,
        renstra=renstra,
    )


def agreement_update(
    *, agreement: Agreement, by, objectives: list[dict], programs: list[dict], row_version: int | None = None
) -> Agreement:
    """Replace the content of a draft or returned PK. `row_version` is what the editor saw: if someone saved
    since, ConflictError, and nothing is overwritten."""
    _require_may(permissions.may_draft, by, agreement)
    errors = content_errors(objectives, programs, department=agreement.department, year=agreement.year)
    errors.update(supports_errors(objectives, agreement))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Agreement.all_levels.select_for_update().get(pk=agreement.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionError(
                _("This PK is %(status)s: only a draft or a returned PK can be edited.")
                % {"status": locked.get_status_display().lower()}
            )
        if row_version is not None and locked.row_version != row_version:
            raise ConflictError(_("Someone else saved this PK while you were editing it. Your changes are kept below."))
        content_write(locked, objectives, programs)
        Agreement.all_levels.filter(pk=locked.pk).update(row_version=F("row_version") + 1, updated_at=timezone.now())
    agreement.refresh_from_db()
    return agreement


# --- The workflow -------------------------------------------------------------------------------------------------
def _move(agreement: Agreement, *, by, source: tuple, target: str, comment: str = "", item_comments=(), **fields):
    """One conditional UPDATE (apps/core/workflow.py): only an agreement still in a `source` state moves."""

    def review(from_status):
        AgreementReview.objects.create(
            agreement=agreement,
            from_status=from_status,
            to_status=target,
            comment=comment,
            item_comments=list(item_comments),
            by=by,
        )

    return transition(
        agreement,
        source=source,
        target=target,
        fields=fields,
        refused=_("This PK is %(status)s: it cannot be %(action)s now."),
        review=review,
    )


def agreement_submit(*, agreement: Agreement, by) -> Agreement:
    """The head submits the draft (or the corrected returned PK) to the mayor's office."""
    _require_may(permissions.may_submit, by, agreement)
    if not agreement.indicators.exists():
        raise ValidationError(_("A PK without indicators cannot be submitted."))
    return _move(
        agreement, by=by, source=EDITABLE_STATUSES, target=S.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )


def agreement_return(*, agreement: Agreement, by, comment: str = "", item_comments=()) -> Agreement:
    """The mayor's office returns it for corrections, with a comment on the whole or per item
    (`[{"item": "indicator", "id": 7, "comment": "…"}]`)."""
    _require_may(permissions.may_review, by, agreement)
    item_comments = [c for c in item_comments if (c.get("comment") or "").strip()]
    if not comment.strip() and not item_comments:
        raise ValidationError({"comment": _("Say what must be corrected: a comment, or one on an item.")})
    return _move(
        agreement, by=by, source=(S.SUBMITTED,), target=S.RETURNED, comment=comment, item_comments=item_comments
    )


def agreement_approve(*, agreement: Agreement, by, comment: str = "") -> Agreement:
    _require_may(permissions.may_review, by, agreement)
    return _move(
        agreement,
        by=by,
        source=(S.SUBMITTED,),
        target=S.APPROVED,
        comment=comment,
        approved_at=timezone.now(),
        approved_by=by,
    )


def agreement_sign(*, agreement: Agreement, by, signed_on: datetime.date) -> Agreement:
    """Record the signing: the date, both signatories as they are today, and the SHA-256 of the document."""
    _require_may(permissions.may_review, by, agreement)
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    if signed_on.year < agreement.year - 1:
        raise ValidationError({"signed_on": _("The signing date is long before the PK's year.")})
    official, region = agreement.official, region_get()
    if agreement.is_cascaded:  # the superior signs as pihak kedua (DOMAIN.md §3, the cascade)
        snapshot = {
            "first_party_name": official.name,
            "first_party_rank": official.rank_display,
            "first_party_nip": official.nip,
            "first_party_position": agreement.position.name,
            "second_party_name": agreement.superior_agreement.official.name,
            "second_party_title": superior_position_title(agreement),
        }
    else:
        assignment = (
            Assignment.objects.filter(official=official, department=agreement.department)
            .order_by("-start_date")
            .first()
        )
        snapshot = {
            "first_party_name": official.name,
            "first_party_rank": official.rank_display,
            "first_party_nip": official.nip,
            "first_party_position": (assignment.position_title if assignment else "")
            or f"Kepala {agreement.department}",
            "second_party_name": region.head_name if region else "",
            "second_party_title": region.head_title if region else "",
        }
    with transaction.atomic():
        # The document is rendered from the snapshot before the agreement freezes; its bytes and hash freeze with it.
        Agreement.all_levels.filter(pk=agreement.pk, status=S.APPROVED).update(**snapshot, signed_on=signed_on)
        agreement.refresh_from_db()
        name, digest = document_store(agreement)
        try:
            return _move(
                agreement,
                by=by,
                source=(S.APPROVED,),
                target=S.SIGNED,
                signed_by=by,
                document_sha256=digest,
                signed_document=name,
            )
        except Exception:
            default_storage.delete(name)  # the signing did not happen: no document of it either
            raise


def agreement_amend(*, agreement: Agreement, by, reason: str, note: str = "") -> Agreement:
    """PK perubahan: a copy of the newest signed version as version n+1, a draft with its own workflow."""
    _require_may(permissions.may_amend, by, agreement)
    if reason not in AmendmentReason.values:
        raise ValidationError({"reason": _("Choose one of the three reasons for an amendment.")})
    if agreement.status != S.SIGNED:
        raise TransitionError(_("Only a signed PK can be amended."))
    if Agreement.all_levels.filter(previous=agreement).exists():
        raise TransitionError(_("This version has already been amended: amend the newest version."))
    with transaction.atomic():
        amendment = Agreement.all_levels.create(
            department=agreement.department,
            official=agreement.official,
            position=agreement.position,
            superior_agreement=agreement.superior_agreement,
            renstra=agreement.renstra,
            year=agreement.year,
            version=agreement.version + 1,
            period_start=agreement.period_start,
            period_end=agreement.period_end,
            previous=agreement,
            amendment_reason=reason,
            amendment_note=note,
            created_by=by,
        )
        objectives, programs = agreement_content(agreement)
        content_write(amendment, objectives, programs)
    return amendment


# --- Deleting a draft, and the admin's restore ---------------------------------------------------------------------
def agreement_delete(*, agreement: Agreement, by) -> None:
    """Its department (or, below the head, its official) deletes a first draft: it is kept out of sight (soft delete)
    until the admin restores it. Anything submitted once, and every amendment, stays (a CHECK refuses it too)."""
    _require_may(permissions.may_draft, by, agreement)
    if agreement.version != 1 or agreement.reviews.exists():
        raise TransitionError(_("Only a draft never submitted can be deleted; this PK stays in the record."))
    deleted = Agreement.all_levels.filter(pk=agreement.pk, status=S.DRAFT, version=1).update(
        deleted_at=timezone.now(), deleted_by=by, row_version=F("row_version") + 1, updated_at=timezone.now()
    )
    if not deleted:
        raise TransitionError(_("Only a draft never submitted can be deleted; this PK stays in the record."))


def agreement_restore(*, agreement_id: int, by) -> Agreement:
    """The admin brings a deleted draft back, unless its official has another PK of that year and position now."""
    if not by.has_perm("core.restore"):
        raise PermissionDenied
    with transaction.atomic():
        agreement = Agreement.with_deleted.select_for_update().filter(pk=agreement_id).first()
        if agreement is None or agreement.deleted_at is None:
            raise TransitionError(_("This PK is not deleted."))
        taken = Agreement.all_levels.filter(
            official_id=agreement.official_id,
            department_id=agreement.department_id,
            position_id=agreement.position_id,
            year=agreement.year,
        )
        if taken.exists():
            raise ValidationError(
                _("%(name)s has another PK for %(year)s now: delete that draft first, or keep it.")
                % {"name": agreement.official.name, "year": agreement.year}
            )
        Agreement.with_deleted.filter(pk=agreement.pk).update(
            deleted_at=None, deleted_by=None, row_version=F("row_version") + 1, updated_at=timezone.now()
        )
    agreement.refresh_from_db()
    return agreement
