"""Row history of every model by PostgreSQL triggers (django-pghistory).

`track` records inserts, updates (only when a value changed) and deletes, including `QuerySet.update` and raw
SQL, with the acting user and URL that `pghistory.middleware.HistoryMiddleware` (pages and API) or
`audit_context` (commands, Celery tasks) attach.
"""

import pghistory
from django.db import connection, models


def _trackers():
    # New instances for every model: a condition resolves its fields against the model it is given.
    return (
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
        pghistory.DeleteEvent(),
    )


def tracked(**kwargs):
    """`@tracked(exclude=[...])` for a model whose some fields must stay out of the history.

    Every event table is indexed on its time: the audit trail pages through all of them newest first.
    """
    kwargs.setdefault("meta", {"indexes": [models.Index(fields=["-pgh_created_at", "-pgh_id"])]})
    return pghistory.track(*_trackers(), **kwargs)


def track(model):
    """`@track`: the whole row's history."""
    return tracked()(model)


def audit_context(*, user=None, source: str):
    """Attach who and what to every row change made inside this block (a command or a Celery task)."""
    return pghistory.context(user=user.pk if user is not None else None, url=source)


def set_trigger_ignore_list() -> None:
    """Before many rows are written in the current transaction: set pgtrigger's list of ignored triggers, empty
    (every trigger still runs: the history's, the frozen reports').

    Every row trigger reads that list with CURRENT_SETTING inside a BEGIN … EXCEPTION block: unset, the read fails
    and each row written costs a subtransaction, which in one large transaction grows quadratically
    (bench/results/2026-11-24-analysis.md; at M, one INSERT of 10,000 realisasi reports: 6.0 s unset, 1.9 s set).
    Local to the transaction; `pgtrigger.ignore()` still overrides it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
