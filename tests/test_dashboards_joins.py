"""apps/dashboards/joins.py: the one bridge to the evaluations app reads its three functions, and says "not
available" (never a made-up figure) for a function or module it does not provide."""

import datetime
from decimal import Decimal

import pytest

from apps.dashboards import joins
from apps.evaluations.models import Flag

from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db


def test_the_evaluations_app_provides_the_three_functions():
    assert joins.available()


def test_a_function_or_module_the_evaluations_app_lacks_is_not_available():
    assert joins._function("selectors", "no_such_function") is None
    assert joins._function("no_such_module", "open_flags_by_agreement") is None


def test_flags_evaluations_and_projections_of_many_pks(department, other_department, django_assert_max_num_queries):
    flagged = make_scored_agreement(department, [[{"target": "100", "aggregation": "sum"}]])
    quiet = make_scored_agreement(other_department, [[{"target": "100"}]])
    make_report(indicators_of(flagged)[0], 1, "10")
    make_report(indicators_of(flagged)[0], 2, "20")
    Flag.objects.create(
        official=flagged.official,
        agreement=flagged,
        department=department,
        deadline=datetime.date(2026, 12, 31),
        reasons=["low_achievement"],
        threshold=Decimal(91),
    )
    with django_assert_max_num_queries(4):
        flags = joins.open_flags([flagged.pk, quiet.pk])
        evaluations = joins.latest_evaluations([flagged.pk, quiet.pk])
        projections = joins.projections([flagged, quiet])
    assert set(flags) == {flagged.pk} and flags[flagged.pk].reasons == ["low_achievement"]
    assert evaluations == {}
    assert projections[flagged.pk] == Decimal("60.00")  # a sum runs at 15 a quarter: 60 of 100
    assert projections[quiet.pk] is None  # nothing reported: no projection
