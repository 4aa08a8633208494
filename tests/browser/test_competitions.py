"""The innovation competition in Chromium: an external juror scores entries on a phone-sized screen, one entry at
a time; a juror of a department cannot open its own department's entry; Bappeda's round page draws a progress bar
per juror (widths from data-width, no inline styles under the CSP)."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import RoundStatus, Score
from tests.browser.test_roles import sign_in
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def judged():
    bappeda = UserFactory(role=Role.BAPPEDA, username="browser-bappeda")
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    disdik, dinkes = DepartmentFactory(short_name="Disdik"), DepartmentFactory(short_name="Dinkes")
    entries = [
        make_entry(round_, disdik, name="Sekolah Ramah Anak Digital"),
        make_entry(round_, dinkes, name="Antrean Puskesmas Daring", category="fisik"),
    ]
    external = make_juror(round_, bappeda=bappeda, user=UserFactory(role=Role.JURY, username="browser-juri"))
    internal = make_juror(
        round_,
        bappeda=bappeda,
        user=UserFactory(role=Role.DEPARTMENT_HEAD, department=disdik, username="browser-kadis"),
    )
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    return {"round": round_, "entries": entries, "external": external, "internal": internal}


def _console(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_a_juror_scores_the_entries_on_a_phone(browser, live_server, judged, screenshot):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = _console(page)
    sign_in(page, live_server, "browser-juri")
    page.goto(live_server.url + reverse("competitions:round", args=[judged["round"].pk]))
    page.click("[data-testid=score-link]")
    page.locator("[data-testid=score-form]").wait_for()
    first = page.locator("[data-testid=entry-name]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for n, code in enumerate(["kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi"]):
        page.fill(f"input[name=score_{code}]", str(70 + n))
    page.fill("textarea[name=comment_kemanfaatan]", "Manfaatnya terukur.")
    screenshot(page, "competitions-juror-phone")
    page.click("[data-testid=save-scores]")
    page.locator(".alert-success").wait_for()
    assert page.locator("[data-testid=entry-name]").inner_text() != first  # on to the next entry
    assert Score.objects.filter(juror=judged["external"]).count() == 5
    # Scoring outside 1–100 is refused by the browser's form or the server, and nothing is saved.
    page.fill("input[name=score_kebaruan]", "150")
    page.click("[data-testid=save-scores]")
    assert Score.objects.filter(juror=judged["external"]).count() == 5
    assert not errors, errors
    context.close()


def test_a_juror_cannot_open_their_own_departments_entry(browser, live_server, judged):
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server, "browser-kadis")
    own = judged["entries"][0]
    response = page.goto(live_server.url + reverse("competitions:score_entry", args=[judged["round"].pk, own.pk]))
    assert response.status == 403
    page.goto(live_server.url + reverse("competitions:score", args=[judged["round"].pk]))
    assert page.locator("[data-testid=entry-name]").inner_text() == "Antrean Puskesmas Daring"
    assert "Sekolah Ramah Anak Digital" not in page.locator("[data-testid=my-entries]").inner_text()


def test_bappedas_round_page_draws_a_bar_per_juror(browser, live_server, judged, screenshot):
    services.score_set(
        juror=judged["external"],
        entry=judged["entries"][0],
        values=dict.fromkeys(judged["round"].criteria.values_list("code", flat=True), (80, "")),
        by=judged["external"].user,
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = _console(page)
    sign_in(page, live_server, "browser-bappeda")
    page.goto(live_server.url + reverse("competitions:round", args=[judged["round"].pk]))
    bars = page.locator("[data-testid=juror-progress] .progress-bar")
    assert bars.count() == 2
    assert bars.first.evaluate("bar => bar.style.width") == "50%"
    screenshot(page, "competitions-round-bappeda")
    assert not errors, errors
