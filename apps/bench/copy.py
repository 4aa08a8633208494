"""Bulk rows into PostgreSQL with COPY (psycopg2 `copy_expert`), ids chosen here, for the data generator.

Each row is a dict of field names (attnames: `department_id`); a field left out gets its model default (`auto_now`
and `auto_now_add` fields get the generator's "now"). Rows go in chunks, so that even L's million rows never sit in
memory as one text. COPY fires the row triggers as INSERT does: pghistory records each row, and the "frozen" triggers
of signed PKs and verified reports hold (the generator inserts children before their signed parent: the foreign
keys are deferred to the commit).
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import uuid
from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import NOT_PROVIDED

CHUNK = 50_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _array_item(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def copy_text(value, field: models.Field) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(field, ArrayField):
        text = "{" + ",".join(_array_item(item) for item in value) + "}"
    elif isinstance(value, bool):
        return "t" if value else "f"
    elif isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    elif isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    elif isinstance(value, models.fields.files.FieldFile):
        text = value.name or ""
    else:
        text = str(value)
    return text.translate(_ESCAPES)


class Table:
    """COPY rows of one model: `add(row)` (the id is given or taken from `next_id()`), `flush()` at the end."""

    def __init__(self, model: type[models.Model], now: datetime.datetime):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.now = now
        self.buffer: list[str] = []
        self.count = 0
        self._next = self._max_id() + 1
        self._defaults = []
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self._defaults.append(("value", now))
            elif field.default is not NOT_PROVIDED:
                default = field.default
                self._defaults.append(("call", default) if callable(default) else ("value", default))
            elif field.null:
                self._defaults.append(("value", None))
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                self._defaults.append(("value", ""))
            else:
                self._defaults.append(("missing", field.attname))

    def _max_id(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.model._meta.db_table}"')  # noqa: S608
            return cursor.fetchone()[0]

    def next_id(self) -> int:
        value = self._next
        self._next += 1
        return value

    def add(self, row: dict) -> int:
        if "id" not in row:
            row["id"] = self.next_id()
        texts = []
        for field, (kind, default) in zip(self.fields, self._defaults, strict=True):
            if field.attname in row:
                value = row[field.attname]
            elif kind == "value":
                value = default
            elif kind == "call":
                value = default()
            else:
                raise ValueError(f"{self.model.__name__}.{default} has no value and no default")
            texts.append(copy_text(value, field))
        self.buffer.append("\t".join(texts) + "\n")
        self.count += 1
        if len(self.buffer) >= CHUNK:
            self.flush()
        return row["id"]

    def add_many(self, rows: Iterable[dict]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.buffer:
            return
        data = io.StringIO("".join(self.buffer))
        self.buffer = []
        columns = ", ".join(f'"{column}"' for column in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', data)

    def finish(self) -> int:
        """Send what is left and move the id sequence past the ids given here."""
        self.flush()
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM " + f'"{table}"), 1))',  # noqa: S608 - a model's table name
                [f'"{table}"'],
            )
        return self.count
