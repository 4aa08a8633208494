"""Issue 4: the PK as a document (PDF, scan of the signed paper, public verification) and the PK deadlines."""

import datetime

from . import MAYOR, everyone, only


def objects(shared):
    from tests.factories_agreement_documents import make_agreement

    # PK 2026: a year of its own (the pages use 2028, the API 2027), so the matrix objects cannot collide.
    shared["signed_agreement"] = make_agreement(
        shared["own_department"], official=shared["own_official"], signed_on=datetime.date(2026, 1, 31)
    )
    shared["other_signed_agreement"] = make_agreement(
        shared["other_department"], official=shared["other_official"], signed_on=datetime.date(2026, 1, 31)
    )


def _signed(o):
    return {"pk": o["signed_agreement"].pk}


def _other(o):
    return {"pk": o["other_signed_agreement"].pk}


EXPECTED = {
    "agreement_documents:pdf": (_signed, everyone(200)),
    "agreement_documents:scan": (_signed, only({MAYOR})),
    "agreement_documents:scan_download": (_signed, everyone(404)),  # no scan uploaded in this fixture
    "agreement_documents:deadlines": (None, only({MAYOR})),
    "agreement_documents:verify": (
        lambda o: {"token": o["signed_agreement"].verification_token},
        everyone(200, anonymous=200),  # public: shows only who signed which version when, and the hash
    ),
}

OTHER_DEPARTMENT = {
    "agreement_documents:pdf": _other,
    "agreement_documents:scan": _other,
    "agreement_documents:scan_download": _other,
}
