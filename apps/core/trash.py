"""Deleted drafts, restorable by the admin: each app whose drafts are soft-deleted has a `trash` module with
`KIND` (a slug), `LABEL`, `deleted()` returning `Deleted` items and `restore(pk, by)`. This lowest app finds them by
name, so it imports no higher app (like apps/core/home.py)."""

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Deleted:
    kind: str
    pk: int
    label: str
    department: str
    deleted_at: datetime.datetime
    deleted_by: str


def modules() -> dict:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.trash")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.trash":
                raise
            continue
        found[module.KIND] = module
    return found


def deleted() -> list[Deleted]:
    """Every deleted draft, the latest deleted first."""
    items = [item for module in modules().values() for item in module.deleted()]
    return sorted(items, key=lambda item: item.deleted_at, reverse=True)
