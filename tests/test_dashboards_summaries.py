"""The PK summaries the city-wide pages read (apps/dashboards/summaries.py): cached under the PK's reports stamp,
which the database changes on every write to the PK's reports, whatever wrote it, so a cached summary is never
shown after its reports changed."""

import pytest
from django.urls import reverse

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
    client.get(url)  # caches the summary without reports
    first = client.get(url).context["rows"]
    row = next(row for row in first if row.department.pk == agreement.department_id)
    assert row.figures.reported_by_quarter[0] == 0
    _submitted(indicator, people, "80")
    rows = client.get(url).context["rows"]
    row = next(row for row in rows if row.department.pk == agreement.department_id)
    assert row.figures.reported_by_quarter[0] == 1
    assert row.figures.indicators[indicator.pk] is not None
