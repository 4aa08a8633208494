"""The one way a workflow step happens (PK, realisasi report, innovation): a conditional UPDATE.

`transition()` moves an object only if it is still in one of the `source` states (`UPDATE … WHERE status IN (…)`),
so two clicks, two workers or two people acting at once move it once and the other gets a clear TransitionError;
the step's review row is written in the same transaction. The model needs `status` (with choices), `row_version`
and `updated_at`.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

M = TypeVar("M", bound=Model)


class TransitionError(Exception):
    """The object is not in a state that allows this step (the API answers 409)."""


class ConflictError(Exception):
    """Someone else saved the object since it was opened (optimistic lock)."""


def transition(obj: M, *, source: tuple, target: str, fields: dict, refused: str, review: Callable[[str], object]) -> M:
    """Move `obj` from one of `source` to `target`, setting `fields` too; `review(from_status)` records the step.
    `refused` is the message when it is no longer in a source state, with %(status)s and %(action)s."""
    model = type(obj)
    with transaction.atomic():
        moved = model._base_manager.filter(pk=obj.pk, status__in=source).update(
            status=target, row_version=F("row_version") + 1, updated_at=timezone.now(), **fields
        )
        if moved != 1:
            obj.refresh_from_db(fields=["status"])
            action = dict(model._meta.get_field("status").choices)[target]
            raise TransitionError(refused % {"status": obj.get_status_display().lower(), "action": action.lower()})
        review(obj.status)
    obj.refresh_from_db()
    return obj
