"""factory-boy factories that keep the object graph consistent (valid NIPs, department roles with a department)."""

import datetime
import itertools

import factory

from apps.accounts.models import Role, User
from apps.departments.models import Assignment, AssignmentKind, Department, DepartmentKind, Official, Region

PASSWORD = "test-pass-2026"
_nip_sequence = itertools.count(1)


def make_nip(*, birth=datetime.date(1975, 3, 14), tmt=(2000, 3), sex=1, seq=None) -> str:
    seq = next(_nip_sequence) if seq is None else seq
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{sex}{seq % 1000:03d}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("pk",)

    pk = 1
    name = "Pemerintah Kota Banjarbaru"
    seat = "Banjarbaru"
    code = "63.72"
    head_title = "Wali Kota"
    head_name = "H. Contoh Wali Kota, S.E."
    time_zone = "Asia/Makassar"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"9.{n:02d}.0.00")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dis{n}")
    kind = DepartmentKind.DINAS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Pengguna {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    role = Role.DEPARTMENT_STAFF
    department = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF)),
        yes_declaration=factory.SubFactory(DepartmentFactory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    nip = factory.LazyFunction(make_nip)
    name = factory.Sequence(lambda n: f"Drs. Pejabat Contoh {n}, M.Si.")
    rank = "IV/b"
    echelon = "II.b"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    official = factory.SubFactory(OfficialFactory)
    department = factory.SubFactory(DepartmentFactory)
    kind = AssignmentKind.DEFINITIVE
    position_title = factory.LazyAttribute(lambda a: f"Kepala {a.department.name}")
    start_date = datetime.date(2024, 1, 2)
    sk_number = factory.Sequence(lambda n: f"821.2/{n:03d}/BKPSDM/2024")
    sk_date = datetime.date(2023, 12, 28)
