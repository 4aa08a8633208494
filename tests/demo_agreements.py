"""Checks of tests/test_demo.py (one load for all).

The whole demo (`manage.py load_demo`): PKs of last year and this year for every department, in every state."""

import hashlib

from apps.accounts.models import User
from apps.agreements import demo as agreements_demo
from apps.agreements.models import Agreement, AgreementReview, AgreementStatus
from apps.departments import demo as departments_demo
from apps.departments.models import Department
from apps.plans import demo as plans_demo

STEPS = [
    *departments_demo.STEPS,
    *plans_demo.STEPS,
    *agreements_demo.STEPS,
]  # the realisasi on them: test_progress_demo
S = AgreementStatus


def check_agreements(counts):
    """The demo has both years' PKs, most signed, some in each state, and one amended."""
    assert counts["Agreement"]["created"] == 63

    departments = Department.objects.count()
    for year in (2025, 2026):
        assert Agreement.objects.filter(year=year, version=1).count() == departments
    assert set(Agreement.objects.filter(year=2025).values_list("status", flat=True)) == {S.SIGNED}
    this_year = {status: Agreement.objects.filter(year=2026, status=status).count() for status in S.values}
    assert this_year[S.DRAFT] == this_year[S.SUBMITTED] == this_year[S.RETURNED] == this_year[S.APPROVED] == 1
    assert this_year[S.SIGNED] == departments - 4

    # the walkthrough accounts: the Disdik head's PK is signed, the Dinkes head's returned with an item comment
    disdik = Agreement.objects.get(year=2026, department__short_name="Disdik")
    assert disdik.status == S.SIGNED and disdik.official.user == User.objects.get(username="kadis-pendidikan")
    dinkes = Agreement.objects.get(year=2026, department__short_name="Dinkes")
    assert dinkes.status == S.RETURNED
    assert AgreementReview.objects.get(agreement=dinkes, to_status=S.RETURNED).item_comments[0]["item"] == "indicator"

    # one amendment: version 2 of Disdik's 2025 PK, signed in July, with a budget changed and v1 still readable
    amendment = Agreement.objects.get(version=2)
    assert (amendment.department.short_name, amendment.year, amendment.status) == ("Disdik", 2025, S.SIGNED)
    assert amendment.previous.status == S.SIGNED and amendment.signed_on.month == 7
    assert sum(p.budget for p in amendment.programs.all()) < sum(p.budget for p in amendment.previous.programs.all())

    # every signed PK keeps the document of its signing day, whose hash is the recorded one
    for agreement in Agreement.objects.filter(status=S.SIGNED).order_by("pk")[:3]:
        with agreement.signed_document.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == agreement.document_sha256
    assert not Agreement.objects.filter(status=S.SIGNED, signed_document="").exists()
    assert not Agreement.objects.filter(status=S.SIGNED, signed_on__gt="2026-11-23").exists()


def check_cascade():
    """Issue 10: Disdik's and Dinkes' PKs down to eselon IV, signed by each superior, every indicator supporting one
    of the superior's; Dinkes leaves one head indicator to nobody (a gap); each official signs in as `official`."""
    from apps.accounts.models import Role
    from apps.agreements.models import AgreementIndicator
    from apps.departments.models import Position

    for short_name, years in (("Disdik", (2025, 2026)), ("Dinkes", (2025,))):
        positions = Position.objects.filter(department__short_name=short_name)
        assert positions.filter(superior__isnull=True).count() == 3
        assert positions.filter(superior__isnull=False).count() >= 3
        for year in years:
            below = Agreement.all_levels.filter(department__short_name=short_name, year=year, position__isnull=False)
            assert below.count() == positions.count()
            assert set(below.values_list("status", flat=True)) == {S.SIGNED}
            for agreement in below.select_related("position", "superior_agreement__position"):
                expected = agreement.position.superior
                assert agreement.superior_agreement.position == expected  # the head's PK above eselon III
                assert not agreement.indicators.filter(supports__isnull=True).exists()
                assert set(agreement.indicators.values_list("supports__agreement_id", flat=True)) == {
                    agreement.superior_agreement_id
                }
            head = (
                Agreement.objects.filter(department__short_name=short_name, year=year, status=S.SIGNED)
                .order_by("-version")
                .first()
            )
            unsupported = head.indicators.exclude(
                pk__in=AgreementIndicator.objects.filter(supports__isnull=False).values("supports_id")
            )
            assert unsupported.count() == (1 if short_name == "Dinkes" else 0)
        assert User.objects.filter(role=Role.OFFICIAL, department__short_name=short_name).count() == positions.count()
    assert not Agreement.all_levels.filter(department__short_name="Dinkes", year=2026, position__isnull=False)
