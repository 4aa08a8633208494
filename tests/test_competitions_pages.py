"""The competition's pages: the juror's scoring page (own-department ban, hidden scores, changes recorded), an
external juror's rounds, Bappeda's round page with a bar per juror, entering an innovation, the results, the
certificate and the Excel export."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import Entry, Round, RoundStatus, Score
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all
from tests.factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def judged(department, other_department):
    bappeda = UserFactory(role=Role.BAPPEDA)
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    own, other = (
        make_entry(round_, department, name="Inovasi Sendiri"),
        make_entry(round_, other_department, name="Inovasi Lain"),
    )
    external = make_juror(round_, bappeda=bappeda)
    internal = make_juror(round_, bappeda=bappeda, role=Role.DEPARTMENT_HEAD, department=department)
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    return {
        "round": round_,
        "own": own,
        "other": other,
        "external": external,
        "internal": internal,
        "bappeda": bappeda,
    }


def _form(value=70, comment="Baik"):
    data = {}
    for code in FIVE:
        data[f"score_{code}"] = value
        data[f"comment_{code}"] = comment
    return data


def _score_url(judged, entry):
    return reverse("competitions:score_entry", args=[judged["round"].pk, entry.pk])


def test_a_juror_scores_an_entry_on_the_scoring_page_and_goes_to_the_next(client, judged):
    client.force_login(judged["external"].user)
    start = client.get(reverse("competitions:score", args=[judged["round"].pk]))
    assert start.status_code == 302
    first_url = start["Location"]
    page = client.get(first_url).content.decode()
    assert 'data-testid="score-form"' in page
    assert 'inputmode="numeric"' in page
    response = client.post(first_url, _form())
    assert response.status_code == 302
    assert Score.objects.filter(juror=judged["external"]).count() == 5
    assert response["Location"] != first_url  # on to the other entry


def test_a_juror_cannot_open_nor_score_their_own_departments_entry(client, judged):
    client.force_login(judged["internal"].user)
    assert client.get(_score_url(judged, judged["own"])).status_code == 403
    assert client.post(_score_url(judged, judged["own"]), _form()).status_code == 403
    assert not Score.objects.exists()
    page = client.get(_score_url(judged, judged["other"])).content.decode()
    assert "Inovasi Sendiri" not in page  # not even in the juror's list of entries


def test_a_score_outside_1_to_100_is_refused_on_the_page(client, judged):
    client.force_login(judged["external"].user)
    response = client.post(_score_url(judged, judged["own"]), _form(value=0))
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_a_juror_sees_only_their_own_scores_and_history_before_the_closing(client, judged):
    score_all(judged["internal"], judged["other"], dict.fromkeys(FIVE, 93), comment="rahasia-internal")
    client.force_login(judged["external"].user)
    client.post(_score_url(judged, judged["other"]), _form(value=61, comment="pertama"))
    client.post(_score_url(judged, judged["other"]), _form(value=64, comment="kedua"))
    page = client.get(_score_url(judged, judged["other"])).content.decode()
    assert 'value="64"' in page
    assert 'value="93"' not in page and "rahasia-internal" not in page
    history = page.split('data-testid="history"')[1]
    assert "61" in history and "64" in history and "pertama" in history
    entry_page = client.get(reverse("competitions:entry", args=[judged["other"].pk])).content.decode()
    assert 'data-testid="hidden-result"' in entry_page
    assert "rahasia-internal" not in entry_page
    assert client.get(reverse("competitions:results", args=[judged["round"].pk])).status_code == 404


def test_an_entrant_sees_no_scores_before_the_closing_and_its_own_after(client, judged, department):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 77), comment="komentar-juri")
    entrant = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    client.force_login(entrant)
    url = reverse("competitions:entry", args=[judged["own"].pk])
    assert "komentar-juri" not in client.get(url).content.decode()
    assert client.get(reverse("competitions:entry", args=[judged["other"].pk])).status_code == 404
    services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    assert "komentar-juri" in client.get(url).content.decode()


def test_an_external_juror_sees_only_the_rounds_assigned_to_them(client, judged, department):
    other = make_round(year=2025, status=RoundStatus.PUBLISHED)
    other_entry = Entry.objects.create(
        round=other,
        innovation=make_innovation(
            department, by=UserFactory(role=Role.DEPARTMENT_STAFF, department=department), stage="penerapan"
        ),
        department=department,
        category="fisik",
        pitch="x",
        entered_by=judged["bappeda"],
    )
    client.force_login(judged["external"].user)
    home = client.get(reverse("competitions:home")).content.decode()
    assert judged["round"].name in home and other.name not in home
    for name in ("round", "score", "results"):
        assert client.get(reverse(f"competitions:{name}", args=[other.pk])).status_code == 404
    assert client.get(reverse("competitions:entry", args=[other_entry.pk])).status_code == 404
    assert client.get(reverse("competitions:round", args=[judged["round"].pk])).status_code == 200


def test_a_user_who_is_not_a_juror_cannot_open_the_scoring_page(client, judged):
    client.force_login(UserFactory(role=Role.MAYOR_OFFICE))
    assert client.get(_score_url(judged, judged["own"])).status_code == 403


def test_bappedas_round_page_shows_a_bar_per_juror(client, judged):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 70))
    client.force_login(judged["bappeda"])
    page = client.get(reverse("competitions:round", args=[judged["round"].pk])).content.decode()
    assert page.count('data-testid="juror-progress"') == 2
    assert 'data-width="50"' in page  # the external juror: 1 of 2
    assert 'data-width="0"' in page  # the internal juror: 0 of 1 (its own department's entry is not counted)


@pytest.mark.parametrize("size", [2, 6])
def test_the_round_page_query_count_does_not_grow_with_entries_and_jurors(
    client, judged, size, django_assert_max_num_queries
):
    for _ in range(size):
        make_entry(judged["round"], DepartmentFactory())
        make_juror(judged["round"], bappeda=judged["bappeda"])
    client.force_login(judged["bappeda"])
    with django_assert_max_num_queries(23):
        response = client.get(reverse("competitions:round", args=[judged["round"].pk]))
    assert response.content.decode().count('data-testid="juror-progress"') == size + 2


def test_a_department_enters_an_innovation_with_a_presentation(client, department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    innovation = make_innovation(department, by=staff, stage="uji_coba")
    make_innovation(department, by=staff, stage="inisiatif", name="Masih Inisiatif")
    client.force_login(staff)
    url = reverse("competitions:enter", args=[round_.pk])
    assert "Masih Inisiatif" not in client.get(url).content.decode()
    bad = SimpleUploadedFile("paparan.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(url, {"innovation": innovation.pk, "category": "fisik", "pitch": "x", "presentation": bad})
    assert response.status_code == 200 and not Entry.objects.exists()
    good = SimpleUploadedFile("paparan.pdf", PDF)
    response = client.post(url, {"innovation": innovation.pk, "category": "fisik", "pitch": "x", "presentation": good})
    entry = Entry.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    download = client.get(reverse("competitions:presentation", args=[entry.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_bappeda_rejects_an_entry_on_its_page(client, judged):
    client.force_login(judged["bappeda"])
    url = reverse("competitions:entry_reject", args=[judged["own"].pk])
    client.post(url, {"reason": "Belum satu tahun diterapkan."})
    judged["own"].refresh_from_db()
    assert judged["own"].status == "rejected"


def test_a_department_may_not_reject_an_entry(client, judged, department):
    client.force_login(UserFactory(role=Role.DEPARTMENT_HEAD, department=department))
    url = reverse("competitions:entry_reject", args=[judged["own"].pk])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_bappeda_sets_the_weights_and_they_must_sum_to_100(client):
    bappeda = UserFactory(role=Role.BAPPEDA)
    round_ = make_round(by=bappeda)
    client.force_login(bappeda)
    url = reverse("competitions:criteria", args=[round_.pk])
    weights = {"kebaruan": 20, "kemanfaatan": 40, "keberlanjutan": 20, "kemudahan_replikasi": 10, "presentasi": 20}
    data = {f"weight_{code}": weight for code, weight in weights.items()}
    data |= {f"name_{code}": code.capitalize() for code in weights}
    response = client.post(url, data)
    assert response.status_code == 200  # 110
    assert round_.criteria.get(code="kemanfaatan").weight == 30
    data["weight_presentasi"] = 10
    assert client.post(url, data).status_code == 302
    assert round_.criteria.get(code="kemanfaatan").weight == 40


def test_bappeda_renames_removes_and_adds_criteria_before_judging(client):
    bappeda = UserFactory(role=Role.BAPPEDA)
    round_ = make_round(by=bappeda)
    client.force_login(bappeda)
    data = {f"weight_{code}": weight for code, weight in round_.criteria.values_list("code", "weight")}
    data |= {f"name_{code}": name for code, name in round_.criteria.values_list("code", "name")}
    data |= {"weight_presentasi": 0, "name_kebaruan": "Kebaruan ide", "new_name": "Dampak Sosial", "new_weight": 10}
    assert client.post(reverse("competitions:criteria", args=[round_.pk]), data).status_code == 302
    assert list(round_.criteria.values_list("code", "name", "weight")) == [
        ("kebaruan", "Kebaruan ide", 25),
        ("kemanfaatan", "Kemanfaatan", 30),
        ("keberlanjutan", "Keberlanjutan", 20),
        ("kemudahan_replikasi", "Kemudahan replikasi", 15),
        ("dampak_sosial", "Dampak Sosial", 10),
    ]


def test_bappeda_creates_a_round_and_moves_it_on(client):
    bappeda = UserFactory(role=Role.BAPPEDA)
    client.force_login(bappeda)
    response = client.post(
        reverse("competitions:create"),
        {
            "year": 2027,
            "name": "Lomba Inovasi 2027",
            "categories": "fisik, Non Fisik",
            "registration_start": "2027-03-01",
            "registration_end": "2027-04-30",
            "judging_start": "2027-05-01",
            "judging_end": "2027-06-30",
            "winners_per_category": 3,
        },
    )
    round_ = Round.objects.get(year=2027)
    assert response["Location"] == round_.get_absolute_url()
    assert round_.categories == ["fisik", "non_fisik"]
    client.post(reverse("competitions:advance", args=[round_.pk]), {"target": "registration"})
    round_.refresh_from_db()
    assert round_.status == "registration"


@pytest.fixture
def published(judged):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 60))
    score_all(judged["external"], judged["other"], dict.fromkeys(FIVE, 90))
    score_all(judged["internal"], judged["other"], dict.fromkeys(FIVE, 80))
    round_ = services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    return judged | {"round": round_}


def test_the_results_are_for_the_overseers_when_closed_and_for_everyone_when_published(client, published, department):
    url = reverse("competitions:results", args=[published["round"].pk])
    entrant = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    client.force_login(entrant)
    assert client.get(url).status_code == 404
    client.force_login(published["bappeda"])
    page = client.get(url).content.decode()
    assert page.index("Inovasi Lain") < page.index("Inovasi Sendiri")
    assert "85,00" in page  # (90 + 80) / 2, in the Indonesian format
    client.post(reverse("competitions:advance", args=[published["round"].pk]), {"target": "published"})
    client.force_login(entrant)
    page = client.get(url).content.decode()
    assert "Recommended for replication" in page or "Direkomendasikan" in page


def test_the_winners_certificate_is_a_pdf(client, published):
    client.force_login(published["bappeda"])
    response = client.get(reverse("competitions:certificate", args=[published["other"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
        assert "PIAGAM PENGHARGAAN" in text.stdout.decode()
        assert "Inovasi Lain" in text.stdout.decode()


def test_the_excel_export_has_every_score(client, published, department):
    client.force_login(published["bappeda"])
    response = client.get(reverse("competitions:export", args=[published["round"].pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Nilai"].max_row == 1 + 15
    rows = list(workbook["Hasil"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2], row[4]) for row in rows] == [(1, "Inovasi Lain", 85.0), (2, "Inovasi Sendiri", 60.0)]
    client.force_login(UserFactory(role=Role.DEPARTMENT_HEAD, department=department))
    assert client.get(reverse("competitions:export", args=[published["round"].pk])).status_code == 403


def test_the_export_is_404_before_the_closing(client, judged):
    client.force_login(judged["bappeda"])
    assert client.get(reverse("competitions:export", args=[judged["round"].pk])).status_code == 404


def test_the_home_page_tells_a_juror_how_many_entries_are_left(client, judged):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 70))
    client.force_login(judged["external"].user)
    page = client.get(reverse("core:home")).content.decode()
    assert "1 peserta Lomba Inovasi Daerah 2026 perlu dinilai" in page
    client.force_login(judged["internal"].user)  # its own department's entry does not count
    assert "1 peserta Lomba Inovasi Daerah 2026 perlu dinilai" in client.get(reverse("core:home")).content.decode()


def test_the_round_page_shows_no_result_while_judging(client, judged):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 70))
    client.force_login(judged["bappeda"])
    page = client.get(reverse("competitions:round", args=[judged["round"].pk])).content.decode()
    assert 'data-testid="results-link"' not in page
    assert "70,00" not in page


@pytest.mark.parametrize("size", [2, 6])
def test_the_results_page_query_count_does_not_grow_with_the_entries(
    client, judged, size, django_assert_max_num_queries
):
    for n in range(size):
        entry = make_entry(judged["round"], DepartmentFactory(), category=("fisik", "non_fisik")[n % 2])
        score_all(judged["external"], entry, dict.fromkeys(FIVE, 50 + n))
    round_ = services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=judged["bappeda"])
    client.force_login(judged["bappeda"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("competitions:results", args=[round_.pk]))
    assert response.content.decode().count('data-testid="result-row"') == size + 2
