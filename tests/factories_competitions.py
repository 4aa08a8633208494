"""Objects the competition tests need: a round with its default criteria, entries, jurors, and scores given
through the service."""

import datetime

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import Round, RoundStatus
from tests.factories import UserFactory
from tests.factories_innovations import make_innovation


def make_round(*, year=2026, status=RoundStatus.DRAFT, by=None, categories=("fisik", "non_fisik")) -> Round:
    """A round made by Bappeda through the service, then put in `status` with the ORM."""
    by = by or UserFactory(role=Role.BAPPEDA)
    round_ = services.round_create(
        year=year,
        name=f"Lomba Inovasi Daerah {year}",
        categories=list(categories),
        registration_start=datetime.date(year, 3, 1),
        registration_end=datetime.date(year, 5, 31),
        judging_start=datetime.date(year, 6, 1),
        judging_end=datetime.date(year, 8, 31),
        by=by,
    )
    if status != RoundStatus.DRAFT:
        Round.objects.filter(pk=round_.pk).update(status=status)
        round_.refresh_from_db()
    return round_


def make_entry(round_, department, *, by=None, category="non_fisik", stage="penerapan", name=None):
    """An entry of a new innovation of `department`, entered through the service during registration."""
    by = by or UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    innovation = make_innovation(
        department, by=by, year=round_.year, status="verified", stage=stage, name=name or f"Inovasi {department}"
    )
    status = round_.status
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.REGISTRATION)
    round_.status = RoundStatus.REGISTRATION
    entry = services.entry_create(round_=round_, innovation=innovation, category=category, pitch="Singkat.", by=by)
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.status = status
    return entry


def make_juror(round_, *, user=None, bappeda=None, **user_kwargs):
    user = user or UserFactory(role=user_kwargs.pop("role", Role.JURY), **user_kwargs)
    bappeda = bappeda or UserFactory(role=Role.BAPPEDA)
    return services.juror_assign(round_=round_, user=user, by=bappeda)


def score_all(juror, entry, values: dict[str, int], comment="") -> None:
    """Give `values` ({code: score}) through the service."""
    services.score_set(
        juror=juror, entry=entry, values={code: (value, comment) for code, value in values.items()}, by=juror.user
    )
