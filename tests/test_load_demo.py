import datetime
import io
import re

import pytest
from django.apps import apps
from django.db.models import Q
from pghistory.models import Context, Event

from apps.accounts.models import Role, User
from apps.core.nip import nip_errors
from apps.departments import demo
from apps.departments.models import Assignment, AssignmentKind, Department, DepartmentKind, Official, Region

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
KECAMATAN = {"Banjarbaru Utara", "Banjarbaru Selatan", "Cempaka", "Landasan Ulin", "Liang Anggang"}
ACCOUNTS = {
    "admin": (Role.ADMIN, None),
    "walikota": (Role.MAYOR_OFFICE, None),
    "organisasi": (Role.MAYOR_OFFICE, None),
    "bappeda": (Role.BAPPEDA, "Bappeda"),
    "inspektorat": (Role.INSPECTORATE, None),
    "kadis-pendidikan": (Role.DEPARTMENT_HEAD, "Disdik"),
    "staf-pendidikan": (Role.DEPARTMENT_STAFF, "Disdik"),
    "kadis-kesehatan": (Role.DEPARTMENT_HEAD, "Dinkes"),
}


def load():
    """The organisation's steps only (the full load, with plans and PKs, is tested in test_agreements_demo)."""
    out = io.StringIO()
    counts = demo.demo_load(stdout=out, steps=demo.STEPS)
    return out.getvalue() + "".join(f"{model}: {c['created']} created\n" for model, c in counts.items())


def current(day=TODAY):
    return Assignment.objects.filter(
        Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day)),
        kind__in=[AssignmentKind.DEFINITIVE, AssignmentKind.PLT],
    )


def event_counts():
    counts = {model.__name__: model.objects.count() for model in apps.get_models() if issubclass(model, Event)}
    counts["Context"] = Context.objects.count()
    return counts


def table_counts():
    return {model.__name__: model.objects.count() for model in (Region, Department, Official, Assignment, User)}


def test_the_command_loads_banjarbaru_and_about_thirty_departments_with_five_kecamatan():
    output = load()

    region = Region.objects.get()
    assert region.pk == 1
    assert (region.name, region.code, region.seat, region.head_title, region.time_zone) == (
        "Pemerintah Kota Banjarbaru",
        "63.72",
        "Banjarbaru",
        "Wali Kota",
        "Asia/Makassar",
    )
    assert 28 <= Department.objects.count() <= 32
    kecamatan = Department.objects.filter(kind=DepartmentKind.KECAMATAN)
    assert {name.removeprefix("Kecamatan ") for name in kecamatan.values_list("name", flat=True)} == KECAMATAN
    short_names = set(Department.objects.values_list("short_name", flat=True))
    assert {"Disdik", "Dinkes", "Bappeda", "Setda", "Inspektorat", "BPKPAD", "BKPSDM"} <= short_names
    assert Department.objects.get(short_name="Disdik").code == "1.01.0.00.0.00.01.0000"
    for code in Department.objects.values_list("code", flat=True):
        assert re.fullmatch(r"[0-9A-Za-z.\-]+", code)
    assert "Department: 31 created" in output


def test_every_department_has_exactly_one_current_head():
    load()

    for department in Department.objects.all():
        heads = current().filter(department=department)
        assert heads.count() == 1, department
        head = heads.get()
        assert head.position_title
        assert datetime.date(2022, 1, 1) <= head.start_date <= datetime.date(2025, 12, 31)
        assert datetime.timedelta(days=1) <= head.start_date - head.sk_date <= datetime.timedelta(days=14)
    assert current().get(department__short_name="Setda").position_title == "Sekretaris Daerah"
    assert current().get(department__short_name="Inspektorat").position_title == "Inspektur"
    assert current().get(department__short_name="Disdik").position_title == "Kepala Dinas Pendidikan"
    assert current().get(department__name="Kecamatan Cempaka").position_title == "Camat Cempaka"


def test_history_has_previous_heads_and_one_plt():
    load()

    ended = Assignment.objects.filter(end_date__isnull=False)
    assert ended.values("department").distinct().count() >= 2
    for previous in ended:
        successor = Assignment.objects.get(department=previous.department, start_date__gt=previous.start_date)
        assert successor.start_date == previous.end_date + datetime.timedelta(days=1)
    plt = Assignment.objects.get(kind=AssignmentKind.PLT)
    assert plt.position_title.startswith("Plt. ")
    assert plt.department.assignments.filter(kind=AssignmentKind.DEFINITIVE, end_date__isnull=False).exists()
    assert not current().filter(department=plt.department, kind=AssignmentKind.DEFINITIVE).exists()
    # The Plt is the definitive head of another department at the same time.
    assert (
        current()
        .filter(official=plt.official, kind=AssignmentKind.DEFINITIVE)
        .exclude(department=plt.department)
        .exists()
    )


def test_every_nip_is_valid_and_matches_the_person():
    load()

    for official in Official.objects.all():
        assert nip_errors(official.nip) == [], official
        birth = datetime.date(int(official.nip[:4]), int(official.nip[4:6]), int(official.nip[6:8]))
        tmt_year, tmt_month = int(official.nip[8:12]), int(official.nip[12:14])
        age_at_tmt = tmt_year - birth.year - ((tmt_month, 1) < (birth.month, birth.day))
        assert 1966 <= birth.year <= 1980, official
        assert 23 <= age_at_tmt <= 30, official
        titles = official.name.replace(",", " ").split()
        if "Hj." in titles:
            assert official.nip[14] == "2", official
        elif "H." in titles:
            assert official.nip[14] == "1", official


def test_ranks_follow_the_echelons():
    load()

    for official in Official.objects.all():
        allowed = {"II.a": {"IV/d"}, "II.b": {"IV/a", "IV/b", "IV/c"}, "III.a": {"III/d", "IV/a"}}[official.echelon]
        assert official.rank in allowed, official
    assert current().get(department__short_name="Setda").official.echelon == "II.a"
    for assignment in current().filter(department__kind=DepartmentKind.KECAMATAN):
        assert assignment.official.echelon == "III.a"


def test_the_eight_accounts_exist_with_their_roles_and_the_demo_password():
    load()

    for username, (role, short_name) in ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.role == role, username
        assert (user.department.short_name if user.department else None) == short_name, username
        assert user.email == f"{username}@banjarbarukota.go.id"
        assert user.first_name
        assert user.check_password("kinerja-demo-2026"), username
        assert user.is_active
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_the_heads_accounts_belong_to_the_current_heads():
    load()

    for username, short_name in (("kadis-pendidikan", "Disdik"), ("kadis-kesehatan", "Dinkes")):
        head = current().get(department__short_name=short_name).official
        assert head.user == User.objects.get(username=username)
    # every other department's head has a `kepala-…` account; a definitive head's is linked to them
    for department in Department.objects.exclude(short_name__in=["Disdik", "Dinkes"]):
        user = User.objects.get(role=Role.DEPARTMENT_HEAD, department=department)
        assert user.username == demo.head_username(department)
    heads = current().filter(kind=AssignmentKind.DEFINITIVE).exclude(department__short_name__in=["Disdik", "Dinkes"])
    for head in heads.select_related("official__user", "department"):
        user = head.official.user
        assert (user.username, user.role, user.department) == (
            demo.head_username(head.department),
            Role.DEPARTMENT_HEAD,
            head.department,
        )


def test_a_second_run_changes_nothing():
    load()
    tables, events = table_counts(), event_counts()
    department_events = Department.pgh_event_model.objects.count()
    updated_at = list(Department.objects.order_by("pk").values_list("updated_at", flat=True))

    counts = demo.demo_load(steps=demo.STEPS)

    assert table_counts() == tables
    assert event_counts() == events
    assert Department.pgh_event_model.objects.count() == department_events == Department.objects.count()
    assert list(Department.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at
    for model, outcome in counts.items():
        assert outcome["created"] == outcome["updated"] == 0, model


def test_an_existing_account_is_left_alone():
    User.objects.create_superuser("admin", "someone@example.org", "a-changed-password")

    load()

    admin = User.objects.get(username="admin")
    assert admin.check_password("a-changed-password")
    assert admin.email == "someone@example.org"
    assert User.objects.exclude(username__startswith="kepala-").count() == len(ACCOUNTS)


def test_the_load_is_recorded_with_its_source():
    load()

    event = Department.pgh_event_model.objects.select_related("pgh_context").first()
    assert event.pgh_context.metadata["url"] == "load_demo"
    assert not Department.pgh_event_model.objects.exclude(pgh_context__metadata__url="load_demo").exists()


def test_a_failing_step_leaves_nothing_behind(monkeypatch):
    def broken(run):
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "STEPS", [*demo.STEPS, broken])

    with pytest.raises(RuntimeError):
        demo.demo_load()

    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_demo_load_is_keyword_only_and_returns_counts():
    with pytest.raises(TypeError):
        demo.demo_load(io.StringIO())
    counts = demo.demo_load(stdout=io.StringIO(), steps=demo.STEPS)
    assert counts["Department"]["created"] == Department.objects.count()
    assert counts["Assignment"]["created"] == Assignment.objects.count()
