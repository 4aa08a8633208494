"""Issue 5: the API of the realisasi and the capaian of a PK (the POST-only workflow actions answer GET with 405)."""

from django.core.files.base import ContentFile

from apps.progress.models import BudgetRealisation, Evidence, ReportStatus

from ..factories_scores import indicators_of, make_report, make_scored_agreement
from . import everyone

YEAR = 2030  # a year of its own (the pages use 2029), so the other matrices' PKs cannot collide with these
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _report(department, by):
    agreement = make_scored_agreement(department, [[{"polarity": "positive", "target": "80"}]], year=YEAR)
    (indicator,) = indicators_of(agreement)
    report = make_report(indicator, 1, "92", status=ReportStatus.DRAFT, by=by)
    evidence = Evidence(
        report=report,
        original_name="bukti.pdf",
        size=len(PDF),
        content_type="application/pdf",
        sha256="a" * 64,
        uploaded_by=by,
    )
    evidence.file.save("bukti.pdf", ContentFile(PDF), save=False)
    evidence.save()
    budget = BudgetRealisation.objects.create(
        program=agreement.programs.get(), quarter=1, amount=1000, created_by=by, updated_by=by
    )
    return {"agreement": agreement, "report": report, "evidence": evidence, "budget": budget}


def objects(shared):
    shared["api_progress"] = _report(shared["own_department"], shared["own_user"])
    shared["other_api_progress"] = _report(shared["other_department"], shared["own_user"])


def _report_kwargs(key):
    return lambda o: {"pk": o[key]["report"].pk}


def _evidence_kwargs(key):
    return lambda o: {"pk": o[key]["report"].pk, "evidence_id": o[key]["evidence"].pk}


def _agreement_kwargs(key):
    return lambda o: {"pk": o[key]["agreement"].pk}


def _budget_kwargs(key):
    return lambda o: {"pk": o[key]["budget"].pk}


EXPECTED = {
    "api-progress-report-list": (None, everyone(200, anonymous=401)),
    "api-progress-report-detail": (_report_kwargs("api_progress"), everyone(200, anonymous=401)),
    "api-progress-report-submit": (_report_kwargs("api_progress"), everyone(405, anonymous=401)),
    "api-progress-report-verify": (_report_kwargs("api_progress"), everyone(405, anonymous=401)),
    "api-progress-report-return": (_report_kwargs("api_progress"), everyone(405, anonymous=401)),
    "api-progress-report-evidence": (_report_kwargs("api_progress"), everyone(405, anonymous=401)),
    "api-progress-report-evidence-detail": (_evidence_kwargs("api_progress"), everyone(200, anonymous=401)),
    "api-progress-report-evidence-download": (_evidence_kwargs("api_progress"), everyone(200, anonymous=401)),
    "api-agreement-achievement": (_agreement_kwargs("api_progress"), everyone(200, anonymous=401)),
    "api-budget-realisation-list": (None, everyone(200, anonymous=401)),
    "api-budget-realisation-detail": (_budget_kwargs("api_progress"), everyone(200, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "api-progress-report-detail": _report_kwargs("other_api_progress"),
    "api-progress-report-evidence-detail": _evidence_kwargs("other_api_progress"),
    "api-progress-report-evidence-download": _evidence_kwargs("other_api_progress"),
    "api-agreement-achievement": _agreement_kwargs("other_api_progress"),
    "api-budget-realisation-detail": _budget_kwargs("other_api_progress"),
}
