"""A city of departments for the dashboard tests: each with a head, a signed PK of the year with indicators, counted
realisasi for some quarters, and innovations. Made with bulk inserts so that 60 departments cost seconds."""

import datetime
import importlib
import itertools
from decimal import Decimal

from django.utils import timezone

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective
from apps.departments.models import Assignment, Department, Official
from apps.innovations.models import Innovation
from apps.progress.models import ProgressReport, ReportStatus

from .factories import UserFactory, make_nip

_numbers = itertools.count(1)


def seed_schemes():
    """The IID schemes the migration seeds (a transactional test elsewhere flushes every table, seeds included)."""
    from apps.innovations.models import Scheme

    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


def make_city(count: int, *, year: int = 2026, quarters: int = 2, by=None) -> list[Department]:
    """`count` departments, each with a definitive head, a signed PK of `year` with two sasaran of two indicators
    (positive, target 100), realisasi for the first `quarters` quarters (every third department only the first;
    submitted, verified and some returned), and two innovations (one at trial, submitted; one initiative draft)
    except in every fourth department."""
    by = by or UserFactory(role="admin")
    start = next(_numbers) * 1000
    departments = Department.objects.bulk_create(
        Department(code=f"8.{start + n}", name=f"Dinas Kota {start + n}", short_name=f"DK{start + n}", kind="dinas")
        for n in range(count)
    )
    officials = Official.objects.bulk_create(
        Official(
            nip=make_nip(birth=datetime.date(1960, 1, 1) + datetime.timedelta(days=start + n), seq=n),
            name=f"Kepala {start + n}",
            rank="IV/b",
            echelon="II.b",
        )
        for n in range(count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            official=official,
            department=department,
            start_date=datetime.date(year - 2, 1, 2),
            sk_number=f"SK/{start}/{n}",
            sk_date=datetime.date(year - 3, 12, 28),
        )
        for n, (department, official) in enumerate(zip(departments, officials, strict=True))
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            department=department,
            official=official,
            year=year,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            created_by=by,
        )
        for department, official in zip(departments, officials, strict=True)
    )
    objectives = AgreementObjective.objects.bulk_create(
        AgreementObjective(agreement=agreement, order=order, name=f"Sasaran {order}")
        for agreement in agreements
        for order in (1, 2)
    )
    indicators = AgreementIndicator.objects.bulk_create(
        AgreementIndicator(
            agreement_id=objective.agreement_id,
            objective=objective,
            order=order,
            name=f"Indikator {objective.order}.{order}",
            unit="%",
            polarity="positive",
            aggregation="last",
            target=Decimal(100),
        )
        for objective in objectives
        for order in (1, 2)
    )
    now = timezone.now()
    position = {agreement.pk: n for n, agreement in enumerate(agreements)}
    reports = []
    for n, indicator in enumerate(indicators):
        reported = quarters if position[indicator.agreement_id] % 3 else min(quarters, 1)  # every third is behind
        for quarter in range(1, reported + 1):
            status = (ReportStatus.VERIFIED, ReportStatus.SUBMITTED)[(n + quarter) % 2]
            if (n * quarter) % 11 == 5:
                status = ReportStatus.RETURNED  # now and then Bappeda returned one
            extra = {"submitted_at": now - datetime.timedelta(days=n % 40), "submitted_by": by}
            if status == ReportStatus.VERIFIED:
                extra.update(verified_at=now, verified_by=by)
            reports.append(
                ProgressReport(
                    indicator=indicator,
                    quarter=quarter,
                    actual=Decimal(60 + (n * 7) % 60),
                    status=status,
                    created_by=by,
                    **extra,
                )
            )
    ProgressReport.objects.bulk_create(reports)
    Agreement.objects.filter(pk__in=[a.pk for a in agreements]).update(
        status="signed", signed_on=datetime.date(year, 1, 31)
    )
    Innovation.objects.bulk_create(
        Innovation(
            year=year,
            name=f"Inovasi {department.code} {stage}",
            department=department,
            stage=stage,
            status=status,
            submitted_at=now if status == "submitted" else None,
            submitted_by=by if status == "submitted" else None,
            initiator="perangkat_daerah",
            kind="digital",
            form="pelayanan_publik",
            created_by=by,
        )
        for n, department in enumerate(departments)
        if n % 4 != 3  # every fourth department has no innovation
        for stage, status in (("uji_coba", "submitted"), ("inisiatif", "draft"))
    )
    return departments
