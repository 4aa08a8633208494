"""Innovations and the Indeks Inovasi Daerah (IID) of DOMAIN.md §6.

An `Innovation` is a profile in the national application's fields, entered for an index year (one carried into a
later year is entered again, linked to its earlier entry by `previous_entry`). Workflow: `draft` (the department)
→ `submitted` (the head) → `returned` (Bappeda, a note per field) or `verified` (Bappeda). Per innovation and
indicator 16–35 the department claims a level with evidence and Bappeda sets the verified level; evidence changed
after verification clears the verified level. Region indicators (1–15) are Bappeda's, once a year. The scoring
scheme of each year is data (`Scheme`, `SchemeIndicator`, `SchemeCategory`), seeded for 2023, 2024 and 2026;
the formulas are the pure `apps.innovations.index`.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track
from apps.core.models import NotDeletedManager

from .affairs import AFFAIRS

FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR = 16, 35
FIRST_REGION_INDICATOR, LAST_REGION_INDICATOR = 1, 15
LEVEL_VALIDATORS = [MinValueValidator(0), MaxValueValidator(3)]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
DOCUMENT_VALIDATORS = [FileExtensionValidator(["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "png"])]


def _level_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 3})


class Stage(models.TextChoices):
    INISIATIF = "inisiatif", _("Initiative")
    UJI_COBA = "uji_coba", _("Trial")
    PENERAPAN = "penerapan", _("Implementation")


class Initiator(models.TextChoices):
    KEPALA_DAERAH = "kepala_daerah", _("Region head")
    ANGGOTA_DPRD = "anggota_dprd", _("DPRD member")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Department")
    ASN = "asn", _("Civil servant")
    MASYARAKAT = "masyarakat", _("The public")


class Kind(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    NON_DIGITAL = "non_digital", _("Non-digital")


class Form(models.TextChoices):
    TATA_KELOLA = "tata_kelola", _("Governance")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Public service")
    LAINNYA = "lainnya_sesuai_urusan", _("Other, by government affair")


class InnovationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")


EDITABLE_STATUSES = (InnovationStatus.DRAFT, InnovationStatus.RETURNED)


class Aspect(models.TextChoices):
    REGION = "region", _("Region (SPD)")
    INNOVATION = "innovation", _("Innovation (SID)")


@track
class Innovation(models.Model):
    """One innovation's profile for one index year."""

    year = models.PositiveSmallIntegerField(_("index year"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=255)
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="innovations"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.INISIATIF)
    initiator = models.CharField(_("initiator"), max_length=20, choices=Initiator.choices)
    initiator_name = models.CharField(_("initiator's name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    form = models.CharField(_("form"), max_length=25, choices=Form.choices)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    main_affair = models.CharField(_("main government affair"), max_length=40, choices=AFFAIRS, blank=True)
    affairs = ArrayField(
        models.CharField(max_length=40, choices=AFFAIRS),
        verbose_name=_("overlapping government affairs"),
        default=list,
        blank=True,
    )
    trial_date = models.DateField(_("trial date"), null=True, blank=True)
    implementation_date = models.DateField(_("implementation date"), null=True, blank=True)
    design = models.TextField(_("design (rancang bangun)"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    results = models.TextField(_("results"), blank=True)
    budget_file = models.FileField(
        _("budget file"),
        upload_to="innovations/budget/%Y/",
        max_length=200,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    profile_file = models.FileField(
        _("business profile file"),
        upload_to="innovations/profile/%Y/",
        max_length=200,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    video_url = models.URLField(_("video URL"), max_length=500, blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
    )
    replicated_from_region = models.CharField(_("replicated from region"), max_length=200, blank=True)
    previous_entry = models.ForeignKey(
        "self",
        verbose_name=_("entry of an earlier year"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_entries",
    )
    plan_objective = models.ForeignKey(
        "agreements.AgreementObjective",
        verbose_name=_("PK sasaran supported"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InnovationStatus.choices, default=InnovationStatus.DRAFT
    )
    # Bappeda's notes of the last return, per field: {"design": "…", "indicators": "…"}; cleared on resubmission
    # (every return's notes stay in InnovationReview).
    return_notes = models.JSONField(_("notes of the return"), default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    row_version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A deleted draft is kept, out of sight, until the admin restores it (only drafts are deleted).
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    all_objects = models.Manager()  # deleted drafts too (the admin's restore)
    objects = NotDeletedManager()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-year", "department__code", "name", "pk"]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["department", "year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "name"],
                condition=Q(deleted_at__isnull=True),
                name="innovation_name_unique_per_year",
            ),
            models.UniqueConstraint(
                fields=["previous_entry"], condition=Q(deleted_at__isnull=True), name="innovation_carried_once"
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(status=InnovationStatus.DRAFT, deleted_by__isnull=False),
                name="innovation_only_drafts_deleted",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="innovation_year_range"),
            models.CheckConstraint(condition=Q(status__in=InnovationStatus.values), name="innovation_status_valid"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="innovation_stage_valid"),
            models.CheckConstraint(condition=Q(initiator__in=Initiator.values), name="innovation_initiator_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="innovation_kind_valid"),
            models.CheckConstraint(condition=Q(form__in=Form.values), name="innovation_form_valid"),
            models.CheckConstraint(
                condition=Q(trial_date__isnull=True)
                | Q(implementation_date__isnull=True)
                | Q(trial_date__lte=F("implementation_date")),
                name="innovation_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | Q(replicated_from_region=""),
                name="innovation_replicated_from_one_source",
            ),
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | ~Q(replicated_from=F("pk")),
                name="innovation_not_replicated_from_itself",
            ),
            models.CheckConstraint(
                condition=~Q(status=InnovationStatus.VERIFIED)
                | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="innovation_verified_has_verifier",
            ),
        ]
        triggers = [
            # Only a draft is ever deleted from the table (and drafts are soft-deleted by the services).
            pgtrigger.Trigger(
                name="innovation_not_draft_not_deleted",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                condition=~pgtrigger.Q(old__status="draft"),
                func="RAISE EXCEPTION 'A submitted innovation is never deleted.' USING ERRCODE = 'check_violation';",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def all_affairs(self) -> frozenset[str]:
        """The main affair and the overlapping ones."""
        return frozenset(filter(None, [self.main_affair, *self.affairs]))


@track
class InnovationReview(models.Model):
    """A step of an innovation's workflow; a return carries Bappeda's notes per field."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(max_length=12, choices=InnovationStatus.choices)
    to_status = models.CharField(max_length=12, choices=InnovationStatus.choices)
    notes = models.JSONField(_("notes per field"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("innovation review step")
        verbose_name_plural = _("innovation review steps")
        ordering = ["innovation_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=InnovationStatus.RETURNED) | ~Q(notes={}),
                name="innovation_review_return_has_notes",
            ),
        ]

    def __str__(self):
        return f"{self.innovation}: {self.from_status} → {self.to_status}"


class EvidenceFields(models.Model):
    """Evidence of a level: a file, a URL or a text (any of them)."""

    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="innovations/evidence/%Y/",
        max_length=200,
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    evidence_text = models.TextField(_("evidence text"), blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_url or self.evidence_text.strip())


@track
class InnovationIndicator(EvidenceFields):
    """One SID indicator (16–35) of an innovation: the level the department claims and the one Bappeda verified."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(
        _("indicator"),
        validators=[MinValueValidator(FIRST_INNOVATION_INDICATOR), MaxValueValidator(LAST_INNOVATION_INDICATOR)],
    )
    claimed_level = models.PositiveSmallIntegerField(
        _("claimed level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    verified_level = models.PositiveSmallIntegerField(
        _("verified level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_changed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("innovation indicator")
        verbose_name_plural = _("innovation indicators")
        ordering = ["innovation_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "number"], name="innovation_indicator_once"),
            models.CheckConstraint(
                condition=Q(number__gte=FIRST_INNOVATION_INDICATOR, number__lte=LAST_INNOVATION_INDICATOR),
                name="innovation_indicator_number_range",
            ),
            models.CheckConstraint(condition=_level_range("claimed_level"), name="innovation_indicator_claimed_range"),
            models.CheckConstraint(
                condition=_level_range("verified_level"), name="innovation_indicator_verified_range"
            ),
            models.CheckConstraint(
                condition=Q(verified_level__isnull=True) | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="innovation_indicator_verified_has_verifier",
            ),
        ]

    def __str__(self):
        return f"{self.innovation} — {self.number}"


@track
class RegionIndicator(EvidenceFields):
    """One SPD indicator (1–15, with its sub-part: "2a", "5b"…) of the region in an index year; Bappeda's."""

    year = models.PositiveSmallIntegerField(_("index year"), validators=YEAR_VALIDATORS)
    number = models.PositiveSmallIntegerField(
        _("indicator"), validators=[MinValueValidator(FIRST_REGION_INDICATOR), MaxValueValidator(LAST_REGION_INDICATOR)]
    )
    part = models.CharField(_("sub-part"), max_length=1, blank=True)
    claimed_level = models.PositiveSmallIntegerField(
        _("claimed level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    verified_level = models.PositiveSmallIntegerField(
        _("verified level"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("region indicator")
        verbose_name_plural = _("region indicators")
        ordering = ["year", "number", "part"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number", "part"], name="region_indicator_once_per_year"),
            models.CheckConstraint(
                condition=Q(number__gte=FIRST_REGION_INDICATOR, number__lte=LAST_REGION_INDICATOR),
                name="region_indicator_number_range",
            ),
            models.CheckConstraint(condition=Q(part="") | Q(part__regex=r"^[a-z]$"), name="region_indicator_part"),
            models.CheckConstraint(condition=_level_range("claimed_level"), name="region_indicator_claimed_range"),
            models.CheckConstraint(condition=_level_range("verified_level"), name="region_indicator_verified_range"),
        ]

    def __str__(self):
        return f"{self.year} — {self.code}"

    @property
    def code(self) -> str:
        return f"{self.number}{self.part}"


# --- The scoring scheme of a year, as data ------------------------------------------------------------------------
@track
class Scheme(models.Model):
    """One year's IID rules: SID = Σ scores / max(k, n) + min(n, count_cap) × count_factor (0 unless m basic
    affairs are covered); IID = (SPD + SID) / max_total × 100. A year without a scheme uses the latest earlier one."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=YEAR_VALIDATORS)
    k = models.PositiveSmallIntegerField(_("minimum divisor (k)"), validators=[MinValueValidator(1)])
    m = models.PositiveSmallIntegerField(
        _("basic-service affairs to cover (m)"), validators=[MinValueValidator(0), MaxValueValidator(6)]
    )
    count_factor = models.DecimalField(_("count score per innovation"), max_digits=6, decimal_places=3)
    count_cap = models.PositiveSmallIntegerField(_("innovations counted at most"))
    max_total = models.DecimalField(_("maximum total"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("IID scoring scheme")
        verbose_name_plural = _("IID scoring schemes")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=Q(k__gte=1), name="innovation_scheme_k_positive"),
            models.CheckConstraint(condition=Q(m__gte=0, m__lte=6), name="innovation_scheme_m_range"),
            models.CheckConstraint(condition=Q(count_factor__gte=0), name="innovation_scheme_count_factor"),
            models.CheckConstraint(condition=Q(max_total__gt=0), name="innovation_scheme_max_total"),
        ]

    def __str__(self):
        return str(self.year)


@track
class SchemeIndicator(models.Model):
    """An indicator of a scheme: score = weight × level (1–3); the texts say what each level needs."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    part = models.CharField(_("sub-part"), max_length=1, blank=True)
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    variable = models.CharField(_("variable"), max_length=200, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    mandatory = models.BooleanField(_("mandatory"), default=False)

    class Meta:
        verbose_name = _("IID scheme indicator")
        verbose_name_plural = _("IID scheme indicators")
        ordering = ["scheme_id", "number", "part"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number", "part"], name="innovation_scheme_indicator_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="innovation_scheme_indicator_weight"),
            models.CheckConstraint(condition=Q(aspect__in=Aspect.values), name="innovation_scheme_indicator_aspect"),
            models.CheckConstraint(
                condition=Q(part="") | Q(part__regex=r"^[a-z]$"), name="innovation_scheme_indicator_part"
            ),
        ]

    def __str__(self):
        return f"{self.scheme} — {self.code}"

    @property
    def code(self) -> str:
        return f"{self.number}{self.part}"


@track
class SchemeCategory(models.Model):
    """An IID category of a scheme: an IID ≥ min_score (> min_score when not inclusive)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=40)
    label = models.CharField(_("label"), max_length=100, blank=True)
    min_score = models.DecimalField(_("minimum score"), max_digits=6, decimal_places=2)
    inclusive = models.BooleanField(_("minimum included"), default=True)

    class Meta:
        verbose_name = _("IID category")
        verbose_name_plural = _("IID categories")
        ordering = ["scheme_id", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="innovation_scheme_category_once"),
            models.CheckConstraint(condition=Q(min_score__gte=0), name="innovation_scheme_category_min"),
        ]

    def __str__(self):
        return f"{self.scheme} — {self.name}"
