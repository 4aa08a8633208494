"""Positions below the head (eselon III and IV) and who holds them, consistent with the structure's rules."""

import datetime

import factory

from apps.departments.models import AssignmentKind, Position, PositionAssignment

from .factories import DepartmentFactory, OfficialFactory


class PositionFactory(factory.django.DjangoModelFactory):
    """An eselon III position (a kepala bidang); give `superior=` for an eselon IV one (a kepala seksi)."""

    class Meta:
        model = Position

    department = factory.LazyAttribute(lambda p: p.superior.department if p.superior else DepartmentFactory())
    superior = None
    name = factory.Sequence(lambda n: f"Kepala Bidang Contoh {n}")
    kind = factory.LazyAttribute(lambda p: "kepala_seksi" if p.superior else "kepala_bidang")
    echelon = factory.LazyAttribute(lambda p: "IV.a" if p.superior else "III.b")


class PositionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionAssignment

    official = factory.SubFactory(OfficialFactory, echelon="III.b", rank="IV/a")
    position = factory.SubFactory(PositionFactory)
    kind = AssignmentKind.DEFINITIVE
    start_date = datetime.date(2024, 1, 2)
    sk_number = factory.Sequence(lambda n: f"821.2/{n:03d}/BKPSDM/2024")
    sk_date = datetime.date(2023, 12, 28)
