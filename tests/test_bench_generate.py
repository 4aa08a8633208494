"""The benchmark data generator (issue 11): `generate_scale` at a tiny size writes the rows it promises, valid for
the app (its constraints and triggers in force), and every benchmarked page renders on them."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.agreements.models import Agreement, AgreementIndicator
from apps.bench import runner
from apps.bench.generate import BENCH_PASSWORD
from apps.bench.pages import PAGES, resolve
from apps.core.nip import nip_errors
from apps.departments.models import Department, Official
from apps.innovations.models import Innovation, InnovationIndicator
from apps.progress.models import Evidence, ProgressReport, ReportStatus

SIZE = {"departments": 4, "years": 2, "objectives": 2, "indicators_per_objective": 3, "innovations": 8, "users": 16}


@pytest.fixture
def generated(db):
    call_command("generate_scale", size="XS", stdout=None, **SIZE)
    return SIZE


def _quarters_reported(today: datetime.date) -> int:
    """Ended quarters: four a past year, those before today's this year."""
    return 4 * (SIZE["years"] - 1) + (today.month - 1) // 3


def test_row_counts(generated):
    today = timezone.localdate()
    departments, indicators = SIZE["departments"], SIZE["objectives"] * SIZE["indicators_per_objective"]
    assert Department.objects.count() == departments
    assert User.objects.count() == SIZE["users"]
    assert Innovation.objects.count() == SIZE["innovations"]
    assert InnovationIndicator.objects.count() == 20 * SIZE["innovations"]
    # One PK per department and year (no amendment at this size), each with all its indicators.
    assert Agreement.objects.count() == departments * SIZE["years"]
    assert AgreementIndicator.objects.count() == departments * SIZE["years"] * indicators
    # Past years: every department's PK signed and every quarter reported; this year: see THIS_YEAR_STATES.
    past = ProgressReport.objects.filter(indicator__agreement__year__lt=today.year)
    assert past.count() == departments * (SIZE["years"] - 1) * 4 * indicators
    assert set(past.values_list("status", flat=True)) == {ReportStatus.VERIFIED}
    assert Evidence.objects.count() == ProgressReport.objects.count()
    assert ProgressReport.objects.count() <= departments * _quarters_reported(today) * indicators
    # The accounts sign in with the published password; a second run refuses a database that is not empty.
    assert User.objects.filter(role=Role.MAYOR_OFFICE).first().check_password(BENCH_PASSWORD)
    with pytest.raises(CommandError, match="not empty"):
        call_command("generate_scale", size="XS", **SIZE)


def test_the_data_is_valid_for_the_app(generated):
    for official in Official.objects.all():
        assert nip_errors(official.nip) == [], official.nip
    for model in (Department, User, Agreement, AgreementIndicator, ProgressReport, Innovation):
        for obj in model._default_manager.all()[:50]:
            obj.full_clean()
    # Signed PKs and verified reports are frozen by the database, as if the services had signed them.
    signed = Agreement.objects.filter(status="signed").first()
    with pytest.raises(IntegrityError, match="cannot be changed"), transaction.atomic():
        Agreement.objects.filter(pk=signed.pk).update(amendment_note="changed")
    report = ProgressReport.objects.filter(status=ReportStatus.VERIFIED).first()
    with pytest.raises(IntegrityError, match="cannot be changed"), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(actual=1)


def test_every_benchmarked_page_renders(generated):
    context = runner.Context()
    rendered = 0
    for page in PAGES:
        url = resolve(page, context, 0)
        users = context.accounts[page.role]
        if url is None:
            continue  # a page not built yet (the performance tree): the bench skips it too
        assert users, page.key
        client = Client()
        client.force_login(users[0])
        response = client.get(url)
        assert response.status_code == 200, (page.key, url, response.status_code)
        rendered += 1
    assert rendered >= 10
