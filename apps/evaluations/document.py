"""The berita acara (evaluation record) of an evaluation as a PDF, in Bahasa Indonesia (WeasyPrint)."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats, translation

from apps.core import formats as number_formats
from apps.departments.models import Region

DOCUMENT_LANGUAGE = "id"


def filename(evaluation) -> str:
    return f"berita-acara-evaluasi-{evaluation.pk}-{evaluation.department.short_name}.pdf".replace(" ", "-")


def _percent(value) -> str:
    return "–" if value in (None, "") else number_formats.format_percent(value)


def document_context(evaluation) -> dict:
    region = Region.objects.filter(pk=1).first()
    with translation.override(DOCUMENT_LANGUAGE):
        day = evaluation.decided_on or evaluation.created_at.date()
        return {
            "evaluation": evaluation,
            "region_name": region.name if region else "",
            "head_title": f"{region.head_title} {region.seat}" if region else "",
            "head_name": region.head_name if region else "",
            "seat": region.seat if region else "",
            "day": formats.date_format(day, "j F Y"),
            "achievement": _percent(evaluation.achievement_percent),
            "threshold": _percent(evaluation.threshold),
            "indicators": [_row(row) for row in evaluation.indicators],
            "period": f"{formats.date_format(evaluation.period_start, 'j F Y')} – "
            f"{formats.date_format(evaluation.period_end, 'j F Y')}",
            "decided_on": formats.date_format(evaluation.decided_on, "j F Y") if evaluation.decided_on else "",
            "improvement_deadline": formats.date_format(evaluation.improvement_deadline, "j F Y")
            if evaluation.improvement_deadline
            else "",
            "reasons": [str(label) for code, label in _reason_labels(evaluation.reasons)],
            "decision": evaluation.get_decision_display() if evaluation.decision else "",
            "status": evaluation.get_status_display(),
            "predicate": evaluation.get_predicate_display() if evaluation.predicate else "",
            "work_rating": evaluation.get_work_rating_display() if evaluation.work_rating else "",
            "behaviour_rating": evaluation.get_behaviour_rating_display() if evaluation.behaviour_rating else "",
        }


def _number(value) -> str:
    """1.234,5 (no trailing zeros)."""
    if value in (None, ""):
        return "–"
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_formats.format_number(number)


def _row(row: dict) -> dict:
    """An indicator's figures as kept on the evaluation, in the Indonesian number format."""
    band = row.get("band") or []
    target = _number(row.get("target")) if row.get("target") else "–".join(_number(v) for v in band)
    return {
        "name": row.get("name", ""),
        "unit": row.get("unit", ""),
        "target": target,
        "actual": _number(row.get("actual")),
        "achievement": _percent(row.get("achievement_percent")),
    }


def _reason_labels(codes):
    from .models import Reason

    labels = dict(Reason.choices)
    return [(code, labels.get(code, code)) for code in codes]


def evaluation_pdf(evaluation) -> bytes:
    from weasyprint import HTML  # imported when needed: it parses its stylesheets on import
    from weasyprint.urls import URLFetcher

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string("evaluations/document.html", document_context(evaluation))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()
