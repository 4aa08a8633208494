"""Issue 10: the positions below the head (eselon III and IV), who holds them, and the structure's rules."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.departments import services
from apps.departments.models import Position, PositionAssignment

from .factories import OfficialFactory
from .factories_agreements import make_agreement
from .factories_positions import PositionAssignmentFactory, PositionFactory

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 5)


@pytest.fixture
def bidang(department):
    return PositionFactory(department=department, name="Kepala Bidang Pendidikan Dasar")


@pytest.fixture
def seksi(bidang):
    return PositionFactory(superior=bidang, name="Kepala Seksi Kurikulum SD")


def _position(department, **fields):
    defaults = {"name": "Kepala Bidang Baru", "kind": "kepala_bidang", "echelon": "III.b"}
    return Position(department=department, **{**defaults, **fields})


def _messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- The structure's rules ----------------------------------------------------------------------------------------
def test_an_eselon_iv_position_needs_an_eselon_iii_superior(department, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_save(position=_position(department, kind="kepala_seksi", echelon="IV.a"))
    assert "needs its superior" in exc.value.message_dict["superior"][0]
    assert not Position.objects.exists()


def test_an_eselon_iii_position_reports_to_the_head_and_has_no_superior(bidang, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_save(position=_position(bidang.department, name="Sekretaris", superior=bidang))
    assert "leave the superior position empty" in exc.value.message_dict["superior"][0]


def test_the_superior_must_be_an_eselon_iii_of_the_same_department(bidang, seksi, other_department, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_save(
            position=_position(other_department, kind="kepala_seksi", echelon="IV.a", superior=bidang)
        )
    assert "same department" in exc.value.message_dict["superior"][0]
    with pytest.raises(ValidationError) as exc:
        services.position_save(
            position=_position(bidang.department, name="Seksi X", kind="kepala_seksi", echelon="IV.a", superior=seksi)
        )
    assert "must be an eselon III position" in exc.value.message_dict["superior"][0]


def test_the_database_refuses_a_superior_of_another_department_whatever_the_code_does(bidang, other_department):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            department=other_department, name="Seksi Y", kind="kepala_seksi", echelon="IV.a", superior=bidang
        )


def test_a_kind_keeps_its_eselon(department, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_save(position=_position(department, name="Kepala Seksi Z", kind="kepala_seksi"))
    assert "is an eselon IV position" in exc.value.message_dict["echelon"][0]
    # a kepala UPT is either, by the class of the UPT
    services.position_save(position=_position(department, name="Kepala UPT Sanggar", kind="kepala_upt"))


def test_a_position_with_eselon_iv_under_it_stays_eselon_iii(bidang, seksi, english_messages):
    bidang.echelon = "IV.a"
    bidang.kind = "kepala_upt"
    bidang.superior = PositionFactory(department=bidang.department, name="Sekretaris", kind="sekretaris")
    with pytest.raises(ValidationError) as exc:
        services.position_save(position=bidang)
    assert "stays eselon III" in exc.value.message_dict["echelon"][0]


def test_a_name_is_unique_in_its_department(bidang, other_department, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_save(position=_position(bidang.department, name=bidang.name.upper()))
    assert "already has a position with this name" in exc.value.message_dict["name"][0]
    services.position_save(position=_position(other_department, name=bidang.name))  # another department may


# --- Holders --------------------------------------------------------------------------------------------------------
def _assign(position, official, **kwargs):
    defaults = {"start_date": JAN, "sk_number": "821.2/001/BKPSDM/2026", "sk_date": datetime.date(2026, 1, 2)}
    return services.position_assign(position=position, official=official, **{**defaults, **kwargs})


def test_a_second_definitive_holder_is_refused_with_who_holds_it_and_a_plt_may_serve_beside(bidang, english_messages):
    holder = _assign(bidang, OfficialFactory(name="Dra. Rina Wati"))
    with pytest.raises(ValidationError) as exc:
        _assign(bidang, OfficialFactory(), start_date=datetime.date(2026, 3, 1))
    message = exc.value.message_dict["kind"][0]
    assert "Dra. Rina Wati holds this position definitively from" in message
    assert "assign a Plt or Plh" in message
    plt = _assign(bidang, OfficialFactory(), kind="plt", start_date=datetime.date(2026, 3, 1))
    assert {holder.pk, plt.pk} == set(bidang.assignments.values_list("pk", flat=True))


def test_the_database_refuses_two_definitive_holders_at_once(bidang):
    PositionAssignmentFactory(position=bidang, start_date=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionAssignmentFactory(position=bidang, start_date=datetime.date(2026, 6, 1))


def test_periods_may_follow_each_other(bidang):
    first = _assign(bidang, OfficialFactory(), end_date=datetime.date(2026, 2, 28))
    second = _assign(bidang, OfficialFactory(), start_date=datetime.date(2026, 3, 1))
    assert first.end_date < second.start_date


def test_a_definitive_assignment_moves_the_official_and_a_plt_elsewhere_stays(bidang, seksi):
    official = OfficialFactory()
    old = _assign(seksi, official, start_date=datetime.date(2024, 1, 2), sk_date=datetime.date(2024, 1, 2))
    acting = PositionFactory(department=bidang.department, name="Sekretaris", kind="sekretaris")
    plt = _assign(acting, official, kind="plt", start_date=datetime.date(2025, 6, 1), sk_date=datetime.date(2025, 6, 1))
    _assign(bidang, official)
    old.refresh_from_db()
    plt.refresh_from_db()
    assert old.end_date == JAN - datetime.timedelta(days=1)
    assert plt.end_date is None


def test_the_same_official_cannot_hold_a_position_twice_at_once(bidang, english_messages):
    official = OfficialFactory(name="Budi")
    _assign(bidang, official, kind="plt")
    with pytest.raises(ValidationError) as exc:
        _assign(bidang, official, start_date=datetime.date(2026, 2, 1))
    assert "Budi already holds this position" in exc.value.message_dict["official"][0]


def test_nobody_is_assigned_to_an_inactive_position_and_dates_are_checked(bidang, english_messages):
    with pytest.raises(ValidationError) as exc:
        _assign(bidang, OfficialFactory(), sk_date=datetime.date(2026, 2, 1), end_date=datetime.date(2026, 1, 1))
    assert set(exc.value.message_dict) == {"sk_date", "end_date"}
    services.position_deactivate(position=bidang)
    with pytest.raises(ValidationError) as exc:
        _assign(bidang, OfficialFactory())
    assert "inactive" in exc.value.message_dict["position"][0]
    assert not PositionAssignment.objects.exists()


# --- Deactivate and delete ------------------------------------------------------------------------------------------
def test_a_position_is_deactivated_only_after_its_subordinates_and_assignments(bidang, seksi, english_messages):
    holder = _assign(bidang, OfficialFactory(name="Andi"))
    with pytest.raises(ValidationError) as exc:
        services.position_deactivate(position=Position.objects.get(pk=bidang.pk))
    message = exc.value.message_dict["is_active"][0]
    assert seksi.name in message and "Andi" in message
    services.position_deactivate(position=seksi)
    services.position_assignment_end(assignment=holder, end_date=datetime.date(2026, 1, 31))
    services.position_deactivate(position=Position.objects.get(pk=bidang.pk))
    assert not Position.objects.get(pk=bidang.pk).is_active
    # back again: an eselon IV comes back only under an active eselon III
    seksi.refresh_from_db()
    seksi.is_active = True
    with pytest.raises(ValidationError):
        services.position_save(position=seksi)


def test_a_position_with_subordinates_holders_or_pks_is_not_deleted(bidang, seksi, users, english_messages):
    with pytest.raises(ValidationError) as exc:
        services.position_delete(position=bidang)
    assert "deactivate it instead" in _messages(exc)
    holder = PositionAssignmentFactory(position=seksi)
    with pytest.raises(ValidationError) as exc:
        services.position_delete(position=seksi)
    assert "history is kept" in _messages(exc)
    upt = PositionFactory(department=bidang.department, name="Kepala UPT", kind="kepala_upt")
    head_pk = make_agreement(bidang.department, OfficialFactory(), year=2026, by=users[Role.ADMIN])
    Agreement.all_levels.create(
        department=bidang.department,
        official=holder.official,
        position=upt,
        superior_agreement=head_pk,
        year=2026,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        created_by=users[Role.ADMIN],
    )
    with pytest.raises(ValidationError) as exc:
        services.position_delete(position=upt)
    assert "Performance agreements (PK) name this position" in _messages(exc)
    fresh = PositionFactory(department=bidang.department, name="Dibuat keliru")
    services.position_delete(position=fresh)
    assert not Position.objects.filter(pk=fresh.pk).exists()


# --- Pages ----------------------------------------------------------------------------------------------------------
def test_the_structure_page_shows_the_tree_with_holders_and_plt_marked_within_a_query_budget(
    client, users, department, django_assert_max_num_queries
):
    for n in range(6):
        upper = PositionFactory(department=department, name=f"Kepala Bidang {n}", order=n)
        PositionAssignmentFactory(position=upper, official__name=f"Pejabat Bidang {n}")
        for m in range(4):
            lower = PositionFactory(superior=upper, name=f"Kepala Seksi {n}.{m}")
            PositionAssignmentFactory(position=lower, kind="plt" if m == 0 else "definitive")
    PositionFactory(department=department, name="Bidang Lama", is_active=False)
    client.force_login(users[Role.DEPARTMENT_STAFF])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("departments:positions", args=[department.pk]))
    html = response.content.decode()
    assert html.count('data-testid="position-upper"') == 6
    assert html.count('data-testid="position-lower"') == 24
    assert html.count('data-testid="holder-kind"') == 6  # the Plt of each bidang's first seksi
    assert html.index("Kepala Bidang 0") < html.index("Kepala Seksi 0.0") < html.index("Kepala Bidang 1")
    assert "Pejabat Bidang 3" in html
    assert 'data-testid="inactive-positions"' in html and "Bidang Lama" in html
    assert 'data-testid="position-create"' not in html  # staff read only


def test_the_position_page_shows_its_holders_over_time_within_a_query_budget(
    client, users, bidang, django_assert_max_num_queries
):
    for year in range(2010, 2025):
        PositionAssignmentFactory(
            position=bidang, start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
        )
    PositionAssignmentFactory(position=bidang, start_date=datetime.date(2025, 1, 1), official__name="Ir. Kini")
    client.force_login(users[Role.BAPPEDA])
    with django_assert_max_num_queries(15):  # as many with one holder: the history is one query
        response = client.get(reverse("departments:position_detail", args=[bidang.pk]))
    html = response.content.decode()
    assert html.count("<tr>") == 16 + 1  # 16 holders and the head row
    assert "Ir. Kini" in html
    assert 'data-testid="position-assign"' not in html  # Bappeda reads only


def test_the_admin_creates_positions_and_a_broken_rule_is_explained_on_the_form(
    client, users, department, english_messages
):
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_create", args=[department.pk])
    data = {"name": "Sekretaris", "kind": "sekretaris", "echelon": "III.a", "superior": "", "order": 1}
    assert client.post(url, data).status_code == 302
    sekretaris = Position.objects.get(name="Sekretaris")
    assert sekretaris.department == department
    data = {"name": "Kepala Subbagian Umum", "kind": "kepala_subbagian", "echelon": "IV.a", "superior": "", "order": 1}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "needs its superior" in str(response.context["form"].errors["superior"])
    assert response.context["form"]["name"].value() == "Kepala Subbagian Umum"
    assert client.post(url, {**data, "superior": sekretaris.pk}).status_code == 302
    assert Position.objects.get(name="Kepala Subbagian Umum").superior == sekretaris


def test_the_superior_choices_are_the_departments_own_active_eselon_iii(client, users, bidang, seksi, other_department):
    PositionFactory(department=other_department, name="Bidang Lain")
    PositionFactory(department=bidang.department, name="Bidang Tutup", is_active=False)
    client.force_login(users[Role.ADMIN])
    response = client.get(reverse("departments:position_create", args=[bidang.department_id]), {"superior": bidang.pk})
    form = response.context["form"]
    assert list(form.fields["superior"].queryset) == [bidang]
    assert form.initial["superior"] == bidang.pk


def test_a_department_head_reads_the_structure_but_may_not_change_it(client, users, bidang, other_department):
    client.force_login(users[Role.DEPARTMENT_HEAD])
    assert client.get(reverse("departments:positions", args=[bidang.department_id])).status_code == 200
    data = {"name": "Kepala Bidang Baru", "kind": "kepala_bidang", "echelon": "III.b", "order": 1}
    assert client.post(reverse("departments:position_create", args=[bidang.department_id]), data).status_code == 403
    assert client.post(reverse("departments:position_deactivate", args=[bidang.pk])).status_code == 403
    assert client.get(reverse("departments:positions", args=[other_department.pk])).status_code == 404
    assert Position.objects.filter(is_active=True).count() == 1


def test_an_official_sees_their_own_departments_structure_only(client, make_user, bidang, other_department):
    other = PositionFactory(department=other_department, name="Bidang Kesehatan")
    client.force_login(make_user(Role.OFFICIAL))
    assert client.get(reverse("departments:positions", args=[bidang.department_id])).status_code == 200
    assert client.get(reverse("departments:position_detail", args=[bidang.pk])).status_code == 200
    assert client.get(reverse("departments:position_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("departments:position_assign", args=[bidang.pk])).status_code == 403


def test_deactivating_asks_first_and_a_refusal_is_explained(client, users, bidang, seksi, english_messages):
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_deactivate", args=[bidang.pk])
    response = client.get(url)
    assert "Deactivate Kepala Bidang Pendidikan Dasar?" in response.content.decode()
    assert Position.objects.get(pk=bidang.pk).is_active  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert seksi.name in response.content.decode()
    assert 'data-testid="position-action-errors"' in response.content.decode()
    assert client.post(reverse("departments:position_deactivate", args=[seksi.pk])).status_code == 302
    assert client.post(url).status_code == 302
    assert not Position.objects.get(pk=bidang.pk).is_active
    assert client.post(reverse("departments:position_activate", args=[bidang.pk])).status_code == 302
    assert Position.objects.get(pk=bidang.pk).is_active


def test_deleting_asks_first_and_only_a_position_entered_by_mistake_goes(client, users, bidang, seksi):
    client.force_login(users[Role.ADMIN])
    assert client.get(reverse("departments:position_delete", args=[seksi.pk])).status_code == 200
    response = client.post(reverse("departments:position_delete", args=[bidang.pk]))
    assert response.status_code == 200 and Position.objects.filter(pk=bidang.pk).exists()
    response = client.post(reverse("departments:position_delete", args=[seksi.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("departments:positions", args=[bidang.department_id])
    assert not Position.objects.filter(pk=seksi.pk).exists()


def _assign_data(official, **fields):
    return {
        "official": official.pk,
        "kind": "definitive",
        "start_date": "2026-01-05",  # ISO: the English test locale would read 05/01 month first
        "end_date": "",
        "sk_number": "821.2/100/BKPSDM/2026",
        "sk_date": "2026-01-02",
        "account": "keep",
        **fields,
    }


def test_the_mayors_office_assigns_a_conflict_is_explained_and_a_plt_serves_beside(
    client, users, bidang, english_messages
):
    PositionAssignmentFactory(position=bidang, official__name="Drs. Lama")
    client.force_login(users[Role.MAYOR_OFFICE])
    url = reverse("departments:position_assign", args=[bidang.pk])
    response = client.get(url)
    assert "account" not in response.context["form"].fields  # accounts are the administrator's
    newcomer = OfficialFactory()
    response = client.post(url, _assign_data(newcomer))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Drs. Lama holds this position definitively" in html
    assert "821.2/100/BKPSDM/2026" in html  # what was typed stays
    response = client.post(url, _assign_data(newcomer, kind="plt", end_date="2026-06-30"))
    assert response.status_code == 302
    plt = PositionAssignment.objects.get(official=newcomer)
    assert (plt.kind, plt.end_date) == ("plt", datetime.date(2026, 6, 30))
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)):
        tree = client.get(reverse("departments:positions", args=[bidang.department_id])).content.decode()
    assert "Drs. Lama" in tree and newcomer.name in tree and 'data-testid="holder-kind"' in tree


def test_the_admin_assigns_and_creates_the_officials_account_who_then_signs_in_with_the_nip(
    client, users, bidang, english_messages
):
    official = OfficialFactory()
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_assign", args=[bidang.pk])
    response = client.post(url, _assign_data(official, account="create", username="", password=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "password"}
    response = client.post(url, _assign_data(official, account="create", username="kabid.dikdas", password="x"))
    assert response.status_code == 200  # a password too short: nothing saved, not even the assignment
    assert "password" in response.context["form"].errors
    assert not PositionAssignment.objects.exists()
    data = _assign_data(official, account="create", username="kabid.dikdas", password="Kinerja-Rahasia-2026")
    assert client.post(url, data).status_code == 302
    official.refresh_from_db()
    user = official.user
    assert (user.username, user.role, user.department_id) == ("kabid.dikdas", Role.OFFICIAL, bidang.department_id)
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": official.nip_display, "password": "Kinerja-Rahasia-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("departments:positions", args=[bidang.department_id])).status_code == 200


def test_the_admin_links_an_existing_official_account_which_follows_to_the_department(
    client, users, make_user, bidang, other_department, english_messages
):
    official = OfficialFactory()
    staff = make_user(Role.DEPARTMENT_STAFF, username="staf")
    account = make_user(Role.OFFICIAL, username="kasi", department=other_department)
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_assign", args=[bidang.pk])
    response = client.post(url, _assign_data(official, account="link", user=staff.pk))
    assert "user" in response.context["form"].errors  # only accounts with the role official are offered
    assert client.post(url, _assign_data(official, account="link", user=account.pk)).status_code == 302
    account.refresh_from_db()
    assert account.official == official
    assert account.department == bidang.department


def test_ending_an_assignment_on_its_page(client, users, bidang, english_messages):
    holder = PositionAssignmentFactory(position=bidang, start_date=datetime.date(2025, 1, 1))
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_assignment_end", args=[holder.pk])
    response = client.post(url, {"end_date": "2024-12-31"})
    assert "cannot be before the start date" in str(response.context["form"].errors["end_date"])
    assert client.post(url, {"end_date": "2026-01-31"}).status_code == 302
    holder.refresh_from_db()
    assert holder.end_date == datetime.date(2026, 1, 31)
    assert client.get(url).status_code == 404  # an ended assignment has nothing left to end


def test_the_officials_page_lists_their_positions_and_a_head_sees_the_holders_of_their_department(
    client, users, bidang, seksi, other_department
):
    official = OfficialFactory()
    PositionAssignmentFactory(position=seksi, official=official, start_date=datetime.date(2024, 1, 2))
    PositionAssignmentFactory(position=bidang, official=official, kind="plt", start_date=datetime.date(2025, 1, 2))
    outsider = PositionAssignmentFactory(position=PositionFactory(department=other_department)).official
    client.force_login(users[Role.DEPARTMENT_HEAD])
    response = client.get(reverse("officials:detail", args=[official.pk]))
    html = response.content.decode()
    assert html.count('data-testid="position-assignment-history"') == 1
    assert bidang.name in html and seksi.name in html
    assert official in client.get(reverse("officials:list")).context["object_list"]
    listed = client.get(reverse("officials:list"), {"department": bidang.department_id}).context["object_list"]
    assert official in listed
    department_page = client.get(reverse("departments:detail", args=[bidang.department_id])).content.decode()
    assert reverse("departments:positions", args=[bidang.department_id]) in department_page
    assert client.get(reverse("officials:detail", args=[outsider.pk])).status_code == 404


def test_the_account_pages_offer_the_official_role_and_require_a_department_for_it(
    client, users, department, english_messages
):
    client.force_login(users[Role.ADMIN])
    data = {"username": "kasubbag", "first_name": "Kasubbag", "role": "official", "password": "Kinerja-Rahasia-2026"}
    response = client.post(reverse("accounts:user_create"), {**data, "is_active": "on"})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    response = client.post(reverse("accounts:user_create"), {**data, "department": department.pk, "is_active": "on"})
    assert response.status_code == 302


def test_every_change_of_positions_and_holders_is_recorded_with_who_did_it(client, users, department):
    client.force_login(users[Role.ADMIN])
    url = reverse("departments:position_create", args=[department.pk])
    client.post(url, {"name": "Sekretaris", "kind": "sekretaris", "echelon": "III.a", "order": 1})
    position = Position.objects.get()
    official = OfficialFactory()
    client.post(reverse("departments:position_assign", args=[position.pk]), _assign_data(official))
    assignment = PositionAssignment.objects.get()
    client.post(reverse("departments:position_assignment_end", args=[assignment.pk]), {"end_date": "2026-01-31"})
    position_events = Position.pgh_event_model.objects.filter(pgh_obj_id=position.pk)
    assignment_events = PositionAssignment.pgh_event_model.objects.filter(pgh_obj_id=assignment.pk).order_by("pgh_id")
    assert [e.pgh_label for e in assignment_events] == ["insert", "update"]
    for event in [*position_events, *assignment_events]:
        assert event.pgh_context.metadata["user"] == users[Role.ADMIN].pk


def test_a_linked_official_account_follows_a_definitive_assignment_but_not_a_plt(make_user, bidang, other_department):
    official = OfficialFactory(user=make_user(Role.OFFICIAL, username="kabid"))
    elsewhere = PositionFactory(department=other_department, name="Kepala Bidang Kesehatan Masyarakat")
    _assign(bidang, official)
    official.user.refresh_from_db()
    assert official.user.department == bidang.department
    _assign(elsewhere, official, kind="plt", start_date=datetime.date(2026, 2, 1))
    official.user.refresh_from_db()
    assert official.user.department == bidang.department
