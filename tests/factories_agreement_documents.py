"""A PK with content, made with the ORM directly (for the document, scan, verification and deadline tests)."""

import datetime
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram

from .factories import AssignmentFactory, OfficialFactory, RegionFactory, UserFactory


def make_agreement(
    department, *, official=None, year=2026, signed_on=None, position="Kepala Dinas Pendidikan", **fields
):
    """A PK with two sasaran (a value target and a band) and two programs (Rp 1.234.567 in all); with `signed_on`
    it is signed with the snapshot the signing service records."""
    region = RegionFactory()
    if official is None:
        official = OfficialFactory(name="Dr. Hj. Siti Rahmah, M.Pd.", nip="197503142000032001", rank="IV/c")
        AssignmentFactory(official=official, department=department, position_title=position)
    agreement = Agreement.objects.create(
        department=department,
        official=official,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
        **fields,
    )
    first = AgreementObjective.objects.create(agreement=agreement, order=1, name="Meningkatnya mutu pendidikan")
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=first,
        order=1,
        name="Angka Partisipasi Murni SD",
        unit="%",
        polarity="positive",
        aggregation="last",
        target=Decimal("1234.5"),
    )
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=first,
        order=2,
        name="Sekolah terakreditasi A",
        unit="sekolah",
        polarity="positive",
        aggregation="last",
        target_low=Decimal(2),
        target_high=Decimal(4),
    )
    second = AgreementObjective.objects.create(agreement=agreement, order=2, name="Meningkatnya literasi")
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=second,
        name="Indeks literasi",
        unit="poin",
        polarity="positive",
        aggregation="last",
        target=Decimal("71.25"),
    )
    AgreementProgram.objects.create(
        agreement=agreement, order=1, code="1.01.02", name="Program Pengelolaan Pendidikan", budget=Decimal(1000000)
    )
    AgreementProgram.objects.create(
        agreement=agreement, order=2, code="1.01.03", name="Program Pengembangan Kurikulum", budget=Decimal(234567)
    )
    if signed_on is not None:
        sign(agreement, signed_on=signed_on, region=region)
    return agreement


def sign(agreement, *, signed_on, region=None):
    """What the signing service does: the snapshot and the date, the document's hash, then the status."""
    from apps.agreements.document import document_store

    region = region or RegionFactory()
    official = agreement.official
    Agreement.objects.filter(pk=agreement.pk).update(
        status="approved",
        signed_on=signed_on,
        first_party_name=official.name,
        first_party_rank=official.rank_display,
        first_party_nip=official.nip,
        first_party_position=f"Kepala {agreement.department.name}",
        second_party_name=region.head_name,
        second_party_title=region.head_title,
    )
    agreement.refresh_from_db()
    name, digest = document_store(agreement)
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", document_sha256=digest, signed_document=name)
    agreement.refresh_from_db()
    return agreement
