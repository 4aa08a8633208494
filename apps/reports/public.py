"""What the public accountability page shows (no sign-in): for a year, each department's current signed PK and
its capaian. Only signed PKs (never a draft or an older version), only the figures of the LKjIP table (no
narrative, no evidence, no staff, no account)."""

from django.http import Http404
from django.utils import timezone

from apps.agreements.models import Agreement, AgreementStatus
from apps.departments.models import Department

from .capaian import CapaianReport, capaian_report, latest_signed_agreements


def years() -> list[int]:
    """The years with a signed PK, newest first."""
    return list(
        Agreement.objects.filter(status=AgreementStatus.SIGNED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def chosen_year(text: str | None, available: list[int]) -> int:
    """The year asked for when it has a signed PK; else this year, or the newest year with one."""
    if text and text.isdigit() and int(text) in available:
        return int(text)
    this_year = timezone.localdate().year
    if this_year in available or not available:
        return this_year
    return available[0]


def public_report(year: int) -> CapaianReport:
    """The capaian of the departments that have a signed PK for the year."""
    report = capaian_report(year=year, departments=Department.objects.filter(is_active=True), is_region=True)
    report.departments = [table for table in report.departments if table.agreement is not None]
    return report


def public_agreement(pk: int) -> Agreement:
    """A PK the public page links to: signed and the current version for its department and year (else 404)."""
    agreement = (
        Agreement.objects.filter(pk=pk, status=AgreementStatus.SIGNED, department__is_active=True)
        .select_related("department")
        .first()
    )
    if agreement is None:
        raise Http404
    current = latest_signed_agreements(year=agreement.year, department_ids=[agreement.department_id])
    if current.get(agreement.department_id) != agreement:
        raise Http404
    return agreement
