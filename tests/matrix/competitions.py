"""Issue 9: the innovation competition. Every signed-in role sees rounds past their draft, their results once
published and its own department's entries; Bappeda runs the rounds (the POST-only actions answer a GET with 405 to
Bappeda, 403 to the others); a department enters innovations; only a round's juror scores (here Bappeda, assigned to
the judging round; everyone else 403); the overseers export the scores. Another department's entry before the
results are published is 404. The `jury` role is tested in tests/test_competitions_pages.py and
tests/test_competitions_api.py: a juror sees only the rounds assigned to them (404 for others). The public results
need no sign-in (a published round: 200 to everyone; an unpublished one: 404 to everyone). The API's write-only
operations answer a GET with 405 to every role (the permission of the write is tested in
tests/test_competitions_api_writes.py)."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from apps.accounts.models import Role, User
from apps.competitions.models import Entry, Juror, Round, RoundStatus

from . import ADMIN, BAPPEDA, BASE_ROLES, HEAD, INSPECT, JURY, MAYOR, STAFF, everyone, only

JUDGING_YEAR, PUBLISHED_YEAR = 2041, 2040
OVERSEERS = {ADMIN, MAYOR, BAPPEDA, INSPECT}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _round(year, status, bappeda):
    from tests.factories_competitions import make_round

    round_ = make_round(year=year, by=bappeda)
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()
    return round_


def _entry(round_, department, user, name, **fields):
    from tests.factories_innovations import make_innovation

    innovation = make_innovation(department, by=user, year=2026, status="verified", name=name)
    return Entry.objects.create(
        round=round_,
        innovation=innovation,
        department=department,
        category="non_fisik",
        pitch="Ringkas.",
        entered_by=user,
        **fields,
    )


def objects(shared):
    bappeda = User.objects.get(role=Role.BAPPEDA, username="bappeda")
    head = shared["own_user"]
    other_user = User.objects.create(
        username="matrix-other-staff", role=Role.DEPARTMENT_STAFF, department=shared["other_department"]
    )
    judging = _round(JUDGING_YEAR, RoundStatus.JUDGING, bappeda)
    own = _entry(judging, shared["own_department"], head, "Inovasi Matriks Sendiri")
    own.presentation.save("paparan.pdf", ContentFile(PDF))
    other = _entry(judging, shared["other_department"], other_user, "Inovasi Matriks Lain")
    other.presentation.save("paparan.pdf", ContentFile(PDF))
    juror = Juror.objects.create(round=judging, user=bappeda, assigned_by=bappeda)
    published = _round(PUBLISHED_YEAR, RoundStatus.PUBLISHED, bappeda)
    Round.objects.filter(pk=published.pk).update(published_at=datetime.datetime(2040, 9, 1, tzinfo=datetime.UTC))
    winner = _entry(
        published,
        shared["own_department"],
        head,
        "Inovasi Matriks Juara",
        rank=1,
        result=Decimal("88.50"),
        benefit_result=Decimal("90.00"),
        recommended=True,
    )
    shared.update(
        competition_judging=judging,
        competition_published=published,
        competition_own_entry=own,
        competition_other_entry=other,
        competition_juror=juror,
        competition_winner=winner,
    )


def _judging(o):
    return {"pk": o["competition_judging"].pk}


def _published(o):
    return {"pk": o["competition_published"].pk}


def _own_entry(o):
    return {"pk": o["competition_own_entry"].pk}


def _post_only(allowed, anonymous=302):
    return only(allowed, anonymous=anonymous, denied=403) | dict.fromkeys(allowed, 405)


def _api(allowed=BASE_ROLES):
    return only(set(allowed), anonymous=401)


EXPECTED = {
    "competitions:home": (None, everyone(200) | {JURY: 200}),  # a juror's own rounds
    "competitions:create": (None, only({BAPPEDA})),
    "competitions:round": (_judging, everyone(200)),
    "competitions:edit": (_judging, only({BAPPEDA})),
    "competitions:criteria": (_judging, only({BAPPEDA})),
    "competitions:advance": (_judging, _post_only({BAPPEDA})),
    "competitions:juror_add": (_judging, _post_only({BAPPEDA})),
    "competitions:juror_remove": (
        lambda o: {"pk": o["competition_judging"].pk, "juror_pk": o["competition_juror"].pk},
        _post_only({BAPPEDA}),
    ),
    "competitions:enter": (_judging, only({HEAD, STAFF})),
    # Bappeda is the round's juror: the start page sends it to its first entry.
    "competitions:score": (_judging, only({BAPPEDA}) | {BAPPEDA: 302}),
    "competitions:score_entry": (
        lambda o: {"pk": o["competition_judging"].pk, "entry_pk": o["competition_other_entry"].pk},
        only({BAPPEDA}),
    ),
    "competitions:results": (_published, everyone(200)),
    "competitions:export": (_published, only(OVERSEERS)),
    "competitions:entry": (_own_entry, everyone(200)),
    "competitions:entry_reject": (_own_entry, _post_only({BAPPEDA})),
    "competitions:entry_reinstate": (_own_entry, _post_only({BAPPEDA})),
    # The registration is closed (the round is being judged): the entrant department may no longer change it.
    "competitions:entry_edit": (_own_entry, only(set())),
    "competitions:presentation": (_own_entry, everyone(200)),
    "competitions:certificate": (lambda o: {"pk": o["competition_winner"].pk}, everyone(200)),
    # The public results, no sign-in: a published round for everyone, an unpublished one for nobody.
    "competitions:public_rounds": (None, everyone(200, anonymous=200)),
    "competitions:public_results": (lambda o: {"year": PUBLISHED_YEAR}, everyone(200, anonymous=200)),
    # API
    "api-competition-list": (None, _api() | {JURY: 200}),  # only the rounds assigned to them
    "api-competition-detail": (_judging, _api()),
    "api-competition-entries": (_judging, _api()),
    "api-competition-scores": (_judging, _api()),
    "api-competition-results": (_published, _api()),
    "api-competition-criteria": (_judging, _api()),
    "api-competition-jurors": (_judging, _api(OVERSEERS)),
    "api-competition-entry": (
        lambda o: {"pk": o["competition_judging"].pk, "entry_id": o["competition_own_entry"].pk},
        _api(),
    ),
    # Write-only operations: GET is 405 for every role, 401 without credentials.
    **{
        f"api-competition-{name}": (_judging, everyone(405, anonymous=401))
        for name in ("open-registration", "open-judging", "close", "publish")
    },
    "api-competition-juror": (
        lambda o: {"pk": o["competition_judging"].pk, "juror_id": o["competition_juror"].pk},
        everyone(405, anonymous=401),
    ),
    **{
        f"api-competition-entry-{name}": (
            lambda o: {"pk": o["competition_judging"].pk, "entry_id": o["competition_own_entry"].pk},
            everyone(405, anonymous=401),
        )
        for name in ("reject", "reinstate")
    },
}

OTHER_DEPARTMENT = {
    "competitions:entry": lambda o: {"pk": o["competition_other_entry"].pk},
    "competitions:entry_edit": lambda o: {"pk": o["competition_other_entry"].pk},
    "api-competition-entry": lambda o: {
        "pk": o["competition_judging"].pk,
        "entry_id": o["competition_other_entry"].pk,
    },
    "competitions:presentation": lambda o: {"pk": o["competition_other_entry"].pk},
}
