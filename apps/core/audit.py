"""Row history of every model by PostgreSQL triggers (django-pghistory).

`track` records inserts, updates (only when a value changed) and deletes, including `QuerySet.update` and raw
SQL, with the acting user and URL that `pghistory.middleware.HistoryMiddleware` (pages and API) or
`audit_context` (commands, Celery tasks) attach.
"""

import pghistory
from django.db import models


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
