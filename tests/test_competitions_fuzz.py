"""API fuzzing of the competition's operations (issue 9), as tests/test_api_fuzz.py does for the whole schema, but
with rounds in every state to act on (so that the writes reach their services, not only a 404) and the `jury`
role too: no answer may be a 5xx, and every documented answer must match the schema. FUZZ_EXAMPLES cases per
operation and role (default 4)."""

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
from apps.competitions import services
from apps.competitions.models import Entry, Juror, Round, RoundStatus
from tests.factories import UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all
from tests.factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
ROLES = [
    Role.ADMIN,
    Role.MAYOR_OFFICE,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
    Role.BAPPEDA,
    Role.INSPECTORATE,
    Role.JURY,
]
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")


@pytest.fixture
def api(settings):
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _rounds(user, department, other_department):
    """A round in each state, with entries; `user` is a juror of the rounds from judging on."""
    bappeda = UserFactory(role=Role.BAPPEDA)
    make_round(year=2020, by=bappeda)  # draft
    registration = make_round(year=2021, by=bappeda, status=RoundStatus.REGISTRATION)
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    make_entry(registration, department, by=staff, name="Inovasi Terdaftar")
    make_innovation(department, by=staff, stage="penerapan", name="Inovasi Siap Ikut")
    for year, final in ((2022, RoundStatus.JUDGING), (2023, RoundStatus.CLOSED), (2024, RoundStatus.PUBLISHED)):
        round_ = make_round(year=year, by=bappeda, status=RoundStatus.REGISTRATION)
        entries = [make_entry(round_, d, name=f"Inovasi {year} {d.pk}") for d in (department, other_department)]
        jurors = [make_juror(round_, bappeda=bappeda), make_juror(round_, user=user, bappeda=bappeda)]
        round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
        for entry in entries:
            score_all(jurors[0], entry, dict.fromkeys(FIVE, 70))
        if final in (RoundStatus.CLOSED, RoundStatus.PUBLISHED):
            round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
        if final == RoundStatus.PUBLISHED:
            services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=bappeda)


@pytest.mark.parametrize("role", ROLES)
def test_the_competition_operations_never_fail_and_match_the_schema(api, role, make_user, department, other_department):
    user = make_user(role) if role != Role.JURY else UserFactory(role=Role.JURY)
    _rounds(user, department, other_department)
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    real = {
        "id": [*Round.objects.order_by("pk").values_list("pk", flat=True), 987654],
        "entry_id": [*Entry.objects.order_by("pk").values_list("pk", flat=True), 987654],
        "juror_id": [*Juror.objects.order_by("pk").values_list("pk", flat=True), 987654],
    }
    failures, cases = [], 0
    operations = [result.ok() for result in api.get_all_operations()]
    operations = [operation for operation in operations if operation.path.startswith("/api/v1/competitions/")]
    assert len(operations) >= 20  # every competition operation is in the schema

    for operation in operations:

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
            for name, choices in real.items():  # the generated ids point at real rows (or one that is not)
                value = (case.path_parameters or {}).get(name)
                if isinstance(value, int):
                    case.path_parameters[name] = choices[abs(value) % len(choices)]
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is fuzzed; failures reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    print(f"{role}: {cases} cases over {len(operations)} operations")
    assert not failures, "\n\n".join(failures)
