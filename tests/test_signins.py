"""Sign-ins and failed attempts in the audit trail (issue 12): through the pages and the API token, with the
account, the name given, the address and the browser; the admin and the Inspektorat find them on /audit/."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role, SignIn

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        HTTP_USER_AGENT="Mozilla/5.0 (Android 14)",
        REMOTE_ADDR="10.1.2.3",
    )


def test_a_sign_in_and_the_failures_are_recorded(client, make_user):
    user = make_user(Role.BAPPEDA, username="bappeda")
    sign_in(client, "bappeda", "salah")
    sign_in(client, "tidak-ada", "salah")
    assert SignIn.objects.count() == 2
    sign_in(client, "bappeda")
    rows = list(SignIn.objects.order_by("pk").values_list("username", "user", "succeeded", "ip_address"))
    assert rows == [
        ("bappeda", user.pk, False, "10.1.2.3"),
        ("tidak-ada", None, False, "10.1.2.3"),
        ("bappeda", user.pk, True, "10.1.2.3"),
    ]
    assert SignIn.objects.last().user_agent == "Mozilla/5.0 (Android 14)"


def test_api_token_sign_ins_and_failures_are_recorded(make_user):
    user = make_user(Role.DEPARTMENT_HEAD, username="kadis")
    api = APIClient()
    assert api.post("/api/v1/auth/token/", {"username": "kadis", "password": "salah"}).status_code == 400
    assert api.post("/api/v1/auth/token/", {"username": "kadis", "password": PASSWORD}).status_code == 200
    assert list(SignIn.objects.order_by("pk").values_list("user", "succeeded")) == [(user.pk, False), (user.pk, True)]


def test_the_audit_trail_shows_them_to_the_admin_and_the_inspectorate_only(client, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    sign_in(client, "bappeda", "salah")
    sign_in(client, "bappeda")
    for role, code in ((Role.ADMIN, 200), (Role.INSPECTORATE, 200), (Role.BAPPEDA, 403), (Role.MAYOR_OFFICE, 403)):
        client.force_login(make_user(role))
        answer = client.get(reverse("audit:list"), {"model": "accounts.signin"})
        assert answer.status_code == code
        if code == 200:
            page = answer.content.decode()
            assert page.count('data-action="insert"') >= 2 or page.count("bappeda") >= 2, page[-3000:]
            assert "bappeda" in page
