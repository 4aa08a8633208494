"""Realisasi: what a department reports each quarter against its signed Perjanjian Kinerja (DOMAIN.md §4).

For each indicator of the newest signed PK version and each quarter (TW I–IV, per quarter, not cumulative): the
value, a narrative (analysis, supporting and hindering factors, follow-up) and evidence files; per PK program and
quarter the budget spent (Rp). A report goes `draft` (staff or the head) → `submitted` (the head) → `verified` or
`returned` (Bappeda, with a comment; editable again). The reporting window closes a set number of days after the
quarter ends; Bappeda may reopen it for a department (recorded). A verified report, and its evidence, can no
longer change: database triggers refuse it.
"""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track
from apps.plans.models import DECIMAL, MONEY

VERIFIED_FROZEN = "a verified progress report cannot be changed"

# Statement-level: one upsert per statement whatever the number of rows (the import's bulk writes, the generator's
# COPY). The sequence gives every change a value never used before, even after a rolled-back transaction.
STAMP_REPORTS = """
INSERT INTO progress_reportsstamp (agreement_id, version)
SELECT agreement_id, nextval('progress_reportsstamp_version_seq')
FROM (
    SELECT DISTINCT indicator.agreement_id
    FROM changed JOIN agreements_agreementindicator indicator ON indicator.id = changed.indicator_id
    ORDER BY indicator.agreement_id
) AS touched
ON CONFLICT (agreement_id) DO UPDATE SET version = EXCLUDED.version;
RETURN NULL;
"""


class Quarter(models.IntegerChoices):
    Q1 = 1, _("Quarter I (January–March)")
    Q2 = 2, _("Quarter II (April–June)")
    Q3 = 3, _("Quarter III (July–September)")
    Q4 = 4, _("Quarter IV (October–December)")


QUARTER_RANGE = Q(quarter__gte=1, quarter__lte=4)
QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@track
class ProgressReport(models.Model):
    """The realisasi of one PK indicator in one quarter, with its narrative."""

    indicator = models.ForeignKey(
        "agreements.AgreementIndicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices, validators=QUARTER_VALIDATORS)
    actual = models.DecimalField(_("realisasi"), null=True, blank=True, **DECIMAL)
    analysis = models.TextField(_("analysis"), blank=True)
    supporting_factors = models.TextField(_("supporting factors"), blank=True)
    hindering_factors = models.TextField(_("hindering factors"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # The workflow, who and when (the last time each step happened; ProgressReview keeps every step).
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    row_version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = [
            "indicator__agreement_id",
            "indicator__objective__order",
            "indicator__order",
            "indicator_id",
            "quarter",
        ]
        indexes = [models.Index(fields=["status", "quarter"])]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="progress_report_one_per_quarter"),
            models.CheckConstraint(condition=QUARTER_RANGE, name="progress_report_quarter_range"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="progress_report_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.VERIFIED]) | Q(actual__isnull=False),
                name="progress_report_submitted_has_actual",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.VERIFIED) | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="progress_report_verified_has_verifier",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="verified_report_frozen",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(old__status="verified"),
                func=f"RAISE EXCEPTION '{VERIFIED_FROZEN}' USING ERRCODE = 'check_violation';",
            ),
            # What was submitted is never deleted (a draft may be): the record of what the department reported.
            pgtrigger.Trigger(
                name="submitted_report_not_deleted",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                condition=~pgtrigger.Q(old__status="draft"),
                func="RAISE EXCEPTION 'A submitted realisasi report is never deleted.' USING ERRCODE = 'check_violation';",  # noqa: E501
            ),
            # Any change to a PK's reports gives the PK a new stamp (ReportsStamp), the key of its cached figures.
            *(
                pgtrigger.Trigger(
                    name=f"stamp_reports_{operation.lower()}",
                    level=pgtrigger.Statement,
                    when=pgtrigger.After,
                    operation=getattr(pgtrigger, operation),
                    referencing=pgtrigger.Referencing(**{side: "changed"}),
                    func=STAMP_REPORTS,
                )
                for operation, side in (("Insert", "new"), ("Update", "new"), ("Delete", "old"))
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — TW {self.quarter}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReportsStamp(models.Model):
    """A value that changes whenever any realisasi report of the PK is inserted, updated or deleted (kept by the
    statement-level triggers on ProgressReport, so every write path counts: pages, API, imports, bulk updates).
    The cache key of the PK's figures (apps/progress/summaries.py). No row: no report was ever written."""

    agreement = models.OneToOneField(
        "agreements.Agreement",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="reports_stamp",
        db_constraint=False,  # written by triggers, even while a PK's rows are being deleted
    )
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("reports stamp")
        verbose_name_plural = _("reports stamps")

    def __str__(self):
        return f"{self.agreement_id}: {self.version}"


@track
class Evidence(models.Model):
    """A file supporting a report (PDF, image or Office document), checked by content and stored with its SHA-256;
    served only through a permission-checked view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="progress/evidence/%Y/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report_id", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "sha256"], name="progress_evidence_once_per_report"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="progress_evidence_sha256"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="verified_report_evidence_frozen",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=f"""
                    IF EXISTS (
                        SELECT 1 FROM progress_progressreport
                        WHERE id IN (NEW.report_id, OLD.report_id) AND status = 'verified'
                    ) THEN
                        RAISE EXCEPTION '{VERIFIED_FROZEN}' USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                """,  # noqa: S608 - constants of this module, no user input
            ),
        ]

    def __str__(self):
        return self.original_name


@track
class BudgetRealisation(models.Model):
    """The budget (Rp) spent on one PK program in one quarter. It has no workflow of its own: it may be changed
    while the quarter's reporting window is open."""

    program = models.ForeignKey(
        "agreements.AgreementProgram",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="budget_realisations",
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices, validators=QUARTER_VALIDATORS)
    amount = models.DecimalField(_("realisasi (Rp)"), validators=[MinValueValidator(0)], **MONEY)
    row_version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget realisation")
        verbose_name_plural = _("budget realisations")
        ordering = ["program__agreement_id", "program__order", "program_id", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["program", "quarter"], name="budget_realisation_one_per_quarter"),
            models.CheckConstraint(condition=QUARTER_RANGE, name="budget_realisation_quarter_range"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_realisation_not_negative"),
        ]

    def __str__(self):
        return f"{self.program} — TW {self.quarter}"


@track
class ProgressReview(models.Model):
    """A step of a report's workflow, with its comment (a return always has one)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress review step")
        verbose_name_plural = _("progress review steps")
        ordering = ["report_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=ReportStatus.RETURNED) | ~Q(comment=""),
                name="progress_review_return_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


@track
class ReportingReopen(models.Model):
    """Bappeda reopens a department's closed quarter until a date, and says why."""

    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="reporting_reopens",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices, validators=QUARTER_VALIDATORS)
    until = models.DateField(_("open until"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reopened reporting window")
        verbose_name_plural = _("reopened reporting windows")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["department", "year", "quarter"])]
        constraints = [
            models.CheckConstraint(condition=QUARTER_RANGE, name="reporting_reopen_quarter_range"),
            models.CheckConstraint(condition=~Q(reason=""), name="reporting_reopen_has_reason"),
        ]

    def __str__(self):
        return f"{self.department} {self.year} TW {self.quarter} → {self.until:%d/%m/%Y}"
