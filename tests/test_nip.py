"""NIP rules (DOMAIN.md §1); the messages are checked in Bahasa Indonesia, as users read them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.core.nip import format_nip, nip_errors, normalize_nip, validate_nip

TODAY = datetime.date(2026, 11, 23)


def test_a_valid_nip_has_no_errors():
    assert nip_errors("196811151992021002", today=TODAY) == []


def test_a_nip_typed_with_spaces_is_accepted_and_stored_as_18_digits():
    assert normalize_nip("19681115 199202 1 002") == "196811151992021002"
    assert nip_errors("19681115 199202 1 002", today=TODAY) == []


def test_a_nip_is_displayed_in_its_four_groups():
    assert format_nip("196811151992021002") == "19681115 199202 1 002"


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19681115199202100", "18 digit; yang ini 17 digit"),
        ("1968111519920210021", "18 digit; yang ini 19 digit"),
        ("19681115A992021002", "hanya boleh berisi angka"),
        ("196802301992021002", "bukan tanggal yang valid"),
        ("196811151992131002", "harus antara 01 dan 12"),
        ("196811151992001002", "harus antara 01 dan 12"),
        ("196811151980021002", "ulang tahun ke-18"),
        ("196811152027011002", "TMT CPNS pada NIP (digit ke-9–14) berada di masa mendatang"),
        ("196811151992023002", "1 (laki-laki) atau 2 (perempuan)"),
        ("203011152050011002", "Tanggal lahir pada NIP berada di masa mendatang"),
    ],
)
def test_each_kind_of_nip_mistake_gets_its_own_message(nip, fragment):
    errors = nip_errors(nip, today=TODAY)
    assert any(fragment in error for error in errors), errors


def test_a_nip_with_several_mistakes_reports_all_of_them():
    errors = nip_errors("196802301992133002", today=TODAY)
    assert len(errors) == 3


def test_validate_nip_raises_a_validation_error_with_the_messages():
    with pytest.raises(ValidationError) as info:
        validate_nip("196811151992023002")
    assert [error.code for error in info.value.error_list] == ["invalid_nip"]
    assert "perempuan" in info.value.messages[0]


def test_born_on_29_february_turns_18_on_1_march():
    assert nip_errors("198002292098031001", today=datetime.date(2099, 1, 1)) == []
    assert "ulang tahun ke-18" in " ".join(nip_errors("198002291998021001", today=TODAY))
