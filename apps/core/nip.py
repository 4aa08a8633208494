"""NIP (Nomor Induk Pegawai): 18 digits `YYYYMMDD YYYYMM G NNN` (DOMAIN.md §1). Pure functions, no Django models."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NIP_LENGTH = 18


def normalize_nip(value: str) -> str:
    """Remove spaces and dots people type between the groups."""
    return re.sub(r"[\s.\-]", "", str(value or ""))


def format_nip(nip: str) -> str:
    """'196811151992021002' → '19681115 199202 1 002'."""
    nip = normalize_nip(nip)
    if len(nip) != NIP_LENGTH:
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def nip_errors(value: str, *, today: datetime.date | None = None) -> list[str]:
    """Every mistake in a NIP, each as a sentence in Bahasa Indonesia; an empty list when it is valid."""
    nip = normalize_nip(value)
    today = today or datetime.date.today()
    if not nip.isdigit():
        return [_("NIP may contain only digits.")]
    if len(nip) != NIP_LENGTH:
        return [_("NIP must have 18 digits; this one has %(count)d.") % {"count": len(nip)}]
    errors = []
    birth = None
    try:
        birth = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        errors.append(_("The first 8 digits of the NIP (birth date, YYYYMMDD) are not a real date."))
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        errors.append(_("Digits 13–14 of the NIP (the TMT CPNS month) must be between 01 and 12."))
    else:
        tmt = datetime.date(tmt_year, tmt_month, 1)
        if tmt > today:
            errors.append(_("The TMT CPNS in the NIP (digits 9–14) lies in the future."))
        if birth is not None:
            try:
                eighteenth = birth.replace(year=birth.year + 18)
            except ValueError:  # born on 29 February
                eighteenth = datetime.date(birth.year + 18, 3, 1)
            if (tmt.year, tmt.month) < (eighteenth.year, eighteenth.month):
                errors.append(_("The TMT CPNS in the NIP (digits 9–14) is before the 18th birthday."))
    if birth is not None and birth > today:
        errors.append(_("The birth date in the NIP lies in the future."))
    if nip[14] not in "12":
        errors.append(_("Digit 15 of the NIP (sex) must be 1 (male) or 2 (female)."))
    return errors


def validate_nip(value: str) -> None:
    errors = nip_errors(value)
    if errors:
        raise ValidationError([ValidationError(error, code="invalid_nip") for error in errors])
