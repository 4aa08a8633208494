"""The realisasi list of the API is cached (apps/core/api.FingerprintCachedListMixin) but never shown stale: a
report's submission, an evidence upload's row or another user's scope each get a fresh answer."""

import pytest
from rest_framework.test import APIClient

from apps.progress import services
from apps.progress.models import ProgressReport

from .progress_fixtures import agreement, draft, in_april_2026, indicator, people  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_april_2026")]
URL = "/api/v1/progress-reports/"


def statuses(client):
    return [row["status"] for row in client.get(URL).json()["results"]]


def test_the_realisasi_list_follows_every_change(agreement, indicator, people, django_assert_max_num_queries):  # noqa: F811
    report = draft(indicator, people)
    bappeda, other = APIClient(), APIClient()
    bappeda.force_authenticate(people["bappeda"])
    other.force_authenticate(people["other_staff"])
    assert statuses(bappeda) == ["draft"]
    with django_assert_max_num_queries(4):  # session, user, the fingerprint: the answer from the cache
        assert statuses(bappeda) == ["draft"]
    assert statuses(other) == []  # another department's staff: their own scope
    services.report_submit(report=report, by=people["head"])
    assert statuses(bappeda) == ["submitted"]
    ProgressReport.objects.filter(pk=report.pk).update(analysis="Diperbarui langsung")
    assert bappeda.get(URL).json()["results"][0]["analysis"] == "Diperbarui langsung"
