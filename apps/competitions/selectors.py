"""Reads of the competition, scoped to the user who asks.

Rounds: Bappeda and the admin see every round; an external juror (role `jury`) only the rounds assigned to them;
everyone else the rounds past their draft and those they judge. Entries: the overseers and the round's jurors see
every entry; a department its own (every entry once the results are published). Scores: while a round is judged a
juror sees only their own; nobody else sees any. From the closing on, the overseers and the round's jurors see all
of them and a department the scores of its own entries.
"""

from django.db.models import Count, Q, QuerySet

from apps.accounts.models import Role

from .models import REVEALED, Entry, EntryStatus, Juror, Round, RoundStatus, Score

MANAGERS = (Role.BAPPEDA, Role.ADMIN)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def rounds_for(user) -> QuerySet[Round]:
    queryset = Round.objects.all()
    if not _active(user):
        return queryset.none()
    judged = Q(pk__in=Juror.objects.filter(user_id=user.pk).values("round_id"))
    if user.role == Role.JURY:
        return queryset.filter(judged)
    if user.role in MANAGERS:
        return queryset
    return queryset.filter(~Q(status=RoundStatus.DRAFT) | judged)


def juror_of(user, round_: Round) -> Juror | None:
    if not _active(user):
        return None
    return Juror.objects.filter(round=round_, user_id=user.pk).select_related("department").first()


def oversees(user) -> bool:
    return user.has_perm("competitions.oversee")


def entries_for(user, round_: Round) -> QuerySet[Entry]:
    queryset = Entry.objects.filter(round=round_).select_related("innovation", "department")
    if not _active(user):
        return queryset.none()
    if oversees(user):
        return queryset
    if juror_of(user, round_) is not None:
        return queryset.filter(status=EntryStatus.ENTERED)
    if round_.status == RoundStatus.PUBLISHED:
        return queryset.filter(Q(status=EntryStatus.ENTERED) | Q(department_id=user.department_id))
    if user.department_id:
        return queryset.filter(department_id=user.department_id)
    return queryset.none()


def all_entries_for(user) -> QuerySet[Entry]:
    """Every entry the user may open (for the entry pages): through the rounds they see."""
    queryset = Entry.objects.select_related("round", "innovation", "department")
    if not _active(user):
        return queryset.none()
    rounds = rounds_for(user)
    if oversees(user):
        return queryset.filter(round__in=rounds)
    judged = Juror.objects.filter(user_id=user.pk).values("round_id")
    condition = Q(round_id__in=judged, status=EntryStatus.ENTERED) | Q(
        round__status=RoundStatus.PUBLISHED, status=EntryStatus.ENTERED
    )
    if user.department_id:
        condition |= Q(department_id=user.department_id)
    return queryset.filter(condition, round__in=rounds)


def scores_for(user, round_: Round) -> QuerySet[Score]:
    """The scores of the round the user may see (see the module's docstring)."""
    queryset = Score.objects.filter(entry__round=round_).select_related(
        "juror__user", "entry__innovation", "entry__department", "criterion"
    )
    if not _active(user):
        return queryset.none()
    juror = juror_of(user, round_)
    if round_.status not in REVEALED:
        return queryset.filter(juror=juror) if juror else queryset.none()
    if oversees(user) or juror is not None:
        return queryset
    if user.department_id:
        return queryset.filter(entry__department_id=user.department_id)
    return queryset.none()


def results_visible(user, round_: Round) -> bool:
    if round_.status == RoundStatus.PUBLISHED:
        return _active(user)
    return round_.status == RoundStatus.CLOSED and (oversees(user) or juror_of(user, round_) is not None)


def scoreable_entries(juror: Juror) -> QuerySet[Entry]:
    """The entries a juror judges: entered, not of their own department."""
    queryset = Entry.objects.filter(round_id=juror.round_id, status=EntryStatus.ENTERED).select_related(
        "innovation", "department"
    )
    if juror.department_id:
        queryset = queryset.exclude(department_id=juror.department_id)
    return queryset.order_by("category", "entered_at", "pk")


def completed_entry_ids(juror: Juror) -> set[int]:
    """The entries the juror has scored on every criterion."""
    criteria = juror.round.criteria.count()
    rows = (
        Score.objects.filter(juror=juror)
        .values("entry_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=criteria)
        .values_list("entry_id", flat=True)
    )
    return set(rows)


def judging_progress(round_: Round) -> list[dict]:
    """Per juror: entries scored on every criterion out of the entries they judge (a bar each), in three queries."""
    jurors = list(round_.jurors.select_related("user", "department").order_by("pk"))
    criteria = round_.criteria.count()
    entries = list(Entry.objects.filter(round=round_, status=EntryStatus.ENTERED).values_list("pk", "department_id"))
    done: dict[int, int] = {}
    rows = (
        Score.objects.filter(juror__round=round_, entry__status=EntryStatus.ENTERED)
        .values("juror_id", "entry_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=criteria)
    )
    for row in rows:
        done[row["juror_id"]] = done.get(row["juror_id"], 0) + 1
    progress = []
    for juror in jurors:
        total = sum(
            1 for _pk, department_id in entries if not juror.department_id or department_id != juror.department_id
        )
        scored = done.get(juror.pk, 0)
        percent = round(100 * scored / total) if total else 0
        progress.append({"juror": juror, "scored": scored, "total": total, "percent": percent})
    return progress
