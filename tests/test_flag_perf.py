"""The flag job at scale (apps/evaluations/flagging.py): its query count does not grow with the number of heads,
departments, improvement periods or people notified; the light capaian it judges on (projection.agreement_capaian)
is the one of projection.agreement_scores and apps/progress/scores.py; its notifications are written as
apps/notifications would, each with its audit row."""

import datetime
import random
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from apps.accounts.models import Role
from apps.evaluations import flagging, projection, services
from apps.evaluations.assessment import Item, assess_many
from apps.evaluations.models import Flag, FlagKind
from apps.evaluations.tasks import flag_overdue_task
from apps.notifications.models import Notification
from apps.progress import scores
from apps.progress.models import ReportStatus

from .factories import UserFactory
from .factories_evaluations import make_head, make_head_agreement
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db
JUDGED = datetime.date(2026, 1, 11)
DECIDED = datetime.date(2026, 1, 20)
PERIOD_ENDED = datetime.date(2026, 7, 21)  # the improvement periods decided on DECIDED ended the day before
# Whatever the number of heads: who is due (3), their capaian as reported and projected (2), the policies (1), the
# innovations (1), the flags written (2 + a savepoint's 2) and read back (1), the people (1), their notifications
# (2 + a savepoint's 2).
QUERY_BOUND = 17


def _batch(size: int, mayor) -> tuple[list, list]:
    """`size` heads of 2025 never judged (each in their own department) and `size` heads under an improvement
    period decided on DECIDED, each with a 2026 PK below the threshold (measured projected at the period's end)."""
    plain = [make_head_agreement(values=("50", "10")) for _ in range(size)]
    improving = []
    for _ in range(size):
        low = make_head_agreement(make_head(start=datetime.date(2023, 1, 2)), values=("80", "20"))
        evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
        services.evaluation_decide(evaluation=evaluation, decision="improvement", by=mayor, today=DECIDED)
        make_head_agreement(low.official, year=2026, quarters=(1, 2), values=("50", "10"))
        improving.append(evaluation)
    return plain, improving


def test_the_query_count_of_the_flag_job_does_not_grow_with_the_heads_and_the_people_notified(
    django_assert_max_num_queries,
):
    people = [UserFactory(role=Role.MAYOR_OFFICE)]  # who opens and decides the evaluations too
    counts = []
    for size, more_people in ((1, 0), (6, 4)):
        people += [UserFactory(role=Role.MAYOR_OFFICE) for _ in range(more_people)]
        plain, improving = _batch(size, people[0])
        notified = Notification.objects.count()

        with django_assert_max_num_queries(QUERY_BOUND), CaptureQueriesContext(connection) as queries:
            run = flagging.flag_overdue(today=PERIOD_ENDED)

        counts.append(len(queries))
        assert {f.agreement_id for f in run.created if f.kind == FlagKind.DEADLINE} == {a.pk for a in plain}
        assert {f.evaluation_id for f in run.created if f.kind == FlagKind.IMPROVEMENT} == {e.pk for e in improving}
        assert Notification.objects.count() - notified == len(people)  # one per person for the run's flags
    assert counts[0] == counts[1], counts


def test_the_job_notifies_every_active_person_of_the_mayors_office_once_per_run_with_an_audit_row():
    people = [UserFactory(role=Role.MAYOR_OFFICE) for _ in range(3)]
    UserFactory(role=Role.MAYOR_OFFICE, is_active=False)
    UserFactory(role=Role.BAPPEDA)
    heads = [make_head_agreement(values=("50", "10")) for _ in range(2)]

    created = flag_overdue_task(today=JUDGED.isoformat())

    flags = Flag.objects.filter(pk__in=created).select_related("official", "department", "agreement__department")
    assert {flag.agreement_id for flag in flags} == {head.pk for head in heads}
    notifications = list(Notification.objects.order_by("pk"))
    # one per person for the run's two flags, naming both heads
    expected = [(f"evaluations.flags.{min(flag.pk for flag in flags)}", person.pk) for person in people]
    assert [(n.key, n.user_id) for n in notifications] == expected
    first = notifications[0]
    with translation.override(settings.LANGUAGE_CODE):  # the task's language
        title = gettext("%(count)d heads flagged: targets unmet after the deadline") % {"count": 2}
        flag_title = gettext("Target unmet: %(official)s (%(department)s)")
    assert first.title == title
    for flag in flags:
        assert flag_title % {"official": flag.official.name, "department": flag.department.short_name} in first.body
        assert f"{flag.agreement}, tenggat 1 Januari 2026: Capaian di bawah ambang." in first.body
    assert first.url == reverse("evaluations:home")
    assert first.read_at is None and first.created_at is not None
    # each notification has its insert event, attached to the task's context
    events = Notification.pgh_event_model.objects.filter(pgh_label="insert").select_related("pgh_context")
    assert sorted(event.pgh_obj_id for event in events) == [n.pk for n in notifications]
    assert {event.pgh_context.metadata["url"] for event in events} == {"task:evaluations.flag_overdue"}
    # and a second run notifies nobody again
    assert flag_overdue_task(today=(JUDGED + datetime.timedelta(days=1)).isoformat()) == []
    assert Notification.objects.count() == len(expected)


def test_a_single_new_flag_is_notified_as_itself_and_a_long_run_names_the_first_heads(monkeypatch):
    person = UserFactory(role=Role.MAYOR_OFFICE)
    head = make_head_agreement(values=("50", "10"))
    flag_overdue_task(today=JUDGED.isoformat())
    flag = Flag.objects.select_related("official", "department").get(agreement=head)
    note = Notification.objects.get(user=person)
    assert note.key == f"evaluations.flag.{flag.pk}" and flag.official.name in note.title

    monkeypatch.setattr(flagging, "DIGEST_LINES", 1)
    for _ in range(3):
        make_head_agreement(values=("50", "10"))
    flag_overdue_task(today=(JUDGED + datetime.timedelta(days=1)).isoformat())
    digest = Notification.objects.filter(user=person).exclude(pk=note.pk).get()
    assert digest.body.count("\n") == 1  # one head named, then how many more
    with translation.override(settings.LANGUAGE_CODE):
        assert digest.body.endswith(gettext("… and %(count)d more: see the evaluations page.") % {"count": 2})


# --- The light capaian is the detailed one ------------------------------------------------------------------------
WORKED_CASES = [  # DOMAIN.md §4: 115,00 · 110,00 · 107,14 · 75,00
    {"target": "80", "actual": "92"},
    {"target": "10", "polarity": "negative", "actual": "9"},
    {"band": ("7", "8"), "polarity": "negative", "actual": "6.5"},
    {"band": ("2", "4"), "polarity": "stabilize", "actual": "5"},
]


def test_the_worked_cases_of_the_domain_give_the_heads_capaian(department):
    agreement = make_scored_agreement(
        department, [[{k: v for k, v in c.items() if k != "actual"} for c in WORKED_CASES]]
    )
    for indicator, case in zip(indicators_of(agreement), WORKED_CASES, strict=True):
        make_report(indicator, 1, case["actual"])

    light = projection.agreement_capaian([agreement], project=False)[agreement.pk]

    assert light.achievement_percent == D("101.79")  # (115 + 110 + 107.14 + 75) / 4 = 101.785, half-up
    assert light.achievement_percent == scores.agreement_score(agreement).achievement_percent
    assert [light.quarter_complete(q) for q in (1, 2, 3, 4)] == [True, False, False, False]


def _random_agreements(department, rng: random.Random, count: int) -> list:
    """PKs of varied indicators (polarities, aggregations, targets and bands, weights on some sasaran) with
    reports of every status, some quarters missing."""
    agreements = []
    for n in range(count):
        objectives = []
        for _ in range(rng.randint(1, 3)):
            weighted = rng.random() < 0.4
            indicators = []
            for _ in range(rng.randint(1, 4)):
                spec = {
                    "polarity": rng.choice(["positive", "negative", "stabilize"]),
                    "aggregation": rng.choice(["sum", "last", "average"]),
                }
                if rng.random() < 0.3:
                    low = D(rng.randint(0, 50)) / 2
                    spec["band"] = (str(low), str(low + D(rng.randint(0, 20)) / 4))
                else:
                    spec["target"] = str(D(rng.randint(0, 300)) / rng.choice([1, 3, 7]))[:12]
                if weighted:
                    spec["weight"] = str(rng.randint(0, 5))
                indicators.append(spec)
            objectives.append(indicators)
        agreement = make_scored_agreement(department, objectives, year=2020 + n)
        for indicator in indicators_of(agreement):
            for quarter in (1, 2, 3, 4):
                if rng.random() < 0.75:
                    status = rng.choice([*[ReportStatus.VERIFIED] * 3, ReportStatus.SUBMITTED, ReportStatus.DRAFT])
                    make_report(indicator, quarter, str(D(rng.randint(0, 4000)) / rng.choice([1, 4, 9])), status=status)
        agreements.append(agreement)
    agreements.append(make_scored_agreement(department, [], year=2030))  # no indicator at all
    return agreements


@pytest.mark.parametrize("include_drafts", [False, True])
@pytest.mark.parametrize("project", [False, True])
def test_the_light_capaian_is_the_one_of_the_detailed_scores(department, project, include_drafts):
    agreements = _random_agreements(department, random.Random(20261124), 8)

    light = projection.agreement_capaian(agreements, project=project, include_drafts=include_drafts)
    detailed = projection.agreement_scores(agreements, project=project, include_drafts=include_drafts)

    for agreement in agreements:
        got, want = light[agreement.pk], detailed[agreement.pk]
        assert repr(got.achievement_percent) == repr(want.achievement_percent), agreement
        assert [got.quarter_complete(q) for q in (1, 2, 3, 4)] == [want.quarter_complete(q) for q in (1, 2, 3, 4)]
        if not project:
            expected = scores.agreement_score(agreement, include_drafts=include_drafts).achievement_percent
            assert got.achievement_percent == expected
    assert any(light[a.pk].achievement_percent is not None for a in agreements)


def test_judging_without_detail_gives_the_assessments_of_judging_with_it(department):
    agreements = _random_agreements(department, random.Random(7), 5)
    items = [
        Item(agreement=a, start=a.period_start, end=a.period_end, quarters=(1, 2, 3, 4), project=n % 2 == 1)
        for n, a in enumerate(agreements)
    ]

    detailed = assess_many(items)
    light = assess_many(items, detail=False)

    for got, want in zip(light, detailed, strict=True):
        assert (got.achievement_percent, got.missing_quarters, got.innovation_count, got.reasons) == (
            want.achievement_percent,
            want.missing_quarters,
            want.innovation_count,
            want.reasons,
        )
        assert got.indicators == []
        assert len(want.indicators) == len(indicators_of(got.item.agreement))
