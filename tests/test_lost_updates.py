"""No lost updates (issue 12): many clients PATCHing one progress report through the API with the same `row_version`
leave exactly one winner per version; every other client gets 409 and nothing it sent is written."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.progress.models import ProgressReport

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import agreement, draft, in_april_2026, indicator, people  # noqa: F401

pytestmark = [pytest.mark.usefixtures("in_april_2026"), pytest.mark.django_db(transaction=True)]

CLIENTS = 50


def patch_all_at_once(report, users, row_version, values):
    """PATCH `report` from one client per value, each in its own thread and database connection, released together.

    Returns (value, status code, body) per client."""
    start = threading.Barrier(len(values))
    outcomes = []
    lock = threading.Lock()

    def patch(user, value):
        try:
            client = APIClient()
            client.force_authenticate(user)
            start.wait(timeout=60)
            response = client.patch(
                f"/api/v1/progress-reports/{report.pk}/", {"actual": value, "row_version": row_version}, format="json"
            )
            with lock:
                outcomes.append((value, response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=(users[n % len(users)], value)) for n, value in enumerate(values)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert len(outcomes) == len(values)
    return outcomes


def one_winner(outcomes, report, row_version):
    """Exactly one 200, every other client 409, and the row holds the winner's value at the next version."""
    codes = sorted(code for _value, code, _body in outcomes)
    assert codes == [200] + [409] * (len(outcomes) - 1), codes
    [(value, _code, body)] = [outcome for outcome in outcomes if outcome[1] == 200]
    assert body["row_version"] == row_version + 1
    assert all("detail" in body for _value, code, body in outcomes if code == 409)
    row = ProgressReport.objects.get(pk=report.pk)
    assert (row.actual, row.row_version) == (Decimal(value), row_version + 1)
    return value


def test_fifty_concurrent_patches_of_one_report_leave_one_winner_per_version(indicator, people):
    report = draft(indicator, people, actual="1")
    assert report.row_version == 1
    editors = [people["staff"], people["head"]]

    first = one_winner(patch_all_at_once(report, editors, 1, [str(n) for n in range(100, 100 + CLIENTS)]), report, 1)

    # The losers re-read and try again with the new version: again exactly one of them wins.
    second_values = [str(n) for n in range(200, 200 + CLIENTS)]
    second = one_winner(patch_all_at_once(report, editors, 2, second_values), report, 2)
    assert first != second

    # A client still holding a version the first round used is refused and changes nothing.
    outcomes = patch_all_at_once(report, editors, 1, ["999"])
    assert [code for _value, code, _body in outcomes] == [409]
    row = ProgressReport.objects.get(pk=report.pk)
    assert (row.actual, row.row_version) == (Decimal(second), 3)
