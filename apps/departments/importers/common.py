"""Helpers the department and official importers share."""

from django.utils.translation import gettext as _

from apps.core.importing import Importer, cell_text, display


def _required():
    return _("This column must be filled in.")


def _not_one_of(value, choices) -> str:
    return _("“%(value)s” is not one of: %(choices)s.") % {"value": cell_text(value), "choices": ", ".join(choices)}


def _changes(importer: Importer, pairs) -> list[dict]:
    """[(column key, old, new)] → the preview's changes, only where the value differs."""
    return [
        {"column": importer.column(key).header, "old": display(old), "new": display(new)}
        for key, old, new in pairs
        if old != new
    ]
