"""The plan cascade (DOMAIN.md §2): the RPJMD of the region and each department's Renstra.

RPJMD period → misi → tujuan → sasaran (with indicators and a target for every year of the period).
Renstra (one per department and RPJMD period) → tujuan → sasaran strategis (each pointing to an RPJMD sasaran: that
link is how a head's target "comes from the five-year plan") → indicators with yearly targets; and programs →
kegiatan → sub kegiatan with their nomenclature codes, the programs with their budget (pagu) per year.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track

# Nomenclature codes U.BB.PP(.L.KK(.SSSS)) of Kepmendagri 050-5889/2021; L is 1 (provinsi) or 2 (kabupaten/kota).
PROGRAM_CODE = RegexValidator(
    r"^[0-9X]\.[0-9X]{2}\.\d{2}$", _("A program code has the form U.BB.PP, for example 1.02.02."), "program_code"
)
ACTIVITY_CODE = RegexValidator(
    r"^[0-9X]\.[0-9X]{2}\.\d{2}\.[12]\.\d{2}$",
    _("A kegiatan code has the form U.BB.PP.L.KK with L 1 or 2, for example 1.02.02.2.01."),
    "activity_code",
)
SUB_ACTIVITY_CODE = RegexValidator(
    r"^[0-9X]\.[0-9X]{2}\.\d{2}\.[12]\.\d{2}\.\d{4}$",
    _("A sub kegiatan code has the form U.BB.PP.L.KK.SSSS with L 1 or 2, for example 1.02.02.2.01.0001."),
    "sub_activity_code",
)
DECIMAL = {"max_digits": 20, "decimal_places": 4}
MONEY = {"max_digits": 18, "decimal_places": 2}


class Polarity(models.TextChoices):
    POSITIVE = "positive", _("Positive (higher is better)")
    NEGATIVE = "negative", _("Negative (lower is better)")
    STABILIZE = "stabilize", _("Stabilize (best inside a band)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the quarters")
    LAST = "last", _("Latest quarter")
    AVERAGE = "average", _("Average of the quarters")


class TargetFields(models.Model):
    """A target: one value, or a band (low–high). `stabilize` indicators always have a band."""

    value = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    low = models.DecimalField(_("target from"), null=True, blank=True, **DECIMAL)
    high = models.DecimalField(_("target to"), null=True, blank=True, **DECIMAL)

    class Meta:
        abstract = True

    def __str__(self):
        if self.value is not None:
            return str(self.value)
        return f"{self.low}–{self.high}"

    @property
    def is_band(self) -> bool:
        return self.value is None

    @classmethod
    def target_constraints(cls, prefix: str):
        one_value = Q(value__isnull=False, low__isnull=True, high__isnull=True)
        band = Q(value__isnull=True, low__isnull=False, high__isnull=False, low__lte=F("high"))
        return [
            models.CheckConstraint(
                condition=one_value | band,
                name=f"{prefix}_target_value_or_band",
                violation_error_message=_("Give one target value, or a band whose start is not above its end."),
            )
        ]


class IndicatorFields(models.Model):
    """What an indicator is, in the RPJMD and in a Renstra: its name, unit, polarity, how the quarters make the
    year, and the value before the period."""

    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.LAST
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **DECIMAL)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


# --- RPJMD -------------------------------------------------------------------------------------------------------
@track
class RpjmdPeriod(models.Model):
    """The region's five-year plan (RPJMD), e.g. 2025–2029: its visi and the misi under it."""

    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True, validators=[MinValueValidator(2000)])
    end_year = models.PositiveSmallIntegerField(_("last year"))
    vision = models.TextField(_("visi"))
    regulation = models.CharField(_("Perda"), max_length=200, blank=True, help_text=_("e.g. Perda No. 2 Tahun 2025"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("RPJMD")
        verbose_name_plural = _("RPJMD")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")) & Q(end_year__lte=F("start_year") + 5),
                name="rpjmd_period_years",
            )
        ]

    def __str__(self):
        return f"RPJMD {self.start_year}–{self.end_year}"

    def get_absolute_url(self):
        return reverse("plans:rpjmd_detail", args=[self.pk])

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


@track
class Mission(models.Model):
    period = models.ForeignKey(RpjmdPeriod, on_delete=models.CASCADE, related_name="missions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("misi"))

    class Meta:
        verbose_name = _("misi")
        verbose_name_plural = _("misi")
        ordering = ["period", "number"]
        constraints = [models.UniqueConstraint(fields=["period", "number"], name="mission_number_unique")]

    def __str__(self):
        return f"Misi {self.number}: {self.text}"


@track
class Goal(models.Model):
    """An RPJMD tujuan."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("tujuan"))

    class Meta:
        verbose_name = _("RPJMD tujuan")
        verbose_name_plural = _("RPJMD tujuan")
        ordering = ["mission", "code"]
        constraints = [models.UniqueConstraint(fields=["mission", "code"], name="goal_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"


@track
class Objective(models.Model):
    """An RPJMD sasaran: what the departments' sasaran strategis point to."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("sasaran"))

    class Meta:
        verbose_name = _("RPJMD sasaran")
        verbose_name_plural = _("RPJMD sasaran")
        ordering = ["goal", "code"]
        constraints = [models.UniqueConstraint(fields=["goal", "code"], name="objective_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"


@track
class ObjectiveIndicator(IndicatorFields):
    """An indicator of an RPJMD sasaran (the region's IKU)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="indicators")

    class Meta:
        verbose_name = _("RPJMD indicator")
        verbose_name_plural = _("RPJMD indicators")
        ordering = ["objective", "pk"]


@track
class ObjectiveTarget(TargetFields):
    indicator = models.ForeignKey(ObjectiveIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("RPJMD target")
        verbose_name_plural = _("RPJMD targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="objective_target_one_per_year"),
            *TargetFields.target_constraints("objective"),
        ]


# --- Renstra -----------------------------------------------------------------------------------------------------
@track
class Renstra(models.Model):
    """A department's strategic plan for an RPJMD period. The department edits it; Bappeda can lock it."""

    department = models.ForeignKey("departments.Department", on_delete=models.PROTECT, related_name="renstras")
    period = models.ForeignKey(RpjmdPeriod, on_delete=models.PROTECT, related_name="renstras")
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")
        ordering = ["department__code", "-period__start_year"]
        constraints = [models.UniqueConstraint(fields=["department", "period"], name="renstra_one_per_period")]

    def __str__(self):
        return f"Renstra {self.department.short_name} {self.period.start_year}–{self.period.end_year}"

    def get_absolute_url(self):
        return reverse("plans:renstra_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


@track
class RenstraGoal(models.Model):
    """A department's tujuan."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("tujuan"))

    class Meta:
        verbose_name = _("Renstra tujuan")
        verbose_name_plural = _("Renstra tujuan")
        ordering = ["renstra", "code"]
        constraints = [models.UniqueConstraint(fields=["renstra", "code"], name="renstra_goal_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"


@track
class StrategicObjective(models.Model):
    """A sasaran strategis of a department, always pointing to the RPJMD sasaran it serves."""

    goal = models.ForeignKey(RenstraGoal, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("sasaran strategis"))
    rpjmd_objective = models.ForeignKey(
        Objective, verbose_name=_("RPJMD sasaran"), on_delete=models.PROTECT, related_name="strategic_objectives"
    )

    class Meta:
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")
        ordering = ["goal", "code"]
        constraints = [models.UniqueConstraint(fields=["goal", "code"], name="strategic_objective_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"


@track
class Indicator(IndicatorFields):
    """An indicator of a sasaran strategis: what a head's PK targets are drawn from."""

    objective = models.ForeignKey(StrategicObjective, on_delete=models.CASCADE, related_name="indicators")
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    is_iku = models.BooleanField(_("IKU"), default=False, help_text=_("Indikator Kinerja Utama"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective", "-is_iku", "pk"]


@track
class IndicatorTarget(TargetFields):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_one_per_year"),
            *TargetFields.target_constraints("indicator"),
        ]


@track
class Program(models.Model):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="programs")
    code = models.CharField(_("code"), max_length=20, validators=[PROGRAM_CODE])
    name = models.CharField(_("program"), max_length=300)
    objective = models.ForeignKey(
        StrategicObjective,
        verbose_name=_("sasaran strategis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programs",
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["renstra", "code"]
        constraints = [models.UniqueConstraint(fields=["renstra", "code"], name="program_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


@track
class ProgramBudget(models.Model):
    """The pagu of a program for a year (Rp, from the DPA)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("pagu (Rp)"), validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        verbose_name = _("program budget")
        verbose_name_plural = _("program budgets")
        ordering = ["program", "year"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="program_budget_one_per_year")]

    def __str__(self):
        return f"{self.program.code} {self.year}: {self.amount}"


@track
class Activity(models.Model):
    """A kegiatan of a program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=20, validators=[ACTIVITY_CODE])
    name = models.CharField(_("kegiatan"), max_length=300)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["program", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="activity_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


@track
class SubActivity(models.Model):
    """A sub kegiatan of a kegiatan."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sub_activities")
    code = models.CharField(_("code"), max_length=24, validators=[SUB_ACTIVITY_CODE])
    name = models.CharField(_("sub kegiatan"), max_length=300)

    class Meta:
        verbose_name = _("sub kegiatan")
        verbose_name_plural = _("sub kegiatan")
        ordering = ["activity", "code"]
        constraints = [models.UniqueConstraint(fields=["activity", "code"], name="sub_activity_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"
