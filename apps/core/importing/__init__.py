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

The package is split by topic: base (describing an import, the registry, reading cells), sheet (reading the file),
jobs (validating and applying a job, the job reads and writes of the views) and template (the downloadable template).
Everything other modules use is imported from the package itself.
"""

from .base import (
    DATE_FORMATS,
    EMPTY,
    NO,
    YES,
    Column,
    Importer,
    RowErrors,
    RowInvalid,
    RowPlan,
    RowsInvalid,
    Sheet,
    SheetRow,
    can_import,
    cell_bool,
    cell_date,
    cell_text,
    choice_key,
    choice_lookup,
    display,
    errors_from_validation,
    get_importer,
    register,
    registered_importers,
)
from .jobs import (
    error_entry,
    import_apply,
    import_job_allowed,
    import_job_confirm,
    import_job_create,
    import_job_target,
    import_jobs_for,
    import_validate,
    preview_counts,
    summary_text,
)
from .sheet import MAX_ROWS, XLS_SIGNATURE, XLSX_CONTENT_TYPE, ImportFileError, read_sheet, xlsx_problem
from .template import TEMPLATE_ROWS, build_template

__all__ = [
    "DATE_FORMATS",
    "EMPTY",
    "MAX_ROWS",
    "NO",
    "TEMPLATE_ROWS",
    "XLSX_CONTENT_TYPE",
    "XLS_SIGNATURE",
    "YES",
    "Column",
    "ImportFileError",
    "Importer",
    "RowErrors",
    "RowInvalid",
    "RowPlan",
    "RowsInvalid",
    "Sheet",
    "SheetRow",
    "build_template",
    "can_import",
    "cell_bool",
    "cell_date",
    "cell_text",
    "choice_key",
    "choice_lookup",
    "display",
    "error_entry",
    "errors_from_validation",
    "get_importer",
    "import_apply",
    "import_job_allowed",
    "import_job_confirm",
    "import_job_create",
    "import_job_target",
    "import_jobs_for",
    "import_validate",
    "preview_counts",
    "read_sheet",
    "register",
    "registered_importers",
    "summary_text",
    "xlsx_problem",
]
