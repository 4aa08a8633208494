"""Backup and restore (issue 12): `scripts/backup.py` round trips a real PostgreSQL database and the media files.

Each test gets a scratch database (a unique name on the server of DATABASE_URL, dropped afterwards) with a few
tables in two schemas, a view, a trigger and sequences, and a media directory with nested, binary, empty and
oddly named files."""

import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = """
CREATE TABLE department (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE report (
    id bigserial PRIMARY KEY,
    department_id integer NOT NULL REFERENCES department(id),
    actual numeric(12, 2),
    payload jsonb NOT NULL DEFAULT '{}',
    scan bytea,
    row_version integer NOT NULL DEFAULT 1
);
CREATE FUNCTION report_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.row_version := OLD.row_version + 1; RETURN NEW; END $$;
CREATE TRIGGER report_bump BEFORE UPDATE ON report FOR EACH ROW EXECUTE FUNCTION report_bump();
CREATE VIEW report_total AS SELECT department_id, sum(actual) AS total FROM report GROUP BY department_id;
CREATE SCHEMA audit;
CREATE TABLE audit.event (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), what text);
INSERT INTO department (name) VALUES ('Dinas Kesehatan'), ('Bappeda'), ('Dinas Pendidikan');
INSERT INTO report (department_id, actual, payload, scan)
    SELECT 1 + n % 3, n * 1.5, jsonb_build_object('n', n, 'teks', 'Sesuai rencana'), decode(md5(n::text), 'hex')
    FROM generate_series(1, 250) AS n;
UPDATE report SET actual = actual + 1 WHERE id <= 10;
INSERT INTO audit.event (what) SELECT 'event ' || n FROM generate_series(1, 40) AS n;
"""
MEDIA = {
    "agreements/2026/pk-dinkes-signed.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "progress/evidence/1/foto kegiatan (1).jpg": os.urandom(70_000),
    "progress/evidence/1/Laporan TW I – Dinas.docx": b"PK\x03\x04" + os.urandom(3000),
    "scans/empty.txt": b"",
}


# --- A scratch database and media directory ------------------------------------------------------------------------
def server_params():
    database = settings.DATABASES["default"]
    params = {
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    return {key: value for key, value in params.items() if value}


def connect(dbname):
    connection = psycopg2.connect(dbname=dbname, **server_params())
    connection.autocommit = True
    return connection


def database_url(name):
    params = server_params()
    credentials = quote(params.get("user", "postgres"))
    if params.get("password"):
        credentials += ":" + quote(params["password"])
    return f"postgres://{credentials}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"


def create_database(name):
    query("postgres", sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name):
    query("postgres", sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def query(name, statement):
    connection = connect(name)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def row_counts(name):
    tables = query(
        name,
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    )
    return {
        f"{schema}.{table}": query(name, f'SELECT count(*) FROM "{schema}"."{table}"')[0][0]  # noqa: S608 - catalog names
        for schema, table in tables
    }


def checksums(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Scratch:
    def __init__(self, tmp_path):
        self.name = f"kinerja_backup_test_{uuid.uuid4().hex[:12]}"
        self.media = tmp_path / "media"
        self.backups = tmp_path / "backups"
        self.environment = {
            **{key: value for key, value in os.environ.items() if not key.startswith("PG")},
            "DATABASE_URL": database_url(self.name),
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(self.backups),
            "DEBUG": "true",
            "KINERJA_ENV_FILE": os.devnull,
        }

    def fill(self):
        create_database(self.name)
        query(self.name, SCHEMA)
        for relative, content in MEDIA.items():
            path = self.media / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)

    def run(self, *args, answer=None):
        return subprocess.run(
            [sys.executable, "scripts/backup.py", *args],
            cwd=ROOT,
            env=self.environment,
            input=answer,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def backup(self):
        result = self.run("backup")
        assert result.returncode == 0, result.stderr
        archive = Path(result.stdout.strip())
        assert archive.parent == self.backups
        assert re.fullmatch(r"kinerja-\d{8}-\d{6}\.tar\.gz", archive.name)
        return archive

    def wipe(self):
        """Lose everything: the database becomes a new, empty one and the media directory goes."""
        drop_database(self.name)
        create_database(self.name)
        for path in sorted(self.media.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        self.media.rmdir()


@pytest.fixture
def scratch(tmp_path):
    scratch = Scratch(tmp_path)
    try:
        scratch.fill()
        yield scratch
    finally:
        drop_database(scratch.name)


# --- Round trip ----------------------------------------------------------------------------------------------------
def test_a_backup_is_one_archive_with_the_dump_the_media_and_a_manifest(scratch):
    archive = scratch.backup()
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names == {"manifest.json", "database.dump"} | {f"media/{relative}" for relative in MEDIA}
    assert manifest["database"]["tables"] == {"audit.event": 40, "public.department": 3, "public.report": 250}
    assert manifest["media"]["files"] == {
        relative: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for relative, content in MEDIA.items()
    }
    assert manifest["app"]["version"]
    assert manifest["created"].startswith(archive.name[8:12])  # the year


def test_restore_after_losing_everything_brings_back_every_row_and_file(scratch):
    counts, files = row_counts(scratch.name), checksums(scratch.media)
    archive = scratch.backup()
    scratch.wipe()
    assert row_counts(scratch.name) == {}
    assert not scratch.media.exists()

    result = scratch.run("restore", str(archive), "--yes")

    assert result.returncode == 0, result.stderr
    assert "restored and checked" in result.stderr
    assert row_counts(scratch.name) == counts == {"audit.event": 40, "public.department": 3, "public.report": 250}
    assert checksums(scratch.media) == files
    assert files == {relative: hashlib.sha256(content).hexdigest() for relative, content in MEDIA.items()}
    # The data, the view, the trigger and the sequences came back too.
    assert query(scratch.name, "SELECT sum(total) FROM report_total") == query(
        scratch.name, "SELECT sum(actual) FROM report"
    )
    assert query(scratch.name, "SELECT row_version FROM report WHERE id = 1") == [(2,)]
    query(scratch.name, "UPDATE report SET actual = 0 WHERE id = 1")
    assert query(scratch.name, "SELECT row_version FROM report WHERE id = 1") == [(3,)]
    assert query(scratch.name, "INSERT INTO report (department_id) VALUES (2) RETURNING id") == [(251,)]


def test_restore_refuses_data_that_is_there_unless_forced_and_then_replaces_it(scratch):
    counts, files = row_counts(scratch.name), checksums(scratch.media)
    archive = scratch.backup()
    query(scratch.name, "DELETE FROM audit.event WHERE id > 10; CREATE TABLE later (id int)")
    (scratch.media / "later.pdf").write_bytes(b"%PDF-1.4 later")

    refused = scratch.run("restore", str(archive), "--yes")

    assert refused.returncode == 1
    assert "NOT EMPTY" in refused.stderr
    assert "FORCE=1" in refused.stderr
    assert row_counts(scratch.name)["audit.event"] == 10
    assert (scratch.media / "later.pdf").exists()

    forced = scratch.run("restore", str(archive), "--yes", "--force")

    assert forced.returncode == 0, forced.stderr
    assert row_counts(scratch.name) == counts  # the table made later is gone
    assert checksums(scratch.media) == files  # and so is the file


def test_restore_asks_before_it_writes_anything(scratch):
    archive = scratch.backup()
    scratch.wipe()

    declined = scratch.run("restore", str(archive), answer="no\n")

    assert declined.returncode == 1
    assert f"into the database '{scratch.name}'" in declined.stderr
    assert "Type yes to restore" in declined.stderr
    assert row_counts(scratch.name) == {}
    assert not scratch.media.exists() or not any(scratch.media.iterdir())

    accepted = scratch.run("restore", str(archive), answer="yes\n")

    assert accepted.returncode == 0, accepted.stderr
    assert row_counts(scratch.name)["public.report"] == 250


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(scratch, tmp_path):
    counts = row_counts(scratch.name)
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(ROOT / "manage.py", arcname="../../manage.py")

    result = scratch.run("restore", str(bogus), "--yes", "--force")

    assert result.returncode == 1
    assert "not a Kinerja backup" in result.stderr
    assert row_counts(scratch.name) == counts


def test_make_restore_without_file_says_what_it_needs():
    result = subprocess.run(
        ["make", "--no-print-directory", "restore"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "make restore needs FILE=" in result.stderr
