"""Issue 9, the rest: a department changes its entry while the registration is open, Bappeda reinstates a rejected
entry (both recorded in the audit trail), the categories' human names everywhere, and the round page's pagination,
empty states and confirmations."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.forms import RoundForm
from apps.competitions.models import Entry, EntryStatus, Round, RoundStatus
from apps.core.workflow import TransitionError
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all

pytestmark = pytest.mark.django_db
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def bappeda(db):
    return UserFactory(role=Role.BAPPEDA)


@pytest.fixture
def registration(bappeda, department, other_department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    own = make_entry(round_, department, by=head, name="Inovasi Sendiri")
    other = make_entry(round_, other_department, name="Inovasi Lain")
    return {"round": round_, "own": own, "other": other, "head": head, "bappeda": bappeda}


def _set_status(round_, status):
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()


# --- Changing an entry --------------------------------------------------------------------------------------------
def test_the_department_changes_its_entry_while_the_registration_is_open(registration):
    entry, head = registration["own"], registration["head"]
    entry = services.entry_update(
        entry=entry,
        by=head,
        category="fisik",
        pitch="  Lebih ringkas.  ",
        presentation=SimpleUploadedFile("paparan.pdf", PDF),
    )
    entry.refresh_from_db()
    assert (entry.category, entry.pitch) == ("fisik", "Lebih ringkas.")
    assert entry.presentation.name.endswith(".pdf")
    services.entry_update(entry=entry, by=head, presentation="")
    entry.refresh_from_db()
    assert not entry.presentation
    # every change is in the entry's history (the audit trail)
    pitches = list(Entry.pgh_event_model.objects.filter(pgh_obj_id=entry.pk).values_list("pitch", flat=True))
    assert "Singkat." in pitches and "Lebih ringkas." in pitches


def test_an_entry_is_not_changed_by_another_department_nor_after_the_registration(registration, other_department):
    entry = registration["own"]
    stranger = UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department)
    with pytest.raises(PermissionDenied):
        services.entry_update(entry=entry, by=stranger, pitch="Bukan milik saya.")
    with pytest.raises(PermissionDenied):
        services.entry_update(entry=entry, by=registration["bappeda"], pitch="Bappeda tidak ikut lomba.")
    with pytest.raises(ValidationError) as error:
        services.entry_update(entry=entry, by=registration["head"], category="tidak_ada", pitch=" ")
    assert set(error.value.message_dict) == {"category", "pitch"}
    _set_status(registration["round"], RoundStatus.JUDGING)
    entry.refresh_from_db()
    with pytest.raises(TransitionError):
        services.entry_update(entry=entry, by=registration["head"], pitch="Terlambat.")
    assert Entry.objects.get(pk=entry.pk).pitch == "Singkat."


def test_a_rejected_entry_cannot_be_changed(registration):
    services.entry_reject(entry=registration["own"], reason="Belum setahun.", by=registration["bappeda"])
    with pytest.raises(TransitionError):
        services.entry_update(entry=registration["own"], by=registration["head"], pitch="Diubah.")


def test_the_entry_edit_page(client, registration):
    entry = registration["own"]
    url = reverse("competitions:entry_edit", args=[entry.pk])
    client.force_login(registration["head"])
    assert 'data-testid="entry-edit"' in client.get(entry.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert "Non-fisik" in page and ">non_fisik<" not in page  # the categories by their names
    response = client.post(
        url, {"category": "fisik", "pitch": "Versi baru.", "presentation": SimpleUploadedFile("p.pdf", PDF)}
    )
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    entry.refresh_from_db()
    assert (entry.category, entry.pitch, bool(entry.presentation)) == ("fisik", "Versi baru.", True)
    response = client.post(url, {"category": "fisik", "pitch": "Versi baru.", "remove_presentation": "on"})
    entry.refresh_from_db()
    assert response.status_code == 302 and not entry.presentation
    bad = client.post(url, {"category": "fisik", "pitch": "x", "presentation": SimpleUploadedFile("p.pdf", b"MZ")})
    assert bad.status_code == 200 and not Entry.objects.get(pk=entry.pk).presentation
    # another department's entry: 404; Bappeda: 403; after the registration: 403 and no button
    assert client.get(reverse("competitions:entry_edit", args=[registration["other"].pk])).status_code == 404
    client.force_login(registration["bappeda"])
    assert client.get(url).status_code == 403
    _set_status(registration["round"], RoundStatus.JUDGING)
    client.force_login(registration["head"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"category": "non_fisik", "pitch": "Terlambat."}).status_code == 403
    assert 'data-testid="entry-edit"' not in client.get(entry.get_absolute_url()).content.decode()


# --- Reinstating --------------------------------------------------------------------------------------------------
def test_bappeda_reinstates_a_rejected_entry_and_the_trail_keeps_the_rejection(registration):
    entry, bappeda = registration["own"], registration["bappeda"]
    with pytest.raises(TransitionError):  # not rejected
        services.entry_reinstate(entry=entry, by=bappeda)
    services.entry_reject(entry=entry, reason="Belum diterapkan.", by=bappeda)
    with pytest.raises(PermissionDenied):
        services.entry_reinstate(entry=entry, by=registration["head"])
    entry = services.entry_reinstate(entry=entry, by=bappeda)
    assert (entry.status, entry.rejection_reason, entry.rejected_by) == (EntryStatus.ENTERED, "", None)
    statuses = list(
        Entry.pgh_event_model.objects.filter(pgh_obj_id=entry.pk)
        .order_by("pgh_id")
        .values_list("status", "rejection_reason")
    )
    assert statuses[-2:] == [("rejected", "Belum diterapkan."), ("entered", "")]


def test_a_rejected_entry_stays_rejected_once_the_round_closes(registration):
    entry, bappeda = registration["own"], registration["bappeda"]
    services.entry_reject(entry=entry, reason="Tidak memenuhi syarat.", by=bappeda)
    _set_status(registration["round"], RoundStatus.CLOSED)
    with pytest.raises(TransitionError):
        services.entry_reinstate(entry=entry, by=bappeda)


def test_the_reinstate_button_asks_first_and_only_bappeda_may(client, registration):
    entry = registration["own"]
    services.entry_reject(entry=entry, reason="Belum diterapkan.", by=registration["bappeda"])
    url = reverse("competitions:entry_reinstate", args=[entry.pk])
    client.force_login(registration["head"])
    assert client.post(url).status_code == 403
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.REJECTED
    client.force_login(registration["bappeda"])
    page = client.get(entry.get_absolute_url()).content.decode()
    form = page.split('data-testid="reinstate-form"')[1].split(">")[0]
    assert "data-confirm=" in form
    assert client.post(url).status_code == 302
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ENTERED
    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'data-testid="reinstate-form"' not in page
    assert "data-confirm=" in page.split('data-testid="reject-form"')[1].split(">")[0]
    assert 'data-testid="history"' in page  # Bappeda sees the entry's changes


# --- The categories' names ----------------------------------------------------------------------------------------
def test_the_round_form_takes_the_categories_by_name():
    form = RoundForm(
        {
            "year": 2030,
            "name": "Lomba 2030",
            "categories": "Fisik, Non-fisik, Inovasi Kecamatan, fisik",
            "registration_start": "2030-03-01",
            "registration_end": "2030-05-31",
            "judging_start": "2030-06-01",
            "judging_end": "2030-08-31",
            "winners_per_category": 3,
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["categories"] == ["fisik", "non_fisik", "inovasi_kecamatan"]
    assert form.cleaned_data["category_names"] == {"inovasi_kecamatan": "Inovasi Kecamatan"}


def test_a_round_made_on_its_page_shows_the_categories_by_name(client, bappeda):
    client.force_login(bappeda)
    response = client.post(
        reverse("competitions:create"),
        {
            "year": 2030,
            "name": "Lomba 2030",
            "categories": "Pelayanan Publik, Tata Kelola",
            "registration_start": "2030-03-01",
            "registration_end": "2030-05-31",
            "judging_start": "2030-06-01",
            "judging_end": "2030-08-31",
            "winners_per_category": 3,
        },
    )
    round_ = Round.objects.get(year=2030)
    assert response["Location"] == round_.get_absolute_url()
    assert round_.categories == ["pelayanan_publik", "tata_kelola"]
    assert round_.category_choices == [("pelayanan_publik", "Pelayanan Publik"), ("tata_kelola", "Tata Kelola")]
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Pelayanan Publik" in page and "pelayanan_publik" not in page
    edit = client.get(reverse("competitions:edit", args=[round_.pk])).content.decode()
    assert 'value="Pelayanan Publik, Tata Kelola"' in edit


def test_categories_in_use_by_entries_cannot_be_dropped(registration):
    with pytest.raises(ValidationError):
        services.round_update(round_=registration["round"], by=registration["bappeda"], categories=["fisik"])
    round_ = services.round_update(
        round_=registration["round"],
        by=registration["bappeda"],
        categories=["fisik", "non_fisik"],
        category_names={"non_fisik": "Nonfisik"},
    )
    assert round_.category_name("non_fisik") == "Nonfisik" and round_.category_name("fisik") == "Fisik"
    with pytest.raises(ValidationError):
        services.round_update(round_=round_, by=registration["bappeda"], category_names={"kecamatan": "Kecamatan"})


def test_the_pages_and_the_excel_show_the_categories_names(client, registration, other_department):
    round_, bappeda = registration["round"], registration["bappeda"]
    juror = make_juror(round_, bappeda=bappeda)
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    for entry in (registration["own"], registration["other"]):
        score_all(juror, entry, dict.fromkeys(FIVE, 80))
    client.force_login(juror.user)
    score_page = client.get(reverse("competitions:score_entry", args=[round_.pk, registration["own"].pk]))
    assert "Non-fisik" in score_page.content.decode()
    round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
    client.force_login(bappeda)
    for url in (
        round_.get_absolute_url(),
        registration["own"].get_absolute_url(),
        reverse("competitions:results", args=[round_.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Non-fisik" in page, url
        assert ">non_fisik<" not in page and "· non_fisik ·" not in page, url
    workbook = load_workbook(io.BytesIO(client.get(reverse("competitions:export", args=[round_.pk])).content))
    assert {row[0] for row in workbook["Hasil"].iter_rows(min_row=2, values_only=True)} == {"Non-fisik"}
    assert {row[0] for row in workbook["Nilai"].iter_rows(min_row=2, values_only=True)} == {"Non-fisik"}


# --- The round page -----------------------------------------------------------------------------------------------
def test_the_round_page_pages_its_entries(client, settings, registration):
    settings.PAGE_SIZE = 2
    for _n in range(3):
        make_entry(registration["round"], DepartmentFactory())
    client.force_login(registration["bappeda"])
    url = registration["round"].get_absolute_url()
    first = client.get(url).content.decode()
    second = client.get(url + "?page=3").content.decode()
    assert first.split('data-testid="entries"')[1].count("<tr><td") == 2
    assert second.split('data-testid="entries"')[1].count("<tr><td") == 1
    assert "1 / 3" in first and 'rel="next"' in first


def test_the_round_page_empty_states_and_the_juror_removal_asks_first(client, bappeda):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    client.force_login(bappeda)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'data-testid="no-entries"' in page and 'data-testid="no-jurors"' in page
    juror = make_juror(round_, bappeda=bappeda)
    page = client.get(round_.get_absolute_url()).content.decode()
    form = page.split('data-testid="juror-remove"')[0].rsplit("<form", 1)[1]
    assert "data-confirm=" in form and str(juror) in form
    assert 'data-width="0"' in page  # the juror's bar


def test_a_department_sees_its_own_entries_on_the_round_page_and_may_enter_more(client, registration):
    client.force_login(registration["head"])
    page = client.get(registration["round"].get_absolute_url()).content.decode()
    assert "Inovasi Sendiri" in page and "Inovasi Lain" not in page
    assert 'data-testid="enter-link"' in page
    assert 'data-testid="jurors"' not in page  # the jurors are Bappeda's business
