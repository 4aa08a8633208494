"""Describing an import: columns, row plans and errors, the `Importer` base class, the registry and the helpers that
read cell values."""

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError
from django.utils.translation import gettext as _

EMPTY = "–"


# --- Describing an import ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of the file. `header` is part of the file format, in Indonesian, and is not translated."""

    key: str
    header: str
    required: bool = False
    help: str = ""
    width: int = 18
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the template
    text: bool = False  # formatted as Text ("@") in the template: codes and NIPs keep every digit
    date: bool = False  # formatted as a date (dd/mm/yyyy) in the template
    aliases: tuple[str, ...] = ()  # other headers accepted for this column


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook with several (an importer with one sheet reads the first sheet, whatever its name)."""

    name: str
    columns: tuple[Column, ...]
    help: str = ""


class RowInvalid(Exception):
    """Raised by `validate_row` and `apply_row` with every problem of one row: [(column key or None, message)]."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = list(errors)


class RowsInvalid(Exception):
    """Raised by `apply_all` with every row that cannot be written: [(plan, [(column key or None, message)])]."""

    def __init__(self, rows):
        super().__init__(rows)
        self.rows = list(rows)


class RowErrors:
    """Collects the problems of one row, column by column, so that a row reports all its mistakes at once."""

    def __init__(self):
        self.items: list[tuple[str | None, str]] = []

    def add(self, column: str | None, message) -> None:
        self.items.append((column, str(message)))

    def extend(self, column: str | None, messages) -> None:
        for message in messages:
            self.add(column, message)

    def has(self, column: str) -> bool:
        return any(key == column for key, _message in self.items)

    def columns(self) -> set[str]:
        return {key for key, _message in self.items if key}

    def __bool__(self):
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RowInvalid(self.items)


@dataclass
class RowPlan:
    """What one valid row will do. `cleaned` is for `apply_row` only (it may hold model instances)."""

    line: int
    action: str  # "create", "update" or "unchanged"
    key: str
    values: dict[str, str]  # header → text shown in the preview
    changes: list[dict] = field(default_factory=list)  # [{"column": header, "old": text, "new": text}]
    cleaned: dict = field(default_factory=dict)
    sheet: str = ""  # the sheet's name, for an importer of several sheets

    def as_preview(self) -> dict:
        preview = {
            "line": self.line,
            "action": self.action,
            "key": self.key,
            "values": list(self.values.items()),  # pairs: jsonb would not keep the column order of a dict
            "changes": self.changes,
        }
        if self.sheet:
            preview["sheet"] = self.sheet
        return preview


@dataclass
class SheetRow:
    line: int
    values: dict  # column key → cell value (str stripped, int, float, datetime, bool); absent columns are missing
    sheet: str = ""  # the sheet's name, for an importer of several sheets


class Importer:
    """One kind of import. Subclasses set the attributes and implement `validate_row` and `apply_row` (or
    `apply_all`, to write all the rows at once).

    A new instance serves one run (validate or apply), so `prepare` may keep lookups on `self`, and
    `validate_row`, called in file order, may remember what earlier rows will do (rows are applied in file order).

    An importer may write INTO one object chosen on the page (its target: the RPJMD period, a Renstra): it names
    the target with `target_label`, and `targets_for(user)` gives the objects the user may choose. The target is
    stored on the job and checked again (scope, `target_refusal`) whenever the job is opened or run; the run sets
    `self.target` before anything else. An importer of several sheets returns them from `sheets`.
    """

    kind = ""  # the URL slug: /imports/<kind>/
    title = ""
    description = ""
    permission = "core.import"  # who may import this kind (a django-rules name)
    target_label = ""  # e.g. "RPJMD": the import writes into one such object, chosen on the page
    columns: tuple[Column, ...] = ()
    unique_columns: tuple[str, ...] = ()  # column keys whose values may appear only once in the file

    def __init__(self):
        self.target = None
        self.params: dict = {}  # the choices of the upload form beyond the file and the target (param_fields)
        self.user = None  # who uploaded the job being run
        self.found_columns: dict[str, Column] = {}  # columns the file has beyond the declared ones (extra_column)

    # The target --------------------------------------------------------------------------------------------
    def targets_for(self, user):
        """The objects this user may import into (a queryset scoped to the user); unused without target_label."""
        return None

    def target_refusal(self, target) -> str | None:
        """Why nothing may be imported into this target now (e.g. a locked Renstra), or None."""
        return None

    def set_target(self, target) -> None:
        self.target = target

    def param_fields(self) -> dict:
        """Extra fields of the upload form (name → form field with a JSON value), stored in the job's params and
        given back to the run as `self.params` (e.g. the quarter of a realisasi import)."""
        return {}

    # The layout --------------------------------------------------------------------------------------------
    @property
    def sheets(self) -> tuple[Sheet, ...]:
        return (Sheet("Data", tuple(self.columns)),)

    @property
    def has_several_sheets(self) -> bool:
        return len(self.sheets) > 1

    def all_columns(self) -> list[Column]:
        return [column for sheet in self.sheets for column in sheet.columns] + list(self.found_columns.values())

    def extra_column(self, sheet: Sheet, header: str) -> Column | None:
        """A column of the file that the layout does not declare but this importer reads (e.g. a year outside the
        period, reported on the rows that fill it); None: an unknown column."""
        return None

    def column(self, key: str) -> Column:
        return next(c for c in self.all_columns() if c.key == key)

    def header_of(self, key: str | None) -> str:
        return next((c.header for c in self.all_columns() if c.key == key), key or "")

    def check_row(self, row: "SheetRow") -> RowPlan:
        """The plan of one row of the file (an importer of several sheets looks at row.sheet)."""
        return self.validate_row(row.values, row.line)

    def shown(self, **texts) -> dict[str, str]:
        """Preview values keyed by column header: shown(code="1.01", name="Dinas") → {"Kode": …, "Nama": …}."""
        return {self.column(key).header: text for key, text in texts.items()}

    def template_rows(self) -> list[dict]:
        """Example rows of the downloadable template: column key → value."""
        return []

    def template_sheet_rows(self) -> dict[str, list[dict]]:
        """Example rows per sheet name (an importer of one sheet gives `template_rows`)."""
        return {self.sheets[0].name: self.template_rows()}

    def unique_value(self, key: str, value):
        """The value compared when looking for repeats in the file (None: not compared)."""
        text = cell_text(value)
        return text.casefold() or None

    def prepare(self, rows: list[SheetRow]) -> None:
        """Load what validation needs in a few queries (never one query per row)."""

    def validate_row(self, values: dict, line: int) -> RowPlan:
        """The plan of a good row; a bad row raises RowInvalid with all its problems (collect them in RowErrors).

        `values` holds the columns present in the file (a column left out of the file is missing from it)."""
        raise NotImplementedError

    def apply_row(self, plan: RowPlan) -> None:
        """Write one planned row, inside the import's single transaction; RowInvalid if it cannot be written."""
        raise NotImplementedError

    def apply_all(self, plans: list[RowPlan], progress) -> None:
        """Write every planned row, inside the import's single transaction; `progress(done)` after each plan done.

        Rows that cannot be written raise RowsInvalid with each of them (the transaction is then rolled back:
        nothing is kept). By default the rows are written one by one in file order with `apply_row`, stopping at
        the first bad row (a row the database refuses too: RowsInvalid from the IntegrityError). An importer that
        can write all its rows in a few queries, whatever their number, overrides this, and may then name every bad
        row at once."""
        for done, plan in enumerate(plans, start=1):
            try:
                self.apply_row(plan)
            except RowInvalid as exc:
                raise RowsInvalid([(plan, exc.errors)]) from exc
            except IntegrityError as exc:
                message = _("The database refused this row because of a change made at the same time.")
                raise RowsInvalid([(plan, [(None, message)])]) from exc
            progress(done)


# --- The registry -----------------------------------------------------------------------------------------------
_registry: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Make an importer available at /imports/<kind>/ (call it from an AppConfig.ready())."""
    _registry[importer.kind] = importer
    return importer


def get_importer(kind: str) -> Importer | None:
    importer = _registry.get(kind)
    return importer() if importer else None


def registered_importers() -> list[Importer]:
    return [importer() for importer in _registry.values()]


def can_import(user) -> bool:
    """Whether the user may import anything at all (and so follow import jobs)."""
    return any(user.has_perm(importer.permission) for importer in _registry.values())


# --- Reading cells --------------------------------------------------------------------------------------------
def cell_text(value) -> str:
    """A cell as text, spaces tidied: None → ''; 12.0 → '12'; a date → dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def cell_date(value) -> datetime.date:
    """A real Excel date cell, or text dd/mm/yyyy (or ISO yyyy-mm-dd). Raises ValueError with the message."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not isinstance(value, (int, float)):
        for date_format in DATE_FORMATS:
            try:
                day = datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
            if 1900 <= day.year <= 2100:  # "06/01/25" would otherwise be the year 25
                return day
    raise ValueError(_("“%(value)s” is not a date: write it as dd/mm/yyyy, for example 02/01/2025.") % {"value": text})


YES = {"ya", "y", "yes", "true", "1", "aktif"}
NO = {"tidak", "t", "no", "n", "false", "0", "tidak aktif", "nonaktif"}


def cell_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("“%(value)s” is not Ya or Tidak.") % {"value": cell_text(value)})


def choice_lookup(choices) -> dict[str, str]:
    """A TextChoices' values and labels (case, spaces and underscores ignored) → value."""
    lookup = {}
    for value, label in choices:
        for text in (value, str(label)):
            lookup[choice_key(text)] = value
    return lookup


def choice_key(text) -> str:
    return " ".join(cell_text(text).replace("_", " ").casefold().split())


def errors_from_validation(exc, columns: dict[str, str | None] | None = None) -> list[tuple[str | None, str]]:
    """A model's ValidationError as [(column key, message)]: `columns` maps field names to column keys (a field not
    named keeps its name; NON_FIELD_ERRORS → None unless mapped)."""
    columns = columns or {}
    if not hasattr(exc, "error_dict"):
        return [(columns.get("__all__"), message) for message in exc.messages]
    result = []
    for name, messages in exc.message_dict.items():
        column = columns.get(name, None if name == "__all__" else name)
        result.extend((column, message) for message in messages)
    return result


def display(value) -> str:
    """A cleaned value as the preview shows it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return cell_text(value)
