"""Demo Perjanjian Kinerja (`manage.py load_demo`, after the plans' RPJMD and Renstra).

Every department whose Renstra covers the year and whose head has an account gets a PK for last year and for this
year, drafted from its Renstra and taken through the workflow by the services, as its people would:

- last year: all signed in February; the first department's PK was amended in July (a program's budget changed) and
  the amendment signed too, so it has two readable versions;
- this year: most signed; the second department's is returned with a comment on an indicator, and the next ones
  stay a draft, wait as submitted, and wait as approved for the signature (STATES_THIS_YEAR).

Idempotent: a department that already has a PK for the year is left as it is.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.plans.models import Renstra

from . import services
from .demo_cascade import load_cascade
from .models import Agreement, AgreementStatus, AmendmentReason

S = AgreementStatus
#: This year's state of the PK of the n-th department (in code order); the rest are signed.
STATES_THIS_YEAR = {1: S.RETURNED, 2: S.DRAFT, 3: S.SUBMITTED, 4: S.APPROVED}


def _head_account(department) -> User | None:
    return User.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()


def _signing_day(year: int, month: int, index: int, today: datetime.date) -> datetime.date:
    return min(today, datetime.date(year, month, 2 + index % 20))


def _walk(agreement: Agreement, state: str, *, head: User, mayor_office: User, signed_on: datetime.date) -> None:
    """Take a draft to `state` the way its people would."""
    if state == S.DRAFT:
        return
    services.agreement_submit(agreement=agreement, by=head)
    if state == S.SUBMITTED:
        return
    if state == S.RETURNED:
        first = agreement.indicators.order_by("objective__order", "order").first()
        services.agreement_return(
            agreement=agreement,
            by=mayor_office,
            comment="Mohon lengkapi target triwulan.",
            item_comments=[
                {"item": "indicator", "id": first.pk, "comment": "Target lebih rendah dari capaian tahun lalu."}
            ],
        )
        return
    services.agreement_approve(agreement=agreement, by=mayor_office)
    if state == S.SIGNED:
        services.agreement_sign(agreement=agreement, by=mayor_office, signed_on=signed_on)


def _amend(agreement: Agreement, *, head: User, mayor_office: User, today: datetime.date) -> None:
    """The PK perubahan of last year: the APBD-P cut a program's budget by a tenth."""
    amendment = services.agreement_amend(
        agreement=agreement,
        by=mayor_office,
        reason=AmendmentReason.PROGRAM_CHANGE,
        note="Penyesuaian pagu program pada APBD Perubahan.",
    )
    objectives, programs = services.agreement_content(amendment)
    if programs:
        programs[-1]["budget"] = (programs[-1]["budget"] * Decimal("0.9")).quantize(Decimal(1_000_000))
    services.agreement_update(agreement=amendment, by=head, objectives=objectives, programs=programs)
    _walk(
        amendment,
        S.SIGNED,
        head=head,
        mayor_office=mayor_office,
        signed_on=min(today, datetime.date(agreement.year, 7, 15)),
    )


def load_agreements(run: DemoRun) -> None:
    today = timezone.localdate()
    mayor_office = User.objects.filter(role=Role.MAYOR_OFFICE, is_active=True).order_by("pk").first()
    if mayor_office is None:
        return
    for year in (today.year - 1, today.year):
        renstras = (
            Renstra.objects.filter(period__start_year__lte=year, period__end_year__gte=year)
            .select_related("department")
            .order_by("department__code")
        )
        index = -1
        for renstra in renstras:
            department = renstra.department
            head = _head_account(department)
            if head is None:
                continue
            index += 1
            if Agreement.objects.filter(department=department, year=year).exists():
                run.record(Agreement, UNCHANGED)
                continue
            try:
                agreement = services.agreement_draft_from_renstra(department=department, year=year, by=head)
            except ValidationError as exc:
                run.log(f"  ! no demo PK {year} for {department.short_name}: {'; '.join(exc.messages)}")
                continue
            run.record(Agreement, CREATED)
            if year < today.year:
                _walk(
                    agreement,
                    S.SIGNED,
                    head=head,
                    mayor_office=mayor_office,
                    signed_on=_signing_day(year, 2, index, today),
                )
                if index == 0:
                    _amend(agreement, head=head, mayor_office=mayor_office, today=today)
                    run.record(Agreement, CREATED)
            else:
                _walk(
                    agreement,
                    STATES_THIS_YEAR.get(index, S.SIGNED),
                    head=head,
                    mayor_office=mayor_office,
                    signed_on=_signing_day(year, 2, index, today),
                )


STEPS = [load_agreements, load_cascade]
