"""`make bench [SIZE=M]` (bench/run.py → here): build the data once, serve it as production does, measure, write.

1. The database kinerja_bench_<size> next to DATABASE_URL's: used as it is when it carries the generator's mark
   (a comment on the database), else created, migrated and filled (`generate_scale`).
2. The jobs, each in its own process against a scratch copy of it (CREATE DATABASE … TEMPLATE; the flag job and the
   import write): duration of the call and the process's peak memory (max RSS from os.wait4).
3. gunicorn as in production (DEBUG=false, workers = 2 × cores + 1, apps/bench/settings.py: production's settings
   plus the trivial view /bench/ping/), on loopback.
4. Per page (apps/bench/pages.py): the SQL queries of one request (CaptureQueriesContext, Django's test client in
   this process, the same database, after one request that warms the cache), then locust (apps/bench/loadtest.py)
   with 50 signed-in users (each with its own session cookie, signed in once through the sign-in form): first
   saturated (no pause: requests/s, and the ratio to the trivial view), then paced (1–2 s between a user's requests,
   as people click: the latency that people see).
5. bench/results/<date>-<size>.json and .md, the README's table between its markers, and with several sizes
   (SIZE=S,M) the growth table bench/results/<date>-growth.md.
"""

# ruff: noqa: S603 - the runner starts this checkout's own Python, manage.py, gunicorn and locust
from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RESULTS = BASE_DIR / "bench" / "results"
README = BASE_DIR / "README.md"
MARKER = "kinerja-bench"
PYTHON = sys.executable
USERS = 50
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
MB = 1024  # ru_maxrss is in KiB on Linux

# The targets (at M on a 2-core machine; the flag job at L too).
TARGETS = {
    "mayor_dashboard_p95_ms": 250,
    "mayor_dashboard_ratio": 0.25,
    "page_p95_ms": 300,
    "flag_seconds": {"M": 2, "L": 10},
    "index_seconds": 1,
    "import_seconds": 20,
    "pdf_seconds": 1,
    "peak_mb": 400,
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- Databases ----------------------------------------------------------------------------------------------------
def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/kinerja"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def admin_connection():
    import psycopg2

    parts = urlsplit(database_url("postgres"))
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection


def marker_of(name: str) -> str | None:
    with admin_connection() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] or ""


def drop_database(name: str) -> None:
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def create_database(name: str, template: str | None = None) -> None:
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    connection.close()


def child_env(size: str, db: str, port: int = 0) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="apps.bench.settings",
        DATABASE_URL=database_url(db),
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY", "bench-only-" + "x" * 50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port or 8000}",
        CACHE_KEY_PREFIX=f"kinerja-bench-{size.lower()}",
        CELERY_QUEUE="kinerja-bench",
        LOG_LEVEL="WARNING",
        KINERJA_ENV_FILE="/dev/null",
        MEDIA_ROOT=str(BASE_DIR / ".data" / "bench-media"),  # the shared evidence file, the import's workbook
        PYTHONUNBUFFERED="1",
    )
    return env


def ensure_database(size: str, rebuild: bool) -> dict:
    """The size's database, built once: returns what the mark says (and the generation output when built now)."""
    name = f"kinerja_bench_{size.lower()}"
    mark = marker_of(name)
    if mark and mark.startswith(MARKER) and not rebuild:
        log(f"{name}: reused ({mark}); migrating it to this checkout's schema")
        env = child_env(size, name)
        env["DEBUG"] = "true"
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
        return {"database": name, "marker": mark, "generated_now": False}
    log(f"{name}: building (migrate, generate_scale --size {size})")
    drop_database(name)
    create_database(name)
    env = child_env(size, name)
    env["DEBUG"] = "true"  # migrate and generate without the production static files
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    started = time.perf_counter()
    output = subprocess.run(
        [PYTHON, "manage.py", "generate_scale", "--size", size],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - started
    print(output, flush=True)
    return {
        "database": name,
        "marker": marker_of(name),
        "generated_now": True,
        "generate_seconds": round(seconds, 1),
        "generate_output": output.strip().splitlines()[-40:],
    }


# --- Jobs ---------------------------------------------------------------------------------------------------------
def run_process(args: list[str], env: dict) -> tuple[dict, float]:
    """Run a child; its printed BENCH-RESULT and its peak memory (MB)."""
    with tempfile.TemporaryFile(mode="w+") as out:
        process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    result = {}
    for line in text.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.removeprefix("BENCH-RESULT "))
    if process.returncode or not result:
        result = {"error": f"exit {process.returncode}: {text[-1500:]}"}
    return result, round(usage.ru_maxrss / MB, 1)


def run_jobs(size: str, db: str) -> dict:
    scratch = f"{db}_jobs"
    drop_database(scratch)
    create_database(scratch, template=db)
    env = child_env(size, scratch)
    results = {}
    try:
        for name in ("flag", "index", "lkjip", "pdf", "import_setup", "import"):
            log(f"job {name}")
            result, peak = run_process([PYTHON, "-m", "apps.bench.jobs", name], env)
            result["peak_mb"] = peak
            if name == "import_setup":
                env["BENCH_IMPORT_QUARTER"] = str(result.get("quarter", 1))
            results[name] = result
            log(f"  {json.dumps(result)[:300]}")
    finally:
        drop_database(scratch)
    return results


# --- The server -----------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(size: str, db: str, port: int) -> tuple[subprocess.Popen, int]:
    workers = 2 * (os.cpu_count() or 1) + 1
    env = child_env(size, db, port)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    gunicorn = Path(PYTHON).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "kinerja.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--graceful-timeout",
            "10",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, workers
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the form, as a person does: the Cookie header of the session."""
    import requests

    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    from django.urls import reverse

    login = base + reverse("accounts:login")
    page = session.get(login, timeout=180)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    response = session.post(
        login,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": login},
        allow_redirects=False,
        timeout=180,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")
    return "; ".join(f"{key}={value}" for key, value in session.cookies.items())


# --- Pages ---------------------------------------------------------------------------------------------------------
class Context:
    """What the pages' URLs are built from, found in the bench database."""

    def __init__(self):
        from django.utils import timezone

        from apps.accounts.models import Role, User
        from apps.agreements.models import Agreement
        from apps.progress.models import ProgressReport

        today = timezone.localdate()
        self.year = today.year
        quarter = (today.month - 1) // 3
        self.entry_year, self.entry_quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
        self.signed_pks = list(
            Agreement.objects.filter(status="signed", year=self.year)
            .order_by("pk")
            .values_list("pk", flat=True)[:USERS]
        )
        reported = (
            ProgressReport.objects.filter(
                indicator__agreement__year=self.entry_year,
                quarter=self.entry_quarter,
                indicator__agreement__status="signed",
                indicator__agreement__position__isnull=True,  # the head's own PK, not one of the cascade below
            )
            .values_list("indicator__agreement_id", "indicator__agreement__department_id")
            .distinct()
        )
        by_department = {department: pk for pk, department in reported}
        heads = User.objects.filter(role=Role.DEPARTMENT_HEAD, is_active=True, department_id__in=by_department)
        self.accounts = {
            Role.MAYOR_OFFICE: list(User.objects.filter(role=Role.MAYOR_OFFICE, is_active=True).order_by("pk")[:USERS]),
            Role.BAPPEDA: list(User.objects.filter(role=Role.BAPPEDA, is_active=True).order_by("pk")[:USERS]),
            Role.DEPARTMENT_HEAD: list(heads.order_by("pk")[:USERS]),
        }
        self.entry_pks = [by_department[user.department_id] for user in self.accounts[Role.DEPARTMENT_HEAD]]


def count_queries(page, context) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from .pages import resolve

    users = context.accounts[page.role]
    url = resolve(page, context, 0)
    client = Client()
    client.force_login(users[0])
    # Computed, nothing from the cache (what the first request after a change costs)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        client.get(url)  # the per-process caches (content types, URL routes)
        cold_cpu = time.process_time()
        with CaptureQueriesContext(connection) as cold:
            client.get(url)
        cold_cpu = time.process_time() - cold_cpu
        cold_queries = len(cold)  # now: the next request's start empties the connection's query log
    first = client.get(url)  # warms the cache, as the server's first request does
    cpu, wall = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    sql = sum(float(query["time"]) for query in captured.captured_queries)
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(captured),
        "queries_uncached": cold_queries,
        "cpu_ms_uncached": round(cold_cpu * 1000),
        "status_first": first.status_code,
        # One request alone, in this process: the CPU Python spends (the figure least moved by a busy machine),
        # the time the database took, and the wall time.
        "cpu_ms": round(cpu * 1000),
        "sql_ms": round(sql * 1000),
        "wall_ms": round(wall * 1000),
    }


def drain(port: int, limit: float = 180) -> float:
    """Wait until the server has worked off the requests still queued from the last run (the trivial view answers
    in under 0.2 s twice in a row): seconds waited."""
    import requests

    started = time.monotonic()
    quick = 0
    while time.monotonic() - started < limit and quick < 2:
        began = time.monotonic()
        try:
            requests.get(f"http://127.0.0.1:{port}/bench/ping/", timeout=limit)
            quick = quick + 1 if time.monotonic() - began < 0.2 else 0
        except requests.RequestException:
            quick = 0
        time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def load(port: int, targets: list[dict], seconds: float, wait) -> dict:
    spec = {
        "host": f"http://127.0.0.1:{port}",
        "users": USERS,
        "seconds": seconds,
        "warmup": min(3.0, seconds / 4),
        "wait": wait,
        "targets": targets,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        result, _peak = run_process([PYTHON, "-m", "apps.bench.loadtest", handle.name], dict(os.environ))
    finally:
        os.unlink(handle.name)
    result["drain_seconds"] = drain(port)
    return result


def run_pages(size: str, db: str, seconds: float, password: str) -> dict:
    from django.db import connections

    from .pages import PAGES, resolve

    context = Context()
    port = free_port()
    server, workers = start_server(size, db, port)
    results = {"_server": {"workers": workers, "users": USERS, "seconds": seconds}}
    cookies: dict[int, str] = {}
    try:
        for page in PAGES:
            users = context.accounts[page.role]
            if resolve(page, context, 0) is None or not users:
                log(f"page {page.key}: skipped ({page.url_name} does not resolve or no account)")
                results[page.key] = {"label": page.label, "skipped": f"{page.url_name} does not resolve"}
                continue
            entry = {"label": page.label, **count_queries(page, context)}
            targets = []
            for i in range(USERS):
                user = users[i % len(users)]
                if user.pk not in cookies:
                    cookies[user.pk] = sign_in(port, user.username, password)
                targets.append({"url": resolve(page, context, i), "cookie": cookies[user.pk]})
            log(f"page {page.key}: {entry['url']} ({entry['queries']} queries, status {entry['status']})")
            entry["saturated"] = load(port, targets, seconds, None)
            entry["paced"] = load(port, targets, seconds, [1, 2])
            log(f"  saturated {entry['saturated']}\n  paced {entry['paced']}")
            results[page.key] = entry
    finally:
        server.terminate()
        server.wait(timeout=30)
        connections.close_all()
    baseline = results.get("ping", {}).get("saturated", {}).get("rps")
    for entry in results.values():
        if baseline and isinstance(entry, dict) and "saturated" in entry:
            entry["ratio"] = round(entry["saturated"].get("rps", 0) / baseline, 3)
    return results


# --- Targets and writing -------------------------------------------------------------------------------------------
def judge(size: str, pages: dict, jobs: dict) -> list[dict]:
    verdicts = []

    def add(what, value, target, ok):
        verdicts.append({"what": what, "value": value, "target": target, "met": bool(ok)})

    for key, entry in pages.items():
        if key.startswith("_") or key == "ping" or "paced" not in entry:
            continue
        p95 = entry["paced"].get("p95_ms")
        limit = TARGETS["mayor_dashboard_p95_ms"] if key == "mayor_dashboard" else TARGETS["page_p95_ms"]
        add(f"{entry['label']}: p95 (paced, 50 users)", p95, f"≤ {limit} ms", p95 is not None and p95 <= limit)
        if entry["paced"].get("failures") or entry["saturated"].get("failures"):
            add(f"{entry['label']}: failed requests", entry["paced"].get("failures"), "0", False)
    dashboard = pages.get("mayor_dashboard", {})
    if "ratio" in dashboard:
        ratio = dashboard["ratio"]
        add("Mayor's dashboard: throughput / trivial view", ratio, "≥ 0.25", ratio >= TARGETS["mayor_dashboard_ratio"])
    limits = {
        "flag": TARGETS["flag_seconds"].get(size),
        "index": TARGETS["index_seconds"],
        "import": TARGETS["import_seconds"],
        "pdf": TARGETS["pdf_seconds"],
    }
    for name, limit in limits.items():
        seconds = jobs.get(name, {}).get("seconds")
        if limit is not None:
            add(f"job {name}: seconds", seconds, f"≤ {limit} s", seconds is not None and seconds <= limit)
    for name, result in jobs.items():
        if name != "import_setup":
            peak = result.get("peak_mb")
            add(f"job {name}: peak memory", peak, f"≤ {TARGETS['peak_mb']} MB", peak and peak <= TARGETS["peak_mb"])
    return verdicts


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def markdown(result: dict) -> str:
    size, pages, jobs = result["size"], result["pages"], result["jobs"]
    server = pages.get("_server", {})
    lines = [
        f"### Size {size} — {result['date']}",
        "",
        f"gunicorn {server.get('workers')} workers, {server.get('users')} signed-in users, {server.get('seconds')} s "
        f"per page and mode, loopback; {result['machine']}. Saturated: no pause between a user's requests "
        "(throughput); paced: 1–2 s between them (the latency people see). Queries and CPU: one request, counted "
        "in-process, as served (from the cache where the page keeps one) and computed (nothing cached).",
        "",
        "| page | queries served / computed | CPU / SQL ms (1 request) | CPU ms computed | req/s (saturated) "
        "| ratio to trivial | p50 / p95 / p99 ms (saturated) | req/s (paced) | p50 / p95 / p99 ms (paced) | failures |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|---:|",
    ]
    for key, entry in pages.items():
        if key.startswith("_"):
            continue
        if "skipped" in entry:
            lines.append(f"| {entry['label']} | skipped: {entry['skipped']} | | | | | | | | |")
            continue
        sat, paced = entry["saturated"], entry["paced"]
        lines.append(
            f"| {entry['label']} | {entry['queries']} / {entry.get('queries_uncached', '–')} | "
            f"{entry.get('cpu_ms', '–')} / {entry.get('sql_ms', '–')} | {entry.get('cpu_ms_uncached', '–')} | "
            f"{sat.get('rps', '–')} | {entry.get('ratio', '–')} | "
            f"{_ms(sat.get('p50_ms'))} / {_ms(sat.get('p95_ms'))} / {_ms(sat.get('p99_ms'))} | "
            f"{paced.get('rps', '–')} | "
            f"{_ms(paced.get('p50_ms'))} / {_ms(paced.get('p95_ms'))} / {_ms(paced.get('p99_ms'))} | "
            f"{(sat.get('failures') or 0) + (paced.get('failures') or 0)} |"
        )
    lines += ["", "| job | seconds | peak memory (MB) | notes |", "|---|---:|---:|---|"]
    for name, job in jobs.items():
        notes = ", ".join(f"{k} {v}" for k, v in job.items() if k not in ("seconds", "peak_mb", "error", "file"))
        if "error" in job:
            notes = "error: " + job["error"][-200:].replace("\n", " ").replace("|", "/")
        lines.append(f"| {name} | {job.get('seconds', '–')} | {job.get('peak_mb', '–')} | {notes} |")
    lines += ["", "| target | value | met |", "|---|---:|:-:|"]
    for verdict in result["verdicts"]:
        lines.append(
            f"| {verdict['what']} {verdict['target']} | {verdict['value']} | {'yes' if verdict['met'] else '**no**'} |"
        )
    generation = result.get("database", {})
    if generation.get("generated_now"):
        lines += ["", f"Generated now in {generation.get('generate_seconds')} s."]
    lines.append(f"Database: {generation.get('marker', '')}")
    return "\n".join(lines) + "\n"


def growth(results: list[dict]) -> str:
    """Each figure per size, side by side."""
    sizes = [r["size"] for r in results]
    lines = [
        "### Growth with the data size",
        "",
        "| figure | " + " | ".join(sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    keys = [k for k in results[0]["pages"] if not k.startswith("_")]
    for key in keys:
        label = results[0]["pages"][key].get("label", key)
        for what, pick in (
            ("queries", lambda e: e.get("queries")),
            ("queries computed", lambda e: e.get("queries_uncached")),
            ("CPU ms (1 request)", lambda e: e.get("cpu_ms")),
            ("CPU ms computed", lambda e: e.get("cpu_ms_uncached")),
            ("req/s", lambda e: e.get("saturated", {}).get("rps")),
            ("p95 ms paced", lambda e: e.get("paced", {}).get("p95_ms")),
        ):
            values = [pick(r["pages"].get(key, {})) for r in results]
            lines.append(f"| {label}: {what} | " + " | ".join("–" if v is None else str(v) for v in values) + " |")
    for name in results[0]["jobs"]:
        for what in ("seconds", "peak_mb"):
            values = [r["jobs"].get(name, {}).get(what) for r in results]
            lines.append(f"| job {name}: {what} | " + " | ".join("–" if v is None else str(v) for v in values) + " |")
    return "\n".join(lines) + "\n"


def update_readme(text: str) -> None:
    content = README.read_text()
    if README_START not in content:
        return
    before, rest = content.split(README_START, 1)
    _old, after = rest.split(README_END, 1)
    README.write_text(before + README_START + "\n" + text + README_END + after)


def machine() -> str:
    load1, load5, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load1:.1f}/{load5:.1f} at the start (a shared machine: noisy)"


def run_size(size: str, args) -> dict:
    database = ensure_database(size, args.rebuild)
    db = database["database"]
    result = {"size": size, "date": datetime.datetime.now().isoformat(timespec="minutes"), "machine": machine()}
    result["database"] = database
    result["jobs"] = {} if args.no_jobs else run_jobs(size, db)
    os.environ.update(child_env(size, db))
    import django
    from django.db import connections

    django.setup()
    # A second size in the same process: point Django's connection at this size's database.
    connections.close_all()
    connections.settings["default"]["NAME"] = db
    for alias in list(connections):
        connections[alias].settings_dict["NAME"] = db
    from .generate import BENCH_PASSWORD

    password = "kinerja-demo-2026" if size == "S" else BENCH_PASSWORD
    result["pages"] = {} if args.no_pages else run_pages(size, db, args.seconds, password)
    result["verdicts"] = judge(size, result["pages"], result["jobs"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.date.today().isoformat()}-{size}"
    previous = RESULTS / f"{stem}.json"
    if (args.no_jobs or args.no_pages) and previous.exists():  # a partial run keeps the other half of today's
        kept = json.loads(previous.read_text())
        for part, skipped in (("jobs", args.no_jobs), ("pages", args.no_pages)):
            if skipped and kept.get(part):
                result[part] = kept[part]
        result["verdicts"] = judge(size, result["pages"], result["jobs"])
    (RESULTS / f"{stem}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (RESULTS / f"{stem}.md").write_text(markdown(result))
    log(f"wrote bench/results/{stem}.json and .md")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", help="S, M or L; several with commas (S,M,L) for the growth table")
    parser.add_argument("--seconds", type=float, default=20, help="per page and mode (default 20)")
    parser.add_argument("--rebuild", action="store_true", help="generate the database again")
    parser.add_argument("--no-jobs", action="store_true")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--report-only", action="store_true", help="rewrite the tables from the newest results")
    args = parser.parse_args(argv)
    os.chdir(BASE_DIR)
    sys.path.insert(0, str(BASE_DIR))
    sizes = [size.strip().upper() for size in args.size.split(",") if size.strip()]
    if args.report_only:  # the tables again from the newest results of these sizes, nothing measured
        results = [json.loads(sorted(RESULTS.glob(f"*-{size}.json"))[-1].read_text()) for size in sizes]
    else:
        results = [run_size(size, args) for size in sizes]
    text = "".join(markdown(r) + "\n" for r in results)
    if len(results) > 1:
        table = growth(results)
        (RESULTS / f"{datetime.date.today().isoformat()}-growth.md").write_text(table)
        text += table
    # The README shows M's table, where the targets are set (else the last size's), and the growth across the sizes.
    shown = next((r for r in results if r["size"] == "M"), results[-1])
    update_readme(markdown(shown) + ("\n" + growth(results) if len(results) > 1 else ""))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
