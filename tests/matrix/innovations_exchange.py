"""Issue 6: the Excel export of a year's innovations (every signed-in user; the rows are what they may see) and the
ZIP of an innovation's evidence (another department's draft is 404 for the department roles)."""

from apps.innovations.models import Innovation

from . import everyone

YEAR = 2034  # a year of its own, so the other matrices' objects cannot collide with these


def _innovation(department, by):
    return Innovation.objects.create(
        year=YEAR,
        name=f"Inovasi ekspor {department.code}",
        department=department,
        initiator="perangkat_daerah",
        kind="digital",
        form="pelayanan_publik",
        created_by=by,
    )


def objects(shared):
    shared["exchange_innovation_own"] = _innovation(shared["own_department"], shared["own_user"])
    shared["exchange_innovation_other"] = _innovation(shared["other_department"], shared["own_user"])


EXPECTED = {
    "innovations_exchange:export": (lambda o: {"year": YEAR}, everyone(200)),
    "innovations_exchange:evidence_zip": (lambda o: {"pk": o["exchange_innovation_own"].pk}, everyone(200)),
}

OTHER_DEPARTMENT = {
    "innovations_exchange:evidence_zip": lambda o: {"pk": o["exchange_innovation_other"].pk},
}
