"""Issue 4: the API of the Perjanjian Kinerja (the POST-only workflow actions answer GET with 405)."""

import datetime

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective

from . import everyone

YEAR = 2027  # a year of its own, so the pages' matrix objects cannot collide with these


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
    shared["api_agreement"] = _agreement(shared["own_department"], shared["own_official"], shared["own_user"])
    shared["other_api_agreement"] = _agreement(shared["other_department"], shared["other_official"], shared["own_user"])


def _own(o):
    return {"pk": o["api_agreement"].pk}


def _other(o):
    return {"pk": o["other_api_agreement"].pk}


EXPECTED = {
    "api-agreement-list": (None, everyone(200, anonymous=401)),
    "api-agreement-detail": (_own, everyone(200, anonymous=401)),
    "api-agreement-from-renstra": (None, everyone(405, anonymous=401)),
    "api-agreement-submit": (_own, everyone(405, anonymous=401)),
    "api-agreement-return": (_own, everyone(405, anonymous=401)),
    "api-agreement-approve": (_own, everyone(405, anonymous=401)),
    "api-agreement-sign": (_own, everyone(405, anonymous=401)),
    "api-agreement-amend": (_own, everyone(405, anonymous=401)),
    "api-agreement-diff": (_own, everyone(400, anonymous=401)),  # version 1 has nothing to compare without ?with=
    "api-agreement-pdf": (_own, everyone(200, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "api-agreement-detail": _other,
    "api-agreement-diff": _other,
    "api-agreement-pdf": _other,
}
