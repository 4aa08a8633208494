"""What a cached computation read has changed, in one query: the newest audit event id of each table it read.

Every model is tracked by pghistory (apps/core/audit.py): its database triggers write an event row for every insert,
update and delete, bulk updates and raw SQL included, so the newest event id of a table changes whenever the table
does. A cache key made of these ids is never served after its sources changed (the dashboards' overview, the
innovation index)."""

from django.apps import apps
from django.db import connection


def fingerprint(*labels: str) -> str:
    """ "12-4-907…" for models given as "app_label.Model" (their event tables `<Model>Event`)."""
    tables = []
    for label in labels:
        app_label, name = label.split(".")
        tables.append(apps.get_model(app_label, f"{name}Event")._meta.db_table)
    # the tables' names come from the models, never from a request
    sql = "SELECT " + ", ".join(f"(SELECT max(pgh_id) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "-".join(str(value or 0) for value in cursor.fetchone())
