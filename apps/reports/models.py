"""Reports built in the background: one row per request, with its progress, the file and when it expires.

A report is the year's capaian table in the LKjIP layout (Excel or PDF) or the Permendagri 86/2017 table E.81
(Excel), for one department or for the whole region (`department` empty). The worker re-checks that the requester
may still have it, moves `progress` while it builds, stores the file and sets `expires_at`
(`settings.REPORT_FILE_HOURS` later); the cleanup task deletes the files of expired jobs.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.audit import tracked


class ReportKind(models.TextChoices):
    CAPAIAN_XLSX = "capaian_xlsx", _("LKjIP capaian table (Excel)")
    CAPAIAN_PDF = "capaian_pdf", _("LKjIP capaian table (PDF)")
    E81_XLSX = "e81_xlsx", _("E.81 evaluation table (Excel)")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Building")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = (JobStatus.PENDING, JobStatus.RUNNING)


@tracked(exclude=["progress"])  # who asked for which report, when; not every tick of the progress bar
class ReportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole region."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["expires_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="report_job_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="report_job_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_percent"),
        ]

    def __str__(self):
        scope = self.department.short_name if self.department_id else "region"
        return f"{self.get_kind_display()} {self.year} {scope}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def is_region(self) -> bool:
        return self.department_id is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_available(self) -> bool:
        """The file can be downloaded: built, stored and not expired."""
        return self.status == JobStatus.DONE and bool(self.file) and not self.is_expired
