"""Issue 5: the Excel export of a PK's realisasi (the import runs on the shared core:import pages)."""

from ..factories_progress import make_signed_agreement
from . import everyone

YEAR = 2031  # a year of its own, so the other matrices' PKs cannot collide with these


def objects(shared):
    shared["exchange_agreement"] = make_signed_agreement(shared["own_department"], year=YEAR)
    shared["exchange_other_agreement"] = make_signed_agreement(shared["other_department"], year=YEAR)


EXPECTED = {
    "progress_exchange:export": (lambda o: {"pk": o["exchange_agreement"].pk}, everyone(200)),
}

OTHER_DEPARTMENT = {
    "progress_exchange:export": lambda o: {"pk": o["exchange_other_agreement"].pk},
}
