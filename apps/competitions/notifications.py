"""Notices of the competition, in the application and by e-mail (issue 9).

- A juror: when assigned to a round, and when its judging opens.
- The entrant department (its active heads, and whoever entered the innovation): when Bappeda rejects or reinstates
  the entry, and when the round's results are published (with the entry's rank and final score).

The services enqueue `tasks.notify_task` (apps/core/queue.py: after the commit, kept in the database while the
broker is down); the task calls these functions. Each notice is created once per person and event: the
notification's unique key decides, and the e-mail goes only with a notification created now, so a task run twice
(tasks run at least once) notifies and mails once. An e-mail that cannot be sent is logged; the notice stands.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.notifications.services import notification_create

from .models import Entry, EntryStatus, Juror, Round

logger = logging.getLogger(__name__)

JUROR_ASSIGNED = "juror_assigned"
JUDGING_OPENED = "judging_opened"
ENTRY_REJECTED = "entry_rejected"
ENTRY_REINSTATED = "entry_reinstated"
RESULTS_PUBLISHED = "results_published"
KINDS = (JUROR_ASSIGNED, JUDGING_OPENED, ENTRY_REJECTED, ENTRY_REINSTATED, RESULTS_PUBLISHED)


def _clip(text: str, length: int = 200) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _send(user: User, *, title: str, body: str, url: str, key: str) -> bool:
    """The in-app notification, once per user and key, and its e-mail; False if it was sent before."""
    title = _clip(title)
    if notification_create(user=user, title=title, body=body, url=url, key=key) is None:
        return False
    if user.email:
        message = "\n\n".join(part for part in (body, settings.SITE_URL.rstrip("/") + url) if part)
        try:
            send_mail(title, message, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # the in-app notification stands; the mail is logged as lost
            logger.exception("Could not email the competition notice %s to %s", key, user.email)
    return True


def entrant_people(entry: Entry) -> list[User]:
    """Who hears about an entry: the active heads of its department, and the person who entered it."""
    people = list(
        User.objects.filter(department_id=entry.department_id, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk")
    )
    entered_by = entry.entered_by
    if entered_by.is_active and entered_by.pk not in {user.pk for user in people}:
        people.append(entered_by)
    return people


# --- Jurors -------------------------------------------------------------------------------------------------------
def juror_assigned(juror_id: int) -> int:
    juror = Juror.objects.select_related("user", "round").filter(pk=juror_id).first()
    if juror is None or not juror.user.is_active:
        return 0  # removed again before the task ran
    round_ = juror.round
    body = _(
        "Bappeda assigned you as a juror of %(round)s. Judging runs from %(start)s to %(end)s; you will be told "
        "when it opens."
    ) % {"round": round_.name, "start": round_.judging_start.isoformat(), "end": round_.judging_end.isoformat()}
    title = _("You are a juror of %(round)s") % {"round": round_.name}
    return int(
        _send(juror.user, title=title, body=body, url=round_.get_absolute_url(), key=f"competition-juror-{juror.pk}")
    )


def judging_opened(round_id: int) -> int:
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    title = _("Judging of %(round)s is open") % {"round": round_.name}
    body = _(
        "Score each entry on every criterion (1–100) by %(end)s. Your scores stay hidden from the other jurors "
        "and the entrants until the round closes; you may change them until then."
    ) % {"end": round_.judging_end.isoformat()}
    sent = 0
    for juror in round_.jurors.select_related("user").filter(user__is_active=True).order_by("pk"):
        sent += _send(
            juror.user,
            title=title,
            body=body,
            url=round_.get_absolute_url(),
            key=f"competition-judging-{round_.pk}",
        )
    return sent


# --- Entries ------------------------------------------------------------------------------------------------------
def _entry(entry_id: int) -> Entry | None:
    return Entry.objects.select_related("round", "innovation", "entered_by").filter(pk=entry_id).first()


def entry_rejected(entry_id: int, stamp: str) -> int:
    """`stamp` tells one rejection from the next (an entry may be rejected, reinstated and rejected again)."""
    entry = _entry(entry_id)
    if entry is None or entry.status != EntryStatus.REJECTED:
        return 0  # reinstated before the task ran
    title = _("Your entry %(name)s was rejected") % {"name": entry.innovation.name}
    body = _("Bappeda rejected the entry of %(name)s in %(round)s: %(reason)s") % {
        "name": entry.innovation.name,
        "round": entry.round.name,
        "reason": entry.rejection_reason,
    }
    key = f"competition-entry-rejected-{entry.pk}-{stamp}"
    return sum(
        _send(user, title=title, body=body, url=entry.get_absolute_url(), key=key) for user in entrant_people(entry)
    )


def entry_reinstated(entry_id: int, stamp: str) -> int:
    entry = _entry(entry_id)
    if entry is None or entry.status != EntryStatus.ENTERED:
        return 0
    title = _("Your entry %(name)s is back in the competition") % {"name": entry.innovation.name}
    body = _("Bappeda reinstated the entry of %(name)s in %(round)s: it will be judged.") % {
        "name": entry.innovation.name,
        "round": entry.round.name,
    }
    key = f"competition-entry-reinstated-{entry.pk}-{stamp}"
    return sum(
        _send(user, title=title, body=body, url=entry.get_absolute_url(), key=key) for user in entrant_people(entry)
    )


def results_published(round_id: int) -> int:
    """Each entrant department hears its entries' rank and final score."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    entries = (
        Entry.objects.filter(round=round_, status=EntryStatus.ENTERED)
        .select_related("round", "innovation", "entered_by")
        .order_by("category", "rank", "pk")
    )
    sent = 0
    for entry in entries:
        title = _("The results of %(round)s are published") % {"round": round_.name}
        values = {
            "name": entry.innovation.name,
            "category": entry.category_name,
            "rank": entry.rank or "–",
            "result": entry.result if entry.result is not None else "–",
        }
        body = _("%(name)s (%(category)s): rank %(rank)s, final score %(result)s.") % values
        if entry.recommended:
            body += " " + _("A winner: recommended for replication in other departments.")
        for user in entrant_people(entry):
            sent += _send(
                user,
                title=title,
                body=body,
                url=entry.get_absolute_url(),
                key=f"competition-results-{round_.pk}-{entry.pk}",
            )
    return sent


HANDLERS = {
    JUROR_ASSIGNED: lambda pk, stamp: juror_assigned(pk),
    JUDGING_OPENED: lambda pk, stamp: judging_opened(pk),
    ENTRY_REJECTED: entry_rejected,
    ENTRY_REINSTATED: entry_reinstated,
    RESULTS_PUBLISHED: lambda pk, stamp: results_published(pk),
}


def notify(kind: str, object_id: int, stamp: str = "") -> int:
    return HANDLERS[kind](object_id, stamp)
