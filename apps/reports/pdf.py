"""The LKjIP capaian table as an A4 landscape PDF (WeasyPrint), under the region's name and logo.

Like the PK document (apps/agreements/document.py) it is drawn without the network or the disk: the logo is
embedded as a data: URI, and the wording is the fixed Indonesian text of the LKjIP.
"""

from __future__ import annotations

import base64
import mimetypes

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from apps.core import formats as number_formats
from apps.departments.models import Region

from .capaian import CapaianReport
from .excel import NO_AGREEMENT, NOT_REPORTED, capaian_title

DOCUMENT_LANGUAGE = "id"


def logo_data_uri(region: Region | None) -> str:
    if region is None or not region.logo:
        return ""
    mime = mimetypes.guess_type(region.logo.name)[0] or "image/png"
    try:
        with region.logo.open("rb") as logo:
            data = logo.read()
    except OSError:  # the file went missing: the report is still drawn, without the logo
        return ""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def pdf_context(report: CapaianReport, region: Region | None) -> dict:
    region_name = region.name if region else ""
    with translation.override(DOCUMENT_LANGUAGE):
        departments = []
        for table in report.departments:
            rows = [
                {
                    "first": row.first_of_objective,
                    "span": row.objective_span,
                    "number": row.objective_number,
                    "objective": row.objective,
                    "objective_percent": number_formats.format_percent(row.objective_percent),
                    "indicator": row.indicator,
                    "target": row.target_text,
                    "actual": row.actual_text or NOT_REPORTED,
                    "missing": row.actual is None,
                    "percent": number_formats.format_percent(row.percent),
                    "predicate": row.predicate.label if row.predicate else number_formats.DASH,
                    "colour": row.predicate.colour.value if row.predicate else "",
                }
                for row in table.rows
            ]
            departments.append(
                {
                    "name": table.department.name,
                    "head": table.head_name,
                    "has_agreement": table.agreement is not None,
                    "rows": rows,
                    "percent": number_formats.format_percent(table.percent),
                    "predicate": table.predicate.label if table.predicate else number_formats.DASH,
                    "colour": table.predicate.colour.value if table.predicate else "",
                }
            )
        return {
            "title": capaian_title(report, region_name),
            "region_name": region_name,
            "logo": logo_data_uri(region),
            "is_region": report.is_region,
            "year": report.year,
            "departments": departments,
            "region_percent": number_formats.format_percent(report.percent),
            "region_predicate": report.predicate.label if report.predicate else number_formats.DASH,
            "no_agreement": NO_AGREEMENT,
            "printed_on": formats.date_format(timezone.localdate(), "j F Y"),
        }


def capaian_pdf(report: CapaianReport, region: Region | None) -> bytes:
    from weasyprint import HTML  # imported when needed: it parses its stylesheets (and logs) on import
    from weasyprint.urls import URLFetcher

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string("reports/capaian_pdf.html", pdf_context(report, region))
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
