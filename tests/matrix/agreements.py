"""Issue 4: the pages of the Perjanjian Kinerja (the workflow actions are POST-only: GET answers 405 to the roles
that may act, 403 to the others)."""

import datetime

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective

from . import HEAD, MAYOR, STAFF, everyone, only

YEAR = 2028  # a year of its own, so the API's matrix objects cannot collide with these


def _agreement(department, official, by):
    agreement = Agreement.objects.create(
        department=department,
        official=official,
        year=YEAR,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        created_by=by,
    )
    objective = AgreementObjective.objects.create(agreement=agreement, name="Meningkatnya mutu layanan")
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=objective,
        name="Indeks kepuasan masyarakat",
        unit="indeks",
        polarity="positive",
        aggregation="last",
        target="85",
    )
    return agreement


def objects(shared):
    shared["agreement"] = _agreement(shared["own_department"], shared["own_official"], shared["own_user"])
    shared["other_agreement"] = _agreement(shared["other_department"], shared["other_official"], shared["own_user"])


def _own(o):
    return {"pk": o["agreement"].pk}


def _other(o):
    return {"pk": o["other_agreement"].pk}


def _post_only(allowed):
    """A POST-only action: 405 for a GET by a role that may act, 403 for the others."""
    return only(allowed, denied=403) | dict.fromkeys(allowed, 405)


EXPECTED = {
    "agreements:list": (None, everyone(200)),
    "agreements:create": (None, only({HEAD, STAFF})),
    # the cascade: a department's staff and head draft for its positions (an official for their own)
    "agreements:cascade_create": (None, only({HEAD, STAFF})),
    "agreements:detail": (_own, everyone(200)),
    "agreements:edit": (_own, only({HEAD, STAFF})),
    "agreements:diff": (_own, everyone(200)),
    "agreements:submit": (_own, _post_only({HEAD})),
    "agreements:return": (_own, _post_only({MAYOR})),
    "agreements:approve": (_own, _post_only({MAYOR})),
    "agreements:sign": (_own, _post_only({MAYOR})),
    "agreements:amend": (_own, _post_only({HEAD, MAYOR})),
    "agreements:delete": (_own, _post_only({HEAD, STAFF})),
}

OTHER_DEPARTMENT = {name: _other for name, (kwargs, _codes) in EXPECTED.items() if kwargs is _own}
