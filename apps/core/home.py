""" "What I owe" on the home page: each app may have a `home` module with `owed(user)` returning `Owed` items (what
the user must do, where, by when). This lowest app finds them by name, so it imports no higher app (like
apps/departments/demo.py's `all_steps()`)."""

import datetime
import importlib
from dataclasses import dataclass

from django.apps import apps

#: Most urgent first.
SEVERITIES = ("danger", "warning", "info")


@dataclass(frozen=True)
class Owed:
    text: str
    url: str
    due: datetime.date | None = None
    severity: str = "info"  # "danger" (late or returned), "warning" (due soon), "info"


def _modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("apps.") or config.name == "apps.core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
            continue
        if callable(getattr(module, "owed", None)):
            yield module


def owed(user) -> list[Owed]:
    """Everything every app says the user owes, the most urgent and the earliest due first."""
    if not user.is_authenticated:
        return []
    items = [item for module in _modules() for item in module.owed(user)]
    return sorted(
        items,
        key=lambda item: (
            SEVERITIES.index(item.severity) if item.severity in SEVERITIES else len(SEVERITIES),
            item.due or datetime.date.max,
            str(item.text),
        ),
    )
