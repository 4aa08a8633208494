"""Reads of the row history that django-pghistory's triggers write (see apps/core/audit.py).

pghistory's own `Events` model unions every event table in one CTE and computes each row's data and diff as JSON
before anything is filtered or sorted: unfiltered, its first page of 25 took 26 s over 122 000 events. So the audit
trail pages over a narrow UNION ALL of the event tables (which table, event id, time, action, object id), then loads
only the page's events and the versions before them: two queries per event table on the page, whatever its size.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import capfirst
from pghistory.core import event_models
from pghistory.models import Context

ACTIONS = ("insert", "update", "delete")  # the labels of the trackers in apps/core/audit.py
ROW_FIELDS = ("event_model", "pgh_id", "pgh_created_at", "pgh_label", "object_id")
NEWEST_FIRST = ("-pgh_created_at", "-pgh_id")


@dataclass(frozen=True)
class Tracked:
    """A tracked model and one of its event tables."""

    model: type[models.Model]
    event_model: type[models.Model]

    @property
    def key(self) -> str:
        """'departments.department': the value of the audit trail's object type filter."""
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(capfirst(self.model._meta.verbose_name))


@cache
def _tracked() -> tuple[Tracked, ...]:
    return tuple(
        Tracked(model=event_model.pgh_tracked_model._meta.concrete_model, event_model=event_model)
        for event_model in event_models()
        if _has_object_and_context(event_model)
    )


def _has_object_and_context(event_model) -> bool:
    names = {field.name for field in event_model._meta.fields}
    return {"pgh_obj", "pgh_context"} <= names and event_model._meta.get_field("pgh_context").related_model is Context


def tracked_models() -> list[Tracked]:
    """Every tracked model (with its event table), by verbose name in the active language."""
    return sorted(_tracked(), key=lambda tracked: tracked.verbose_name)


def tracked_model(key: str) -> type[models.Model] | None:
    return next((tracked.model for tracked in _tracked() if tracked.key == key), None)


def event_rows(
    *,
    model: type[models.Model] | None = None,
    object_id=None,
    user=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str | None = None,
) -> models.QuerySet:
    """The audit trail, newest first, as light rows (dicts of ROW_FIELDS); `events_load` loads a page of them.

    Days are those of the active time zone. `user` is the acting user recorded in the context.
    """
    model = model._meta.concrete_model if model is not None else None
    querysets = []
    for tracked in _tracked():
        if model is not None and tracked.model is not model:
            continue
        events = tracked.event_model.objects.all()
        if object_id not in (None, ""):
            try:
                events = events.filter(pgh_obj_id=tracked.model._meta.pk.to_python(object_id))
            except ValidationError:  # not a key of this model (e.g. letters for a numeric id)
                continue
        if user is not None:
            events = events.filter(pgh_context__metadata__user=user.pk)
        if date_from is not None:
            events = events.filter(pgh_created_at__gte=_start_of(date_from))
        if date_to is not None:
            events = events.filter(pgh_created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
        if action:
            events = events.filter(pgh_label=action)
        querysets.append(
            events.annotate(
                event_model=Value(tracked.event_model._meta.label, output_field=TextField()),
                object_id=Cast("pgh_obj_id", output_field=TextField()),
            ).values(*ROW_FIELDS)
        )
    if not querysets:
        return _tracked()[0].event_model.objects.none().values("pgh_id")
    if len(querysets) == 1:
        return querysets[0].order_by(*NEWEST_FIRST)
    return querysets[0].union(*querysets[1:], all=True).order_by(*NEWEST_FIRST)


def object_event_rows(obj: models.Model) -> models.QuerySet:
    """The events of one object, newest first (light rows, as `event_rows`)."""
    return event_rows(model=type(obj), object_id=obj.pk)


def family_event_rows(*parts: tuple[type[models.Model], dict]) -> models.QuerySet:
    """The events of a family of objects, newest first, as light rows: each part a tracked model and a filter of
    its event rows by the fields they recorded, e.g. (SchemeIndicator, {"scheme_id": 3}), so that rows deleted
    since (whose object is gone) are still found."""
    querysets = []
    for model, lookup in parts:
        model = model._meta.concrete_model
        for tracked in _tracked():
            if tracked.model is model:
                querysets.append(
                    tracked.event_model.objects.filter(**lookup)
                    .annotate(
                        event_model=Value(tracked.event_model._meta.label, output_field=TextField()),
                        object_id=Cast("pgh_obj_id", output_field=TextField()),
                    )
                    .values(*ROW_FIELDS)
                )
    if len(querysets) == 1:
        return querysets[0].order_by(*NEWEST_FIRST)
    return querysets[0].union(*querysets[1:], all=True).order_by(*NEWEST_FIRST)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class LoadedEvent:
    event: models.Model  # a row of an event table: the object's fields as they were after the change
    previous: models.Model | None  # the object's event before it (its state before an update), if any

    @property
    def model(self) -> type[models.Model]:
        return self.event.pgh_tracked_model._meta.concrete_model


def events_load(rows) -> list[LoadedEvent]:
    """The events of a page of light rows, in the same order, with their context and their previous version.

    Two queries per event table on the page: the events (with their context), then the versions before updates.
    """
    ids_by_table = defaultdict(list)
    for row in rows:
        ids_by_table[row["event_model"]].append(row["pgh_id"])
    loaded = {}
    for label, ids in ids_by_table.items():
        event_model = apps.get_model(label)
        previous_id = (
            event_model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
            .order_by("-pgh_id")
            .values("pgh_id")[:1]
        )
        events = list(
            event_model.objects.filter(pgh_id__in=ids)
            .select_related("pgh_context")
            .annotate(_previous_event_id=Subquery(previous_id))
        )
        previous = event_model.objects.in_bulk(
            [event._previous_event_id for event in events if event.pgh_label == "update" and event._previous_event_id]
        )
        for event in events:
            loaded[label, event.pgh_id] = LoadedEvent(event=event, previous=previous.get(event._previous_event_id))
    return [loaded[row["event_model"], row["pgh_id"]] for row in rows if (row["event_model"], row["pgh_id"]) in loaded]


def objects_in_bulk(keys) -> dict[tuple[type[models.Model], object], models.Model]:
    """{(model, pk): object} for the (model, pk) pairs that still exist: one query per model.

    Non-null foreign keys are joined (`select_related()`), so that their `str()` costs no further query.
    """
    pks_by_model = defaultdict(set)
    for model, pk in keys:
        if pk is not None:
            pks_by_model[model._meta.concrete_model].add(pk)
    found = {}
    for model, pks in pks_by_model.items():
        for pk, obj in model._base_manager.select_related().in_bulk(list(pks)).items():
            found[model, pk] = obj
    return found
