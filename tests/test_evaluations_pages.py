"""The evaluation pages: the flags list (query count independent of the number of flags), opening and deciding an
evaluation, the head's own read-only view and statement, the berita acara PDF, the at-risk list and the policy."""

import datetime
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import Role
from apps.evaluations import flagging, services
from apps.evaluations.models import Evaluation, EvaluationPolicy, Flag

from .factories import UserFactory
from .factories_evaluations import make_head, make_head_agreement

pytestmark = pytest.mark.django_db
JUDGED = datetime.date(2026, 1, 11)
WITA = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=WITA), tick=False)


@pytest.fixture
def mayor(db):
    return UserFactory(role=Role.MAYOR_OFFICE)


@pytest.fixture
def low(db):
    return make_head_agreement(make_head(start=datetime.date(2023, 1, 2)), values=("80", "20"))


def test_the_flags_page_shows_who_why_since_when_and_the_figures(client, mayor, low):
    flagging.flag_overdue(today=JUDGED)
    client.force_login(mayor)
    page = client.get(reverse("evaluations:home")).content.decode()
    flag = Flag.objects.get()
    assert f'id="flag-{flag.pk}"' in page
    assert low.official.name in page
    assert "Capaian below the threshold" in page or "Capaian di bawah" in page
    assert "80,00" in page
    assert reverse("evaluations:open", args=[low.pk]) in page


@pytest.mark.parametrize("size", [2, 7])
def test_the_flags_page_query_count_does_not_grow_with_the_flags(client, mayor, size, django_assert_max_num_queries):
    for _ in range(size):
        make_head_agreement(values=("50", "10"))
    flagging.flag_overdue(today=JUDGED)
    first = Evaluation.objects.create(
        **_evaluation_fields(Flag.objects.first().agreement), created_by=mayor
    )  # one flag answered
    assert first.pk
    client.force_login(mayor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("evaluations:home"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="flag-row"') == size


def _evaluation_fields(agreement):
    return {
        "official": agreement.official,
        "agreement": agreement,
        "department": agreement.department,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "deadline": agreement.period_end,
        "threshold": D(91),
    }


def test_the_flags_page_offers_to_evaluate_the_heads_who_met_every_target(client, mayor, low):
    met = make_head_agreement()
    client.force_login(mayor)
    with at(JUDGED):
        page = client.get(reverse("evaluations:home")).content.decode()
        assert f'data-testid="evaluate-met-{met.pk}"' in page
        assert f'data-testid="evaluate-met-{low.pk}"' not in page
        client.post(reverse("evaluations:open", args=[met.pk]))
        evaluation = Evaluation.objects.get(agreement=met)
        client.post(reverse("evaluations:decide", args=[evaluation.pk]), {"decision": "retained"})
        assert f'data-testid="evaluate-met-{met.pk}"' not in client.get(reverse("evaluations:home")).content.decode()
    evaluation.refresh_from_db()
    assert (evaluation.decision, evaluation.reasons, evaluation.status) == ("retained", [], "closed")


def test_the_flags_filter_by_state(client, mayor, low):
    flagging.flag_overdue(today=JUDGED)
    client.force_login(mayor)
    assert (
        client.get(reverse("evaluations:home"), {"resolved": "yes"}).content.decode().count('data-testid="flag-row"')
        == 0
    )
    assert (
        client.get(reverse("evaluations:home"), {"resolved": "no"}).content.decode().count('data-testid="flag-row"')
        == 1
    )


def test_the_mayors_office_opens_rates_and_decides_on_the_pages(client, mayor, low):
    flagging.flag_overdue(today=JUDGED)
    client.force_login(mayor)
    with at(datetime.date(2026, 1, 20)):
        response = client.post(reverse("evaluations:open", args=[low.pk]))
        evaluation = Evaluation.objects.get()
        assert response["Location"] == reverse("evaluations:detail", args=[evaluation.pk])
        page = client.get(response["Location"]).content.decode()
        assert 'data-testid="decide-form"' in page
        client.post(reverse("evaluations:rate", args=[evaluation.pk]), {"behaviour_rating": "meets"})
        client.post(reverse("evaluations:decide", args=[evaluation.pk]), {"decision": "improvement", "note": "x"})
        page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.predicate) == ("improvement", "butuh_perbaikan")
    assert evaluation.improvement_deadline == datetime.date(2026, 7, 20)
    assert Flag.objects.get().resolved_at is not None
    assert 'data-testid="improvement"' in page
    assert 'data-testid="decide-form"' not in page


def test_an_illegal_decision_on_the_page_is_an_error_message(client, mayor, low, english_messages):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(mayor)
    response = client.post(reverse("evaluations:decide", args=[evaluation.pk]), {"decision": "moved"}, follow=True)
    assert "is not possible" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == "open"


def test_opening_before_the_deadline_is_refused_with_a_message(client, mayor):
    agreement = make_head_agreement(year=2026)
    client.force_login(mayor)
    with at(datetime.date(2026, 11, 23)):
        client.post(reverse("evaluations:open", args=[agreement.pk]))
    assert not Evaluation.objects.exists()


def test_the_head_reads_their_own_evaluation_and_answers(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    head = low.official.user
    client.force_login(head)
    home = client.get(reverse("evaluations:home")).content.decode()
    assert reverse("evaluations:detail", args=[evaluation.pk]) in home
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert 'data-testid="decide-form"' not in page
    assert 'data-testid="answer-form"' in page
    client.post(reverse("evaluations:answer", args=[evaluation.pk]), {"statement": "Akan saya perbaiki."})
    evaluation.refresh_from_db()
    assert evaluation.statement == "Akan saya perbaiki."
    assert client.post(reverse("evaluations:decide", args=[evaluation.pk]), {"decision": "retained"}).status_code == 403


def test_another_heads_evaluation_is_404(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    flagging.flag_overdue(today=JUDGED)
    other = make_head().user
    client.force_login(other)
    for name in ("evaluations:detail", "evaluations:document"):
        assert client.get(reverse(name, args=[evaluation.pk])).status_code == 404
    assert client.post(reverse("evaluations:answer", args=[evaluation.pk]), {"statement": "x"}).status_code == 404
    assert 'data-testid="flag-row"' not in client.get(reverse("evaluations:home")).content.decode()


def test_the_berita_acara_is_a_pdf(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(mayor)
    response = client.get(reverse("evaluations:document", args=[evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_at_risk_page_lists_heads_projected_below_the_threshold(client, mayor):
    at_risk = make_head_agreement(year=2026, quarters=(1, 2), values=("60", "10"))
    fine = make_head_agreement(year=2026, quarters=(1, 2, 3))
    client.force_login(mayor)
    with at(datetime.date(2026, 11, 23)):
        page = client.get(reverse("evaluations:at_risk")).content.decode()
    assert f'data-testid="at-risk-{at_risk.pk}"' in page
    assert f'data-testid="at-risk-{fine.pk}"' not in page
    with at(datetime.date(2026, 3, 15)):
        assert 'data-testid="not-yet"' in client.get(reverse("evaluations:at_risk")).content.decode()


def test_the_policy_page_saves_the_years_policy(client, mayor):
    client.force_login(mayor)
    url = reverse("evaluations:policy", args=[2026])
    assert client.get(url).status_code == 200
    response = client.post(url, {"threshold": "85", "above_expectation": "105", "require_all_quarters": "on"})
    assert response.status_code == 302
    policy = EvaluationPolicy.objects.get(year=2026)
    assert (policy.threshold, policy.require_all_quarters, policy.require_innovation) == (D(85), True, False)
    client.force_login(UserFactory(role=Role.INSPECTORATE))
    assert client.post(url, {"threshold": "10", "above_expectation": "20"}).status_code == 403


@pytest.mark.parametrize("size", [2, 6])
def test_the_at_risk_page_query_count_does_not_grow_with_the_heads(client, mayor, size, django_assert_max_num_queries):
    for _ in range(size):
        make_head_agreement(year=2026, quarters=(1, 2), values=("60", "10"))
    client.force_login(mayor)
    with at(datetime.date(2026, 11, 23)), django_assert_max_num_queries(16):
        page = client.get(reverse("evaluations:at_risk")).content.decode()
    assert len(re.findall(r"data-testid=\"at-risk-\d+\"", page)) == size


def test_the_home_page_tells_the_mayors_office_and_the_head_what_they_owe(client, mayor, low, english_messages):
    flagging.flag_overdue(today=JUDGED)
    client.force_login(mayor)
    assert "1 flagged head waits for an evaluation" in client.get(reverse("core:home")).content.decode()
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(low.official.user)
    page = client.get(reverse("core:home")).content.decode()
    assert "You have been evaluated" in page
    assert evaluation.get_absolute_url() in page


def test_the_berita_acara_says_who_what_and_the_decision_in_indonesian_formats(mayor, low):
    from apps.evaluations.document import document_context

    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    evaluation = services.evaluation_decide(
        evaluation=evaluation, decision="improvement", note="Enam bulan", by=mayor, today=datetime.date(2026, 1, 20)
    )
    context = document_context(evaluation)
    assert context["achievement"] == "80,00%"
    assert context["threshold"] == "91,00%"
    assert context["day"] == "20 Januari 2026"
    assert context["improvement_deadline"] == "20 Juli 2026"
    assert [row["target"] for row in context["indicators"]] == ["100", "100"]
    assert [row["achievement"] for row in context["indicators"]] == ["80,00%", "80,00%"]
