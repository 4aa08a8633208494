"""`manage.py flag_overdue [--dry-run] [--today YYYY-MM-DD]`: the daily flag job by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from apps.core.audit import audit_context
from apps.evaluations import flagging
from apps.evaluations.tasks import region_today


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Flag every head whose deadline has passed with targets unmet (what the daily task does)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="show who would be flagged; write nothing")
        parser.add_argument("--today", help="judge as on this day (YYYY-MM-DD); default: today in the region")

    def handle(self, *args, dry_run=False, today=None, **options):
        day = _date(today) if today else region_today()
        with audit_context(source="command:flag_overdue"):
            run = flagging.flag_overdue(today=day, dry_run=dry_run)
        created = {(flag.agreement_id, flag.kind) for flag in run.created}
        for assessment, kind, deadline in run.unmet:
            agreement = assessment.item.agreement
            if dry_run:
                state = "would flag"
            elif (agreement.pk, kind) in created:
                state = "flagged"
            else:
                state = "already flagged"
            percent = "–" if assessment.achievement_percent is None else f"{assessment.achievement_percent}%"
            self.stdout.write(
                f"{state}: {agreement.official.name} ({agreement.department.short_name}), {agreement}, "
                f"{'deadline' if kind == 'deadline' else 'improvement period ended'} {deadline.isoformat()}, "
                f"capaian {percent}, reasons {', '.join(assessment.reasons)}"
            )
        verb = "would be flagged" if dry_run else "flagged"
        self.stdout.write(f"{len(run.unmet) if dry_run else len(run.created)} {verb} on {day.isoformat()}.")
        for failure in run.failed:
            self.stderr.write(f"failed: {failure}")
