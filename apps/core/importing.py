"""Excel imports: every row of an uploaded .xlsx is checked, the user sees a preview, then all rows are written at once.

An app describes one kind of import with an `Importer` subclass and registers it in its `AppConfig.ready()` (core is
the lowest app and imports none above it). The Celery tasks (tasks.py) call `import_validate(job)` and
`import_apply(job)`:

- validate reads the file, checks every row (`Importer.validate_row`) and the rows against each other (values that
  must not repeat in the file), and stores either the full list of errors or the preview on the job. Nothing is
  written to the target tables.
- apply runs after the user confirms, in ONE transaction: it reads the file again, checks every row again against
  the data as it is now (it may have changed since the preview) and writes them in file order. A row that has
  become bad stops it all: nothing is saved and the errors are shown.

Line numbers are those Excel shows: the header is line 1, the first data row line 2.
"""

import datetime
import io
import logging
import uuid
import zipfile
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .models import ImportJob

logger = logging.getLogger(__name__)

MAX_ROWS = 10_000
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Excel 97–2003 (.xls) format
XLSX_CONTENT_TYPE = b"spreadsheetml.sheet.main+xml"
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


class RowInvalid(Exception):
    """Raised by `validate_row` and `apply_row` with every problem of one row: [(column key or None, message)]."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = list(errors)


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

    def as_preview(self) -> dict:
        return {
            "line": self.line,
            "action": self.action,
            "key": self.key,
            "values": list(self.values.items()),  # pairs: jsonb would not keep the column order of a dict
            "changes": self.changes,
        }


@dataclass
class SheetRow:
    line: int
    values: dict  # column key → cell value (str stripped, int, float, datetime, bool); absent columns are missing


class Importer:
    """One kind of import. Subclasses set the attributes and implement `validate_row` and `apply_row`.

    A new instance serves one run (validate or apply), so `prepare` may keep lookups on `self`, and
    `validate_row`, called in file order, may remember what earlier rows will do (rows are applied in file order).
    """

    kind = ""  # the URL slug: /imports/<kind>/
    title = ""
    description = ""
    columns: tuple[Column, ...] = ()
    unique_columns: tuple[str, ...] = ()  # column keys whose values may appear only once in the file

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def shown(self, **texts) -> dict[str, str]:
        """Preview values keyed by column header: shown(code="1.01", name="Dinas") → {"Kode": …, "Nama": …}."""
        return {self.column(key).header: text for key, text in texts.items()}

    def template_rows(self) -> list[dict]:
        """Example rows of the downloadable template: column key → value."""
        return []

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


# --- The registry -----------------------------------------------------------------------------------------------
_registry: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Make an importer available at /imports/<kind>/ (call it from an AppConfig.ready())."""
    _registry[importer.kind] = importer
    return importer


def get_importer(kind: str) -> Importer | None:
    importer = _registry.get(kind)
    return importer() if importer else None


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


# --- Reading the file -----------------------------------------------------------------------------------------
class ImportFileError(Exception):
    """The file cannot be read as this import; the message tells the user why and what to do."""


def xlsx_problem(fileobj) -> str | None:
    """Why this file is not an .xlsx workbook, judged by its content (not its name); None when it is one."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(XLS_SIGNATURE):
        return _(
            "This is an old Excel 97–2003 workbook (.xls). Open it in Excel, save it as “Excel Workbook (.xlsx)” "
            "and upload that file."
        )
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx), even if its name ends in .xlsx. Download the template, fill it "
        "in with Excel or LibreOffice and save it as .xlsx."
    )
    if not zipfile.is_zipfile(fileobj):
        fileobj.seek(0)
        return not_xlsx
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            content_types = archive.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return not_xlsx
    finally:
        fileobj.seek(0)
    if XLSX_CONTENT_TYPE not in content_types:
        return not_xlsx
    return None


def _header_key(text) -> str:
    return " ".join(cell_text(text).rstrip("*: ").casefold().split())


def read_sheet(fileobj, importer: Importer) -> list[SheetRow]:
    """The data rows of the first sheet, keyed by column; empty rows are skipped. Raises ImportFileError."""
    problem = xlsx_problem(fileobj)
    if problem:
        raise ImportFileError(problem)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("Unreadable workbook: %s", exc)
        raise ImportFileError(
            _("The workbook cannot be read; it may be damaged. Open it in Excel, save it again as .xlsx and upload it.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell_text(value) == "" for value in header):
            raise ImportFileError(
                _("The first sheet is empty: its first row must hold the column names of the template.")
            )
        positions = _match_headers(header, importer)
        result = []
        for line, cells in enumerate(rows, start=2):
            values = {key: _tidy(cells[index]) if index < len(cells) else None for key, index in positions.items()}
            if all(value is None for value in values.values()):
                continue
            if len(result) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(limit)d rows; split it into files of at most %(limit)d rows.")
                    % {"limit": MAX_ROWS}
                )
            result.append(SheetRow(line=line, values=values))
    finally:
        workbook.close()
    if not result:
        raise ImportFileError(_("The first sheet has no data rows under the column names."))
    return result


def _tidy(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _match_headers(header, importer: Importer) -> dict[str, int]:
    known = {}
    for column in importer.columns:
        for name in (column.header, *column.aliases):
            known[_header_key(name)] = column
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, name in enumerate(header):
        if cell_text(name) == "":
            continue
        column = known.get(_header_key(name))
        if column is None:
            unknown.append(cell_text(name))
        elif column.key in positions:
            repeated.append(cell_text(name))
        else:
            positions[column.key] = index
    missing = [c.header for c in importer.columns if c.required and c.key not in positions]
    problems = []
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if repeated:
        problems.append(_("Columns that appear twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        expected = ", ".join(c.header for c in importer.columns)
        problems.append(
            _("The first row must hold the column names of the template: %(columns)s.") % {"columns": expected}
        )
        raise ImportFileError(" ".join(problems))
    return positions


# --- Validating and applying --------------------------------------------------------------------------------------
def error_entry(importer: Importer, line: int | None, column: str | None, message: str) -> dict:
    header = next((c.header for c in importer.columns if c.key == column), column or "")
    if line and header:
        text = _("Line %(line)d, column %(column)s: %(message)s") % {"line": line, "column": header, "message": message}
    elif line:
        text = _("Line %(line)d: %(message)s") % {"line": line, "message": message}
    else:
        text = message
    return {"line": line, "column": header, "message": message, "text": text}


class _Progress:
    """Moves the job's progress bar: processed_rows every ~50 rows (every 2% of a small file).

    It writes through its own database connection, so the bar moves while the apply transaction is still open
    (a write through the task's connection would stay invisible until the commit). Nothing else may touch the
    job row inside that transaction.
    """

    def __init__(self, job: ImportJob, total_work: int):
        self.job = job
        self.step = max(1, min(50, total_work // 50))
        self.last = 0
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, rows: int) -> None:
        if done - self.last < self.step:
            return
        self.last = done
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET processed_rows = %s WHERE id = %s", [rows, self.job.pk])  # noqa: S608

    def close(self) -> None:
        self.connection.close()


def _check(importer: Importer, rows: list[SheetRow], progress, halve: bool = False):
    """Every row and the rows against each other → (plans, errors). `progress(done, processed_rows)`."""
    errors: list[dict] = []
    taken: set[tuple[int, str]] = set()
    for key in importer.unique_columns:
        first_line: dict = {}
        for row in rows:
            value = importer.unique_value(key, row.values.get(key))
            if value is None:
                continue
            if value in first_line:
                message = _("“%(value)s” also appears on line %(line)d; it may appear only once in the file.") % {
                    "value": cell_text(row.values.get(key)),
                    "line": first_line[value],
                }
                errors.append(error_entry(importer, row.line, key, message))
                taken.add((row.line, key))
            else:
                first_line[value] = row.line
    importer.prepare(rows)
    plans = []
    for done, row in enumerate(rows, start=1):
        try:
            plans.append(importer.validate_row(row.values, row.line))
        except RowInvalid as exc:
            errors.extend(
                error_entry(importer, row.line, column, message)
                for column, message in exc.errors
                if (row.line, column) not in taken
            )
        progress(done, done // 2 if halve else done)
    errors.sort(key=lambda entry: entry["line"] or 0)
    return plans, errors


def _read_or_fail(job: ImportJob, importer: Importer) -> list[SheetRow] | None:
    """The rows of the job's file, or None after marking the job failed with the reason."""
    try:
        with job.file.open("rb") as fileobj:
            return read_sheet(fileobj, importer)
    except ImportFileError as exc:
        _fail(job, str(exc))
    except Exception:
        logger.exception("Import %s: the file could not be read", job.pk)
        _fail(job, _("The file could not be read. Nothing was imported; try again or tell the administrator."))
    return None


def _fail(job: ImportJob, message: str, *, status=ImportJob.Status.FAILED, errors=None) -> None:
    job.status = status
    job.message = message
    job.errors = errors or []
    job.preview = []
    job.finished_at = timezone.now()
    job.save()


def import_validate(job: ImportJob) -> None:
    """Check every row of the job's file; store the errors or the preview on the job. Writes nothing else."""
    if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.VALIDATING):
        return  # checked already (a task delivered twice)
    importer = get_importer(job.kind)
    if importer is None:
        _fail(job, _("This kind of import no longer exists."))
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, processed_rows=0)
    job.refresh_from_db()
    rows = _read_or_fail(job, importer)
    if rows is None:
        return
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    progress = _Progress(job, len(rows))
    try:
        plans, errors = _check(importer, rows, progress)
    except Exception:
        logger.exception("Import %s: validation stopped", job.pk)
        _fail(job, _("The check stopped on an unexpected error. Nothing was imported; tell the administrator."))
        return
    finally:
        progress.close()
    job.processed_rows = len(rows)
    job.finished_at = timezone.now()
    if errors:
        job.status = ImportJob.Status.INVALID
        job.errors = errors
        job.preview = []
        job.message = _("Nothing was imported. Fix these rows in the file and upload it again.")
    else:
        job.status = ImportJob.Status.READY
        job.errors = []
        job.preview = [plan.as_preview() for plan in plans]
        job.message = ""
    job.save()


class _Stop(Exception):
    def __init__(self, errors):
        self.errors = errors


def import_apply(job: ImportJob) -> None:
    """Write every row in one transaction after checking them all again; nothing is saved if one row is bad.

    Runs only for a job the user confirmed (status `importing`, see `import_job_confirm`).
    """
    if job.status != ImportJob.Status.IMPORTING:
        return
    importer = get_importer(job.kind)
    if importer is None:
        _fail(job, _("This kind of import no longer exists."))
        return
    rows = _read_or_fail(job, importer)
    if rows is None:
        return
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    progress = _Progress(job, 2 * len(rows))
    counts = {"create": 0, "update": 0, "unchanged": 0}
    try:
        with transaction.atomic(durable=True):
            plans, errors = _check(importer, rows, progress, halve=True)
            if errors:
                raise _Stop(errors)
            for done, plan in enumerate(plans, start=1):
                try:
                    importer.apply_row(plan)
                except RowInvalid as exc:
                    entries = [error_entry(importer, plan.line, column, message) for column, message in exc.errors]
                    raise _Stop(entries) from exc
                except IntegrityError as exc:
                    logger.info("Import %s line %s: %s", job.pk, plan.line, exc)
                    message = _("The database refused this row because of a change made at the same time.")
                    raise _Stop([error_entry(importer, plan.line, None, message)]) from exc
                counts[plan.action] += 1
                progress(len(rows) + done, (len(rows) + done) // 2)
    except _Stop as stop:
        _fail(
            job,
            _(
                "Nothing was imported: the data changed since the check, and these rows are no longer valid. "
                "Fix the file and upload it again."
            ),
            status=ImportJob.Status.INVALID,
            errors=stop.errors,
        )
        return
    except Exception:
        logger.exception("Import %s: apply stopped", job.pk)
        _fail(job, _("The import stopped on an unexpected error. Nothing was imported; tell the administrator."))
        return
    finally:
        progress.close()
    job.status = ImportJob.Status.DONE
    job.processed_rows = len(rows)
    job.preview = [plan.as_preview() for plan in plans]
    job.message = summary_text(counts)
    job.finished_at = timezone.now()
    job.save()


def summary_text(counts: dict) -> str:
    return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
        "created": counts.get("create", 0),
        "updated": counts.get("update", 0),
        "unchanged": counts.get("unchanged", 0),
    }


def preview_counts(preview: list[dict]) -> dict:
    counts = {"create": 0, "update": 0, "unchanged": 0}
    for entry in preview:
        counts[entry["action"]] = counts.get(entry["action"], 0) + 1
    return counts


# --- Jobs: reads and writes for the views ---------------------------------------------------------------------
def import_jobs_for(user):
    """Import jobs a user may open: an importer (admin) sees every job, anyone else only their own."""
    queryset = ImportJob.objects.select_related("created_by")
    if not user.is_authenticated:
        return queryset.none()
    if user.has_perm("core.import"):
        return queryset
    return queryset.filter(created_by=user)


def import_job_create(*, importer: Importer, upload, by) -> ImportJob:
    """Store an uploaded file as a new job (the caller enqueues the check on commit)."""
    job = ImportJob(kind=importer.kind, original_name=upload.name[:255], created_by=by)
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    return job


def import_job_confirm(*, job: ImportJob) -> bool:
    """Ready → importing, exactly once: a double click or two admins confirming the same job import it once."""
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0, message=""
    )
    return changed == 1


# --- The template ----------------------------------------------------------------------------------------------
TEMPLATE_ROWS = 1000  # rows that get the drop-down lists and the Text format


def build_template(importer: Importer) -> bytes:
    """An .xlsx with the header row, example rows, column widths, drop-down lists and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0D6EFD")
    lists = workbook.create_sheet("Pilihan")
    list_column = 0
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        number_format = "@" if column.text else "DD/MM/YYYY" if column.date else None
        if number_format:
            dimension.number_format = number_format
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = number_format
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = Font(bold=True)
            for offset, choice in enumerate(column.choices, start=2):
                lists.cell(row=offset, column=list_column, value=choice)
            last = len(column.choices) + 1
            validation = DataValidation(
                type="list",
                formula1=f"Pilihan!${list_letter}$2:${list_letter}${last}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    for row_number, example in enumerate(importer.template_rows(), start=2):
        for index, column in enumerate(importer.columns, start=1):
            value = example.get(column.key)
            if value is not None:
                sheet.cell(row=row_number, column=index, value=value)
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"

    guide = workbook.create_sheet("Petunjuk")
    guide.append([str(importer.title)])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([str(importer.description)])
    guide.append([_("Fill in the sheet “Data”: one row per line, the column names in the first row.")])
    guide.append([])
    guide.append([_("Column"), _("Required"), _("Explanation")])
    for cell in guide[5]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        guide.append([column.header, _("Yes") if column.required else _("No"), str(column.help)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
