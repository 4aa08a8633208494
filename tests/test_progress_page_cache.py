"""The quarterly entry page and the verification queue are served from the cache (apps/core/fingerprint.py): their
forms carry each request's own CSRF token, a write to what they show renders them again at once, and each user is
served only what they may see and do."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.fingerprint import CSRF_PLACEHOLDER
from apps.progress import services
from apps.progress.models import ProgressReport, ReportingReopen
from apps.progress.models import ReportStatus as S

from .factories_progress import pdf_file

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import agreement, draft, entry_url, in_april_2026, indicator, on, people, row_data  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(html: str) -> set[str]:
    return set(TOKEN.findall(html))


# --- The entry page ------------------------------------------------------------------------------------------------
def test_the_cached_entry_page_posts_with_its_own_token(agreement, indicator, people, django_assert_max_num_queries):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["staff"])
    first = browser.get(entry_url(agreement)).content.decode()
    with django_assert_max_num_queries(5):  # the session, the user, the PK, the fingerprint, the layout's: no row
        cached = browser.get(entry_url(agreement)).content.decode()
    assert CSRF_PLACEHOLDER not in first and CSRF_PLACEHOLDER not in cached
    assert cached.count('data-testid="row-form"') == first.count('data-testid="row-form"') == 2
    assert tokens(cached) and not tokens(cached) & tokens(first)  # fresh masks of the session's secret
    token = TOKEN.findall(cached[cached.index('data-testid="row-form"') :])[0]
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(people["staff"])
    assert refused.post(reverse("progress:row_save", args=[indicator.pk, 1]), row_data(indicator)).status_code == 403
    saved = browser.post(
        reverse("progress:row_save", args=[indicator.pk, 1]), row_data(indicator) | {"csrfmiddlewaretoken": token}
    )
    assert saved.status_code == 302
    assert ProgressReport.objects.get(indicator=indicator, quarter=1).actual == 92.5


def test_a_saved_row_shows_on_the_cached_entry_page_at_once(client, agreement, indicator, people):
    client.force_login(people["staff"])
    assert 'data-status="missing"' in client.get(entry_url(agreement)).content.decode()
    report = draft(indicator, people, actual="81")
    actual = f'name="r{indicator.pk}-actual" value="{{}}"'
    assert actual.format(81) in client.get(entry_url(agreement)).content.decode()
    ProgressReport.objects.filter(pk=report.pk).update(actual=64)  # a bulk update counts too
    html = client.get(entry_url(agreement)).content.decode()
    assert actual.format(64) in html and actual.format(81) not in html
    services.evidence_add(report=report, file=pdf_file("notulen rapat.pdf"), by=people["staff"])
    assert "notulen rapat.pdf" in client.get(entry_url(agreement)).content.decode()


def test_each_user_is_served_their_own_entry_page(client, agreement, indicator, people):
    draft(indicator, people)
    client.force_login(people["head"])
    assert 'data-testid="submit-all"' in client.get(entry_url(agreement)).content.decode()
    client.force_login(people["staff"])  # the head's page is in the cache: the staff's is their own
    html = client.get(entry_url(agreement)).content.decode()
    assert 'data-testid="row-form"' in html and 'data-testid="submit-all"' not in html
    client.force_login(people["mayor"])
    html = client.get(entry_url(agreement)).content.decode()
    assert 'data-testid="row-form"' not in html and 'data-testid="read-only"' in html
    client.force_login(people["other_staff"])
    assert client.get(entry_url(agreement)).status_code == 404  # the cache is read only after the PK is found


def test_a_reopened_quarter_opens_the_cached_entry_page(client, agreement, people):
    with on(2026, 4, 20):
        client.force_login(people["staff"])
        assert 'data-open="0"' in client.get(entry_url(agreement)).content.decode()
        ReportingReopen.objects.create(
            department=agreement.department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 4, 30),
            reason="Server down",
            by=people["bappeda"],
        )
        html = client.get(entry_url(agreement)).content.decode()
        assert 'data-open="1"' in html and 'data-testid="row-form"' in html
    with on(2026, 5, 1):  # the next days: closed again, though nothing was written
        client.force_login(people["staff"])
        assert 'data-open="0"' in client.get(entry_url(agreement)).content.decode()


def test_a_refused_save_is_rendered_with_what_was_typed_not_the_cached_page(client, agreement, indicator, people):
    client.force_login(people["staff"])
    client.get(entry_url(agreement))  # cached
    response = client.post(reverse("progress:row_save", args=[indicator.pk, 1]), row_data(indicator, actual="abc"))
    html = response.content.decode()
    assert 'value="abc"' in html and 'data-testid="error-actual"' in html


# --- The queue -----------------------------------------------------------------------------------------------------
def submitted(indicator, people, files=1):
    report = draft(indicator, people)
    for n in range(files):
        services.evidence_add(report=report, file=pdf_file(f"bukti {n}.pdf", body=str(n).encode()), by=people["staff"])
    return services.report_submit(report=report, by=people["head"])


def queue_rows(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-testid="queue-row-(\d+)"', html)]


def test_the_cached_queue_is_shared_by_bappeda_with_each_ones_token(
    agreement, indicator, people, make_user, django_assert_max_num_queries
):
    from apps.accounts.models import Role

    colleague = make_user(Role.BAPPEDA)  # (a new user is a change of a source: made before the queue is)
    report = submitted(indicator, people)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(people["bappeda"])
    second.force_login(colleague)
    assert queue_rows(first.get(reverse("progress:queue")).content.decode()) == [report.pk]
    # the first one's rendering, from the cache: no report read (7: a new session's first request saves it twice)
    with django_assert_max_num_queries(7):
        html = second.get(reverse("progress:queue")).content.decode()
    assert queue_rows(html) == [report.pk] and CSRF_PLACEHOLDER not in html
    token = TOKEN.findall(html)[0]
    response = second.post(reverse("progress:bulk_verify"), {"report": [report.pk], "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S.VERIFIED
    assert queue_rows(first.get(reverse("progress:queue")).content.decode()) == []  # verified: gone at once


def test_the_cached_queue_counts_each_reports_evidence(client, agreement, people):
    first, second = agreement.indicators.order_by("order")
    one, two = submitted(first, people), submitted(second, people, files=2)
    client.force_login(people["bappeda"])
    html = client.get(reverse("progress:queue")).content.decode()

    def paperclips(report):
        row = html[html.index(f'data-testid="queue-row-{report.pk}"') :]
        return int(re.search(r"bi-paperclip\"></i> (\d+)", row).group(1))

    assert (paperclips(one), paperclips(two)) == (1, 2)


def test_the_queues_cache_keeps_filters_and_pages_apart(client, agreement, people):
    first, second = agreement.indicators.order_by("order")
    one = submitted(first, people)
    draft(second, people)
    client.force_login(people["bappeda"])
    assert queue_rows(client.get(reverse("progress:queue")).content.decode()) == [one.pk]
    drafts = client.get(reverse("progress:queue"), {"status": S.DRAFT}).content.decode()
    assert queue_rows(drafts) == [ProgressReport.objects.get(indicator=second).pk]


def test_a_cached_body_is_kept_apart_per_time_zone(rf, people):
    """A region moving to another time zone (its dates shown differently) is not served the bodies of the old one."""
    from django.utils import timezone

    from apps.core.fingerprint import cache_key

    request = rf.get(reverse("progress:queue"))
    request.user = people["bappeda"]
    keys = set()
    for zone in ("Asia/Makassar", "Asia/Jakarta", "Asia/Makassar"):
        with timezone.override(zone):
            keys.add(cache_key("page:progress/_queue_body.html", request, ("progress.ProgressReport",)))
    assert len(keys) == 2
