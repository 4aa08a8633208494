"""The organisation: the region, its departments, the officials who head them and their assignments."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track
from apps.core.nip import format_nip, validate_nip

REGION_CODE_VALIDATOR = RegexValidator(
    r"^\d{2}\.\d{2}$",
    _("Kode wilayah must have the form NN.NN, for example 63.72."),
    code="invalid_region_code",
)


class HeadTitle(models.TextChoices):
    WALI_KOTA = "Wali Kota", _("Wali Kota")
    BUPATI = "Bupati", _("Bupati")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


def default_time_zone():
    return settings.TIME_ZONE


@track
class Region(models.Model):
    """The Pemerintah Daerah this deployment serves: exactly one row (pk 1)."""

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("For example: Pemerintah Kota Banjarbaru"),
    )
    seat = models.CharField(
        _("place name on documents"),
        max_length=60,
        help_text=_("For example: Banjarbaru"),
    )
    code = models.CharField(_("kode wilayah"), max_length=5, validators=[REGION_CODE_VALIDATOR])
    head_title = models.CharField(_("head's title"), max_length=20, choices=HeadTitle.choices)
    head_name = models.CharField(_("head's name"), max_length=120)
    logo = models.ImageField(_("logo"), upload_to="region/", blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TimeZone.choices,
        default=default_time_zone,
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="region_single_row")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region")


class DepartmentKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    KECAMATAN = "kecamatan", _("Kecamatan")
    SATPOL_PP = "satpol_pp", _("Satpol PP")
    OTHER = "other", _("Other")


@track
class Department(models.Model):
    """A Perangkat Daerah (OPD/SKPD)."""

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z.\-]+$", _("Use only digits, letters, dots and dashes."))],
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("departments:detail", args=[self.pk])


class Rank(models.TextChoices):
    """Pangkat/golongan ruang of a PNS, from III/a upwards (those who lead units)."""

    III_A = "III/a", _("Penata Muda (III/a)")
    III_B = "III/b", _("Penata Muda Tingkat I (III/b)")
    III_C = "III/c", _("Penata (III/c)")
    III_D = "III/d", _("Penata Tingkat I (III/d)")
    IV_A = "IV/a", _("Pembina (IV/a)")
    IV_B = "IV/b", _("Pembina Tingkat I (IV/b)")
    IV_C = "IV/c", _("Pembina Utama Muda (IV/c)")
    IV_D = "IV/d", _("Pembina Utama Madya (IV/d)")
    IV_E = "IV/e", _("Pembina Utama (IV/e)")


RANK_NAMES = {
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}


class Echelon(models.TextChoices):
    II_A = "II.a", _("II.a (Sekretaris Daerah)")
    II_B = "II.b", _("II.b (JPT Pratama: Kepala Dinas/Badan, Inspektur)")
    III_A = "III.a", _("III.a (Camat, Sekretaris)")
    III_B = "III.b", _("III.b (Kepala Bidang)")
    IV_A = "IV.a", _("IV.a (Kepala Subbagian/Seksi)")
    IV_B = "IV.b", _("IV.b")


JPT_ECHELONS = (Echelon.II_A, Echelon.II_B)


@track
class Official(models.Model):
    """A civil servant (ASN/PNS) who can head a unit."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("name with titles"), max_length=150)
    rank = models.CharField(_("pangkat/golongan"), max_length=5, choices=Rank.choices)
    echelon = models.CharField(_("eselon"), max_length=5, choices=Echelon.choices, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(nip__regex=r"^[0-9]{18}$"), name="official_nip_18_digits"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("officials:detail", args=[self.pk])

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    @property
    def rank_display(self) -> str:
        """'Pembina Utama Muda (IV/c)'."""
        return f"{RANK_NAMES[self.rank]} ({self.rank})" if self.rank in RANK_NAMES else self.rank

    @property
    def is_jpt(self) -> bool:
        return self.echelon in JPT_ECHELONS


class AssignmentKind(models.TextChoices):
    DEFINITIVE = "definitive", _("Definitive")
    PLT = "plt", _("Plt (acting)")
    PLH = "plh", _("Plh (daily executive)")


class DateRange(Func):
    """daterange(start, end, '[]'): an assignment covers its first and last day; no end means open."""

    function = "daterange"
    output_field = DateRangeField()


@track
class Assignment(models.Model):
    """An official heads a department from a date to a date (kept forever: a move ends one and starts another)."""

    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=AssignmentKind.choices,
        default=AssignmentKind.DEFINITIVE,
    )
    position_title = models.CharField(_("position"), max_length=150, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    sk_number = models.CharField(_("SK number"), max_length=100)
    sk_date = models.DateField(_("SK date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["department", "start_date"]),
            models.Index(fields=["official", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
            ),
            ExclusionConstraint(
                name="assignment_one_definitive_head_at_a_time",
                expressions=[
                    ("department", RangeOperators.EQUAL),
                    (
                        DateRange("start_date", "end_date", Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(kind="definitive"),
                violation_error_message=_("This department already has a definitive head in that period."),
            ),
        ]

    def __str__(self):
        return f"{self.official} — {self.department}"

    def get_absolute_url(self):
        return reverse("officials:detail", args=[self.official_id])

    def is_current_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class PositionKind(models.TextChoices):
    """Structural positions below the head (DOMAIN.md §3, the cascade)."""

    SECRETARY = "sekretaris", _("Sekretaris")
    DIVISION_HEAD = "kepala_bidang", _("Kepala bidang")
    UNIT_HEAD = "kepala_upt", _("Kepala UPT")
    SUBDIVISION_HEAD = "kepala_subbagian", _("Kepala subbagian")
    SECTION_HEAD = "kepala_seksi", _("Kepala seksi")


# Eselon III signs with the head; eselon IV with their eselon III.
UPPER_ECHELONS = (Echelon.III_A, Echelon.III_B)
LOWER_ECHELONS = (Echelon.IV_A, Echelon.IV_B)
POSITION_ECHELONS = (*UPPER_ECHELONS, *LOWER_ECHELONS)


@track
class Position(models.Model):
    """A structural position inside a department below its head: eselon III reports to the head (no superior
    position), eselon IV to an eselon III position of the same department."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="positions"
    )
    name = models.CharField(_("position"), max_length=200, help_text=_("For example: Kepala Bidang Pendidikan Dasar"))
    kind = models.CharField(_("kind"), max_length=20, choices=PositionKind.choices)
    echelon = models.CharField(_("eselon"), max_length=5, choices=[(e, e.label) for e in POSITION_ECHELONS])
    superior = models.ForeignKey(
        "self",
        verbose_name=_("superior position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        help_text=_("Empty for eselon III (they report to the head)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["department__code", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="position_name_unique_in_department"),
            models.CheckConstraint(
                condition=Q(echelon__in=UPPER_ECHELONS, superior__isnull=True)
                | Q(echelon__in=LOWER_ECHELONS, superior__isnull=False),
                name="position_superior_by_echelon",
            ),
            models.CheckConstraint(condition=~Q(superior=F("pk")), name="position_not_own_superior"),
        ]
        triggers = [
            # The superior of an eselon IV position is an eselon III position of the same department.
            pgtrigger.Trigger(
                name="position_superior_same_department_upper",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(new__superior__isnull=False),
                func="""
                    IF NOT EXISTS (
                        SELECT 1 FROM departments_position s
                        WHERE s.id = NEW.superior_id AND s.department_id = NEW.department_id
                          AND s.superior_id IS NULL
                    ) THEN
                        RAISE EXCEPTION 'the superior must be an eselon III position of the same department'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("departments:positions", args=[self.department_id])

    @property
    def is_upper(self) -> bool:
        """Eselon III: signs with the head."""
        return self.superior_id is None


@track
class PositionAssignment(models.Model):
    """An official holds a position from a date to a date (definitive, Plt or Plh; kept forever)."""

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.PROTECT, related_name="position_assignments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AssignmentKind.choices, default=AssignmentKind.DEFINITIVE)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    sk_number = models.CharField(_("SK number"), max_length=100)
    sk_date = models.DateField(_("SK date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("position assignment")
        verbose_name_plural = _("position assignments")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["official", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="position_assignment_end_not_before_start",
            ),
            ExclusionConstraint(
                name="position_one_definitive_holder_at_a_time",
                expressions=[
                    ("position", RangeOperators.EQUAL),
                    (DateRange("start_date", "end_date", Value("[]")), RangeOperators.OVERLAPS),
                ],
                condition=Q(kind="definitive"),
                violation_error_message=_("This position already has a definitive holder in that period."),
            ),
        ]

    def __str__(self):
        return f"{self.official} — {self.position}"

    def is_current_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
