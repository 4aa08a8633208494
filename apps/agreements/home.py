""" "What I owe" of the Perjanjian Kinerja (apps/core/home.py): a department's PK of this year still to write,
in draft or returned; for the mayor's office the PKs waiting for review and the approved ones waiting for
signature. Three queries at most."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.home import Owed

from . import selectors
from .deadlines import deadline_for
from .models import AgreementStatus

S = AgreementStatus


def _department_items(user, year: int) -> list[Owed]:
    latest = list(
        selectors.latest_versions(selectors.agreements_for(user).filter(year=year, department_id=user.department_id))
    )
    deadline = deadline_for(year)
    late = timezone.localdate() > deadline
    items = []
    if not latest:
        return [
            Owed(
                text=_("Draft the Perjanjian Kinerja of %(year)s") % {"year": year},
                url=reverse("agreements:create"),
                due=deadline,
                severity="danger" if late else "warning",
            )
        ]
    for agreement in latest:
        if agreement.status == S.RETURNED:
            items.append(
                Owed(
                    text=_("The PK of %(year)s was returned by the mayor's office: correct it and submit it again")
                    % {"year": year},
                    url=agreement.get_absolute_url(),
                    due=deadline if agreement.version == 1 else None,
                    severity="danger",
                )
            )
        elif agreement.status == S.DRAFT:
            items.append(
                Owed(
                    text=_("The PK of %(year)s is still a draft: submit it") % {"year": year},
                    url=agreement.get_absolute_url(),
                    due=deadline if agreement.version == 1 else None,
                    severity="danger" if late and agreement.version == 1 else "warning",
                )
            )
    return items


def _review_items(user) -> list[Owed]:
    rows = (
        selectors.latest_versions(selectors.agreements_for(user))
        .filter(status__in=[S.SUBMITTED, S.APPROVED])
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    url = reverse("agreements:list")
    items = []
    if counts.get(S.SUBMITTED):
        items.append(
            Owed(
                text=_("%(n)s PKs submitted, waiting for your review") % {"n": counts[S.SUBMITTED]},
                url=f"{url}?status={S.SUBMITTED}&year=",
                severity="warning",
            )
        )
    if counts.get(S.APPROVED):
        items.append(
            Owed(
                text=_("%(n)s approved PKs waiting for signature") % {"n": counts[S.APPROVED]},
                url=f"{url}?status={S.APPROVED}&year=",
                severity="info",
            )
        )
    return items


def owed(user) -> list[Owed]:
    items = []
    if user.has_perm("agreements.draft_head") and user.department_id:
        items += _department_items(user, timezone.localdate().year)
    if user.has_perm("agreements.region_review"):
        items += _review_items(user)
    return items
