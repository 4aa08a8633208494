"""The Perjanjian Kinerja (PK) of a department head for a year (DOMAIN.md §3).

A PK is drafted from the Renstra (sasaran, indicators, the year's targets, the program and budget table), goes
`draft` → `submitted` → `returned` (a comment per item) or `approved` → `signed`, and once signed is frozen by
database triggers: neither it nor any of its rows can change again (only the scan of the signed paper may be
attached). An amendment (PK perubahan) is version n+1 with its own workflow; every version stays readable.
"""

import uuid

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track
from apps.plans.models import DECIMAL, MONEY, Aggregation, Polarity

SIGNED_FROZEN = "a signed Perjanjian Kinerja cannot be changed"
SCAN_COLUMNS = "signed_scan,signed_scan_sha256,updated_at"  # what may still be set on a signed agreement


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")


EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)


class AmendmentReason(models.TextChoices):
    """The three grounds for a PK perubahan [PermenPAN-RB 53/2014]."""

    OFFICIAL_CHANGE = "official_change", _("Change or move of the official")
    PROGRAM_CHANGE = "program_change", _("Change of program, kegiatan or budget")
    PRIORITY_CHANGE = "priority_change", _("Change of priorities that significantly affects the targets")


def _child_frozen_trigger(name: str) -> pgtrigger.Trigger:
    """Rows of a signed agreement (objectives, indicators, programs) can be neither added, changed nor removed."""
    return pgtrigger.Trigger(
        name=name,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        when=pgtrigger.Before,
        func=f"""
            IF EXISTS (
                SELECT 1 FROM agreements_agreement
                WHERE id IN (NEW.agreement_id, OLD.agreement_id) AND status = 'signed'
            ) THEN
                RAISE EXCEPTION '{SIGNED_FROZEN}' USING ERRCODE = 'check_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        """,  # noqa: S608 - constants of this module, no user input
    )


class HeadAgreementManager(models.Manager):
    """The department heads' PKs (signed with the region head): what dashboards, flags, evaluations and reports
    count. The cascade below the head (eselon III/IV) is reached through `Agreement.all_levels`; neither has the
    deleted drafts (`Agreement.with_deleted`, for the admin's restore)."""

    def get_queryset(self):
        return super().get_queryset().filter(position__isnull=True, deleted_at__isnull=True)


class LiveAgreementManager(models.Manager):
    """Every level's PKs but the deleted drafts."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


@track
class Agreement(models.Model):
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="agreements"
    )
    official = models.ForeignKey(
        "departments.Official",
        verbose_name=_("head (pihak pertama)"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    # The cascade (DOMAIN.md §3): an eselon III/IV official's PK names their position and the superior's PK it
    # supports (the head's for eselon III, the eselon III's for eselon IV). Both are empty on a head's PK.
    position = models.ForeignKey(
        "departments.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    superior_agreement = models.ForeignKey(
        "self",
        verbose_name=_("superior's PK"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cascaded",
    )
    renstra = models.ForeignKey(
        "plans.Renstra",
        verbose_name=_("Renstra"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    # An amendment (PK perubahan): the version it replaces, and why.
    previous = models.OneToOneField(
        "self", verbose_name=_("amends"), on_delete=models.PROTECT, null=True, blank=True, related_name="amendment"
    )
    amendment_reason = models.CharField(
        _("amendment reason"), max_length=20, choices=AmendmentReason.choices, blank=True
    )
    amendment_note = models.TextField(_("amendment note"), blank=True)
    # The workflow, who and when.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the signed document says, kept as it was on the day (names and ranks change later).
    first_party_name = models.CharField(_("pihak pertama"), max_length=150, blank=True)
    first_party_rank = models.CharField(_("pangkat"), max_length=80, blank=True)
    first_party_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    first_party_position = models.CharField(_("position"), max_length=200, blank=True)
    second_party_name = models.CharField(_("pihak kedua"), max_length=150, blank=True)
    second_party_title = models.CharField(_("title of pihak kedua"), max_length=200, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the document"), max_length=64, blank=True)
    # The PDF as it was on the day of signing, kept so that its hash stays true whatever changes later (the logo,
    # the site address, the renderer).
    signed_document = models.FileField(
        _("signed document"), upload_to="agreements/documents/%Y/", max_length=200, blank=True
    )
    verification_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The scan of the signed paper: the one thing that may be attached after signing.
    signed_scan = models.FileField(_("scan of the signed PK"), upload_to="agreements/scans/%Y/", blank=True)
    signed_scan_sha256 = models.CharField(max_length=64, blank=True)
    row_version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    # A draft deleted by its department stays, out of sight, for the admin to restore (soft delete).
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HeadAgreementManager()
    all_levels = LiveAgreementManager()
    with_deleted = models.Manager()  # noqa: DJ012 - a manager, not a field

    class Meta:
        verbose_name = _("Perjanjian Kinerja")
        verbose_name_plural = _("Perjanjian Kinerja")
        ordering = ["-year", "department__code", "-version"]
        base_manager_name = "with_deleted"
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["department", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "department", "position", "year", "version"],
                condition=Q(deleted_at__isnull=True),
                name="agreement_version_unique",
                nulls_distinct=False,
            ),
            # Only a first version's draft is deleted (an amendment's draft would leave its version amended).
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True)
                | Q(status=AgreementStatus.DRAFT, version=1, deleted_by__isnull=False),
                name="agreement_only_drafts_deleted",
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True, superior_agreement__isnull=True)
                | Q(position__isnull=False, superior_agreement__isnull=False),
                name="agreement_cascade_has_superior",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="agreement_period_order"),
            models.CheckConstraint(condition=Q(status__in=AgreementStatus.values), name="agreement_status_valid"),
            models.CheckConstraint(
                condition=Q(version=1, previous__isnull=True, amendment_reason="")
                | Q(version__gt=1, previous__isnull=False) & ~Q(amendment_reason=""),
                name="agreement_amendment_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.SIGNED) | Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]
        triggers = [
            # Frozen once signed: only the scan of the signed paper (and its hash) may still be set.
            pgtrigger.Trigger(
                name="signed_agreement_frozen",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(old__status="signed"),
                func=f"""
                    IF (to_jsonb(OLD) - '{{{SCAN_COLUMNS}}}'::text[])
                       IS DISTINCT FROM (to_jsonb(NEW) - '{{{SCAN_COLUMNS}}}'::text[]) THEN
                        RAISE EXCEPTION '{SIGNED_FROZEN}' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            ),
            pgtrigger.Protect(
                name="signed_agreement_not_deleted",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="signed"),
            ),
        ]

    def __str__(self):
        version = f" (perubahan {self.version - 1})" if self.version > 1 else ""
        if self.position_id:
            return f"PK {self.year} {self.position.name}, {self.department.short_name}{version}"
        return f"PK {self.year} {self.department.short_name}{version}"

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def is_cascaded(self) -> bool:
        """An eselon III/IV official's PK (below the head)."""
        return self.position_id is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


@track
class AgreementObjective(models.Model):
    """A sasaran of the PK (drawn from the Renstra's sasaran strategis)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("sasaran"))
    plan_objective = models.ForeignKey(
        "plans.StrategicObjective",
        verbose_name=_("Renstra sasaran"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("PK sasaran")
        verbose_name_plural = _("PK sasaran")
        ordering = ["agreement", "order", "pk"]
        triggers = [_child_frozen_trigger("signed_agreement_objectives_frozen")]

    def __str__(self):
        return self.name


@track
class AgreementIndicator(models.Model):
    """An indicator of a PK sasaran with the year's target (one value or a band) and optional quarterly targets."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(AgreementObjective, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    plan_indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name=_("Renstra indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    target = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    target_low = models.DecimalField(_("target from"), null=True, blank=True, **DECIMAL)
    target_high = models.DecimalField(_("target to"), null=True, blank=True, **DECIMAL)
    target_change_reason = models.TextField(_("why the target differs from the Renstra"), blank=True)
    quarterly_targets = ArrayField(
        models.DecimalField(**DECIMAL), size=4, null=True, blank=True, verbose_name=_("cumulative quarterly targets")
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_iku = models.BooleanField(_("IKU"), default=False)
    # The cascade: the indicator of the superior's PK this one supports (empty on a head's PK).
    supports = models.ForeignKey(
        "self",
        verbose_name=_("supports"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
    )

    class Meta:
        verbose_name = _("PK indicator")
        verbose_name_plural = _("PK indicators")
        ordering = ["objective__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=False, target_low__isnull=True, target_high__isnull=True)
                | Q(
                    target__isnull=True,
                    target_low__isnull=False,
                    target_high__isnull=False,
                    target_low__lte=F("target_high"),
                ),
                name="agreement_indicator_target_value_or_band",
            ),
            models.CheckConstraint(
                condition=Q(quarterly_targets__isnull=True) | Q(quarterly_targets__len=4),
                name="agreement_indicator_four_quarters",
            ),
        ]
        triggers = [_child_frozen_trigger("signed_agreement_indicators_frozen")]

    def __str__(self):
        return self.name


@track
class AgreementProgram(models.Model):
    """A row of the PK's program and budget table."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="programs")
    order = models.PositiveSmallIntegerField(default=0)
    program = models.ForeignKey("plans.Program", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("program"), max_length=300)
    budget = models.DecimalField(_("budget (Rp)"), validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        verbose_name = _("PK program")
        verbose_name_plural = _("PK programs")
        ordering = ["agreement", "order", "pk"]
        triggers = [_child_frozen_trigger("signed_agreement_programs_frozen")]

    def __str__(self):
        return f"{self.code} {self.name}"


@track
class AgreementReview(models.Model):
    """A step of the workflow with its comment; a return carries a comment per item (objective, indicator or
    program, or the whole agreement)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(max_length=12, choices=AgreementStatus.choices)
    to_status = models.CharField(max_length=12, choices=AgreementStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    item_comments = models.JSONField(
        default=list, blank=True, help_text='[{"item": "indicator", "id": 7, "comment": "…"}]'
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PK review step")
        verbose_name_plural = _("PK review steps")
        ordering = ["agreement", "at", "pk"]

    def __str__(self):
        return f"{self.agreement}: {self.from_status} → {self.to_status}"


@track
class AgreementDeadline(models.Model):
    """The setting per year: the date the DPA was ratified. A PK is due one month later (DOMAIN.md §3); a year
    without a row uses 31 January (apps/agreements/deadlines.py)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    dpa_date = models.DateField(_("DPA ratified on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PK deadline")
        verbose_name_plural = _("PK deadlines")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: DPA {self.dpa_date:%d/%m/%Y}"
