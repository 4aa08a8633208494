"""API fuzzing (issue 12): schemathesis generates requests for every operation of /api/v1/schema/ and sends them, with
a token of each role, to the real application (PostgreSQL, the WSGI handler); no answer may be a 5xx, and every
documented answer must match the schema. The number of cases is bounded (FUZZ_EXAMPLES per operation and role)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from apps.accounts.models import Role

from .factories import RegionFactory
from .factories_innovations import make_innovation
from .factories_progress import make_signed_agreement

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
ROLES = [Role.ADMIN, Role.MAYOR_OFFICE, Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.BAPPEDA, Role.INSPECTORATE]


@pytest.fixture
def api(settings):
    """The schema, from the application itself, whose requests stay in the test's transaction (as Django's test
    client does, the requests do not close the database connection)."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_no_answer_is_a_server_error_and_every_answer_matches_the_schema(api, role, make_user, department):
    RegionFactory()
    staff = make_user(Role.DEPARTMENT_STAFF, username="fuzz-staff")
    make_signed_agreement(department, year=2026)  # something to read, report on and change
    make_innovation(department, by=staff)
    user = staff if role == Role.DEPARTMENT_STAFF else make_user(role)
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    failures, cases = [], 0
    for result in api.get_all_operations():
        operation = result.ok()
        if operation.path.endswith("/auth/token/"):
            continue  # throttled by design (30 a minute), and fuzzed by the sign-in tests

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal cases
            cases += 1
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is fuzzed; failures reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    print(f"{role}: {cases} cases")
    assert not failures, "\n\n".join(failures)
