"""A signed Perjanjian Kinerja is frozen in the database itself: no page, API, command or raw SQL changes it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram

from .factories import AssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(department):
    head = AssignmentFactory(department=department).official
    agreement = Agreement.objects.create(
        department=department,
        official=head,
        year=2026,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    objective = AgreementObjective.objects.create(agreement=agreement, name="Meningkatnya mutu pendidikan")
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=objective,
        name="Angka partisipasi",
        unit="%",
        polarity="positive",
        aggregation="last",
        target="95.5",
    )
    AgreementProgram.objects.create(agreement=agreement, code="1.01.02", name="Program Pengelolaan", budget=1000)
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(2026, 1, 31))
    agreement.refresh_from_db()
    return agreement


def refused(action):
    with pytest.raises(IntegrityError, match="signed Perjanjian Kinerja cannot be changed"), transaction.atomic():
        action()


def test_no_field_of_a_signed_agreement_changes_not_even_by_queryset_update(signed):
    refused(lambda: Agreement.objects.filter(pk=signed.pk).update(year=2027))
    refused(lambda: Agreement.objects.filter(pk=signed.pk).update(status="draft"))


def test_its_rows_cannot_be_added_changed_or_removed(signed):
    objective = signed.objectives.get()
    refused(lambda: AgreementIndicator.objects.filter(agreement=signed).update(target="50"))
    refused(lambda: AgreementProgram.objects.filter(agreement=signed).delete())
    refused(lambda: AgreementObjective.objects.create(agreement=signed, name="Sasaran baru"))
    refused(lambda: objective.delete())


def test_raw_sql_is_refused_too(signed):
    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE agreements_agreementindicator SET target = 1 WHERE agreement_id = %s", [signed.pk])

    refused(raw)


def test_a_signed_agreement_cannot_be_deleted(signed):
    with pytest.raises(IntegrityError, match=r"cannot be changed"), transaction.atomic():
        Agreement.objects.filter(pk=signed.pk).delete()


def test_the_scan_of_the_signed_paper_may_still_be_attached(signed):
    Agreement.objects.filter(pk=signed.pk).update(
        signed_scan="agreements/scans/2026/pk.pdf", signed_scan_sha256="a" * 64
    )
    signed.refresh_from_db()
    assert signed.signed_scan.name == "agreements/scans/2026/pk.pdf"
