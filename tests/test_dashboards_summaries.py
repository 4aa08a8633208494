"""The PK summaries the city-wide pages read (apps/dashboards/summaries.py): cached under the PK's reports stamp,
which the database changes on every write to the PK's reports, whatever wrote it, so a cached summary is never
shown after its reports changed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.dashboards import summaries
from apps.progress import services
from apps.progress.models import ProgressReport, ReportsStamp

from .progress_fixtures import agreement, draft, in_april_2026, indicator, people  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_april_2026")]


def stamp(agreement):  # noqa: F811
    return ReportsStamp.objects.filter(agreement=agreement).values_list("version", flat=True).first()


def test_every_write_to_a_pks_reports_changes_its_stamp(agreement, indicator, people):  # noqa: F811
    assert stamp(agreement) is None  # nothing reported yet
    report = draft(indicator, people)
    seen = [stamp(agreement)]
    services.report_save(indicator=indicator, quarter=1, by=people["staff"], actual="95", row_version=1)
    seen.append(stamp(agreement))
    ProgressReport.objects.filter(pk=report.pk).update(analysis="bulk")  # a queryset update counts too
    seen.append(stamp(agreement))
    ProgressReport.objects.filter(pk=report.pk).delete()  # so does a delete (a draft may be deleted)
    seen.append(stamp(agreement))
    assert None not in seen
    assert seen == sorted(set(seen))  # a new value every time


def test_a_stamp_is_never_reused_after_a_rollback(agreement, indicator, people):  # noqa: F811
    from django.db import transaction

    draft(indicator, people)
    before = stamp(agreement)
    with pytest.raises(RuntimeError), transaction.atomic():
        ProgressReport.objects.update(analysis="rolled back")
        rolled_back = stamp(agreement)
        raise RuntimeError
    assert stamp(agreement) == before
    ProgressReport.objects.update(analysis="kept")
    assert stamp(agreement) not in (before, rolled_back)


def _submitted(indicator, people, actual):  # noqa: F811
    report = draft(indicator, people, actual=actual)
    return services.report_submit(report=report, by=people["head"])


def test_the_summary_is_read_from_the_cache_until_the_reports_change(
    agreement,  # noqa: F811
    indicator,  # noqa: F811
    people,  # noqa: F811
    django_assert_num_queries,
):
    report = _submitted(indicator, people, "50")
    first = summaries.summaries([agreement])[agreement.pk]
    assert first.reported_by_quarter[0] == 1
    with django_assert_num_queries(1):  # the stamp only: the summary comes from the cache
        assert summaries.summaries([agreement])[agreement.pk] == first
    services.report_return(report=report, by=people["bappeda"], comment="Periksa lagi")
    after = summaries.summaries([agreement])[agreement.pk]
    assert after.reported_by_quarter[0] == 0  # a returned report does not count
    assert after.indicators[indicator.pk] is None
    assert after == summaries.compute([agreement])[agreement.pk]


def test_the_mayors_dashboard_shows_a_new_realisasi_at_once(client, agreement, indicator, people):  # noqa: F811
    client.force_login(people["mayor"])
    url = reverse("dashboards:home") + "?year=2026"
    first = client.get(url)
    row = next(row for row in first.context["rows"] if row.department.pk == agreement.department_id)
    assert row.figures.reported_by_quarter[0] == 0
    again = client.get(url)
    assert "rows" not in again.context  # the rendered overview came from the cache
    assert again.context["overview_html"] == first.context["overview_html"]
    assert 'data-testid="overview-table"' in again.content.decode()  # served as HTML, not escaped
    _submitted(indicator, people, "80")
    changed = client.get(url)
    row = next(row for row in changed.context["rows"] if row.department.pk == agreement.department_id)
    assert row.figures.reported_by_quarter[0] == 1
    assert row.figures.indicators[indicator.pk] is not None
    assert changed.context["overview_html"] != first.context["overview_html"]


def test_the_cached_overview_changes_with_each_of_its_sources_and_its_query(
    client,
    agreement,  # noqa: F811
    people,  # noqa: F811
    make_user,
):
    from apps.departments.models import Department, Official
    from apps.evaluations.models import Flag, Reason

    client.force_login(people["mayor"])
    url = reverse("dashboards:home")

    def shown(**query):
        return client.get(url, {"year": 2026, **query}).content.decode()

    before = shown()
    Department.objects.filter(pk=agreement.department_id).update(name="Dinas Uji Berganti Nama")
    assert "Dinas Uji Berganti Nama" in shown() and "Dinas Uji Berganti Nama" not in before
    Official.objects.filter(pk=agreement.official_id).update(name="Kepala Berganti Nama")
    assert "Kepala Berganti Nama" in shown()
    assert shown(q="tidak ada yang cocok") != shown()  # the filter is part of the key
    assert 'data-testid="flag-' not in shown()
    Flag.objects.create(
        official_id=agreement.official_id,
        agreement=agreement,
        department_id=agreement.department_id,
        deadline=datetime.date(2026, 12, 31),
        reasons=[Reason.values[0]],
        threshold=Decimal(80),
    )
    assert f'data-testid="flag-{agreement.department_id}"' in shown()
    client.force_login(make_user(Role.ADMIN))  # another role: its own entry
    assert f'data-testid="flag-{agreement.department_id}"' in shown()


def test_the_dashboard_api_is_cached_but_follows_a_new_realisasi(agreement, indicator, people):  # noqa: F811
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(people["mayor"])

    def quarters():
        rows = client.get("/api/v1/dashboard/", {"year": 2026}).json()["departments"]
        return next(row for row in rows if row["department"]["id"] == agreement.department_id)

    first = quarters()
    assert quarters() == first  # from the cache
    _submitted(indicator, people, "80")
    assert quarters() != first
