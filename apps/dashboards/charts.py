"""The data of the dashboards' charts, as plain dicts the templates put on the page with `json_script` and
static/js/dashboards.js draws with the vendored Chart.js (no inline script: CSP).

A chart is `{"kind": …, "labels": [...], "series": [{"label", "data", "colours"?, "stack"?}], "unit": "%" | ""}`;
kinds: `hbar` (horizontal bars, one per label), `bar`, `stacked` (stacked bars) and `line`. Numbers are floats
(JSON has no Decimal); a missing value is null (a gap, never 0).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from apps.progress.achievement import Colour

from .capaian import QUARTERS

COLOURS = {Colour.GREEN: "#198754", Colour.AMBER: "#ffc107", Colour.RED: "#dc3545", None: "#adb5bd"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _quarter_labels() -> list[str]:
    return [_("Quarter %(roman)s") % {"roman": ROMAN[q]} for q in QUARTERS]


def achievement_by_department(rows) -> dict:
    """Capaian to date of each department, highest first, coloured by its predicate (departments without one are
    left out)."""
    shown = sorted(
        (row for row in rows if row.achievement_percent is not None),
        key=lambda row: (-row.achievement_percent, row.department.code),
    )
    return {
        "kind": "hbar",
        "unit": "%",
        "labels": [row.department.short_name or row.department.name for row in shown],
        "series": [
            {
                "label": _("Capaian"),
                "data": [_number(row.achievement_percent) for row in shown],
                "colours": [COLOURS[row.colour] for row in shown],
            }
        ],
    }


def trend(values: list[Decimal | None]) -> dict:
    """The city's mean capaian counting the quarters up to each one."""
    return {
        "kind": "line",
        "unit": "%",
        "labels": _quarter_labels(),
        "series": [{"label": _("Mean capaian of the departments"), "data": [_number(v) for v in values]}],
    }


def index_by_year(years: list[dict]) -> dict:
    """The self-assessed and verified innovation index (IID) of every year with innovations, oldest first."""
    years = sorted((row for row in years if row.get("scheme")), key=lambda row: row["year"])
    return {
        "kind": "bar",
        "unit": "",
        "labels": [str(row["year"]) for row in years],
        "series": [
            {"label": _("Self-assessed"), "data": [_number(row["claimed"].score) for row in years]},
            {"label": _("Verified"), "data": [_number(row["verified"].score) for row in years]},
        ],
    }


def compliance(summary: list[dict]) -> dict:
    """Per quarter, the departments with a signed PK that reported every indicator, some or none by the deadline,
    and those still within it."""
    return {
        "kind": "stacked",
        "unit": "",
        "labels": _quarter_labels(),
        "series": [
            {"label": _("Every indicator"), "data": [row["complete"] for row in summary], "colour": "#198754"},
            {"label": _("Late, some indicators"), "data": [row["partial"] for row in summary], "colour": "#ffc107"},
            {"label": _("Late, nothing"), "data": [row["none"] for row in summary], "colour": "#dc3545"},
            {"label": _("Still within the deadline"), "data": [row["waiting"] for row in summary], "colour": "#adb5bd"},
        ],
    }


def department_trend(values) -> dict:
    """A department's capaian counting the quarters up to each one."""
    return {
        "kind": "line",
        "unit": "%",
        "labels": _quarter_labels(),
        "series": [{"label": _("Capaian to the quarter"), "data": [_number(v) for v in values]}],
    }
