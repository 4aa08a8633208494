import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import Role
from apps.departments import services
from apps.departments.models import Assignment, AssignmentKind, Department, Official

from .factories import AssignmentFactory, DepartmentFactory, OfficialFactory

pytestmark = pytest.mark.django_db
JAN = datetime.date(2025, 1, 2)


def test_the_database_refuses_two_definitive_heads_of_one_department_at_once(department):
    AssignmentFactory(department=department, start_date=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            official=OfficialFactory(),
            department=department,
            kind=AssignmentKind.DEFINITIVE,
            start_date=JAN + datetime.timedelta(days=100),
            sk_number="x",
            sk_date=JAN,
        )


def test_a_plt_can_serve_beside_a_definitive_head_and_periods_may_follow_each_other(department):
    AssignmentFactory(department=department, start_date=JAN, end_date=datetime.date(2025, 6, 30))
    AssignmentFactory(department=department, start_date=datetime.date(2025, 7, 1))
    AssignmentFactory(department=department, kind=AssignmentKind.PLT, start_date=datetime.date(2025, 3, 1))
    assert department.assignments.count() == 3


def test_moving_an_official_ends_the_old_assignment_and_starts_the_new_one(department, other_department):
    old = AssignmentFactory(department=department, start_date=JAN)
    new = services.official_move(
        official=old.official,
        to_department=other_department,
        start_date=datetime.date(2026, 3, 1),
        sk_number="821.2/100/BKPSDM/2026",
        sk_date=datetime.date(2026, 2, 25),
    )
    old.refresh_from_db()
    assert old.end_date == datetime.date(2026, 2, 28)
    assert new.department == other_department and new.end_date is None


def test_a_move_that_breaks_a_rule_changes_nothing(department, other_department):
    old = AssignmentFactory(department=department, start_date=JAN)
    AssignmentFactory(department=other_department, start_date=JAN)  # the target already has a definitive head
    with pytest.raises(ValidationError):
        services.official_move(
            official=old.official,
            to_department=other_department,
            start_date=datetime.date(2026, 3, 1),
            sk_number="x",
            sk_date=datetime.date(2026, 2, 25),
        )
    old.refresh_from_db()
    assert old.end_date is None
    assert Assignment.objects.count() == 2


def test_a_moved_head_account_follows_to_the_new_department(department, other_department, make_user):
    user = make_user(Role.DEPARTMENT_HEAD)
    old = AssignmentFactory(department=department, start_date=JAN, official=OfficialFactory(user=user))
    services.official_move(
        official=old.official,
        to_department=other_department,
        start_date=datetime.date(2026, 3, 1),
        sk_number="x",
        sk_date=datetime.date(2026, 2, 25),
    )
    user.refresh_from_db()
    assert user.department == other_department


def test_admin_creates_an_official_and_a_bad_nip_keeps_what_was_typed(client, users):
    client.force_login(users[Role.ADMIN])
    data = {"nip": "19681115 199202 3 002", "name": "Dr. Siti Aminah, M.Kes.", "rank": "IV/b", "echelon": "II.b"}
    response = client.post(reverse("officials:create"), data)
    assert response.status_code == 200
    assert "1 (laki-laki) atau 2 (perempuan)" in str(response.context["form"].errors["nip"])
    assert b"Dr. Siti Aminah, M.Kes." in response.content
    assert not Official.objects.exists()
    data["nip"] = "19681115 199202 2 002"
    response = client.post(reverse("officials:create"), data)
    assert response.status_code == 302
    assert Official.objects.get().nip == "196811151992022002"


def test_the_assignment_page_moves_an_official_and_a_conflict_is_explained(client, users, department, other_department):
    client.force_login(users[Role.MAYOR_OFFICE])
    old = AssignmentFactory(department=department, start_date=JAN)
    AssignmentFactory(department=other_department, start_date=JAN)
    url = reverse("officials:assign", args=[old.official.pk])
    data = {
        "department": other_department.pk,
        "kind": "definitive",
        "position_title": "Kepala Dinas Kesehatan",
        "start_date": "01/03/2026",
        "sk_number": "821.2/100/BKPSDM/2026",
        "sk_date": "25/02/2026",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "sudah memiliki kepala definitif" in response.content.decode()
    assert "821.2/100/BKPSDM/2026" in response.content.decode()
    data["kind"] = "plt"
    response = client.post(url, data)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2026, 2, 28)


def test_a_date_typed_month_first_is_not_read_as_day_first(client, users, department):
    client.force_login(users[Role.ADMIN])
    official = OfficialFactory()
    response = client.post(
        reverse("officials:assign", args=[official.pk]),
        {
            "department": department.pk,
            "kind": "definitive",
            "start_date": "2026-13-01",
            "sk_number": "x",
            "sk_date": "01/01/2026",
        },
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors


def test_the_department_list_searches_filters_and_stays_within_a_query_budget(
    client, users, django_assert_max_num_queries
):
    for n in range(40):
        department = DepartmentFactory(name=f"Kecamatan Contoh {n}", kind="kecamatan")
        AssignmentFactory(department=department)
    client.force_login(users[Role.MAYOR_OFFICE])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("departments:list"), {"q": "Contoh 1", "kind": "kecamatan"})
    names = [d.name for d in response.context["object_list"]]
    assert names and all("Contoh 1" in name for name in names)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("departments:list"))
    assert response.context["page_obj"].paginator.count == Department.objects.count()


def test_the_official_list_stays_within_a_query_budget(client, users, django_assert_max_num_queries):
    for _ in range(40):
        AssignmentFactory()
    client.force_login(users[Role.BAPPEDA])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("officials:list"))
    assert response.status_code == 200


def test_a_department_head_lists_only_their_own_department_and_its_officials(
    client, users, head_assignment, other_head_assignment
):
    client.force_login(users[Role.DEPARTMENT_HEAD])
    response = client.get(reverse("departments:list"))
    assert [d.pk for d in response.context["object_list"]] == [head_assignment.department_id]
    response = client.get(reverse("officials:list"))
    assert [o.pk for o in response.context["object_list"]] == [head_assignment.official_id]


def test_the_department_page_shows_its_head_and_dates_in_indonesian(client, users, head_assignment):
    client.force_login(users[Role.DEPARTMENT_STAFF])
    response = client.get(reverse("departments:detail", args=[head_assignment.department_id]))
    html = response.content.decode()
    assert head_assignment.official.name in html
    assert "2 Januari 2024" in html


def test_the_admin_saves_the_region_and_a_bad_kode_wilayah_is_explained(client, users):
    client.force_login(users[Role.ADMIN])
    data = {
        "name": "Pemerintah Kota Banjarbaru",
        "seat": "Banjarbaru",
        "code": "6372",
        "head_title": "Wali Kota",
        "head_name": "H. Contoh, S.E.",
        "time_zone": "Asia/Makassar",
    }
    response = client.post(reverse("region"), data)
    assert response.status_code == 200
    assert "NN.NN" in str(response.context["form"].errors["code"])
    assert b"H. Contoh, S.E." in response.content
    data["code"] = "63.72"
    assert client.post(reverse("region"), data).status_code == 302
    from apps.departments.models import Region

    assert Region.objects.get().code == "63.72"


def test_detail_pages_stay_within_a_query_budget_whatever_the_history(
    client, users, department, django_assert_max_num_queries
):
    for year in range(2000, 2025):  # a long line of heads, each for one year
        AssignmentFactory(
            department=department, start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
        )
    current = AssignmentFactory(department=department, start_date=datetime.date(2025, 1, 1))
    client.force_login(users[Role.BAPPEDA])
    for url in (
        reverse("departments:detail", args=[department.pk]),
        reverse("departments:history", args=[department.pk]),
        reverse("officials:detail", args=[current.official_id]),
        reverse("officials:history", args=[current.official_id]),
        reverse("core:home"),
    ):
        with django_assert_max_num_queries(13):  # 12 for the page, 1 for the navbar's unread notifications
            assert client.get(url).status_code == 200, url


def test_another_departments_page_answers_a_friendly_404_in_indonesian(client, users, other_department, settings):
    settings.DEBUG = False
    client.force_login(users[Role.DEPARTMENT_HEAD])
    response = client.get(reverse("departments:detail", args=[other_department.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="error-404"' in html
    assert other_department.name not in html
