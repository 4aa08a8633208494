"""Faults (issue 12), against a real Celery worker: a worker killed mid-task, and a task delivered twice.

The task is a real one, the apply step of an Excel import of departments (core.import_apply): its effect can be
counted (departments, their audit events, the job's summary). It is caught mid-way on purpose: a transaction of the
test holds an uncommitted department with the code of the file's last row, so the task has written the first rows
and waits on the unique index of the last. Then the worker is killed with SIGKILL:

- only its pool process (what the kernel's OOM killer does): the worker's main process rejects the message back to
  the queue (task_reject_on_worker_lost) and a new pool process runs it again at once;
- the whole worker (a crashed machine): nobody acknowledged the message (acks_late), so the next worker takes it
  again once the broker's visibility timeout has passed (short here, CELERY_VISIBILITY_TIMEOUT).

Either way the killed run's writes die with its transaction, and the departments, their audit events and the job
say one run: exactly four created. A report build (reports.build) killed after it claimed its job is built by the
next worker, once (its claim is no live run's).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import translation

from apps.accounts.models import Role
from apps.core.importing.jobs import summary_text
from apps.core.models import ImportJob
from apps.departments.models import Department
from kinerja.celery import app as celery_app

from .factories import UserFactory
from .test_faults import PrivateRedis, _use_broker
from .test_imports import DEPARTMENT_HEADERS, GOOD_DEPARTMENTS, xlsx

pytestmark = [pytest.mark.slow]

VISIBILITY_TIMEOUT = 3  # seconds; the settings' default is an hour
LAST = GOOD_DEPARTMENTS[-1]


def test_a_task_lost_with_its_worker_is_delivered_again():
    """The settings behind both cases below."""
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 600  # longer than any task runs


@pytest.fixture
def broker(transactional_db):
    server = PrivateRedis()
    server.start()
    previous_url = celery_app.conf.broker_url
    _use_broker(server.url)
    try:
        yield server
    finally:
        _use_broker(previous_url)
        server.stop()


class Worker:
    """`celery -A kinerja worker` in its own process group, on the test database and a queue of the test."""

    def __init__(self, broker: PrivateRedis, queue: str, log_path):
        database = connection.settings_dict
        self.environment = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "REDIS_URL": broker.url,
            "CELERY_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        self.queue = queue
        self.log_path = log_path
        self.process = None

    def start(self, concurrency: int = 1) -> "Worker":
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in kill()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "kinerja", "worker", "-Q", self.queue, "-P", "prefork"),
                *("-c", str(concurrency), "-n", f"{uuid.uuid4().hex[:8]}@%h", "-l", "info"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=settings.BASE_DIR,
            env=self.environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def pool(self) -> list[int]:
        return [child.pid for child in psutil.Process(self.process.pid).children()]

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        if self.process:
            self.log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.kill()

    def output(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def worker(broker, tmp_path):
    worker = Worker(broker, f"kinerja-killed-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log")
    yield worker
    worker.stop()


class Blocker(threading.Thread):
    """A transaction of the test holding an uncommitted department with the code of the file's last row: a run of
    the import waits there, its first rows written, until `release()` rolls the transaction back."""

    def __init__(self):
        super().__init__(daemon=True)
        self.holding = threading.Event()
        self.released = threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                Department.objects.create(code=LAST[0], name="Blocker", short_name="Blocker", kind="dinas")
                self.holding.set()
                self.released.wait(60)
                transaction.set_rollback(True)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        assert self.holding.wait(10)
        return self

    def release(self):
        self.released.set()
        self.join(10)

    def __exit__(self, *exc_info):
        self.release()


def waiting_runs() -> set[int]:
    """Backends (PostgreSQL pids) of the test database waiting for a lock: the import runs caught mid-way."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def backends() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return {row[0] for row in cursor.fetchall()}


def wait_until(condition, timeout: float, what: str, worker: Worker):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} not within {timeout} s; the worker said:\n{worker.output()[-4000:]}")


@pytest.fixture
def confirmed_import(broker):
    """An import of four departments the user has checked and confirmed: the apply task is next."""
    job = ImportJob(
        kind="departments",
        original_name="departments.xlsx",
        created_by=UserFactory(role=Role.ADMIN),
        status=ImportJob.Status.IMPORTING,
    )
    job.file.save("departments.xlsx", ContentFile(xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS).read()), save=False)
    job.save()
    return job


def send_apply(job: ImportJob, worker: Worker) -> None:
    celery_app.send_task("core.import_apply", args=[job.pk], queue=worker.queue, ignore_result=True)


def assert_applied_once(job: ImportJob) -> None:
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.status, job.message, job.errors)
    with translation.override(settings.LANGUAGE_CODE):
        assert job.message == summary_text({"create": len(GOOD_DEPARTMENTS)})
    assert sorted(Department.objects.values_list("code", flat=True)) == sorted(row[0] for row in GOOD_DEPARTMENTS)
    events = apps.get_model("departments", "DepartmentEvent").objects
    assert events.count() == len(GOOD_DEPARTMENTS), "the killed run left audit events behind"
    assert set(events.values_list("pgh_label", flat=True)) == {"insert"}


def test_pool_process_killed_mid_task_runs_it_again_at_once(worker, confirmed_import):
    job = confirmed_import
    worker.start()
    with Blocker() as blocker:
        send_apply(job, worker)
        first = wait_until(waiting_runs, 45, "the import caught mid-way", worker)
        (child,) = worker.pool()
        os.kill(child, signal.SIGKILL)  # the pool process dies mid-task; the worker itself lives on
        second = wait_until(lambda: waiting_runs() - first, 30, "the task run again", worker)
        assert worker.pool() != [child] and worker.process.poll() is None
        assert Department.objects.count() == 0, "the killed run's rows were rolled back"
        blocker.release()
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE, 30, "the import", worker)
    assert second
    assert "WorkerLostError" in worker.output()
    assert_applied_once(job)


def test_worker_killed_mid_task_the_next_worker_runs_it_once(worker, confirmed_import):
    job = confirmed_import
    worker.start()
    with Blocker():
        send_apply(job, worker)
        (orphan,) = wait_until(waiting_runs, 45, "the import caught mid-way", worker)
        delivered = time.monotonic()
        worker.kill()  # SIGKILL to the main process and its pool: nothing acknowledges or rejects the message
    # A backend waiting for a lock notices its client is gone only when the lock is granted: then it rolls back.
    wait_until(lambda: orphan not in backends(), 10, "the killed run's transaction ended", worker)
    assert Department.objects.count() == 0, "the killed run's rows were rolled back"
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.IMPORTING
    time.sleep(max(0, delivered + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    worker.start()  # the next worker restores the unacknowledged message when it starts
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE, 40, "the import", worker)
    assert_applied_once(job)
    time.sleep(VISIBILITY_TIMEOUT + 1)  # and it is not delivered a third time: the run acknowledged it
    assert_applied_once(job)


def test_a_task_delivered_twice_at_once_has_one_effect(worker, confirmed_import):
    """A message redelivered while its first run still works (it ran past the visibility timeout): the second run
    waits for the first and then finds the job done, instead of failing on the rows the first wrote."""
    job = confirmed_import
    worker.start(concurrency=2)
    with Blocker():
        send_apply(job, worker)
        send_apply(job, worker)
        wait_until(lambda: len(waiting_runs()) == 2, 45, "both runs at work", worker)
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status != ImportJob.Status.IMPORTING, 30, "the import", worker)
    time.sleep(1)  # the second run ends too
    assert_applied_once(job)


# --- A report being built -------------------------------------------------------------------------------------
@pytest.fixture
def queued_report(broker, department):
    from apps.reports.models import ReportJob, ReportKind

    from .factories import RegionFactory

    RegionFactory()
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    return ReportJob.objects.create(kind=ReportKind.E81_XLSX, year=2026, department=department, requested_by=head)


class RegionLocked(Blocker):
    """The region's table locked by a transaction of the test: a report build waits there, after it claimed its
    job (status `running`) and before it wrote its file."""

    def run(self):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute('LOCK TABLE "departments_region" IN ACCESS EXCLUSIVE MODE')
                self.holding.set()
                self.released.wait(60)
        finally:
            connection.close()


def test_a_report_whose_worker_died_mid_build_is_built_by_the_next(worker, queued_report):
    """The build claims its job (`running`) and dies: the task delivered again must build it, not take the claim of
    a dead run for a live one (which would leave the job `running` for ever)."""
    from apps.reports.models import JobStatus, ReportJob

    job = queued_report
    worker.start()
    with RegionLocked():
        celery_app.send_task("reports.build", args=[job.pk], queue=worker.queue, ignore_result=True)
        (orphan,) = wait_until(waiting_runs, 45, "the build caught mid-way", worker)
        assert ReportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
        delivered = time.monotonic()
        worker.kill()
    wait_until(lambda: orphan not in backends(), 10, "the killed run's connection ended", worker)
    time.sleep(max(0, delivered + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    worker.start()
    wait_until(lambda: ReportJob.objects.get(pk=job.pk).status != JobStatus.RUNNING, 40, "the build", worker)
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    assert job.file and job.file.size > 0
    assert list(settings.MEDIA_ROOT.rglob("*.xlsx")) == [Path(job.file.path)], "one file: the build ran once"
