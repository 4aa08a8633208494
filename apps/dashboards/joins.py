"""The one place the dashboards read the evaluations app (issue 7): the open flags, the latest evaluation and the
early-warning projection of many PKs at once.

The functions are imported inside each call, so that the dashboards keep working (showing "not available", never
a made-up figure) where the evaluations app does not provide them: `available()` says whether it does. Each result
is a dict keyed by agreement id; an agreement missing from it has no flag, no evaluation or no projection.
"""

from __future__ import annotations

import importlib
from decimal import Decimal


def _function(module: str, name: str):
    """apps.evaluations.<module>.<name>, or None while the evaluations app does not provide it (an error raised
    inside the function itself is not hidden)."""
    path = f"apps.evaluations.{module}"
    try:
        found = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name != path:
            raise  # the module exists but is broken: say so
        return None
    found = getattr(found, name, None)
    return found if callable(found) else None


NEEDED = (
    ("selectors", "open_flags_by_agreement"),
    ("selectors", "latest_evaluations_by_agreement"),
    ("projection", "projected_achievements"),
)


def available() -> bool:
    """Does the evaluations app provide the three functions the dashboards read?"""
    return all(_function(module, name) is not None for module, name in NEEDED)


def open_flags(agreement_ids) -> dict[int, object] | None:
    """{agreement id: its open Flag}; None when the evaluations app does not provide them."""
    function = _function("selectors", "open_flags_by_agreement")
    return None if function is None else function(list(agreement_ids))


def latest_evaluations(agreement_ids) -> dict[int, object] | None:
    """{agreement id: its latest Evaluation (with `decision` and `status`)}; None when not provided."""
    function = _function("selectors", "latest_evaluations_by_agreement")
    return None if function is None else function(list(agreement_ids))


def projections(agreements) -> dict[int, Decimal | None] | None:
    """{agreement id: the projected capaian at the end of the period}; None when not provided."""
    function = _function("projection", "projected_achievements")
    return None if function is None else function(list(agreements))
