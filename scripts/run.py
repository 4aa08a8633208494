"""`make run`: prepare the database and files, then serve Kinerja with a Celery worker and Celery beat.

    python scripts/services.py run -- python scripts/run.py      (what `make run` does)

Migrates, compiles translations, collects static files and loads the demo data, then runs the Procfile (web,
worker, beat) with honcho as one foreground process on HOST:PORT (default 127.0.0.1:8000), and prints the address
and the demo accounts once the web server answers. Ctrl-C stops all three. scripts/services.py provides
DATABASE_URL and REDIS_URL.
"""

import os
import socket
import sys
import threading
import time
from pathlib import Path

from services import run_child  # scripts/ is on sys.path when this file runs as a script

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "kinerja-demo-2026"  # noqa: S105 - the published password of the demo accounts
DEMO_ACCOUNTS = [
    ("admin", "admin", "–"),
    ("walikota", "mayor_office", "–"),
    ("organisasi", "mayor_office", "–"),
    ("bappeda", "bappeda", "Bappeda"),
    ("inspektorat", "inspectorate", "–"),
    ("kadis-pendidikan", "department_head", "Dinas Pendidikan"),
    ("staf-pendidikan", "department_staff", "Dinas Pendidikan"),
    ("kadis-kesehatan", "department_head", "Dinas Kesehatan"),
    ("kepala-<singkatan>", "department_head", "every other department (kepala-bappeda, kepala-pupr, …)"),
]
STEPS = [
    ("migrate", {"interactive": False}),
    ("compiletranslations", {}),
    ("collectstatic", {"interactive": False, "verbosity": 0}),
    ("load_demo", {}),
]


def prepare() -> int:
    """Run the set-up commands in this process (one Django start-up instead of four)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import CommandError, call_command
    from django.db import connections

    try:
        django.setup()
        for name, options in STEPS:
            print(f"==> manage.py {name}", flush=True)
            call_command(name, **options)
    except (CommandError, ImproperlyConfigured) as exc:
        print(f"\nmake run: {exc}", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
    return 0


def banner(url: str, host: str) -> str:
    width = max(len(username) for username, _, _ in DEMO_ACCOUNTS) + 2
    rows = [f"    {'username':<{width}}{'role':<18}department"]
    rows += [f"    {username:<{width}}{role:<18}{department}" for username, role, department in DEMO_ACCOUNTS]
    note = ""
    if host not in ("127.0.0.1", "localhost"):
        note = f"\n  Listening on {host}: to open it from elsewhere, add this machine's address to ALLOWED_HOSTS."
    return (
        f"\n  Kinerja is running at {url}  (web, Celery worker and Celery beat; Ctrl-C stops them)\n"
        f"  Demo accounts, all with the password {DEMO_PASSWORD}:\n" + "\n".join(rows) + note + "\n"
    )


def announce_when_up(host: str, port: int, message: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                print(message, flush=True)
                return
        except OSError:
            time.sleep(0.3)


def main() -> int:
    os.chdir(BASE_DIR)
    host = os.environ.setdefault("HOST", "127.0.0.1")
    port = int(os.environ.setdefault("PORT", "8000"))
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104 - comparing, not binding
    url = f"http://{local}:{port}/"
    os.environ.setdefault("SITE_URL", url.rstrip("/"))
    # The Procfile's gunicorn and celery come from the same virtualenv as this Python.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"

    try:
        with socket.create_connection((local, port), timeout=1):
            print(f"make run: something already answers on {local}:{port}; choose another: make run PORT=8001")
            return 1
    except OSError:
        pass

    status = prepare()
    if status:
        return status
    threading.Thread(target=announce_when_up, args=(local, port, banner(url, host)), daemon=True).start()
    honcho = [sys.executable, "-m", "honcho", "start", "--procfile", str(BASE_DIR / "Procfile")]
    # --env /dev/null: settings.py reads .env itself, where the environment (DEBUG from make) comes first.
    return run_child([*honcho, "--app-root", str(BASE_DIR), "--env", "/dev/null", "--port", str(port)])


if __name__ == "__main__":
    sys.exit(main())
