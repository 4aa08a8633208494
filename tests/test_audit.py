"""Row history by PostgreSQL triggers, the timeline on object pages and the audit trail (/audit/)."""

import datetime

import pghistory
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts.models import Role, User
from apps.core.audit import audit_context
from apps.departments.models import Department, DepartmentKind, Official

pytestmark = pytest.mark.django_db

DepartmentEvent = Department.pgh_event_model
PASSWORD = "audit-pass-2026"
MAKASSAR = datetime.timezone(datetime.timedelta(hours=8))


# --- Fixtures ------------------------------------------------------------------------------------------------
@pytest.fixture
def dinas():
    return Department.objects.create(code="1.01.0.00", name="Dinas Pendidikan", short_name="Disdik", kind="dinas")


@pytest.fixture
def make_user(dinas):
    def make(role, username=None, **kwargs):
        if role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF):
            kwargs.setdefault("department", dinas)
        return User.objects.create_user(username=username or role, password=PASSWORD, role=role, **kwargs)

    return make


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, username="admin", first_name="Siti", last_name="Admin")


@pytest.fixture
def inspector(make_user):
    return make_user(Role.INSPECTORATE, username="inspektur", first_name="Budi", last_name="Inspektur")


def events_of(obj, **filters):
    return list(type(obj).pgh_event_model.objects.filter(pgh_obj_id=obj.pk, **filters).order_by("pgh_id"))


def render_timeline(obj, user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load audit %}{% audit_timeline obj %}").render(Context({"obj": obj, "request": request}))


def set_event_time(obj, when, **filters):
    type(obj).pgh_event_model.objects.filter(pgh_obj_id=obj.pk, **filters).update(pgh_created_at=when)


# --- Row history by triggers ---------------------------------------------------------------------------------
def test_creating_a_department_records_an_insert_event(dinas):
    [event] = events_of(dinas)
    assert event.pgh_label == "insert"
    assert event.name == "Dinas Pendidikan"


def test_saving_a_change_records_an_update_event_with_the_new_values(dinas):
    dinas.name = "Dinas Pendidikan dan Kebudayaan"
    dinas.save()
    assert [(e.pgh_label, e.name) for e in events_of(dinas)] == [
        ("insert", "Dinas Pendidikan"),
        ("update", "Dinas Pendidikan dan Kebudayaan"),
    ]


def test_a_queryset_update_records_an_event_for_every_row_it_changes(dinas):
    other = Department.objects.create(code="1.02.0.00", name="Dinas Kesehatan", short_name="Dinkes", kind="dinas")
    Department.objects.filter(pk__in=[dinas.pk, other.pk]).update(is_active=False)
    for department in (dinas, other):
        assert [e.pgh_label for e in events_of(department)] == ["insert", "update"]
        assert events_of(department)[-1].is_active is False


def test_saving_or_updating_without_a_change_records_nothing(dinas):
    dinas.save()  # only updated_at moves: an automatic timestamp is no change
    Department.objects.filter(pk=dinas.pk).update(name="Dinas Pendidikan")
    assert [e.pgh_label for e in events_of(dinas)] == ["insert"]


def test_deleting_records_a_delete_event_with_the_last_values(dinas):
    other = Department.objects.create(code="1.02.0.00", name="Dinas Kesehatan", short_name="Dinkes", kind="dinas")
    dinas.delete()
    Department.objects.filter(pk=other.pk).delete()
    assert [e.pgh_label for e in DepartmentEvent.objects.filter(pgh_label="delete").order_by("pgh_id")] == [
        "delete",
        "delete",
    ]
    [deleted] = DepartmentEvent.objects.filter(pgh_label="delete", name="Dinas Kesehatan")
    assert deleted.pgh_obj_id == other.pk


def test_a_change_through_the_edit_page_records_the_admin_and_the_url(client, admin, dinas):
    client.force_login(admin)
    url = reverse("departments:update", args=[dinas.pk])
    response = client.post(
        url,
        {
            "code": dinas.code,
            "name": "Dinas Pendidikan Baru",
            "short_name": "Disdik",
            "kind": "dinas",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = events_of(dinas, pgh_label="update")[-1]
    assert event.name == "Dinas Pendidikan Baru"
    assert event.pgh_context.metadata == {"user": admin.pk, "url": url}


def test_a_change_through_the_api_with_a_token_records_the_user_drf_authenticated(admin, dinas):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin).key}")
    url = f"/api/v1/departments/{dinas.pk}/"
    response = api.patch(url, {"name": "Dinas Pendidikan Lewat API"}, format="json")
    assert response.status_code == 200, response.content
    event = events_of(dinas, pgh_label="update")[-1]
    assert event.name == "Dinas Pendidikan Lewat API"
    assert event.pgh_context.metadata == {"user": admin.pk, "url": url}


def test_a_command_or_task_records_its_user_and_source_through_audit_context(admin, dinas):
    with audit_context(user=admin, source="import_departments"):
        Department.objects.filter(pk=dinas.pk).update(kind=DepartmentKind.BADAN)
    event = events_of(dinas, pgh_label="update")[-1]
    assert event.pgh_context.metadata == {"user": admin.pk, "url": "import_departments"}


# --- The timeline on an object's page ------------------------------------------------------------------------
def test_the_timeline_tells_who_changed_which_fields_and_when_in_indonesian(admin, dinas):
    with pghistory.context(user=admin.pk, url=f"/departments/{dinas.pk}/edit/"):
        Department.objects.filter(pk=dinas.pk).update(name="Dinas Pendidikan dan Kebudayaan", kind="badan")
    set_event_time(dinas, datetime.datetime(2026, 8, 17, 3, 5, tzinfo=datetime.UTC))
    with timezone.override("Asia/Makassar"):
        html = render_timeline(dinas, admin)
    assert "17 Agustus 2026, 11.05" in html  # 03.05 UTC is 11.05 WITA
    assert "Siti Admin" in html
    assert gettext("changed") in html
    assert str(capfirst(Department._meta.get_field("name").verbose_name)) in html
    assert "«Dinas Pendidikan» → «Dinas Pendidikan dan Kebudayaan»" in html
    assert f"«{DepartmentKind.DINAS.label}» → «{DepartmentKind.BADAN.label}»" in html  # choice labels
    assert f"/departments/{dinas.pk}/edit/" in html
    assert gettext("System") in html  # the insert, made outside any request
    assert gettext("created") in html


def test_the_timeline_names_related_objects_in_changes(admin, dinas, make_user):
    other = Department.objects.create(code="1.02.0.00", name="Dinas Kesehatan", short_name="Dinkes", kind="dinas")
    staff = make_user(Role.DEPARTMENT_STAFF, username="staf")
    User.objects.filter(pk=staff.pk).update(department=other)
    html = render_timeline(staff, admin)
    assert "«Dinas Pendidikan» → «Dinas Kesehatan»" in html


def test_the_timeline_shows_the_latest_fifty_and_links_only_auditors_to_the_rest(admin, dinas, make_user):
    for n in range(55):
        Department.objects.filter(pk=dinas.pk).update(name=f"Dinas Pendidikan {n}")
    html = render_timeline(dinas, admin)
    assert html.count('data-action="update"') == 50
    assert "«Dinas Pendidikan 53» → «Dinas Pendidikan 54»" in html
    assert "«Dinas Pendidikan 3» → «Dinas Pendidikan 4»" not in html
    assert f"{reverse('audit:list')}?model=departments.department&amp;object_id={dinas.pk}" in html
    staff_html = render_timeline(dinas, make_user(Role.DEPARTMENT_STAFF))
    assert reverse("audit:list") not in staff_html
    assert staff_html.count('data-action="update"') == 50


@pytest.mark.parametrize("updates", [5, 60])
def test_the_timeline_query_count_does_not_grow_with_the_events(admin, dinas, updates, django_assert_max_num_queries):
    for n in range(updates):
        with pghistory.context(user=admin.pk, url="/test/"):
            Department.objects.filter(pk=dinas.pk).update(name=f"Dinas Pendidikan {n}")
    with django_assert_max_num_queries(5):
        render_timeline(dinas, admin)


def test_the_department_page_shows_its_timeline(client, admin, dinas):
    client.force_login(admin)
    Department.objects.filter(pk=dinas.pk).update(short_name="Disdikbud")
    response = client.get(dinas.get_absolute_url())
    assert response.status_code == 200
    assert "«Disdik» → «Disdikbud»" in response.content.decode()


# --- The audit trail -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.INSPECTORATE, 200),
        (Role.MAYOR_OFFICE, 403),
        (Role.BAPPEDA, 403),
        (Role.DEPARTMENT_HEAD, 403),
        (Role.DEPARTMENT_STAFF, 403),
    ],
)
def test_only_the_admin_and_the_inspectorate_may_browse_the_audit_trail(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("audit:list")).status_code == status


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def rows(response):
    return [(entry.model_name, entry.action, entry.object_label) for entry in response.context["entries"]]


def test_the_audit_trail_lists_every_change_newest_first_with_links_to_existing_objects(client, inspector, dinas):
    gone = Department.objects.create(code="9.99.0.00", name="Dinas Lama", short_name="Lama", kind="dinas")
    gone_pk = gone.pk
    gone.delete()
    client.force_login(inspector)
    response = client.get(reverse("audit:list"), {"model": "departments.department"})
    entries = response.context["entries"]
    assert [(e.action, e.object_label) for e in entries] == [
        ("delete", "Dinas Lama"),
        ("insert", "Dinas Lama"),
        ("insert", "Dinas Pendidikan"),
    ]
    assert entries[0].object_url is None and entries[0].object_id == gone_pk
    assert entries[2].object_url == dinas.get_absolute_url()
    html = response.content.decode()
    assert f'href="{dinas.get_absolute_url()}"' in html


def test_the_audit_trail_filters_by_object_type_and_id(client, inspector, dinas):
    other = Department.objects.create(code="1.02.0.00", name="Dinas Kesehatan", short_name="Dinkes", kind="dinas")
    Official.objects.create(nip="197503142000031001", name="Drs. Ahmad", rank="IV/b")
    client.force_login(inspector)
    by_type = client.get(reverse("audit:list"), {"model": "departments.official"})
    assert rows(by_type) == [(capfirst(Official._meta.verbose_name), "insert", "Drs. Ahmad")]
    by_object = client.get(reverse("audit:list"), {"model": "departments.department", "object_id": other.pk})
    assert [label for _, _, label in rows(by_object)] == ["Dinas Kesehatan"]
    no_such_id = client.get(reverse("audit:list"), {"object_id": "abc"})
    assert rows(no_such_id) == []


def test_the_audit_trail_filters_by_user(client, admin, inspector, dinas):
    with pghistory.context(user=admin.pk, url="/by-admin/"):
        Department.objects.filter(pk=dinas.pk).update(name="Diubah Admin")
    with pghistory.context(user=inspector.pk, url="/by-inspector/"):
        Department.objects.filter(pk=dinas.pk).update(short_name="Diubah")
    client.force_login(inspector)
    response = client.get(reverse("audit:list"), {"user": admin.pk})
    assert [(e.actor, e.source, e.action) for e in response.context["entries"]] == [
        ("Siti Admin", "/by-admin/", "update")
    ]


def test_the_audit_trail_filters_by_days_in_the_local_time_zone_and_by_action(client, inspector, dinas, monkeypatch):
    monkeypatch.setattr("apps.departments.middleware.region_time_zone", lambda: "Asia/Makassar")
    Department.objects.filter(pk=dinas.pk).update(name="Dinas Pendidikan 2")
    # 23 Nov 2026 23.30 WITA is still 23 Nov there, though 15.30 UTC; the update is a day later.
    set_event_time(dinas, datetime.datetime(2026, 11, 23, 23, 30, tzinfo=MAKASSAR), pgh_label="insert")
    set_event_time(dinas, datetime.datetime(2026, 11, 24, 0, 30, tzinfo=MAKASSAR), pgh_label="update")
    client.force_login(inspector)
    url = reverse("audit:list")
    on_23 = client.get(url, {"model": "departments.department", "date_from": "23/11/2026", "date_to": "23/11/2026"})
    from_24 = client.get(url, {"model": "departments.department", "date_from": "24/11/2026"})
    updates = client.get(url, {"model": "departments.department", "action": "update"})
    wrong = client.get(url, {"date_from": "24/11/2026", "date_to": "23/11/2026"})
    assert [e.action for e in on_23.context["entries"]] == ["insert"]
    assert [e.action for e in from_24.context["entries"]] == ["update"]
    assert [e.action for e in updates.context["entries"]] == ["update"]
    assert "date_to" in wrong.context["filter"]["form"].errors


@pytest.mark.parametrize("departments", [5, 60])
def test_the_audit_trail_query_count_does_not_grow_with_the_events(
    client, admin, inspector, make_user, departments, settings, django_assert_max_num_queries
):
    for n in range(departments):
        with pghistory.context(user=admin.pk, url="/departments/new/"):
            department = Department.objects.create(
                code=f"2.{n:02d}.0.00", name=f"Dinas Contoh {n}", short_name=f"DC{n}", kind="dinas"
            )
        with pghistory.context(user=inspector.pk, url="/departments/edit/"):
            Department.objects.filter(pk=department.pk).update(kind="badan")
        if n % 10 == 0:
            make_user(Role.DEPARTMENT_STAFF, username=f"staf{n}", department=department)
            Official.objects.create(nip=f"1975031420000310{n:02d}", name=f"Pejabat {n}", rank="IV/a")
    client.force_login(inspector)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert len(response.context["entries"]) == min(response.context["page_obj"].paginator.count, settings.PAGE_SIZE)
    with django_assert_max_num_queries(22):
        client.get(reverse("audit:list"), {"user": admin.pk, "date_from": "01/01/2020", "page": 2})


def test_an_import_job_is_in_the_audit_trail_but_not_every_progress_tick(admin):
    from apps.core.models import ImportJob

    job = ImportJob.objects.create(kind="departments", file="imports/x.xlsx", original_name="x.xlsx", created_by=admin)
    for processed in range(1, 6):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=processed)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.READY)
    labels = list(ImportJob.pgh_event_model.objects.filter(pgh_obj_id=job.pk).values_list("pgh_label", flat=True))
    assert sorted(labels) == ["insert", "update"]
