"""Faults (issue 12), against real services: with Redis stopped the pages keep working (the cache misses), work that
cannot be queued is kept in PostgreSQL with a notice to the user, and a real worker runs it once Redis is back."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from apps.accounts.models import Role
from apps.core import queue
from apps.core.models import ImportJob, QueuedTask
from apps.departments.models import Department
from kinerja.celery import app as celery_app

from .factories import UserFactory
from .test_imports import DEPARTMENT_HEADERS, GOOD_DEPARTMENTS, wait_for, xlsx

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test only, stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None  # the next publish connects to the new broker
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_broker(transactional_db, settings, tmp_path):
    """Celery publishing to a Redis of this test, on a queue of its own; the previous broker afterwards."""
    settings.MEDIA_ROOT = tmp_path
    server = PrivateRedis()
    server.start()
    previous_url, previous_queue = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = f"kinerja-fault-{uuid.uuid4().hex[:8]}"
    _use_broker(server.url)
    try:
        yield server
    finally:
        server.stop()
        celery_app.conf.task_default_queue = previous_queue
        _use_broker(previous_url)


def test_pages_work_with_the_cache_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    from django.core.cache import cache

    assert cache.get("anything", "missing") == "missing"
    cache.set("anything", 1)  # skipped, no error
    client.force_login(UserFactory(role=Role.MAYOR_OFFICE))
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("departments:list")).status_code == 200


def test_work_kept_while_redis_is_down_runs_when_it_is_back(private_broker, client):
    client.force_login(UserFactory(role=Role.ADMIN))
    private_broker.stop()  # Redis goes down
    started = time.monotonic()
    answer = client.post(
        reverse("core:import", args=["departments"]), {"file": xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS)}
    )
    assert answer.status_code == 302
    assert time.monotonic() - started < 5, "the page does not hang on a broker that is down"
    job = ImportJob.objects.get()
    kept = QueuedTask.objects.get()
    assert (kept.name, kept.args, kept.key) == ("core.import_validate", [job.pk], f"import:{job.pk}")
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="queue-waiting"' in page
    assert queue.flush() == 0  # still down: nothing lost, nothing sent
    assert QueuedTask.objects.count() == 1

    private_broker.start()  # Redis is back: beat's minutely flush sends what was kept, and a worker runs it
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        queues=[celery_app.conf.task_default_queue],
        shutdown_timeout=30,
    ):
        celery_app.send_task(celery_app.conf.beat_schedule["core-flush-queued"]["task"], ignore_result=True)
        job = wait_for(job)
    assert job.status == ImportJob.Status.READY, job.message
    assert not QueuedTask.objects.exists()
    assert 'data-testid="queue-waiting"' not in client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert Department.objects.count() == 0  # checked, not yet confirmed: exactly what one run does


def test_flush_sends_the_kept_tasks_in_order_once(private_broker):
    for number in range(3):
        QueuedTask.objects.create(name="core.flush_queued", args=[], key=f"k{number}")
    assert queue.flush() == 3
    assert queue.flush() == 0
    client = redis.Redis.from_url(private_broker.url)
    assert client.llen(celery_app.conf.task_default_queue) == 3
