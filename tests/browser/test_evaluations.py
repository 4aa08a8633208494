"""The one-year deadline in Chromium: with the clock past the deadline the job flags an unmet head; the mayor's
office evaluates them into an improvement period on the pages; six months later the job flags them again; the
head reads their evaluation and answers; the flags page works on a phone."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import Role
from apps.evaluations import flagging
from apps.evaluations.models import Evaluation, Flag
from apps.evaluations.tasks import flag_overdue_task
from tests.browser.test_roles import sign_in
from tests.factories import RegionFactory, UserFactory
from tests.factories_evaluations import make_head, make_head_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WITA = datetime.timezone(datetime.timedelta(hours=8))


def at(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=WITA), tick=True)


@pytest.fixture
def unmet():
    RegionFactory()
    UserFactory(role=Role.MAYOR_OFFICE, username="browser-organisasi")
    head = make_head(start=datetime.date(2023, 1, 2))
    head.user.username = "browser-kadis"
    head.user.save(update_fields=["username"])
    make_head_agreement()  # a head who met every target: never flagged
    return make_head_agreement(head, values=("80", "20"))


def test_the_mayors_office_evaluates_a_flagged_head_into_an_improvement_period(browser, live_server, unmet, screenshot):
    errors = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with at(2026, 1, 12):
        assert len(flag_overdue_task()) == 1  # the beat task's body, as the worker runs it (tested with one too)
        flag = Flag.objects.get()
        assert flag.agreement == unmet
        sign_in(page, live_server, "browser-organisasi")
        page.goto(live_server.url + reverse("evaluations:home"))
        screenshot(page, "evaluations-flags")
        page.click(f"[data-testid=evaluate-{flag.pk}]")
        page.locator("[data-testid=decide-form]").wait_for()
        evaluation = Evaluation.objects.get()
        assert page.locator("[data-testid=achievement]").inner_text().strip() in ("80,00%", "80.00%")
        page.select_option("select[name=behaviour_rating]", "meets")
        page.click("[data-testid=rate]")
        page.locator(".alert-success").wait_for()
        page.select_option("select[name=decision]", "improvement")
        page.fill("textarea[name=note]", "Enam bulan untuk memperbaiki capaian.")
        page.click("[data-testid=decide]")
        page.locator("[data-testid=improvement]").wait_for()
        screenshot(page, "evaluations-detail")
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.decision, evaluation.predicate) == (
        "improvement",
        "improvement",
        "butuh_perbaikan",
    )
    assert evaluation.improvement_deadline == datetime.date(2026, 7, 12)
    flag.refresh_from_db()
    assert flag.resolved_at is not None

    with at(2026, 7, 13):
        created = flagging.flag_overdue(today=datetime.date(2026, 7, 13)).created
        assert [f.kind for f in created] == ["improvement"]
        assert flagging.flag_overdue(today=datetime.date(2026, 7, 14)).created == []
        page.context.clear_cookies()  # six months on, the session has expired: sign in again
        sign_in(page, live_server, "browser-organisasi")
        page.goto(live_server.url + reverse("evaluations:home") + "?resolved=no")
        assert page.locator("[data-testid=flag-row]").count() == 1
        page.goto(live_server.url + reverse("evaluations:detail", args=[evaluation.pk]))
        page.locator("[data-testid=follow-up]").wait_for()
    assert not errors


def test_the_head_reads_their_evaluation_and_answers_on_a_phone(browser, live_server, unmet, screenshot):
    from apps.evaluations import services

    mayor = UserFactory(role=Role.MAYOR_OFFICE)
    evaluation = services.evaluation_open(agreement=unmet, by=mayor, today=datetime.date(2026, 1, 12))
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, "browser-kadis")
    page.goto(live_server.url + reverse("evaluations:home"))
    page.click(f"a[href='{reverse('evaluations:detail', args=[evaluation.pk])}']")
    page.locator("[data-testid=answer-form]").wait_for()
    assert page.locator("[data-testid=decide-form]").count() == 0
    page.fill("textarea[name=statement]", "Saya akan memperbaiki pelaporan triwulan.")
    page.click("[data-testid=answer]")
    page.locator("[data-testid=statement]").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "evaluations-head-phone")
    assert not errors


def test_the_at_risk_page_draws_its_chart(browser, live_server, screenshot):
    RegionFactory()
    UserFactory(role=Role.MAYOR_OFFICE, username="browser-organisasi")
    at_risk = make_head_agreement(year=2026, quarters=(1, 2), values=("60", "10"))
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with at(2026, 11, 23):
        sign_in(page, live_server, "browser-organisasi")
        page.goto(live_server.url + reverse("evaluations:at_risk"))
        page.locator(f"[data-testid=at-risk-{at_risk.pk}]").wait_for()
        page.wait_for_function("document.querySelector('[data-testid=at-risk-chart]').width > 0")
        screenshot(page, "evaluations-at-risk-phone")
        width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert not errors
