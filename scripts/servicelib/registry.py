"""Which runs use an embedded server: `.data/services.json` under a lock, and the processes behind it."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path


# --- Processes -------------------------------------------------------------------------------------------------
def me() -> list:
    import psutil

    return [os.getpid(), psutil.Process().create_time()]


def me_created(pid: int) -> float:
    import psutil

    return psutil.Process(pid).create_time()


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


# --- The registry ----------------------------------------------------------------------------------------------
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
