"""A department's cascade for the realisasi tests: the head's signed PK, an eselon III official's PK signed with the
head, and an eselon IV official's PK signed with the eselon III — each official with an account of role `official`
(the head with a `department_head` account), made with the ORM (no document rendered)."""

import datetime
from decimal import Decimal

from apps.accounts.models import Role
from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram
from apps.departments.models import Echelon, Position, PositionAssignment, PositionKind

from .factories import AssignmentFactory, OfficialFactory, UserFactory
from .factories_progress import make_signed_agreement

SINCE = datetime.date(2024, 1, 2)


def _assign(official, position):
    return PositionAssignment.objects.create(
        official=official, position=position, start_date=SINCE, sk_number=f"SK/{position.pk}", sk_date=SINCE
    )


def make_cascaded_agreement(
    superior_agreement, position, official, *, year=None, signed=True, previous=None
) -> Agreement:
    """A signed PK of `official` in `position`, with one sasaran, two indicators (each supporting the superior's
    indicator of the same order) and one program; with `previous` it is that PK's amendment (version n+1)."""
    year = year or superior_agreement.year
    agreement = Agreement.all_levels.create(
        department=superior_agreement.department,
        official=official,
        position=position,
        superior_agreement=superior_agreement,
        year=year,
        version=previous.version + 1 if previous else 1,
        previous=previous,
        amendment_reason="program_change" if previous else "",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    objective = AgreementObjective.objects.create(agreement=agreement, order=1, name=f"Sasaran {position.name}")
    above = list(superior_agreement.indicators.order_by("order", "pk"))
    for order, (name, target) in enumerate((("Persentase sekolah terakreditasi", "80"), ("Jumlah guru", "40")), 1):
        AgreementIndicator.objects.create(
            agreement=agreement,
            objective=objective,
            order=order,
            name=f"{name} ({position.name})",
            unit="%",
            polarity="positive",
            aggregation="last",
            target=Decimal(target),
            supports=above[order - 1] if len(above) >= order else None,
        )
    AgreementProgram.objects.create(
        agreement=agreement, order=1, code="1.01.02", name="Program Pengelolaan Pendidikan", budget=Decimal(500000)
    )
    if signed:
        Agreement.all_levels.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(year, 2, 15))
        agreement.refresh_from_db()
    return agreement


def make_cascade(department, *, year=2026, head_agreement=None) -> dict:
    """{"head", "head_pk", "kabid", "kabid_pk", "kasi", "kasi_pk", "kabid2", "kabid2_pk"}: the users and PKs of a
    department's line — the head (assigned, with an account), two eselon III officials (kepala bidang) signed with
    the head and an eselon IV official (kepala seksi) below the first."""
    head_official = OfficialFactory()
    AssignmentFactory(department=department, official=head_official, start_date=SINCE)
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    head_official.user = head
    head_official.save(update_fields=["user"])
    head_pk = head_agreement or make_signed_agreement(department, year=year, official=head_official)
    result = {"head": head, "head_pk": head_pk}
    for key, order, name in (("kabid", 1, "Kepala Bidang Pendidikan Dasar"), ("kabid2", 2, "Kepala Bidang PAUD")):
        position = Position.objects.create(
            department=department, name=name, kind=PositionKind.DIVISION_HEAD, echelon=Echelon.III_B, order=order
        )
        result[key], result[f"{key}_pk"] = _official(department, position, head_pk)
    position = Position.objects.create(
        department=department,
        name="Kepala Seksi Kurikulum",
        kind=PositionKind.SECTION_HEAD,
        echelon=Echelon.IV_A,
        superior=result["kabid_pk"].position,
        order=3,
    )
    result["kasi"], result["kasi_pk"] = _official(department, position, result["kabid_pk"])
    return result


def _official(department, position, superior_pk):
    official = OfficialFactory(echelon=position.echelon, rank="III/d")
    _assign(official, position)
    user = UserFactory(role=Role.OFFICIAL, department=department)
    official.user = user
    official.save(update_fields=["user"])
    return user, make_cascaded_agreement(superior_pk, position, official)
