"""Issue 7: the pages and API of flags, evaluations and the early warning. The mayor's office, the admin and the
Inspektorat read every flag and evaluation; a head reads their own (the matrix's head is linked to the evaluated
official); staff and Bappeda may not (403). Only the mayor's office decides; the POST-only actions answer a GET with
405 to the roles that may act, 403 to the others. Another head's evaluation is 404: tests/test_evaluations_pages.py
and tests/test_evaluations_api.py."""

import datetime
from decimal import Decimal

from apps.evaluations.models import Evaluation, Flag

from . import ADMIN, ANON, HEAD, INSPECT, MAYOR, only

YEAR = 2040  # a year of its own, so the other matrices' PKs cannot collide with these
READERS = {ADMIN, MAYOR, INSPECT, HEAD}
OVERSEERS = {ADMIN, MAYOR, INSPECT}


def objects(shared):
    from tests.factories_progress import make_signed_agreement

    official = shared["own_official"]
    if official.user_id is None:
        official.user = shared["own_user"]
        official.save(update_fields=["user"])
    agreement = make_signed_agreement(shared["own_department"], year=YEAR, official=official)
    common = {
        "official": official,
        "agreement": agreement,
        "department": shared["own_department"],
    }
    shared["evaluation_own"] = Evaluation.objects.create(
        **common,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        deadline=datetime.date(YEAR + 1, 1, 1),
        threshold=Decimal(91),
        created_by=shared["own_user"],
    )
    shared["flag_own"] = Flag.objects.create(
        **common,
        deadline=datetime.date(YEAR + 1, 1, 1),
        reasons=["low_achievement"],
        threshold=Decimal(91),
    )
    shared["evaluation_agreement"] = agreement


def _evaluation(o):
    return {"pk": o["evaluation_own"].pk}


def _post_only(allowed, anonymous=302):
    return only(allowed, anonymous=anonymous, denied=403) | dict.fromkeys(allowed, 405)


def _api(allowed):
    return only(allowed, anonymous=401)


EXPECTED = {
    "evaluations:home": (None, only(READERS)),
    "evaluations:list": (None, only(READERS)),
    "evaluations:at_risk": (None, only(OVERSEERS)),
    "evaluations:policy": (lambda o: {"year": YEAR}, only({ADMIN, MAYOR})),
    "evaluations:open": (lambda o: {"pk": o["evaluation_agreement"].pk}, _post_only({MAYOR})),
    "evaluations:detail": (_evaluation, only(READERS)),
    "evaluations:document": (_evaluation, only(READERS)),
    "evaluations:follow_up": (_evaluation, _post_only({MAYOR})),
    "evaluations:decide": (_evaluation, _post_only({MAYOR})),
    "evaluations:rate": (_evaluation, _post_only({MAYOR})),
    "evaluations:answer": (_evaluation, _post_only({HEAD})),
    # API
    "api-flag-list": (None, _api(READERS)),
    "api-flag-detail": (lambda o: {"pk": o["flag_own"].pk}, _api(READERS)),
    "api-evaluation-list": (None, _api(READERS)),
    "api-evaluation-detail": (_evaluation, _api(READERS)),
    "api-evaluation-decide": (_evaluation, {**_api(READERS), **dict.fromkeys(READERS, 405), ANON: 401}),
    "api-evaluation-rate": (_evaluation, {**_api(READERS), **dict.fromkeys(READERS, 405), ANON: 401}),
    "api-evaluation-statement": (_evaluation, {**_api(READERS), **dict.fromkeys(READERS, 405), ANON: 401}),
    "api-evaluation-policy": (lambda o: {"year": YEAR}, _api(READERS)),
    "api-at-risk": (None, _api(OVERSEERS)),
}
