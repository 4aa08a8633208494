""" "What I owe" on every user's home page: apps/core/home.py gathers the `owed(user)` of every app's `home` module
(the core app imports none of them); realisasi and the Perjanjian Kinerja say what each role must do, and by when."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.core import home
from apps.progress import services

from .factories_agreements import make_agreement
from .factories_progress import make_signed_agreement

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import agreement, draft, in_april_2026, indicator, on, people  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")


def texts(user):
    return [str(item.text) for item in home.owed(user)]


def test_the_core_app_imports_no_higher_app():
    source = (Path(home.__file__)).read_text()
    assert not re.search(r"^\s*(from|import) apps\.(?!core)", source, re.M)


def test_nothing_due_is_said_when_nothing_is_owed(client, make_user, english_messages):
    client.force_login(make_user(Role.INSPECTORATE))
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="owed-empty"' in html and "Nothing due" in html


def test_staff_owe_the_open_quarters_not_reported_with_their_deadline(agreement, indicator, people, english_messages):
    draft(indicator, people)
    items = home.owed(people["staff"])
    q1 = next(item for item in items if "quarter I 2026" in str(item.text) and "not reported" in str(item.text))
    assert "1 indicators not reported yet" in str(q1.text)
    assert q1.due == datetime.date(2026, 4, 10) and q1.severity == "warning"  # five days left
    assert q1.url == reverse("progress:entry", kwargs={"pk": agreement.pk, "quarter": 1})
    assert not any("to submit" in text for text in texts(people["staff"]))  # staff do not submit
    assert not any("quarter II" in text for text in texts(people["staff"]))  # due 10 July: not yet owed


def test_the_head_owes_the_drafts_to_submit_and_the_returned_reports(indicator, people, english_messages):
    draft(indicator, people)
    assert "1 drafts of quarter I 2026 to submit to Bappeda" in texts(people["head"])
    services.report_submit(report=indicator.progress_reports.get(), by=people["head"])
    report = indicator.progress_reports.get()
    services.report_return(report=report, by=people["bappeda"], comment="Lengkapi")
    items = home.owed(people["head"])
    assert items[0].severity == "danger"  # the most urgent first
    assert str(items[0].text) == "1 reports of quarter I 2026 were returned by Bappeda: correct them"


def test_bappeda_owes_the_reports_waiting_for_verification(indicator, people, english_messages):
    services.report_submit(report=draft(indicator, people), by=people["head"])
    items = home.owed(people["bappeda"])
    assert [(str(i.text), i.url) for i in items] == [
        ("1 realisasi reports waiting for your verification", reverse("progress:queue"))
    ]


def test_another_departments_people_owe_nothing_of_this_department(indicator, people, english_messages):
    draft(indicator, people)
    assert not any("drafts" in text for text in texts(people["other_head"]))


def test_a_department_owes_its_pk_of_the_year_until_it_is_submitted(department, make_user, english_messages):
    head = make_user(Role.DEPARTMENT_HEAD)
    assert "Draft the Perjanjian Kinerja of 2026" in texts(head)
    make_agreement(department, make_signed_agreement(department, year=2025).official, year=2026, by=head)
    assert "The PK of 2026 is still a draft: submit it" in texts(head)
    Agreement.objects.filter(department=department, year=2026).update(status="returned")
    assert any("was returned by the mayor's office" in text for text in texts(head))
    Agreement.objects.filter(department=department, year=2026).update(status="submitted")
    assert not any("PK of 2026" in text for text in texts(head))


def test_the_mayors_office_owes_the_pks_to_review_and_to_sign(department, other_department, make_user, people):
    with on(2026, 4, 5):
        make_signed_agreement(department, year=2026, signed=False)
        make_signed_agreement(other_department, year=2026, signed=False)
    Agreement.objects.filter(department=department).update(status="submitted")
    Agreement.objects.filter(department=other_department).update(status="approved")
    items = [(str(i.text), i.url) for i in home.owed(people["mayor"])]
    assert any(url.startswith(reverse("agreements:list") + "?status=submitted") for _text, url in items)
    assert any(url.startswith(reverse("agreements:list") + "?status=approved") for _text, url in items)


def test_the_home_page_lists_what_is_owed_above_the_cards(client, indicator, people, english_messages):
    draft(indicator, people)
    client.force_login(people["head"])
    html = client.get(reverse("core:home")).content.decode()
    assert html.index('data-testid="owed"') < html.index('data-testid="home-cards"')
    assert "1 drafts of quarter I 2026 to submit to Bappeda" in html


@pytest.mark.parametrize("count", [1, 6])
def test_the_home_page_takes_a_bounded_number_of_queries(
    count, client, department, people, django_assert_max_num_queries
):
    for year in (2025, 2026):
        for n in range(count):
            agreement = make_signed_agreement(department, year=year)
            for row in agreement.indicators.all():
                if year == 2026 and n == 0:
                    draft(row, people)
    client.force_login(people["head"])
    with django_assert_max_num_queries(16):
        client.get(reverse("core:home"))
    client.force_login(people["bappeda"])
    with django_assert_max_num_queries(14):
        client.get(reverse("core:home"))
