"""Every URL of the project × every role gets its designed answer.

The decisions live in tests/matrix/<app>.py; together they must name every URL pattern of the project: a new view
without a decision fails `test_every_url_name_has_a_decision`, so this file keeps protecting every later issue.
Codes: 200 ok · 302 to the login page (anonymous) · 401 the API without credentials · 403 the role may not ·
404 another department's object · 405 GET not allowed (POST-only action).
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.core.models import ImportJob

from . import matrix
from .matrix import ADMIN, ALL_ROLES, ANON, HEAD, STAFF

MODULES = [importlib.import_module(f"tests.matrix.{info.name}") for info in pkgutil.iter_modules(matrix.__path__)]
EXPECTED = {name: decision for module in MODULES for name, decision in module.EXPECTED.items()}
OTHER_DEPARTMENT = {
    name: kwargs for module in MODULES for name, kwargs in getattr(module, "OTHER_DEPARTMENT", {}).items()
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
    assert not missing, f"URLs without a permission decision in tests/matrix/: {missing}"
    stated = {name for codes in matrix.role_codes().values() for name in codes}
    stale = sorted((EXPECTED.keys() | stated) - all_url_names())
    assert not stale, f"decisions for URLs that no longer exist: {stale}"


@pytest.fixture
def objects(department, other_department, head_assignment, other_head_assignment, users):
    shared = {
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
    for module in MODULES:
        if hasattr(module, "objects"):
            module.objects(shared)
    return shared


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
        designed = matrix.designed(name, expected, role)
        allowed = designed if isinstance(designed, set) else {designed}
        if code not in allowed:
            wrong.append(f"{name} ({url}): {code}, expected {designed}")
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
