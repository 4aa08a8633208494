""" "What I owe" of realisasi (apps/core/home.py): a department's quarters due soon and not fully reported, the
head's drafts to submit, reports Bappeda returned; for Bappeda the reports waiting for verification. An eselon III/IV
official owes the same for their own PK (not their subordinates', which they verify: the reports waiting for them
are their item, as for a head whose eselon III officials report). Five queries at most, whatever the number of PKs
and reports."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.home import Owed

from . import permissions, selectors
from .models import ReportStatus
from .views_common import REOPENED, attach_quarters

S = ReportStatus
DUE_SOON_DAYS = 30  # a quarter still far from its deadline is not owed yet


def _severity(days_left: int) -> str:
    if days_left <= 3:
        return "danger"
    if days_left <= 14:
        return "warning"
    return "info"


def _owing_agreements(user):
    """The PKs whose realisasi the user owes: a department's head and staff the head's PK (the cascade's officials
    owe their own); an eselon III/IV official their own PK."""
    queryset = selectors.reportable_agreements_for(user)
    if user.is_line_official:
        return queryset.filter(position__isnull=False, official_id=permissions.official_id_of(user) or 0)
    return queryset.filter(position__isnull=True)


def _department_items(user, today) -> list[Owed]:
    agreements = list(
        _owing_agreements(user)
        .filter(year__in=[today.year, today.year - 1])
        .annotate(indicator_count=Count("indicators"))
        .order_by("year", "version")
    )
    attach_quarters(agreements, today=today)
    items = []
    for agreement in agreements:
        may_submit = permissions.may_submit(user, agreement)
        verifier = _("your superior") if agreement.is_cascaded else _("Bappeda")
        for cell in agreement.quarters:
            names = {"quarter": cell.roman, "year": cell.year, "whom": verifier}
            returned = cell.counts.get(S.RETURNED, 0)
            if returned:
                items.append(
                    Owed(
                        text=_("%(n)s reports of quarter %(quarter)s %(year)s were returned by %(whom)s: correct them")
                        % {**names, "n": returned},
                        url=cell.url,
                        severity="danger",
                    )
                )
            if not cell.is_open:
                continue
            due = cell.reopened_until if cell.state == REOPENED else cell.deadline
            severity = _severity((due - today).days)
            drafts = cell.counts.get(S.DRAFT, 0)
            if may_submit and drafts:
                items.append(
                    Owed(
                        text=_("%(n)s drafts of quarter %(quarter)s %(year)s to submit to %(whom)s")
                        % {**names, "n": drafts},
                        url=cell.url,
                        due=due,
                        severity=severity,
                    )
                )
            if cell.missing and (due - today).days <= DUE_SOON_DAYS:
                items.append(
                    Owed(
                        text=_("Realisasi of quarter %(quarter)s %(year)s: %(n)s indicators not reported yet")
                        % {**names, "n": cell.missing},
                        url=cell.url,
                        due=due,
                        severity=severity,
                    )
                )
    return items


def owed(user) -> list[Owed]:
    if not user.has_perm("progress.view"):
        return []
    today = timezone.localdate()
    items = []
    if user.has_perm("progress.report") and user.department_id:
        items += _department_items(user, today)
    if user.has_perm("progress.verify"):
        # Bappeda's queue starts at the heads' PKs (the cascade is verified by the superiors first)
        waiting = selectors.verifiable_reports_for(user).filter(status=S.SUBMITTED).count()
        if waiting:
            items.append(
                Owed(
                    text=_("%(n)s realisasi reports waiting for your verification") % {"n": waiting},
                    url=reverse("progress:queue"),
                    severity="warning",
                )
            )
    elif user.has_perm("progress.verify_line"):
        waiting = selectors.verifiable_reports_for(user).filter(status=S.SUBMITTED).count()
        if waiting:
            items.append(
                Owed(
                    text=_("%(n)s realisasi reports of your subordinates waiting for your verification")
                    % {"n": waiting},
                    url=reverse("progress:queue"),
                    severity="warning",
                )
            )
    return items
