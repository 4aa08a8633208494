"""The servers Kinerja is given: the settings (environment, then `.env`), probing ports and URLs, the database."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from .common import BASE_DIR, LOCALHOST, ServiceError, say


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
