"""Every URL of the project × every role gets its designed answer.

`EXPECTED` must name every URL pattern of the project: a new view without a decision here fails
`test_every_url_name_has_a_decision`, so this file keeps protecting every later issue.
Codes: 200 ok · 302 to the login page (anonymous) · 401 the API without credentials · 403 the role may not ·
404 another department's object · 405 GET not allowed (POST-only action).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import Role
from apps.core.models import ImportJob

ANON = "anonymous"
ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT = (
    Role.ADMIN,
    Role.MAYOR_OFFICE,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
    Role.BAPPEDA,
    Role.INSPECTORATE,
)
ALL_ROLES = (ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT)


def everyone(code, anonymous=302):
    return {ANON: anonymous, **dict.fromkeys(ALL_ROLES, code)}


def only(allowed, anonymous=302, denied=403):
    return {ANON: anonymous, **{role: (200 if role in allowed else denied) for role in ALL_ROLES}}


# url name -> (kwargs builder, expected code per role). "own" objects belong to the department of HEAD and STAFF.
EXPECTED = {
    "health": (None, {role: {200, 503} for role in (ANON, *ALL_ROLES)}),
    "core:home": (None, everyone(200)),
    # accounts
    "accounts:login": (None, {ANON: 200, **dict.fromkeys(ALL_ROLES, 302)}),
    "accounts:logout": (None, everyone(405, anonymous=405)),
    "accounts:profile": (None, everyone(200)),
    "accounts:users": (None, only({ADMIN})),
    "accounts:user_create": (None, only({ADMIN})),
    "accounts:user_update": (lambda o: {"pk": o["own_user"].pk}, only({ADMIN})),
    "accounts:user_unlock": (lambda o: {"pk": o["own_user"].pk}, {**only({ADMIN}), ADMIN: 405}),
    "accounts:password_change": (None, everyone(200)),
    "accounts:password_change_done": (None, everyone(200)),
    "accounts:password_reset": (None, everyone(200, anonymous=200)),
    "accounts:password_reset_done": (None, everyone(200, anonymous=200)),
    "accounts:password_reset_confirm": (
        lambda o: {"uidb64": "MQ", "token": "set-password"},
        everyone(200, anonymous=200),
    ),
    "accounts:password_reset_complete": (None, everyone(200, anonymous=200)),
    # organisation
    "region": (None, only({ADMIN})),
    "region_logo": (None, everyone(404)),  # no logo uploaded in this fixture
    "departments:list": (None, everyone(200)),
    "departments:create": (None, only({ADMIN})),
    "departments:detail": (lambda o: {"pk": o["own_department"].pk}, everyone(200)),
    "departments:update": (lambda o: {"pk": o["own_department"].pk}, only({ADMIN})),
    "departments:history": (lambda o: {"pk": o["own_department"].pk}, everyone(200)),
    "officials:list": (None, everyone(200)),
    "officials:create": (None, only({ADMIN})),
    "officials:detail": (lambda o: {"pk": o["own_official"].pk}, everyone(200)),
    "officials:update": (lambda o: {"pk": o["own_official"].pk}, only({ADMIN})),
    "officials:history": (lambda o: {"pk": o["own_official"].pk}, everyone(200)),
    "officials:assign": (lambda o: {"pk": o["own_official"].pk}, only({ADMIN, MAYOR})),
    "officials:assignment_end": (lambda o: {"pk": o["own_assignment"].pk}, only({ADMIN, MAYOR})),
    # imports (admin only; a job page is 404 for the others, as it is no object of theirs)
    "core:import": (lambda o: {"kind": "departments"}, only({ADMIN})),
    "core:import_template": (lambda o: {"kind": "officials"}, only({ADMIN})),
    "core:import_job": (lambda o: {"pk": o["import_job"].pk}, only({ADMIN}, denied=404)),
    "core:import_job_progress": (lambda o: {"pk": o["import_job"].pk}, only({ADMIN}, denied=404)),
    "core:import_confirm": (lambda o: {"pk": o["import_job"].pk}, {**only({ADMIN}, denied=404), ADMIN: 405}),
    # audit
    "audit:list": (None, only({ADMIN, INSPECT})),
    # API
    "api-schema": (None, everyone(200, anonymous=200)),  # the API's documentation is public; its data is not
    "api-docs": (None, everyone(200, anonymous=200)),
    "api-token": (None, everyone(405, anonymous=405)),
    "api-me": (None, everyone(200, anonymous=401)),
    "api-user-list": (None, only({ADMIN}, anonymous=401)),
    "api-user-detail": (lambda o: {"pk": o["own_user"].pk}, only({ADMIN}, anonymous=401)),
    "api-department-list": (None, everyone(200, anonymous=401)),
    "api-department-detail": (lambda o: {"pk": o["own_department"].pk}, everyone(200, anonymous=401)),
    "api-official-list": (None, everyone(200, anonymous=401)),
    "api-official-detail": (lambda o: {"pk": o["own_official"].pk}, everyone(200, anonymous=401)),
    "api-assignment-list": (None, everyone(200, anonymous=401)),
    "api-assignment-detail": (lambda o: {"pk": o["own_assignment"].pk}, everyone(200, anonymous=401)),
    "api-assignment-end": (lambda o: {"pk": o["own_assignment"].pk}, everyone(405, anonymous=401)),
    "api-region": (None, everyone(200, anonymous=401)),
    "api-audit-events": (None, only({ADMIN, INSPECT}, anonymous=401)),
    "api-import-start": (lambda o: {"kind": "departments"}, {**only({ADMIN}, anonymous=401), ADMIN: 405}),
    "api-import-job-list": (None, only({ADMIN}, anonymous=401)),
    "api-import-job-detail": (lambda o: {"pk": o["import_job"].pk}, only({ADMIN}, anonymous=401)),
    "api-import-job-confirm": (lambda o: {"pk": o["import_job"].pk}, {**only({ADMIN}, anonymous=401), ADMIN: 405}),
}

# Another department's object: a department role must get 404 (nothing leaks), the others what they get above.
OTHER_DEPARTMENT = {
    "departments:detail": lambda o: {"pk": o["other_department"].pk},
    "departments:history": lambda o: {"pk": o["other_department"].pk},
    "departments:update": lambda o: {"pk": o["other_department"].pk},
    "officials:detail": lambda o: {"pk": o["other_official"].pk},
    "officials:history": lambda o: {"pk": o["other_official"].pk},
    "officials:update": lambda o: {"pk": o["other_official"].pk},
    "api-department-detail": lambda o: {"pk": o["other_department"].pk},
    "api-official-detail": lambda o: {"pk": o["other_official"].pk},
    "api-assignment-detail": lambda o: {"pk": o["other_assignment"].pk},
}


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_name_has_a_decision():
    missing = sorted(all_url_names() - EXPECTED.keys())
    assert not missing, f"URLs without a permission decision in {__file__}: {missing}"
    stale = sorted(EXPECTED.keys() - all_url_names())
    assert not stale, f"decisions for URLs that no longer exist: {stale}"


@pytest.fixture
def objects(department, other_department, head_assignment, other_head_assignment, users):
    return {
        "own_department": department,
        "other_department": other_department,
        "own_official": head_assignment.official,
        "other_official": other_head_assignment.official,
        "own_assignment": head_assignment,
        "other_assignment": other_head_assignment,
        "own_user": users[HEAD],
        "import_job": ImportJob.objects.create(
            kind="departments", file="imports/x.xlsx", original_name="x.xlsx", created_by=users[ADMIN]
        ),
    }


def _get(client, url, role):
    response = client.get(url)
    if response.status_code == 302 and role == ANON:
        assert "/accounts/login/" in response["Location"], f"{url} redirects anonymous elsewhere"
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ANON, *ALL_ROLES])
def test_every_url_answers_each_role_as_designed(role, client, objects, users):
    if role != ANON:
        client.force_login(users[role])
    wrong = []
    for name, (kwargs, expected) in sorted(EXPECTED.items()):
        url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
        code = _get(client, url, role)
        allowed = expected[role] if isinstance(expected[role], set) else {expected[role]}
        if code not in allowed:
            wrong.append(f"{name} ({url}): {code}, expected {expected[role]}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [HEAD, STAFF])
def test_department_roles_get_404_for_another_departments_objects(role, client, objects, users):
    client.force_login(users[role])
    wrong = []
    for name, kwargs in OTHER_DEPARTMENT.items():
        url = reverse(name, kwargs=kwargs(objects))
        code = client.get(url).status_code
        if code != 404:
            wrong.append(f"{name} ({url}): {code}")
    assert not wrong, "\n".join(wrong)
