from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import tracked


class NotDeletedManager(models.Manager):
    """The default manager of a model whose drafts are soft-deleted: rows with `deleted_at` set are out of sight
    (pages, API, counts); `all_objects` still has them, for the admin's restore."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


@tracked(exclude=["processed_rows", "errors", "preview"])  # who imported what, when; not every progress tick
class ImportJob(models.Model):
    """One upload of an Excel file: validated in Celery (with progress), previewed, then applied all at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        VALIDATING = "validating", _("Checking rows")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"line": 7, "column": "NIP", "message": "..."}]
    preview = models.JSONField(default=list, blank=True)  # [{"line": 2, "action": "create", "values": {...}}]
    message = models.TextField(blank=True)
    # What the import writes into, for an importer with a target: {"target": pk} (the RPJMD period, the Renstra)
    params = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.VALIDATING, self.Status.IMPORTING)


class QueuedTask(models.Model):
    """A Celery task that could not be queued (the broker was down): sent again by `apps.core.queue.flush`, every
    minute and whenever a worker starts, so the work is not lost (issue 12: faults)."""

    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    key = models.CharField(max_length=100, blank=True, db_index=True)  # what waits for it, e.g. "import:12"
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name}{tuple(self.args)}"
