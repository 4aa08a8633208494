"""What the RPJMD and Renstra importers share: numbers, targets (one value or a band), the words for polarity and
aggregation, the year columns, and the checks of an indicator's cells."""

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


class PlanImporter(Importer):
    """What both plan importers do: keep a parent (misi, tujuan, sasaran…) once per file, and write targets."""

    targets: dict  # (indicator pk, year) → stored target, loaded by prepare
    scheduled: set  # id() of parents an earlier row already writes

    def _parent(self, stored: dict, key, new, column: str, text: str, changes: list, writes: list):
        """The stored (or planned) misi, tujuan or sasaran of the row, its text set; scheduled for writing on the
        first row that creates or changes it."""
        instance = stored.get(key)
        if instance is None:
            instance = new
            instance.text = text
            stored[key] = instance
        elif instance.text != text and id(instance) not in self.scheduled:
            change(changes, self.column(column).header, instance.text, text)
            instance.text = text
        else:
            return instance
        self.scheduled.add(id(instance))
        writes.append(instance)
        return instance

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
