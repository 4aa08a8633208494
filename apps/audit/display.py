"""Events as readable entries: who did what to which object, when, through which page, and what changed.

The words come from gettext (English msgids, Indonesian in locale/); field names are the models' verbose names
and values their choice labels, dates in the Indonesian formats, related objects by name.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import DASH, format_number

from .selectors import LoadedEvent, objects_in_bulk

VERBS = {"insert": gettext_lazy("created"), "update": gettext_lazy("changed"), "delete": gettext_lazy("deleted")}
ACTION_NAMES = {"insert": gettext_lazy("Created"), "update": gettext_lazy("Changed"), "delete": gettext_lazy("Deleted")}
VALUE_LENGTH = 120


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    action: str  # insert, update or delete
    actor: str
    actor_id: object | None
    source: str
    model_name: str
    object_id: object
    object_label: str
    object_url: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def verb(self) -> str:
        return str(VERBS.get(self.action, self.action))

    @property
    def action_name(self) -> str:
        return str(ACTION_NAMES.get(self.action, self.action))


@cache
def shown_fields(model, event_model) -> tuple[models.Field, ...]:
    """The tracked model's fields that its event table holds, without the key and automatic timestamps."""
    recorded = {f.name for f in event_model._meta.fields}
    return tuple(
        f
        for f in model._meta.concrete_fields
        if f.name in recorded
        and not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )


def describe(loaded: list[LoadedEvent]) -> list[Entry]:
    """Entries for a page of loaded events. Users and related objects: one query per model for the whole page."""
    user_model = get_user_model()
    keys = set()
    for item in loaded:
        keys.add((user_model, _actor_id(item.event)))
        keys.add((item.model, item.event.pgh_obj_id))
        for version in (item.event, item.previous):
            if version is not None:
                for f in shown_fields(item.model, type(item.event)):
                    if f.many_to_one or f.one_to_one:
                        keys.add((f.related_model, getattr(version, f.attname)))
    found = objects_in_bulk(keys)
    return [_entry(item, found) for item in loaded]


def _actor_id(event):
    context = event.pgh_context
    return context.metadata.get("user") if context is not None else None


def _entry(item: LoadedEvent, found) -> Entry:
    event, model = item.event, item.model
    context = event.pgh_context.metadata if event.pgh_context is not None else {}
    actor_id = context.get("user")
    return Entry(
        when=event.pgh_created_at,
        action=event.pgh_label,
        actor=_actor_name(actor_id, found),
        actor_id=actor_id,
        source=context.get("url") or "",
        model_name=str(capfirst(model._meta.verbose_name)),
        object_id=event.pgh_obj_id,
        object_label=_object_label(item, found),
        object_url=_object_url(item, found),
        changes=_changes(item, found),
    )


def _actor_name(actor_id, found) -> str:
    if actor_id is None:
        return _("System")
    user = found.get((get_user_model(), actor_id))
    if user is None:
        return _("Deleted user #%(id)s") % {"id": actor_id}
    return user.get_full_name() or user.get_username()


def _changes(item: LoadedEvent, found) -> list[Change]:
    if item.event.pgh_label != "update" or item.previous is None:
        return []
    changes = []
    for f in shown_fields(item.model, type(item.event)):
        old, new = getattr(item.previous, f.attname), getattr(item.event, f.attname)
        if old != new:
            changes.append(
                Change(
                    field=str(capfirst(f.verbose_name)),
                    old=display_value(f, old, found),
                    new=display_value(f, new, found),
                )
            )
    return changes


def display_value(f: models.Field, value, found=None) -> str:
    """A field's value as a person reads it: choice labels, names of related objects, Indonesian dates."""
    if value is None or value == "":
        return DASH
    if f.many_to_one or f.one_to_one:
        obj = (found or {}).get((f.related_model._meta.concrete_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (Decimal, float)):
        return format_number(value)
    return Truncator(str(value)).chars(VALUE_LENGTH)


def _recorded_object(item: LoadedEvent, found) -> models.Model:
    """The object as this event recorded it, with its related objects from `found` (no further query)."""
    event, model = item.event, item.model
    fields = (*shown_fields(model, type(event)), model._meta.pk)
    obj = model(**{f.attname: getattr(event, f.attname) for f in fields})
    for f in fields:
        if (f.many_to_one or f.one_to_one) and getattr(obj, f.attname) is not None:
            f.set_cached_value(obj, found.get((f.related_model._meta.concrete_model, getattr(obj, f.attname))))
    return obj


def _object_label(item: LoadedEvent, found) -> str:
    """The object's name as this event recorded it (it may have been renamed or deleted since)."""
    try:
        return str(_recorded_object(item, found))
    except ObjectDoesNotExist:  # its __str__ needs a related object that is gone
        return f"{capfirst(item.model._meta.verbose_name)} #{item.event.pgh_obj_id}"


def _object_url(item: LoadedEvent, found) -> str | None:
    """A link to the object's page while it still exists."""
    obj = found.get((item.model, item.event.pgh_obj_id))
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return None
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, ObjectDoesNotExist):
        return None
