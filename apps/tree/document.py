"""The performance tree as a PDF: A4 landscape, drawn by WeasyPrint from the same `Tree` as the page (same scope and
filters). As for the PK document (apps/agreements/document.py) only data: URIs may be fetched while drawing: the
document never reaches the network or the disk. The stylesheet is given to WeasyPrint apart from the HTML."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.departments.models import Region

from .selectors import Tree

DOCUMENT_LANGUAGE = "id"


def filename(tree: Tree) -> str:
    scope = f"-{tree.department.short_name}" if tree.department is not None else ""
    return f"pohon-kinerja-{tree.year}{scope}.pdf".replace(" ", "_")


def tree_pdf(tree: Tree) -> bytes:
    from weasyprint import CSS, HTML  # imported when needed: it parses its stylesheets (and logs) on import
    from weasyprint.urls import URLFetcher

    region = Region.objects.filter(pk=1).first()
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(
            "tree/document.html",
            {"tree": tree, "region": region, "printed": timezone.localdate()},
        )
    fetcher = URLFetcher(allowed_protocols=["data"])
    stylesheet = CSS(string=render_to_string("tree/document.css"), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
