"""What the RPJMD and Renstra importers share: numbers, targets (one value or a band), the words for polarity and
aggregation, the year columns, an indicator's columns and the checks of its cells, and PlanImporter (parents kept
once per file, an indicator and its targets planned, a row's plan)."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import format_number, parse_number
from apps.core.importing import (
    Column,
    Importer,
    RowErrors,
    RowPlan,
    cell_text,
    choice_key,
    choice_lookup,
    display,
    errors_from_validation,
)

from ..models import Aggregation, Polarity

# The words the template offers and the export writes (Indonesian); the English values and labels are read too.
POLARITY_WORDS = {Polarity.POSITIVE: "positif", Polarity.NEGATIVE: "negatif", Polarity.STABILIZE: "stabil"}
AGGREGATION_WORDS = {Aggregation.SUM: "jumlah", Aggregation.LAST: "terakhir", Aggregation.AVERAGE: "rata-rata"}
POLARITIES = {
    **choice_lookup(Polarity.choices),
    **{choice_key(word): value for value, word in POLARITY_WORDS.items()},
    choice_key("stabilisasi"): Polarity.STABILIZE,
}
AGGREGATIONS = {
    **choice_lookup(Aggregation.choices),
    **{choice_key(word): value for value, word in AGGREGATION_WORDS.items()},
    choice_key("rata rata"): Aggregation.AVERAGE,
    choice_key("rerata"): Aggregation.AVERAGE,
}
YEAR_HEADER = re.compile(r"^(target|pagu)\s+(\d{4})$", re.IGNORECASE)
BAND = re.compile(r"^(-?[\d.,]+)\s*[–—-]\s*(-?[\d.,]+)$")


def required():
    return _("This column must be filled in.")


def not_one_of(value, choices) -> str:
    return _("“%(value)s” is not one of: %(choices)s.") % {"value": cell_text(value), "choices": ", ".join(choices)}


def also_on_line(what: str, line: int) -> str:
    return _("%(what)s also appears on line %(line)d; it may appear only once in the file.") % {
        "what": what,
        "line": line,
    }


def differs_from_line(what: str, text: str, line: int) -> str:
    return _("%(what)s is “%(text)s” on line %(line)d; every row of it must give the same.") % {
        "what": what,
        "text": text,
        "line": line,
    }


# --- Numbers and targets -----------------------------------------------------------------------------------------
def parse_decimal(value) -> Decimal:
    """A number cell, or text in Indonesian notation (1.234,5). Raises ValueError with the message."""
    if isinstance(value, (bool, datetime.date, datetime.datetime)):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": cell_text(value)})
    if isinstance(value, float):
        value = Decimal(format(value, ".15g"))  # the 15 digits Excel shows: 72.69999999999999 is 72.7
    try:
        return parse_number(value)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a number: write for example 1.234,5.") % {"value": cell_text(value)}
        ) from None


def parse_target(value) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """A target cell → (value, low, high): '12,5' → (12.5, None, None); '2–4' or '2-4' → (None, 2, 4).

    Raises ValueError with the message (a band whose low end is above its high end, too)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        raise ValueError(
            _("%(value)s was read as a date: format the column as Text and write a band as 2–4.")
            % {"value": cell_text(value)}
        )
    text = cell_text(value)
    match = BAND.match(text) if isinstance(value, str) else None
    if match is None:
        return parse_decimal(value), None, None
    try:
        low, high = parse_number(match[1]), parse_number(match[2])
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a target: write one number (12,5) or a band low–high (2–4).") % {"value": text}
        ) from None
    if low > high:
        raise ValueError(
            _("In the band “%(value)s” the low end is above the high end: write it as low–high.") % {"value": text}
        )
    return None, low, high


def _plain(number: Decimal):
    """A stored Decimal as the export writes it into a number cell: an int when whole, else a float."""
    number = number.normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def number_cell(number: Decimal | None):
    return None if number is None else _plain(number)


def target_cell(target) -> object:
    """A stored target as its cell: the number, or the band as text '2–4' (Indonesian decimals)."""
    if target is None:
        return None
    if target.value is not None:
        return _plain(target.value)
    return f"{format_number(target.low.normalize())}–{format_number(target.high.normalize())}"


def target_texts(targets: dict) -> dict[str, str]:
    """The preview of a row's targets ({year: (value, low, high)}): {"Target 2025": "12,5", …}."""
    return {f"Target {year}": target_text(*target) for year, target in sorted(targets.items())}


def target_text(value, low, high) -> str:
    if value is not None:
        return format_number(value.normalize())
    if low is None:
        return display(None)
    return f"{format_number(low.normalize())}–{format_number(high.normalize())}"


# --- Year columns --------------------------------------------------------------------------------------------------
def year_column(prefix: str, key: str, year: int, help_text) -> Column:
    return Column(f"{key}_{year}", f"{prefix} {year}", width=12, text=(key == "target"), help=help_text)


def target_columns(years) -> tuple[Column, ...]:
    help_text = gettext_lazy(
        "The target of the year: one number (12,5) or a band low–high (2–4; always a band for a stabilize "
        "indicator). Empty: the stored target of that year stays."
    )
    return tuple(year_column("Target", "target", year, help_text) for year in years)


def extra_year_column(header: str, prefix: str, key: str) -> Column | None:
    """'Target 2031' of a period 2025–2029: read, so that the rows filling it are reported (not the whole file)."""
    match = YEAR_HEADER.match(header)
    if match and match[1].casefold() == prefix.casefold():
        return year_column(prefix, key, int(match[2]), "")
    return None


def year_values(values: dict, key: str) -> dict[int, object]:
    """{year: cell} of the filled year columns (`key`_YYYY) of a row."""
    result = {}
    for column, value in values.items():
        if column.startswith(f"{key}_") and cell_text(value):
            result[int(column.rsplit("_", 1)[1])] = value
    return result


def outside_period(year: int, period) -> str:
    return _("%(year)d is not a year of %(period)s (%(first)d–%(last)d); clear this cell or use another file.") % {
        "year": year,
        "period": period,
        "first": period.start_year,
        "last": period.end_year,
    }


# --- An indicator's cells ----------------------------------------------------------------------------------------
INDICATOR_COLUMNS = (
    Column("unit", "Satuan", required=True, width=12, help=gettext_lazy("The unit, e.g. %, orang, indeks, Rp.")),
    Column(
        "polarity",
        "Polaritas",
        required=True,
        width=12,
        choices=tuple(POLARITY_WORDS.values()),
        help=gettext_lazy(
            "positif (higher is better), negatif (lower is better) or stabil (best inside a band); "
            "positive, negative and stabilize are read too."
        ),
    ),
    Column(
        "aggregation",
        "Agregasi",
        required=True,
        width=12,
        choices=tuple(AGGREGATION_WORDS.values()),
        help=gettext_lazy(
            "How the quarters make the year: jumlah (sum: counts, rupiah), terakhir (the latest quarter: levels, "
            "percentages, indices) or rata-rata (average); sum, last and average are read too."
        ),
    ),
    Column(
        "baseline",
        "Baseline",
        width=12,
        help=gettext_lazy("The value before the period (a number, e.g. 1.234,5). Empty: the stored one stays."),
    ),
)
# The indicator fields a row may set → their column keys.
INDICATOR_FIELD_COLUMNS = {
    "unit": "unit",
    "polarity": "polarity",
    "aggregation": "aggregation",
    "baseline": "baseline",
    "weight": "weight",
    "is_iku": "iku",
}


def required_texts(values, keys, errors: RowErrors) -> dict[str, str]:
    """{key: text} of the row's cells that must be filled in, each empty one reported."""
    texts = {}
    for key in keys:
        texts[key] = cell_text(values.get(key))
        if not texts[key]:
            errors.add(key, required())
    return texts


def read_choice(values, key, lookup, words, errors: RowErrors):
    if not cell_text(values.get(key)):
        errors.add(key, required())
        return None
    value = lookup.get(choice_key(values[key]))
    if value is None:
        errors.add(key, not_one_of(values[key], list(words.values())))
    return value


def read_optional_decimal(values, key, errors: RowErrors) -> Decimal | None:
    if not cell_text(values.get(key)):
        return None
    try:
        return parse_decimal(values[key])
    except ValueError as exc:
        errors.add(key, str(exc))
        return None


def read_indicator_cells(values, errors: RowErrors) -> dict:
    """{field: value} of the INDICATOR_COLUMNS of a row: unit, polarity, aggregation and baseline (None if empty)."""
    unit = cell_text(values.get("unit"))
    if not unit:
        errors.add("unit", required())
    return {
        "unit": unit,
        "polarity": read_choice(values, "polarity", POLARITIES, POLARITY_WORDS, errors),
        "aggregation": read_choice(values, "aggregation", AGGREGATIONS, AGGREGATION_WORDS, errors),
        "baseline": read_optional_decimal(values, "baseline", errors),
    }


def indicator_cell(field: str, value):
    """A value of an indicator's field as the list of changes shows it."""
    words = {"polarity": POLARITY_WORDS, "aggregation": AGGREGATION_WORDS}.get(field)
    if words is not None:
        return words.get(value)
    return number_cell(value) if isinstance(value, Decimal) else value


def read_targets(values, period, polarity, errors: RowErrors) -> dict[int, tuple]:
    """{year: (value, low, high)} of the row's filled target cells, each checked."""
    targets = {}
    for year, cell in year_values(values, "target").items():
        key = f"target_{year}"
        if year not in period.years:
            errors.add(key, outside_period(year, period))
            continue
        try:
            target = parse_target(cell)
        except ValueError as exc:
            errors.add(key, str(exc))
            continue
        if polarity == Polarity.STABILIZE and target[0] is not None:
            errors.add(key, _("A stabilize indicator needs a band low–high (e.g. 2–4), not one value."))
            continue
        targets[year] = target
    return targets


def clean(instance, errors: RowErrors, columns: dict[str, str], exclude=()) -> None:
    """full_clean of one instance, its field errors reported on the mapped columns (unchecked fields excluded)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for column, message in errors_from_validation(exc, columns):
            errors.add(column, message)


def change(changes: list, header: str, old, new) -> None:
    if old != new:
        changes.append({"column": header, "old": display(old), "new": display(new)})


def row_plan(*, line: int, created: bool, key: str, values: dict, changes: list, writes: list) -> RowPlan:
    """The plan of a good row: create, update (with its changes) or unchanged; `writes` are saved in order."""
    return RowPlan(
        line=line,
        action="create" if created else "update" if changes else "unchanged",
        key=key,
        values=values,
        changes=[] if created else changes,
        cleaned={"writes": writes},
    )


class PlanImporter(Importer):
    """What both plan importers do: keep a parent (misi, tujuan, sasaran, program…) once per file, check that a
    file repeats a parent the same way, and write an indicator with its targets."""

    indicators: dict  # (sasaran code, casefolded name) → stored or planned indicator, loaded by prepare
    targets: dict  # (indicator pk, year) → stored target, loaded by prepare
    seen: dict  # (level, key) → (first line, what it gives), filled as rows are validated
    scheduled: set  # id() of parents an earlier row already writes

    def _parent(self, stored: dict, key, new, column: str, value: str, changes: list, writes: list, attribute="text"):
        """The stored (or planned) parent of the row, its text (or name: `attribute`) set to `value`; scheduled for
        writing on the first row that creates or changes it."""
        instance = stored.get(key)
        if instance is None:
            instance = new
            setattr(instance, attribute, value)
            stored[key] = instance
        elif getattr(instance, attribute) != value and id(instance) not in self.scheduled:
            change(changes, self.column(column).header, getattr(instance, attribute), value)
            setattr(instance, attribute, value)
        else:
            return instance
        self.scheduled.add(id(instance))
        writes.append(instance)
        return instance

    def _same(self, level, key, value, what: str, column: str, errors: RowErrors) -> None:
        """Every row of a parent must give the same `value` as its first row in the file."""
        first = self.seen.get((level, key))
        if first and first[1] != value:
            errors.add(column, differs_from_line(what, first[1], first[0]))

    def _same_owner(self, link: str, code, owner, stored_owner, message: str, column: str, errors: RowErrors):
        """A code belongs to one parent: the row's `owner` must be the one the code's first row in the file gave
        (kept in `seen` under `link`), else the stored one (`stored_owner`, None for a new code). `message` takes
        %(code)s and %(owner)s."""
        first = self.seen.get((link, code))
        known = first[1] if first else stored_owner
        if owner and known is not None and known != owner:
            errors.add(column, message % {"code": code, "owner": known})

    def _once(self, level, key, what: str, column: str, errors: RowErrors) -> None:
        """`key` may appear on one row of the file only."""
        first = self.seen.get((level, key))
        if first:
            errors.add(column, also_on_line(what, first[0]))

    def _indicator(self, key, new, cells: dict, targets: dict, target_model, changes: list, writes: list, errors):
        """The row's indicator: the stored one of `key`, or `new`. Its cells ({field: value}) are set, None keeping
        the stored value (or the default of a new one); the indicator and its targets go to `writes` where new or
        changed. Returns (indicator, created)."""
        indicator = self.indicators.get(key)
        created = indicator is None
        if created:
            indicator = new
        changed = created
        for field, value in cells.items():
            old = getattr(indicator, field)
            if value is None:
                value = old
            if not created:
                header = self.column(INDICATOR_FIELD_COLUMNS[field]).header
                change(changes, header, indicator_cell(field, old), indicator_cell(field, value))
            changed = changed or old != value
            setattr(indicator, field, value)
        clean(indicator, errors, {"name": "indicator"}, exclude=("objective",))
        if changed:
            writes.append(indicator)
        writes.extend(self._targets(indicator, created, targets, changes, errors, target_model))
        return indicator, created

    def _targets(self, indicator, created, targets: dict, changes: list, errors: RowErrors, model) -> list:
        """The targets of the row to write (new or changed); empty cells keep the stored target of that year."""
        writes = []
        for year, (value, low, high) in sorted(targets.items()):
            stored = None if created else self.targets.get((indicator.pk, year))
            if stored is not None and (stored.value, stored.low, stored.high) == (value, low, high):
                continue
            if stored is not None:
                change(
                    changes,
                    f"Target {year}",
                    target_text(stored.value, stored.low, stored.high),
                    target_text(value, low, high),
                )
                target = stored
            else:
                if not created:
                    change(changes, f"Target {year}", None, target_text(value, low, high))
                target = model(indicator=indicator, year=year)
            target.value, target.low, target.high = value, low, high
            clean(
                target,
                errors,
                {"value": f"target_{year}", "low": f"target_{year}", "high": f"target_{year}"},
                exclude=("indicator",),
            )
            writes.append(target)
        return writes

    # Applying ----------------------------------------------------------------------------------------------
    def apply_row(self, plan):
        for instance in plan.cleaned["writes"]:
            instance.save()  # parents first: a child picks up the id of the parent saved just before
