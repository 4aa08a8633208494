""" "What I owe" of the competition (apps/core/home.py): a juror's entries still to score in a round being judged.
One query for a user who judges nothing, three per round judged otherwise."""

from django.utils.translation import ngettext

from apps.core.home import Owed

from . import selectors
from .models import Juror, RoundStatus


def owed(user) -> list[Owed]:
    items = []
    jurors = Juror.objects.filter(user_id=user.pk, round__status=RoundStatus.JUDGING).select_related("round")
    for juror in jurors:
        entries = set(selectors.scoreable_entries(juror).values_list("pk", flat=True))
        left = len(entries - selectors.completed_entry_ids(juror))
        if left:
            items.append(
                Owed(
                    text=ngettext(
                        "%(count)s entry of %(round)s to score",
                        "%(count)s entries of %(round)s to score",
                        left,
                    )
                    % {"count": left, "round": juror.round.name},
                    url=juror.round.get_absolute_url(),
                    due=juror.round.judging_end,
                    severity="warning",
                )
            )
    return items
