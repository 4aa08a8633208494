"""Demo Perjanjian Kinerja (`manage.py load_demo`, after the plans' RPJMD and Renstra).

For this year, each department whose Renstra covers it and that has a demo account gets a PK drafted from its
Renstra through the services, as its people would: the first is submitted, approved and signed by the mayor's office,
the second is submitted and returned with a comment on an indicator, any further one stays a draft. Departments
without a Renstra or without an account are skipped. Idempotent: a department that already has a PK for the year is
left as it is.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.plans.models import Renstra

from . import services
from .models import Agreement


def _member(department) -> tuple[User | None, User | None]:
    people = User.objects.filter(department=department, is_active=True)
    head = people.filter(role=Role.DEPARTMENT_HEAD).order_by("pk").first()
    staff = people.filter(role=Role.DEPARTMENT_STAFF).order_by("pk").first()
    return head, staff


def load_agreements(run: DemoRun) -> None:
    today = timezone.localdate()
    year = today.year
    mayor_office = User.objects.filter(role=Role.MAYOR_OFFICE, is_active=True).order_by("pk").first()
    renstras = (
        Renstra.objects.filter(period__start_year__lte=year, period__end_year__gte=year)
        .select_related("department")
        .order_by("department__code")
    )
    walked = 0
    for renstra in renstras:
        department = renstra.department
        if Agreement.objects.filter(department=department, year=year).exists():
            run.record(Agreement, UNCHANGED)
            continue
        head, staff = _member(department)
        if head is None and staff is None:
            continue
        try:
            agreement = services.agreement_draft_from_renstra(department=department, year=year, by=staff or head)
        except ValidationError as exc:
            run.log(f"  ! no demo PK for {department.short_name}: {'; '.join(exc.messages)}")
            continue
        run.record(Agreement, CREATED)
        if head is None or mayor_office is None:
            continue
        walked += 1
        if walked == 1:
            services.agreement_submit(agreement=agreement, by=head)
            services.agreement_approve(agreement=agreement, by=mayor_office)
            services.agreement_sign(
                agreement=agreement, by=mayor_office, signed_on=min(today, datetime.date(year, 1, 31))
            )
        elif walked == 2:
            services.agreement_submit(agreement=agreement, by=head)
            first = agreement.indicators.order_by("objective__order", "order").first()
            services.agreement_return(
                agreement=agreement,
                by=mayor_office,
                comment="Mohon lengkapi target triwulan.",
                item_comments=[
                    {"item": "indicator", "id": first.pk, "comment": "Target lebih rendah dari capaian tahun lalu."}
                ],
            )


STEPS = [load_agreements]
