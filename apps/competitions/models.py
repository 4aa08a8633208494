"""The city's innovation competition (lomba inovasi, DOMAIN.md §6 "Competition").

A `Round` per year has categories, a registration and a judging window and `Criterion` rows whose weights sum to
100 (editable until judging opens). A department enters innovations of its inventory (`Entry`, stage uji coba or
penerapan); Bappeda assigns `Juror`s (external ones have the `jury` role and no department). Each juror gives each
entry one `Score` per criterion (1–100): the database refuses a score of a juror of the entry's own department
(a trigger copies both departments onto the row, a CHECK compares them). Status: draft → registration → judging →
closed → published, moved by apps/core/workflow.py `transition()`. Closing freezes each entry's result and rank.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(100)]
RESULT = {"max_digits": 6, "decimal_places": 2}

#: The default criteria of a new round: (code, name, weight). The names are the round's data (in Bahasa
#: Indonesia, as the city's jury uses them), editable per round, not interface text.
DEFAULT_CRITERIA = [
    ("kebaruan", "Kebaruan", 25),
    ("kemanfaatan", "Kemanfaatan", 30),
    ("keberlanjutan", "Keberlanjutan", 20),
    ("kemudahan_replikasi", "Kemudahan replikasi", 15),
    ("presentasi", "Presentasi", 10),
]
BENEFIT = "kemanfaatan"  # the criterion that breaks ties
DEFAULT_CATEGORIES = ["fisik", "non_fisik"]
#: The names of the usual category codes (the round's data, as the city names them), when a round gives none.
DEFAULT_CATEGORY_NAMES = {"fisik": "Fisik", "non_fisik": "Non-fisik", "kecamatan": "Kecamatan"}


def humanize_category(code: str) -> str:
    """A name for a category code the round did not name: the usual names, else the code made readable."""
    return DEFAULT_CATEGORY_NAMES.get(code) or code.replace("_", " ").strip().capitalize()


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration")
    JUDGING = "judging", _("Judging")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


#: Scores and results are visible (to the jurors, entrants, overseers) from these statuses on.
REVEALED = (RoundStatus.CLOSED, RoundStatus.PUBLISHED)
CRITERIA_EDITABLE = (RoundStatus.DRAFT, RoundStatus.REGISTRATION)


@track
class Round(models.Model):
    """One year's competition."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    name = models.CharField(_("name"), max_length=200)
    categories = ArrayField(
        models.SlugField(max_length=40),
        verbose_name=_("categories"),
        default=list,
        help_text=_("e.g. fisik, non_fisik"),
    )
    category_names = models.JSONField(
        _("names of the categories"),
        default=dict,
        blank=True,
        help_text=_("{code: name}; a code left out is shown by its usual name"),
    )
    registration_start = models.DateField(_("registration opens"))
    registration_end = models.DateField(_("registration closes"))
    judging_start = models.DateField(_("judging opens"))
    judging_end = models.DateField(_("judging closes"))
    winners_per_category = models.PositiveSmallIntegerField(
        _("winners per category"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    status = models.CharField(_("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competition round")
        verbose_name_plural = _("competition rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="competition_round_status_valid"),
            models.CheckConstraint(
                condition=Q(registration_end__gte=F("registration_start"))
                & Q(judging_start__gte=F("registration_end"))
                & Q(judging_end__gte=F("judging_start")),
                name="competition_round_windows_in_order",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="competition_round_has_category"),
        ]
        triggers = [
            # Judging opens only with weights summing to 100, whoever updates the row.
            pgtrigger.Trigger(
                name="competition_round_weights_sum_to_100",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(new__status="judging") & ~pgtrigger.Q(old__status="judging"),
                func="""
                    IF (SELECT COALESCE(SUM(weight), 0) FROM competitions_criterion WHERE round_id = NEW.id) <> 100
                    THEN
                        RAISE EXCEPTION 'The weights of the criteria must sum to 100 before judging opens.'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competitions:round", args=[self.pk])

    @property
    def revealed(self) -> bool:
        return self.status in REVEALED

    def category_name(self, code: str) -> str:
        names = self.category_names if isinstance(self.category_names, dict) else {}
        return names.get(code) or humanize_category(code)

    @property
    def category_choices(self) -> list[tuple[str, str]]:
        """(code, name) of each category, in the round's order."""
        return [(code, self.category_name(code)) for code in self.categories]


@track
class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="competition_criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=100), name="competition_criterion_weight"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class EntryStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    REJECTED = "rejected", _("Rejected")


def presentation_path(entry, filename):
    return f"competitions/{entry.round.year}/{filename}"


@track
class Entry(models.Model):
    """An innovation of a department's inventory entered in a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="entries")
    innovation = models.ForeignKey(
        "innovations.Innovation", verbose_name=_("innovation"), on_delete=models.PROTECT, related_name="entries"
    )
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.SlugField(_("category"), max_length=40)
    pitch = models.TextField(_("short pitch"), max_length=2000)
    presentation = models.FileField(_("presentation file"), upload_to=presentation_path, max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.ENTERED)
    rejection_reason = models.TextField(_("reason of the rejection"), blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Frozen when the round closes.
    result = models.DecimalField(_("result"), null=True, blank=True, **RESULT)
    benefit_result = models.DecimalField(_("kemanfaatan score"), null=True, blank=True, **RESULT)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    recommended = models.BooleanField(_("recommended for replication"), default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["round", "category", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "innovation"], name="competition_entry_once_per_round"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="competition_entry_rejection_reason"
            ),
        ]

    def __str__(self):
        return self.innovation.name

    def get_absolute_url(self):
        return reverse("competitions:entry", args=[self.pk])

    @property
    def category_name(self) -> str:
        return self.round.category_name(self.category)


@track
class Juror(models.Model):
    """A user assigned by Bappeda to judge a round; `department` is theirs when assigned (none: external)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="juries")
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="competition_juror_once_per_round")]

    def __str__(self):
        return self.user.get_full_name() or self.user.username


@track
class Score(models.Model):
    """A juror's score of an entry on one criterion. The departments are copied by a trigger (whatever the caller
    passes) and must differ: a juror never scores an entry of their own department."""

    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    entry_department = models.ForeignKey(
        "departments.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    juror_department = models.ForeignKey(
        "departments.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entry", "juror", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["juror", "entry", "criterion"], name="competition_score_once"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=100), name="competition_score_range"),
            models.CheckConstraint(
                condition=Q(juror_department__isnull=True)
                | Q(entry_department__isnull=True)
                | ~Q(juror_department=F("entry_department")),
                name="competition_score_not_own_department",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="competition_score_departments",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                func="""
                    SELECT department_id INTO NEW.entry_department_id FROM competitions_entry WHERE id = NEW.entry_id;
                    SELECT department_id INTO NEW.juror_department_id FROM competitions_juror WHERE id = NEW.juror_id;
                    IF (SELECT round_id FROM competitions_entry WHERE id = NEW.entry_id)
                        <> (SELECT round_id FROM competitions_juror WHERE id = NEW.juror_id)
                       OR (SELECT round_id FROM competitions_entry WHERE id = NEW.entry_id)
                        <> (SELECT round_id FROM competitions_criterion WHERE id = NEW.criterion_id) THEN
                        RAISE EXCEPTION 'A score joins a juror, an entry and a criterion of one round.'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.juror} · {self.entry} · {self.criterion.code}: {self.value}"


@track
class RoundStep(models.Model):
    """A step of a round's status (who, when)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=12, choices=RoundStatus.choices)
    to_status = models.CharField(max_length=12, choices=RoundStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round step")
        verbose_name_plural = _("round steps")
        ordering = ["round", "at", "pk"]

    def __str__(self):
        return f"{self.round_id}: {self.from_status} → {self.to_status}"
