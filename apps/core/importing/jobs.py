"""Running an import job: validate, then apply in one transaction, with the progress bar; the job reads and writes
the views use."""

import logging
import time
import uuid

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import set_trigger_ignore_list
from ..models import ImportJob
from .base import Importer, RowInvalid, RowsInvalid, SheetRow, cell_text, get_importer, registered_importers
from .sheet import ImportFileError, read_sheet

logger = logging.getLogger(__package__)  # the logger of the former module apps.core.importing


# --- Validating and applying --------------------------------------------------------------------------------------
def error_entry(importer: Importer, line: int | None, column: str | None, message: str, sheet: str = "") -> dict:
    header = importer.header_of(column) if column else ""
    if sheet and line and header:
        text = _("Sheet %(sheet)s, line %(line)d, column %(column)s: %(message)s") % {
            "sheet": sheet,
            "line": line,
            "column": header,
            "message": message,
        }
    elif sheet and line:
        text = _("Sheet %(sheet)s, line %(line)d: %(message)s") % {"sheet": sheet, "line": line, "message": message}
    elif line and header:
        text = _("Line %(line)d, column %(column)s: %(message)s") % {"line": line, "column": header, "message": message}
    elif line:
        text = _("Line %(line)d: %(message)s") % {"line": line, "message": message}
    else:
        text = message
    entry = {"line": line, "column": header, "message": message, "text": text}
    if sheet:
        entry["sheet"] = sheet
    return entry


class _Progress:
    """Moves the job's progress bar: processed_rows every ~50 rows (every 2% of a small file), at most every
    `INTERVAL` seconds (each write is a commit: a fast check of 10,000 rows would otherwise make 200 of them).

    It writes through its own database connection, so the bar moves while the apply transaction is still open
    (a write through the task's connection would stay invisible until the commit). Nothing else may touch the
    job row inside that transaction.
    """

    INTERVAL = 0.25

    def __init__(self, job: ImportJob, total_work: int):
        self.job = job
        self.step = max(1, min(50, total_work // 50))
        self.last = 0
        self.last_time = time.monotonic()
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, rows: int) -> None:
        if done - self.last < self.step:
            return
        now = time.monotonic()
        if now - self.last_time < self.INTERVAL:
            return
        self.last, self.last_time = done, now
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
                errors.append(error_entry(importer, row.line, key, message, row.sheet))
                taken.add((row.sheet, row.line, key))
            else:
                first_line[value] = row.line
    importer.prepare(rows)
    plans = []
    for done, row in enumerate(rows, start=1):
        try:
            plan = importer.check_row(row)
            plan.sheet = row.sheet
            plans.append(plan)
        except RowInvalid as exc:
            errors.extend(
                error_entry(importer, row.line, column, message, row.sheet)
                for column, message in exc.errors
                if (row.sheet, row.line, column) not in taken
            )
        progress(done, done // 2 if halve else done)
    order = {sheet.name: index for index, sheet in enumerate(importer.sheets)}
    errors.sort(key=lambda entry: (order.get(entry.get("sheet", ""), 0), entry["line"] or 0))
    return plans, errors


def _target_or_fail(job: ImportJob, importer: Importer) -> bool:
    """Set the job's target on the importer, checked again as the uploader may now see it; False: the job failed.
    The job's other params and its uploader are given to the importer too."""
    importer.params = {key: value for key, value in (job.params or {}).items() if key != "target"}
    importer.user = job.created_by
    if not importer.target_label:
        return True
    pk = (job.params or {}).get("target")
    target = importer.targets_for(job.created_by).filter(pk=pk).first() if pk else None
    if target is None:
        _fail(
            job,
            _("The %(target)s of this import no longer exists or is no longer yours. Nothing was imported.")
            % {"target": importer.target_label},
        )
        return False
    refusal = importer.target_refusal(target)
    if refusal:
        _fail(job, refusal)
        return False
    importer.set_target(target)
    return True


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
    if not _target_or_fail(job, importer):
        return
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

    Runs only for a job the user confirmed (status `importing`, see `import_job_confirm`). Safe to run again and at
    once in two workers (Celery delivers a task again when a worker dies mid-task: acks_late): the rows and the job's
    `done` commit together, and a second run waits for the first (a lock on the job's id) and then finds it done. A
    run killed mid-way leaves nothing, as its transaction never commits.
    """
    if job.status != ImportJob.Status.IMPORTING:
        return
    importer = get_importer(job.kind)
    if importer is None:
        _fail(job, _("This kind of import no longer exists."))
        return
    if not _target_or_fail(job, importer):
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
            if not _first_to_apply(job):
                return
            set_trigger_ignore_list()
            plans, errors = _check(importer, rows, progress, halve=True)
            if errors:
                raise _Stop(errors)
            try:
                importer.apply_all(plans, lambda done: progress(len(rows) + done, (len(rows) + done) // 2))
            except RowsInvalid as exc:
                if isinstance(exc.__cause__, IntegrityError):
                    logger.info("Import %s line %s: %s", job.pk, exc.rows[0][0].line, exc.__cause__)
                entries = [
                    error_entry(importer, plan.line, column, message, plan.sheet)
                    for plan, errors in exc.rows
                    for column, message in errors
                ]
                raise _Stop(entries) from exc
            except IntegrityError as exc:  # written at once, and refused as a whole: no line to name
                logger.info("Import %s: %s", job.pk, exc)
                message = _("The database refused the rows because of a change made at the same time.")
                raise _Stop([error_entry(importer, None, None, message)]) from exc
            for plan in plans:
                counts[plan.action] += 1
            # In the same transaction as the rows (after the last progress write: that connection would wait for it).
            job.status = ImportJob.Status.DONE
            job.processed_rows = len(rows)
            job.preview = [plan.as_preview() for plan in plans]
            job.message = summary_text(counts)
            job.finished_at = timezone.now()
            job.save()
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


#: The first key of the PostgreSQL advisory locks of import runs (the second is the job's id).
APPLY_LOCK = 0x4B4A_0001


def _first_to_apply(job: ImportJob) -> bool:
    """Inside the apply transaction: wait for another run of the same job to end, then whether it is still to do.

    An advisory lock, not a row lock on the job: the progress bar updates the job row through another connection,
    which would wait for this transaction forever."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [APPLY_LOCK, job.pk])
    return ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.IMPORTING).exists()


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
    """Import jobs a user may open: their own, and for an importer of master data (admin: `core.import`) every job
    of the kinds that need that permission (admins share the upkeep of master data). The job's permission and target
    are checked again on every request by `import_job_allowed`."""
    queryset = ImportJob.objects.select_related("created_by")
    if not user.is_authenticated:
        return queryset.none()
    mine = Q(created_by=user)
    if user.has_perm("core.import"):
        shared = [importer.kind for importer in registered_importers() if importer.permission == "core.import"]
        return queryset.filter(mine | Q(kind__in=shared))
    return queryset.filter(mine)


def import_job_allowed(user, job: ImportJob) -> bool:
    """Whether the user may still open and confirm the job: the import's permission, and its target in their scope."""
    importer = get_importer(job.kind)
    if importer is None:
        return user.has_perm("core.import")
    if not user.has_perm(importer.permission):
        return False
    if importer.target_label:
        pk = (job.params or {}).get("target")
        return bool(pk) and importer.targets_for(user).filter(pk=pk).exists()
    return True


def import_job_target(job: ImportJob):
    """The object a job imports into (None: no target, or it is gone)."""
    importer = get_importer(job.kind)
    pk = (job.params or {}).get("target")
    if importer is None or not importer.target_label or not pk:
        return None
    return importer.targets_for(job.created_by).filter(pk=pk).first()


def import_job_create(*, importer: Importer, upload, by, target=None, params: dict | None = None) -> ImportJob:
    """Store an uploaded file as a new job (the caller enqueues the check on commit); `target` for an importer that
    writes into one object (the caller has checked the user may choose it); `params` the values of its
    `param_fields`."""
    job = ImportJob(kind=importer.kind, original_name=upload.name[:255], created_by=by)
    if target is not None or params:
        job.params = {**(params or {}), **({"target": target.pk} if target is not None else {})}
    job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    return job


def import_job_confirm(*, job: ImportJob) -> bool:
    """Ready → importing, exactly once: a double click or two admins confirming the same job import it once."""
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0, message=""
    )
    return changed == 1
