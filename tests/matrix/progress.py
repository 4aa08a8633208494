"""Issue 5: the realisasi pages (the writes are POST-only: GET answers 405 to the roles that may act, 403 to the
others). The objects are made with the ORM in a year of their own, so no reporting window is involved."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.progress.models import Evidence, ProgressReport
from tests.factories_progress import make_signed_agreement

from . import BAPPEDA, HEAD, STAFF, everyone, only

YEAR = 2031  # a year of its own, so the other matrices' PKs cannot collide with these
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _report(department, official, by):
    agreement = make_signed_agreement(department, year=YEAR, official=official)
    indicator = agreement.indicators.order_by("order").first()
    report = ProgressReport.objects.create(indicator=indicator, quarter=1, actual=90, status="submitted", created_by=by)
    name = default_storage.save("progress/evidence/matrix.pdf", ContentFile(PDF))
    evidence = Evidence.objects.create(
        report=report,
        file=name,
        original_name="bukti.pdf",
        size=len(PDF),
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=by,
    )
    return agreement, report, evidence


def objects(shared):
    own = _report(shared["own_department"], shared["own_official"], shared["own_user"])
    other = _report(shared["other_department"], shared["other_official"], shared["own_user"])
    shared["progress_own"] = dict(zip(("agreement", "report", "evidence"), own, strict=True))
    shared["progress_other"] = dict(zip(("agreement", "report", "evidence"), other, strict=True))


def _kwargs(side, kind, **extra):
    def build(o):
        return {"pk": o[f"progress_{side}"][kind].pk, **extra}

    return build


def _indicator(side):
    def build(o):
        return {"pk": o[f"progress_{side}"]["report"].indicator_id, "quarter": 1}

    return build


def _post_only(allowed):
    """A POST-only action: 405 for a GET by a role that may act, 403 for the others."""
    return only(allowed, denied=403) | dict.fromkeys(allowed, 405)


EXPECTED = {
    "progress:home": (None, everyone(200)),
    "progress:entry": (_kwargs("own", "agreement", quarter=1), everyone(200)),
    "progress:submit_all": (_kwargs("own", "agreement", quarter=1), _post_only({HEAD})),
    "progress:budget_save": (_kwargs("own", "agreement", quarter=1), _post_only({HEAD, STAFF})),
    "progress:row_save": (_indicator("own"), _post_only({HEAD, STAFF})),
    "progress:report_submit": (_kwargs("own", "report"), _post_only({HEAD})),
    "progress:evidence_download": (_kwargs("own", "evidence"), everyone(200)),
    "progress:evidence_delete": (_kwargs("own", "evidence"), _post_only({HEAD, STAFF})),
    "progress:evidence_zip": (_kwargs("own", "report"), everyone(200)),
    # a head verifies their eselon III officials' reports (the cascade): their own queue
    "progress:queue": (None, only({BAPPEDA, HEAD})),
    "progress:bulk_verify": (None, _post_only({BAPPEDA, HEAD})),
    "progress:report_detail": (_kwargs("own", "report"), everyone(200)),
    "progress:report_verify": (_kwargs("own", "report"), _post_only({BAPPEDA, HEAD})),
    "progress:report_return": (_kwargs("own", "report"), _post_only({BAPPEDA, HEAD})),
    "progress:reopen": (None, only({BAPPEDA})),
}

# The pages a department role can open: another department's object is 404 (the POST-only actions answer 405 to
# a GET before any lookup; their 404 for another department is tested in tests/test_progress_pages.py).
OTHER_DEPARTMENT = {
    "progress:entry": _kwargs("other", "agreement", quarter=1),
    "progress:evidence_download": _kwargs("other", "evidence"),
    "progress:evidence_zip": _kwargs("other", "report"),
    "progress:report_detail": _kwargs("other", "report"),
}
