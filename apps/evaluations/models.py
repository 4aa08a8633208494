"""The one-year deadline of a head's PK, the flags of unmet targets, and the evaluation (DOMAIN.md §5).

`EvaluationPolicy` is the per-year setting of "target met" (a year without a row uses the settings). The daily flag
job (apps/evaluations/flagging.py) gives every head whose deadline has passed with targets unmet one `Flag` per PK
(and one per improvement period): partial unique constraints make a second run, or a second worker, add nothing.
An `Evaluation` is opened by the mayor's office with the figures of that moment and moves through its decisions
(`EvaluationStep` keeps every one with who, when and why); a decision resolves the flags it answers.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.audit import track

PERCENT = {"max_digits": 9, "decimal_places": 2}


class Reason(models.TextChoices):
    LOW_ACHIEVEMENT = "low_achievement", _("Capaian below the threshold")
    MISSING_REPORTS = "missing_reports", _("Quarters not reported")
    NO_INNOVATION = "no_innovation", _("No innovation on trial or implemented")


@track
class EvaluationPolicy(models.Model):
    """What "target met" means in a year (DOMAIN.md §5, a setting per year)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    threshold = models.DecimalField(_("capaian threshold (%)"), validators=[MinValueValidator(0)], **PERCENT)
    above_expectation = models.DecimalField(
        _("capaian above expectation (%)"), validators=[MinValueValidator(0)], **PERCENT
    )
    require_all_quarters = models.BooleanField(_("every quarter must be reported"), default=True)
    require_innovation = models.BooleanField(_("an innovation on trial or implemented is required"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation policy")
        verbose_name_plural = _("evaluation policies")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(above_expectation__gte=models.F("threshold")), name="evaluation_policy_bands_in_order"
            )
        ]

    def __str__(self):
        return str(self.year)


class FlagKind(models.TextChoices):
    DEADLINE = "deadline", _("One-year deadline")
    IMPROVEMENT = "improvement", _("End of the improvement period")


@track
class Flag(models.Model):
    """A head whose deadline passed with targets unmet, with the reasons and the figures at that moment."""

    official = models.ForeignKey(
        "departments.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="flags"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", verbose_name=_("Perjanjian Kinerja"), on_delete=models.PROTECT, related_name="flags"
    )
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="flags"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=FlagKind.choices, default=FlagKind.DEADLINE)
    # The improvement period this flag watches (kind "improvement").
    evaluation = models.ForeignKey(
        "Evaluation",
        verbose_name=_("improvement period of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_flags",
    )
    deadline = models.DateField(_("deadline"))
    reasons = ArrayField(models.CharField(max_length=20, choices=Reason.choices), verbose_name=_("reasons"))
    achievement_percent = models.DecimalField(_("capaian (%)"), null=True, blank=True, **PERCENT)
    missing_quarters = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("quarters not reported")
    )
    innovation_count = models.PositiveIntegerField(_("innovations on trial or implemented"), default=0)
    threshold = models.DecimalField(_("threshold (%)"), **PERCENT)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        "Evaluation",
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolved_flags",
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]
        constraints = [
            # One flag per PK for the one-year deadline, one per improvement period: the job and two workers
            # racing insert with ON CONFLICT DO NOTHING against these.
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(kind="deadline"), name="evaluation_flag_one_per_agreement"
            ),
            models.UniqueConstraint(
                fields=["evaluation"], condition=Q(kind="improvement"), name="evaluation_flag_one_per_improvement"
            ),
            models.CheckConstraint(
                condition=Q(kind="deadline", evaluation__isnull=True) | Q(kind="improvement", evaluation__isnull=False),
                name="evaluation_flag_kind_matches_evaluation",
            ),
            models.CheckConstraint(condition=~Q(reasons=[]), name="evaluation_flag_has_reason"),
        ]

    def __str__(self):
        return f"{self.official} — {self.agreement}"

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    def reason_labels(self) -> list[str]:
        labels = dict(Reason.choices)
        return [labels.get(code, code) for code in self.reasons]


class EvaluationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IMPROVEMENT = "improvement", _("In an improvement period")
    COMPETENCY_TEST = "competency_test", _("Competency test")
    CLOSED = "closed", _("Closed")


class Decision(models.TextChoices):
    RETAINED = "retained", _("Retained")
    IMPROVEMENT = "improvement", _("Six months to improve")
    COMPETENCY_TEST = "competency_test", _("Competency test")
    MOVED = "moved", _("Moved to another position")
    DEMOTED = "demoted", _("Demoted to a lower position")
    FORCE_MAJEURE = "force_majeure", _("Force majeure")


class WorkRating(models.TextChoices):
    ABOVE = "above", _("Above expectation")
    MEETS = "meets", _("As expected")
    BELOW = "below", _("Below expectation")


class SkpPredicate(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Very good")
    BAIK = "baik", _("Good")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Needs improvement")
    KURANG = "kurang", _("Poor / misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Very poor")


@track
class Evaluation(models.Model):
    """The mayor's office's evaluation of a head after the deadline (or after an improvement period)."""

    official = models.ForeignKey(
        "departments.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="evaluations"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("Perjanjian Kinerja"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    department = models.ForeignKey(
        "departments.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="evaluations"
    )
    # The assignment evaluated (a move or demotion ends it).
    assignment = models.ForeignKey(
        "departments.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    # An evaluation at the end of an improvement period follows the one that started it.
    previous = models.OneToOneField(
        "self", verbose_name=_("follows"), on_delete=models.PROTECT, null=True, blank=True, related_name="follow_up"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    deadline = models.DateField(_("deadline"))
    # The figures when it was opened.
    achievement_percent = models.DecimalField(_("capaian (%)"), null=True, blank=True, **PERCENT)
    achievement_predicate = models.CharField(_("capaian predicate"), max_length=20, blank=True)
    missing_quarters = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name=_("quarters not reported")
    )
    innovation_count = models.PositiveIntegerField(_("innovations on trial or implemented"), default=0)
    reasons = ArrayField(models.CharField(max_length=20), default=list, blank=True, verbose_name=_("reasons"))
    threshold = models.DecimalField(_("threshold (%)"), **PERCENT)
    indicators = models.JSONField(_("capaian per indicator"), default=list, blank=True)
    is_jpt = models.BooleanField(_("JPT (eselon II)"), default=True)
    # The SKP-style predicate: work from the capaian, behaviour from the mayor's office.
    work_rating = models.CharField(_("work result rating"), max_length=10, choices=WorkRating.choices, blank=True)
    behaviour_rating = models.CharField(_("behaviour rating"), max_length=10, choices=WorkRating.choices, blank=True)
    predicate = models.CharField(_("SKP predicate"), max_length=20, choices=SkpPredicate.choices, blank=True)
    # The decision.
    status = models.CharField(
        _("status"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    improvement_deadline = models.DateField(_("end of the improvement period"), null=True, blank=True)
    # The head's answer.
    statement = models.TextField(_("statement of the head"), blank=True)
    statement_at = models.DateTimeField(null=True, blank=True)
    row_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "improvement_deadline"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(previous__isnull=True), name="evaluation_one_per_agreement"
            ),
            models.CheckConstraint(condition=Q(status__in=EvaluationStatus.values), name="evaluation_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=EvaluationStatus.IMPROVEMENT) | Q(improvement_deadline__isnull=False),
                name="evaluation_improvement_has_deadline",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_on__isnull=False), name="evaluation_decision_has_date"
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="evaluation_never_deleted",
                operation=pgtrigger.Delete,
                when=pgtrigger.Before,
                func="RAISE EXCEPTION 'An evaluation is never deleted.' USING ERRCODE = 'check_violation';",
            ),
        ]

    def __str__(self):
        return _("Evaluation of %(official)s (%(agreement)s)") % {
            "official": self.official,
            "agreement": self.agreement,
        }

    def get_absolute_url(self):
        return reverse("evaluations:detail", args=[self.pk])

    @property
    def achievement_predicate_label(self) -> str:
        """ "Sangat Tinggi" … "Sangat Rendah" (the official name, DOMAIN.md §4)."""
        from apps.progress.achievement import Predicate

        return Predicate(self.achievement_predicate).label if self.achievement_predicate else ""


@track
class EvaluationStep(models.Model):
    """A step of an evaluation: opened, each decision, the head's statement (who, when, why)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=16, choices=EvaluationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=EvaluationStatus.choices)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    warning = models.TextField(_("warning"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation step")
        verbose_name_plural = _("evaluation steps")
        ordering = ["evaluation", "at", "pk"]

    def __str__(self):
        return f"{self.evaluation_id}: {self.from_status} → {self.to_status}"
