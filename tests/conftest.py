import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from apps.accounts.models import Role
from kinerja.celery import app as celery_app

from .factories import AssignmentFactory, DepartmentFactory, OfficialFactory, RegionFactory, UserFactory

ROLES = [role.value for role in Role]


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets its own key prefix in the shared Redis: no test sees what another (or another run) cached."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"},
    }


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Test accounts hash their passwords with MD5: the production hasher's deliberate slowness would cost minutes
    of every run. The settings themselves keep Django's default (PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded scans and signed documents go to the test's own directory, never to the checkout's .data/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(db):
    return RegionFactory()


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01.0.00")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="Dinas Kesehatan", short_name="Dinkes", code="1.02.0.00")


@pytest.fixture
def head_assignment(department):
    return AssignmentFactory(department=department)


@pytest.fixture
def other_head_assignment(other_department):
    return AssignmentFactory(department=other_department)


@pytest.fixture
def make_user(db, department):
    """A user of a role; department roles (and Bappeda) belong to `department` unless told otherwise."""

    def make(role, **kwargs):
        if role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.OFFICIAL):
            kwargs.setdefault("department", department)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user):
    """One user of every role, keyed by role."""
    return {role: make_user(role, username=role.replace("_", "-")) for role in ROLES}


@pytest.fixture
def login(client):
    def sign_in(user):
        client.force_login(user)  # sign-in itself (form, NIP, lockout) is tested in test_accounts.py
        return client

    return sign_in


@pytest.fixture
def official(db):
    return OfficialFactory()


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker in a thread, consuming a queue no other worker on this Redis listens to."""
    queue = f"kinerja-test-{uuid.uuid4().hex[:12]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield
    finally:
        celery_app.conf.task_default_queue = previous
        with celery_app.connection_for_write() as connection:  # leave nothing of this queue behind in Redis
            connection.default_channel.client.delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )


@pytest.fixture
def english_messages(settings):
    """Messages compared by their msgid (English) in tests that pin WHICH message is given; what users read is
    the Indonesian catalogue, whose completeness tests/test_translations.py checks."""
    from django.utils import translation

    settings.LANGUAGES = [("en", "English"), ("id", "Bahasa Indonesia")]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
