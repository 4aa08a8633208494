"""The content security policy (issue 12): no inline script and no inline style on the pages (the API docs' Swagger
UI excepted), and no template served to browsers with a style attribute or a <style> element."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.models import Role

PDF_TEMPLATES = {  # rendered by WeasyPrint on the server, never served as HTML
    "agreements/document.html",
    "competitions/certificate.html",
    "reports/capaian_pdf.html",
    "evaluations/document.html",
}


def test_no_page_template_has_an_inline_style_or_script():
    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        name = path.relative_to(root).as_posix()
        if name in PDF_TEMPLATES:
            continue
        text = path.read_text()
        if 'style="' in text or "<style" in text or "<script>" in text:
            offenders.append(name)
    assert offenders == []


@pytest.mark.django_db
def test_pages_forbid_inline_styles_and_the_api_docs_alone_allow_them(client, make_user):
    client.force_login(make_user(Role.MAYOR_OFFICE))
    policy = client.get(reverse("core:home"))["Content-Security-Policy"]
    styles = next(part for part in policy.split(";") if part.strip().startswith("style-src"))
    assert "unsafe-inline" not in styles
    assert "script-src 'self' 'nonce-" in policy
    docs = client.get(reverse("api-docs"))["Content-Security-Policy"]
    assert "'unsafe-inline'" in next(part for part in docs.split(";") if part.strip().startswith("style-src"))
