"""The public results of the competition, without sign-in: only published rounds (404 before, whatever the status),
ranked per category with department, innovation and final score; no juror's name nor a single score."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import RoundStatus
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all

pytestmark = pytest.mark.django_db
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")


@pytest.fixture
def judged(department, other_department):
    bappeda = UserFactory(role=Role.BAPPEDA)
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    first = make_entry(round_, department, name="Inovasi Pertama", category="fisik")
    second = make_entry(round_, other_department, name="Inovasi Kedua", category="fisik")
    rejected = make_entry(round_, DepartmentFactory(name="Dinas Tertolak"), name="Inovasi Ditolak")
    juror = make_juror(
        round_,
        bappeda=bappeda,
        user=UserFactory(role=Role.JURY, first_name="Rahmat", last_name="Juriwan"),
    )
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    score_all(juror, first, dict.fromkeys(FIVE, 91), comment="komentar-rahasia-juri")
    score_all(juror, second, dict.fromkeys(FIVE, 77))
    services.entry_reject(entry=rejected, reason="Tidak memenuhi syarat.", by=bappeda)
    return {"round": round_, "bappeda": bappeda, "first": first, "second": second, "juror": juror}


def _url(round_):
    return reverse("competitions:public_results", args=[round_.year])


def test_the_public_results_are_404_until_published(client, judged):
    round_ = judged["round"]
    assert client.get(_url(round_)).status_code == 404  # judging
    round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=judged["bappeda"])
    assert client.get(_url(round_)).status_code == 404  # closed, not yet published
    client.force_login(judged["bappeda"])
    assert client.get(_url(round_)).status_code == 404  # for Bappeda too: it is the public page
    client.logout()
    listing = client.get(reverse("competitions:public_rounds")).content.decode()
    assert round_.name not in listing and 'data-testid="empty-state"' in listing
    assert client.get(reverse("competitions:public_results", args=[1999])).status_code == 404
    draft = make_round(year=2031)
    assert client.get(_url(draft)).status_code == 404


def test_the_published_results_are_public_ranked_per_category_without_jurors_nor_scores(client, judged):
    round_ = services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    round_ = services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=judged["bappeda"])
    listing = client.get(reverse("competitions:public_rounds")).content.decode()
    assert round_.name in listing and _url(round_) in listing
    response = client.get(_url(round_))
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split('data-testid="public-results-fisik"')[1].split("</table>")[0]
    assert table.index("Inovasi Pertama") < table.index("Inovasi Kedua")
    assert judged["first"].department.name in table and judged["second"].department.name in table
    assert "91,00" in table and "77,00" in table  # the final scores
    assert "Fisik" in page  # the category by its name
    assert "Inovasi Ditolak" not in page and "Dinas Tertolak" not in page
    assert "Rahmat" not in page and "Juriwan" not in page and "komentar-rahasia-juri" not in page
    assert table.count("<th ") == 4  # rank, innovation, department, final score: no criterion's column
    assert reverse("competitions:entry", args=[judged["first"].pk]) not in page  # no link into the application
    # Bappeda's results page points to the public one
    client.force_login(judged["bappeda"])
    results = client.get(reverse("competitions:results", args=[round_.pk])).content.decode()
    assert 'data-testid="public-link"' in results


def test_the_public_results_cost_the_same_queries_for_few_or_many_entries(
    client, judged, django_assert_max_num_queries
):
    round_ = services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    round_ = services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=judged["bappeda"])
    with django_assert_max_num_queries(4):
        assert client.get(_url(round_)).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("competitions:public_rounds")).status_code == 200
