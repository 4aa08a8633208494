"""The background jobs of `make bench`, one per process: `python -m apps.bench.jobs NAME` prints one JSON line.

The runner (apps/bench/runner.py) starts each in its own process against a scratch copy of the bench database (the
flag job and the import write) and reads the process's peak memory (max RSS) from os.wait4; the duration is that
of the job's own call, measured here (Django's start-up is not part of it).

- flag:   the daily flag task (evaluations.flag_overdue) as of today
- index:  the IID of this year (innovations.scoring.index_for), verified and self-assessed
- lkjip:  the region's LKjIP capaian table of last year (reports.services.report_build, Excel)
- import_setup: (not timed) a signed PK of this year with 10,000 indicators and its realisasi workbook
- import: that workbook imported (apps.core.importing: validate every row, then apply), as its head
- pdf:    one PK's PDF (agreements.document.agreement_pdf), first in the process and again
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path

IMPORT_ROWS = 10_000
IMPORT_OBJECTIVES = 250
IMPORT_FILE = "bench/import/realisasi-10000.xlsx"


CPU = {"seconds": 0.0}  # the CPU time of the timed calls: on a busy machine it moves less than the wall time


def _timed(function):
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    CPU["seconds"] += time.process_time() - cpu
    return round(time.perf_counter() - started, 3), result


def job_flag() -> dict:
    """The daily task as the worker runs it (its audit context, the e-mails to the mayor's office)."""
    from apps.evaluations.tasks import flag_overdue_task

    seconds, created = _timed(lambda: flag_overdue_task())
    return {"seconds": seconds, "flags_created": len(created)}


def job_index() -> dict:
    from django.utils import timezone

    from apps.innovations.models import Innovation
    from apps.innovations.scoring import index_for

    year = timezone.localdate().year
    count = Innovation.objects.filter(year=year).count()
    verified_seconds, verified = _timed(lambda: index_for(year, True))
    claimed_seconds, _claimed = _timed(lambda: index_for(year, False))
    return {
        "seconds": max(verified_seconds, claimed_seconds),
        "verified_seconds": verified_seconds,
        "self_assessed_seconds": claimed_seconds,
        "year": year,
        "innovations_of_year": count,
        "index": str(getattr(verified, "index", "")),
    }


def job_lkjip() -> dict:
    from django.utils import timezone

    from apps.reports.models import ReportKind
    from apps.reports.services import report_build

    year = timezone.localdate().year - 1
    seconds, built = _timed(lambda: report_build(kind=ReportKind.CAPAIAN_XLSX, year=year, department=None))
    return {"seconds": seconds, "year": year, "bytes": len(built.content)}


def job_pdf() -> dict:
    from django.utils import timezone

    from apps.agreements.document import agreement_pdf
    from apps.agreements.models import Agreement

    agreement = (
        Agreement.objects.filter(status="signed", year=timezone.localdate().year - 1)
        .select_related("department", "official")
        .order_by("pk")
        .first()
    )
    first, pdf = _timed(lambda: agreement_pdf(agreement))
    again, _pdf = _timed(lambda: agreement_pdf(agreement))
    return {
        "seconds": again,
        "first_in_process_seconds": first,
        "indicators": agreement.indicators.count(),
        "bytes": len(pdf),
    }


def job_import_setup() -> dict:
    """A department whose head signed a PK this year with 10,000 indicators (250 sasaran × 40), and the workbook of
    this quarter's realisasi of every one of them (the export's layout: sheet "Realisasi")."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone
    from openpyxl import Workbook

    from apps.accounts.models import Role, User
    from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective
    from apps.departments.models import Assignment, Department, DepartmentKind, Echelon, Official, Rank
    from apps.progress.importers import REALISASI_SHEET, quarter_word
    from apps.progress.importers.realisasi import COLUMNS

    from .copy import Table

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    now = timezone.now()
    with transaction.atomic():
        department = Department.objects.create(
            code="9.99.0.00.0.00.99.0000", name="Dinas Uji Impor", short_name="DUI", kind=DepartmentKind.DINAS
        )
        head = User.objects.create(username="kepala-impor", role=Role.DEPARTMENT_HEAD, department=department)
        official = Official.objects.create(
            nip="197001012000031999", name="Kepala Uji Impor", rank=Rank.IV_B, echelon=Echelon.II_B, user=head
        )
        Assignment.objects.create(
            official=official,
            department=department,
            start_date=datetime.date(today.year - 1, 1, 2),
            sk_number="821.2/999/BKPSDM",
            sk_date=datetime.date(today.year - 1, 1, 1),
        )
        agreements, objectives, indicators = (
            Table(m, now) for m in (Agreement, AgreementObjective, AgreementIndicator)
        )
        agreement_id = agreements.next_id()
        rows = []
        per_objective = IMPORT_ROWS // IMPORT_OBJECTIVES
        for o in range(IMPORT_OBJECTIVES):
            name = f"Sasaran impor {o + 1}"
            objective_id = objectives.add({"agreement_id": agreement_id, "order": o, "name": name})
            for k in range(per_objective):
                indicator_name = f"Indikator impor {o + 1}.{k + 1}"
                indicators.add(
                    {
                        "agreement_id": agreement_id,
                        "objective_id": objective_id,
                        "order": k,
                        "name": indicator_name,
                        "unit": "%",
                        "polarity": "positive",
                        "aggregation": "last",
                        "target": 100,
                    }
                )
                rows.append((name, indicator_name))
        agreements.add(
            {
                "id": agreement_id,
                "department_id": department.pk,
                "official_id": official.pk,
                "year": today.year,
                "status": "signed",
                "period_start": datetime.date(today.year, 1, 1),
                "period_end": datetime.date(today.year, 12, 31),
                "signed_on": datetime.date(today.year, 2, 1),
                "first_party_name": official.name,
                "created_by_id": head.pk,
            }
        )
        for table in (objectives, indicators, agreements):
            table.finish()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REALISASI_SHEET
    sheet.append([column.header for column in COLUMNS])
    for n, (objective, indicator) in enumerate(rows):
        sheet.append([objective, indicator, "%", "100", quarter_word(quarter), 80 + n % 30, "", "Analisis", "", "", ""])
    path = Path(tempfile.gettempdir()) / "bench-import.xlsx"
    workbook.save(path)
    if default_storage.exists(IMPORT_FILE):
        default_storage.delete(IMPORT_FILE)
    name = default_storage.save(IMPORT_FILE, ContentFile(path.read_bytes()))
    return {"agreement": agreement_id, "rows": len(rows), "quarter": quarter, "file": name, "head": head.pk}


def job_import() -> dict:
    from apps.accounts.models import User
    from apps.agreements.models import Agreement
    from apps.core.models import ImportJob
    from apps.core.tasks import import_apply_task, import_validate_task
    from apps.progress.models import ProgressReport

    head = User.objects.get(username="kepala-impor")
    agreement = Agreement.objects.get(department__short_name="DUI")
    quarter = int(os.environ["BENCH_IMPORT_QUARTER"])
    job = ImportJob.objects.create(
        kind="progress",
        file=IMPORT_FILE,
        original_name="realisasi-10000.xlsx",
        created_by=head,
        params={"target": agreement.pk, "quarter": quarter},
    )
    # As the worker runs them: the Celery tasks' bodies (audit context of the uploader, the site's language).
    validate_seconds, _ = _timed(lambda: import_validate_task(job.pk))
    job.refresh_from_db()
    if job.status != ImportJob.Status.READY:
        return {"error": f"validation: {job.status} {job.message} {job.errors[:3]}"}
    job.status = ImportJob.Status.IMPORTING
    job.save(update_fields=["status"])
    apply_seconds, _ = _timed(lambda: import_apply_task(job.pk))
    job.refresh_from_db()
    written = ProgressReport.objects.filter(indicator__agreement=agreement, quarter=quarter).count()
    return {
        "seconds": round(validate_seconds + apply_seconds, 3),
        "validate_seconds": validate_seconds,
        "apply_seconds": apply_seconds,
        "status": job.status,
        "rows": job.total_rows,
        "reports_written": written,
        "message": job.message,
    }


JOBS = {
    "flag": job_flag,
    "index": job_index,
    "lkjip": job_lkjip,
    "import_setup": job_import_setup,
    "import": job_import,
    "pdf": job_pdf,
}


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apps.bench.settings")
    import django

    django.setup()
    if os.environ.get("BENCH_PGTRIGGER_IGNORE_SET"):
        # The variant of the proposed fix: pgtrigger's ignore list set for the session, so that its row triggers
        # read it without raising (each raise is a subtransaction inside the import's one transaction).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET pgtrigger.ignore = '{}'")
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - as in a running worker (kinerja/celery.py): the routes are loaded
    result = JOBS[argv[0]]()
    if "seconds" in result:
        result["cpu_seconds"] = round(CPU["seconds"], 3)
    print("BENCH-RESULT " + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
