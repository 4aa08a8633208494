"""The competition's API writes, through the pages' services and permissions: rounds (create, edit, criteria, the
steps), jurors, entries (enter, change, reject, reinstate), and the denials (403 for a role that may not, 404 for a
round or entry the user does not see, 409 for a step the round's state refuses)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import Entry, EntryStatus, Juror, Round, RoundStatus
from tests.factories import UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all
from tests.factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/api/v1/competitions/"


@pytest.fixture
def bappeda(db):
    return UserFactory(role=Role.BAPPEDA)


@pytest.fixture
def head(department):
    return UserFactory(role=Role.DEPARTMENT_HEAD, department=department)


def as_(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


ROUND = {
    "year": 2030,
    "name": "Lomba Inovasi Daerah 2030",
    "categories": ["fisik", "non_fisik", "kecamatan"],
    "category_names": {"kecamatan": "Inovasi Kecamatan"},
    "registration_start": "2030-03-01",
    "registration_end": "2030-05-31",
    "judging_start": "2030-06-01",
    "judging_end": "2030-08-31",
}


# --- Rounds -------------------------------------------------------------------------------------------------------
def test_bappeda_creates_a_round_with_the_default_criteria(bappeda):
    response = as_(bappeda).post(BASE, ROUND, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"id", "year", "name", "status", "categories", "criteria"} <= body.keys()
    assert body["status"] == "draft" and body["categories"] == ["fisik", "non_fisik", "kecamatan"]
    assert body["category_names"] == {"fisik": "Fisik", "non_fisik": "Non-fisik", "kecamatan": "Inovasi Kecamatan"}
    assert sum(c["weight"] for c in body["criteria"]) == 100 and len(body["criteria"]) == 5
    assert Round.objects.get(pk=body["id"]).created_by == bappeda
    again = as_(bappeda).post(BASE, ROUND, format="json")
    assert again.status_code == 400 and "year" in again.json()


def test_a_round_is_refused_with_windows_out_of_order_or_unknown_category_names(bappeda):
    late = {**ROUND, "judging_start": "2030-05-01"}
    assert as_(bappeda).post(BASE, late, format="json").status_code == 400
    stray = {**ROUND, "category_names": {"desa": "Desa"}}
    assert as_(bappeda).post(BASE, stray, format="json").status_code == 400
    assert not Round.objects.exists()


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.MAYOR_OFFICE, Role.JURY])
def test_only_bappeda_creates_and_moves_rounds(role, department, bappeda):
    user = UserFactory(role=role, department=department if "department" in role else None)
    assert as_(user).post(BASE, ROUND, format="json").status_code == 403
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    expected = 404 if role == Role.JURY else 403  # an external juror does not even see the round
    assert as_(user).patch(f"{BASE}{round_.pk}/", {"name": "x"}, format="json").status_code == expected
    assert as_(user).post(f"{BASE}{round_.pk}/open-judging/").status_code == expected
    assert not Round.objects.exclude(pk=round_.pk).exists()
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.REGISTRATION


def test_bappeda_edits_a_round_and_its_categories_only_before_judging(bappeda, department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    api = as_(bappeda)
    response = api.patch(
        f"{BASE}{round_.pk}/",
        {"name": "Lomba Inovasi 2026", "categories": ["fisik", "non_fisik", "kecamatan"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Lomba Inovasi 2026" and response.json()["category_names"]["kecamatan"]
    full = {**ROUND, "year": 2026, "name": "Lengkap"}
    response = api.put(f"{BASE}{round_.pk}/", full, format="json")
    assert response.status_code == 200, response.json()
    assert Round.objects.get(pk=round_.pk).year == 2026  # the year stays
    make_entry(round_, department)
    make_juror(round_, bappeda=bappeda)
    services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    refused = api.patch(f"{BASE}{round_.pk}/", {"categories": ["fisik", "non_fisik"]}, format="json")
    assert refused.status_code == 400 and "categories" in refused.json()
    later = api.patch(f"{BASE}{round_.pk}/", {"judging_end": "2030-09-30"}, format="json")
    assert later.status_code == 200 and later.json()["judging_end"] == "2030-09-30"
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    assert api.patch(f"{BASE}{round_.pk}/", {"name": "Terlambat"}, format="json").status_code == 409


def test_the_criteria_weights_sum_to_100_and_change_only_before_judging(bappeda, department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    api = as_(bappeda)
    url = f"{BASE}{round_.pk}/criteria/"
    assert [c["weight"] for c in api.get(url).json()] == [25, 30, 20, 15, 10]
    bad = [{"code": "kebaruan", "weight": 50}, {"code": "kemanfaatan", "weight": 30}]
    response = api.put(url, bad, format="json")
    assert response.status_code == 400 and "weights" in response.json()
    twice = [{"code": "kebaruan", "weight": 50}, {"code": "kebaruan", "weight": 50}]
    assert api.put(url, twice, format="json").status_code == 400
    good = [
        {"code": "kebaruan", "weight": 40},
        {"code": "kemanfaatan", "weight": 40},
        {"code": "dampak", "name": "Dampak", "weight": 20},
    ]
    response = api.put(url, good, format="json")
    assert response.status_code == 200
    assert [(c["code"], c["name"], c["weight"]) for c in response.json()] == [
        ("kebaruan", "Kebaruan", 40),
        ("kemanfaatan", "Kemanfaatan", 40),
        ("dampak", "Dampak", 20),
    ]
    assert (
        as_(UserFactory(role=Role.DEPARTMENT_HEAD, department=department)).put(url, good, format="json").status_code
        == 403
    )
    make_entry(round_, department)
    make_juror(round_, bappeda=bappeda)
    services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    assert api.put(url, good, format="json").status_code == 409


def test_the_steps_of_a_round_through_the_api(bappeda, department):
    round_ = make_round(by=bappeda)
    api = as_(bappeda)
    assert api.post(f"{BASE}{round_.pk}/open-judging/").status_code == 409  # from draft: not this step
    response = api.post(f"{BASE}{round_.pk}/open-registration/")
    assert response.status_code == 200 and response.json()["status"] == "registration"
    round_.refresh_from_db()
    entry = make_entry(round_, department)
    refused = api.post(f"{BASE}{round_.pk}/open-judging/")
    assert refused.status_code == 400  # no juror yet
    juror = api.post(f"{BASE}{round_.pk}/jurors/", {"user": UserFactory(role=Role.JURY).pk}, format="json")
    assert juror.status_code == 201
    assert api.post(f"{BASE}{round_.pk}/open-judging/").json()["status"] == "judging"
    score_all(Juror.objects.get(pk=juror.json()["id"]), entry, dict.fromkeys(FIVE, 80))
    assert api.post(f"{BASE}{round_.pk}/publish/").status_code == 409  # not closed yet
    closed = api.post(f"{BASE}{round_.pk}/close/").json()
    assert closed["status"] == "closed" and closed["closed_at"]
    published = api.post(f"{BASE}{round_.pk}/publish/").json()
    assert published["status"] == "published" and published["published_at"]
    assert Entry.objects.get(pk=entry.pk).recommended


# --- Jurors -------------------------------------------------------------------------------------------------------
def test_bappeda_assigns_lists_and_removes_jurors(bappeda, department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    make_entry(round_, department)
    api = as_(bappeda)
    external = UserFactory(role=Role.JURY, first_name="Siti", last_name="Aminah")
    response = api.post(f"{BASE}{round_.pk}/jurors/", {"user": external.pk, "affiliation": "ULM"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["user"], body["affiliation"], body["scored"], body["total"]) == (external.pk, "ULM", 0, 1)
    assert api.post(f"{BASE}{round_.pk}/jurors/", {"user": external.pk}, format="json").status_code == 400
    assert api.post(f"{BASE}{round_.pk}/jurors/", {"user": 999999}, format="json").status_code == 400
    rows = api.get(f"{BASE}{round_.pk}/jurors/").json()["results"]
    assert [row["name"] for row in rows] == ["Siti Aminah"]
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    assert as_(head).get(f"{BASE}{round_.pk}/jurors/").status_code == 403
    assert as_(head).post(f"{BASE}{round_.pk}/jurors/", {"user": head.pk}, format="json").status_code == 403
    assert as_(head).delete(f"{BASE}{round_.pk}/jurors/{body['id']}/").status_code == 403
    assert api.delete(f"{BASE}{round_.pk}/jurors/{body['id']}/").status_code == 204
    assert not Juror.objects.exists()
    assert api.delete(f"{BASE}{round_.pk}/jurors/{body['id']}/").status_code == 404


def test_a_juror_who_scored_stays(bappeda, department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    score_all(juror, entry, dict.fromkeys(FIVE, 60))
    assert as_(bappeda).delete(f"{BASE}{round_.pk}/jurors/{juror.pk}/").status_code == 400
    assert Juror.objects.filter(pk=juror.pk).exists()


def test_a_juror_cannot_reach_a_round_not_assigned_to_them(bappeda):
    mine, other = make_round(by=bappeda, status=RoundStatus.JUDGING), make_round(year=2025, by=bappeda)
    juror = make_juror(mine, bappeda=bappeda)
    api = as_(juror.user)
    for path in ("", "entries/", "jurors/", "criteria/", "scores/", "results/"):
        assert api.get(f"{BASE}{other.pk}/{path}").status_code == 404, path
    assert api.post(f"{BASE}{other.pk}/entries/", {}, format="json").status_code == 404
    assert api.get(f"{BASE}{mine.pk}/jurors/").status_code == 403  # not an overseer


# --- Entries ------------------------------------------------------------------------------------------------------
@pytest.fixture
def open_round(bappeda):
    return make_round(by=bappeda, status=RoundStatus.REGISTRATION)


def test_a_department_enters_its_innovation_as_json_and_with_a_presentation(open_round, head, department):
    first = make_innovation(department, by=head, stage="penerapan", name="Inovasi JSON")
    second = make_innovation(department, by=head, stage="uji_coba", name="Inovasi Berkas")
    api = as_(head)
    url = f"{BASE}{open_round.pk}/entries/"
    response = api.post(url, {"innovation": first.pk, "category": "fisik", "pitch": "Ringkas."}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["category"], body["category_name"], body["presentation"]) == ("fisik", "Fisik", None)
    upload = {
        "innovation": second.pk,
        "category": "non_fisik",
        "pitch": "Dengan paparan.",
        "presentation": SimpleUploadedFile("paparan.pdf", PDF),
    }
    response = api.post(url, upload, format="multipart")
    assert response.status_code == 201, response.json()
    entry = Entry.objects.get(pk=response.json()["id"])
    assert entry.presentation and response.json()["presentation"].endswith(f"/entries/{entry.pk}/presentation/")
    bad = {**upload, "innovation": make_innovation(department, by=head, stage="penerapan", name="Inovasi Ketiga").pk}
    bad["presentation"] = SimpleUploadedFile("paparan.pdf", b"MZ\x90 not a pdf")
    assert api.post(url, bad, format="multipart").status_code == 400
    listed = api.get(url).json()["results"]
    assert {row["category_name"] for row in listed} == {"Fisik", "Non-fisik"}


def test_entering_is_refused_as_the_rules_say(open_round, head, department, other_department, bappeda):
    url = f"{BASE}{open_round.pk}/entries/"
    theirs = make_innovation(other_department, by=UserFactory(role=Role.DEPARTMENT_STAFF, department=other_department))
    mine = make_innovation(department, by=head, stage="inisiatif", name="Masih Inisiatif")
    body = {"category": "fisik", "pitch": "Ringkas."}
    assert as_(head).post(url, {**body, "innovation": theirs.pk}, format="json").status_code == 403
    assert as_(head).post(url, {**body, "innovation": mine.pk}, format="json").status_code == 400  # stage
    assert as_(head).post(url, {**body, "innovation": 999999}, format="json").status_code == 400
    eligible = make_innovation(department, by=head, stage="penerapan", name="Sudah Diterapkan")
    assert as_(bappeda).post(url, {**body, "innovation": eligible.pk}, format="json").status_code == 403
    wrong = {"innovation": eligible.pk, "category": "desa", "pitch": "x"}
    assert as_(head).post(url, wrong, format="json").status_code == 400
    Round.objects.filter(pk=open_round.pk).update(status=RoundStatus.JUDGING)
    assert as_(head).post(url, {**body, "innovation": eligible.pk}, format="json").status_code == 409
    assert not Entry.objects.exists()


def test_the_department_changes_its_entry_only_while_the_registration_is_open(
    open_round, head, department, other_department
):
    entry = make_entry(open_round, department, by=head)
    theirs = make_entry(open_round, other_department)
    api = as_(head)
    url = f"{BASE}{open_round.pk}/entries/{entry.pk}/"
    response = api.patch(url, {"pitch": "Baru.", "category": "fisik"}, format="json")
    assert response.status_code == 200 and (response.json()["pitch"], response.json()["category"]) == ("Baru.", "fisik")
    response = api.patch(url, {"presentation": SimpleUploadedFile("p.pdf", PDF)}, format="multipart")
    assert response.status_code == 200 and response.json()["presentation"]
    response = api.patch(url, {"remove_presentation": True}, format="json")
    assert response.status_code == 200 and response.json()["presentation"] is None
    assert api.patch(url, {"category": "desa"}, format="json").status_code == 400
    assert api.patch(f"{BASE}{open_round.pk}/entries/{theirs.pk}/", {"pitch": "x"}, format="json").status_code == 404
    assert api.get(f"{BASE}{open_round.pk}/entries/{theirs.pk}/").status_code == 404
    assert api.get(url).json()["pitch"] == "Baru."
    Round.objects.filter(pk=open_round.pk).update(status=RoundStatus.JUDGING)
    assert api.patch(url, {"pitch": "Terlambat."}, format="json").status_code == 409
    assert Entry.objects.get(pk=entry.pk).pitch == "Baru."


def test_bappeda_rejects_and_reinstates_an_entry(open_round, head, department, bappeda):
    entry = make_entry(open_round, department, by=head)
    base = f"{BASE}{open_round.pk}/entries/{entry.pk}/"
    assert as_(head).post(base + "reject/", {"reason": "Sendiri."}, format="json").status_code == 403
    assert as_(bappeda).post(base + "reject/", {"reason": ""}, format="json").status_code == 400
    response = as_(bappeda).post(base + "reject/", {"reason": "Belum setahun diterapkan."}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["rejection_reason"]) == ("rejected", "Belum setahun diterapkan.")
    assert as_(bappeda).post(base + "reject/", {"reason": "Lagi."}, format="json").status_code == 409
    assert as_(head).post(base + "reinstate/").status_code == 403
    response = as_(bappeda).post(base + "reinstate/")
    assert response.status_code == 200 and response.json()["status"] == "entered"
    assert as_(bappeda).post(base + "reinstate/").status_code == 409
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ENTERED
    assert as_(bappeda).post(f"{BASE}{open_round.pk}/entries/999999/reject/", {"reason": "x"}).status_code == 404


def test_the_results_carry_the_categorys_name(bappeda, department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    score_all(juror, entry, dict.fromkeys(FIVE, 70))
    services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
    [row] = as_(bappeda).get(f"{BASE}{round_.pk}/results/").json()["results"]
    assert (row["category"], row["category_name"], row["rank"]) == ("non_fisik", "Non-fisik", 1)


def test_round_dates_are_validated_on_update_against_the_stored_ones(bappeda):
    round_ = make_round(by=bappeda)
    response = as_(bappeda).patch(f"{BASE}{round_.pk}/", {"registration_end": "2026-07-01"}, format="json")
    assert response.status_code == 400
    assert Round.objects.get(pk=round_.pk).registration_end == datetime.date(2026, 5, 31)
