import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.models import Role, User

from .factories import PASSWORD, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_user_signs_in_with_username(client, make_user):
    user = make_user(Role.BAPPEDA, username="bappeda")
    response = sign_in(client, "bappeda")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_user_signs_in_with_the_nip_of_the_linked_official_typed_with_spaces(client, make_user):
    user = make_user(Role.DEPARTMENT_HEAD, username="kadis")
    OfficialFactory(nip="196811151992021002", user=user)
    response = sign_in(client, "19681115 199202 1 002")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_clear_message_and_keeps_the_username(client, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    response = sign_in(client, "bappeda", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"bappeda" in response.content
    assert response.context["form"].errors


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "bappeda", "wrong")
    response = sign_in(client, "bappeda")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b"locked-out" in response.content


def test_the_session_expires_after_the_configured_hours_of_inactivity(client, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    sign_in(client, "bappeda")
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_HOURS * 3600


def test_the_idle_expiry_is_extended_at_most_once_a_refresh_interval(client, make_user):
    import time_machine
    from django.contrib.sessions.models import Session

    make_user(Role.BAPPEDA, username="bappeda")
    with time_machine.travel(datetime.datetime(2026, 11, 24, 8, tzinfo=datetime.UTC), tick=False) as traveller:
        sign_in(client, "bappeda")
        client.get(reverse("core:home"))
        expiry = Session.objects.get().expire_date
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS - 1))
        client.get(reverse("core:home"))
        assert Session.objects.get().expire_date == expiry  # not written again within the interval
        traveller.shift(datetime.timedelta(seconds=2))
        client.get(reverse("core:home"))
        assert Session.objects.get().expire_date == expiry + datetime.timedelta(
            seconds=settings.SESSION_REFRESH_SECONDS + 1
        )


def test_an_expired_session_sends_the_user_to_sign_in(client, make_user):
    import time_machine

    make_user(Role.BAPPEDA, username="bappeda")
    sign_in(client, "bappeda")
    assert client.get(reverse("core:home")).status_code == 200
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=settings.SESSION_IDLE_HOURS, minutes=1)
    with time_machine.travel(later):
        response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user):
    user = make_user(Role.BAPPEDA, username="bappeda", email="bappeda@banjarbarukota.go.id")
    response = client.post(reverse("accounts:password_reset"), {"email": "bappeda@banjarbarukota.go.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Banjarbaru-baru-2026", "new_password2": "Banjarbaru-baru-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Banjarbaru-baru-2026")


def test_a_department_role_without_a_department_is_refused_by_the_database(department):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.DEPARTMENT_HEAD, department=None)


def test_the_mayors_office_cannot_belong_to_a_department(department):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.MAYOR_OFFICE, department=department)


def test_an_unknown_role_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role="superhero")


def test_each_role_sees_its_own_navigation(client, users):
    expectations = {
        Role.ADMIN: {"departments:list", "officials:list", "region", "audit:list"},
        Role.INSPECTORATE: {"departments:list", "officials:list", "audit:list"},
        Role.MAYOR_OFFICE: {"departments:list", "officials:list"},
        Role.BAPPEDA: {"departments:list", "officials:list"},
        Role.DEPARTMENT_HEAD: {"departments:list", "officials:list"},
        Role.DEPARTMENT_STAFF: {"departments:list", "officials:list"},
    }
    everything = {"departments:list", "officials:list", "region", "audit:list"}
    for role, visible in expectations.items():
        client.force_login(users[role])
        urls = {item["url"] for item in client.get(reverse("core:home")).context["navigation"]}
        for name in everything:
            assert (reverse(name) in urls) == (name in visible), (role, name)


def test_the_user_model_is_the_custom_one():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert UserFactory._meta.model is User


def test_the_admin_creates_an_account_and_a_department_role_needs_a_department(client, users, department):
    client.force_login(users[Role.ADMIN])
    data = {
        "username": "staf-baru",
        "first_name": "Staf",
        "role": "department_staff",
        "password": "Banjarbaru-2026!",
        "is_active": "on",
    }
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert b"staf-baru" in response.content
    data["department"] = department.pk
    assert client.post(reverse("accounts:user_create"), data).status_code == 302
    created = User.objects.get(username="staf-baru")
    assert created.department == department and created.check_password("Banjarbaru-2026!")


def test_the_admin_unlocks_a_locked_account(client, make_user, users):
    make_user(Role.BAPPEDA, username="perencana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "perencana", "wrong")
    assert sign_in(client, "perencana").status_code == 429
    admin_client = client.__class__()
    admin_client.force_login(users[Role.ADMIN])
    target = User.objects.get(username="perencana")
    assert admin_client.post(reverse("accounts:user_unlock", args=[target.pk])).status_code == 302
    assert sign_in(client, "perencana").status_code == 302
