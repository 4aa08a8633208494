"""A department with its cascade: the head's signed PK, an eselon III position (Kepala Bidang Pendidikan Dasar)
with an eselon IV below it (Kepala Seksi Kurikulum), and a sibling eselon III (Sekretaris); each official with an
account of the `official` role (the head's of `department_head`)."""

import datetime
from dataclasses import dataclass

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.departments.models import Official, Position, PositionAssignment, PositionKind

from .factories import OfficialFactory, UserFactory, make_nip
from .factories_agreement_documents import make_agreement


@dataclass
class Cascade:
    head_pk: Agreement
    head_user: object
    division: Position
    section: Position
    secretary: Position
    division_user: object
    section_user: object
    secretary_user: object


def hold(position: Position, username: str, *, rank="III/d", echelon=None) -> tuple[Official, object]:
    official = OfficialFactory(rank=rank, echelon=echelon or position.echelon, nip=make_nip())
    PositionAssignment.objects.create(
        official=official,
        position=position,
        start_date=datetime.date(2024, 1, 2),
        sk_number=f"821/{username}",
        sk_date=datetime.date(2023, 12, 28),
    )
    user = UserFactory(role=Role.OFFICIAL, department=position.department, username=username)
    official.user = user
    official.save()
    return official, user


def make_cascade(department, *, year=2026) -> Cascade:
    head_pk = make_agreement(department, year=year, signed_on=datetime.date(year, 1, 31))
    head_user = UserFactory(role=Role.DEPARTMENT_HEAD, department=department, username="kadis")
    Official.objects.filter(pk=head_pk.official_id).update(user=head_user)
    division = Position.objects.create(
        department=department, name="Kepala Bidang Pendidikan Dasar", kind=PositionKind.DIVISION_HEAD, echelon="III.b"
    )
    section = Position.objects.create(
        department=department,
        name="Kepala Seksi Kurikulum",
        kind=PositionKind.SECTION_HEAD,
        echelon="IV.a",
        superior=division,
    )
    secretary = Position.objects.create(
        department=department, name="Sekretaris", kind=PositionKind.SECRETARY, echelon="III.a", order=0
    )
    _, division_user = hold(division, "kabid")
    _, section_user = hold(section, "kasi", rank="III/c")
    _, secretary_user = hold(secretary, "sekretaris")
    return Cascade(head_pk, head_user, division, section, secretary, division_user, section_user, secretary_user)
