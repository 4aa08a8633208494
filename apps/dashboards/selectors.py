"""Reads of the dashboards, scoped to the user who asks (a department role sees only its own department's row).

`department_rows_for(user, year)` gives the rows of the mayor's office's table and of the API: for every
department the user may see, its head, the status of its PK of the year, the capaian to date (against the newest
signed version) with its predicate, the quarters fully reported, its innovations at trial or implementation, the
open flag, the latest evaluation and the early-warning projection. Its query count does not depend on the number
of departments: two queries for the departments and their heads, one for the PKs, two for the capaian of all of
them (apps/dashboards/capaian.py), one for the innovation counts, and what the evaluations app needs for its
three figures (apps/dashboards/joins.py).

The PK of a department for the year is its *current line*: the one that started last (a head appointed mid-year
has their own), of which the newest version gives the status shown and the newest signed version the capaian
(an amendment in draft leaves the capaian on the signed version it amends).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.utils import timezone

from apps.agreements.models import Agreement, AgreementStatus
from apps.agreements.selectors import head_agreements_for
from apps.departments.models import Department, Official
from apps.departments.selectors import departments_with_current_heads
from apps.innovations.models import Innovation, InnovationStatus
from apps.innovations.views_dashboard import department_rows
from apps.progress.achievement import Colour, Predicate
from apps.progress.achievement import predicate as predicate_of
from apps.progress.models import ProgressReport, ReportStatus
from apps.progress.window import quarter_end, quarter_start, reporting_deadline

from . import joins
from .capaian import QUARTERS, AgreementFigures, agreement_figures
from .summaries import AgreementSummary, summaries

FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_year(value, *, default: int | None = None) -> int:
    """The year asked for (`?year=`), or this year in the region when it is missing or not a plausible year."""
    fallback = default or timezone.localdate().year
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return fallback
    return year if FIRST_YEAR <= year <= LAST_YEAR else fallback


def quarters_elapsed(year: int, today: datetime.date) -> int:
    """How many quarters of `year` have ended by `today` (0–4)."""
    return sum(1 for quarter in QUARTERS if quarter_end(year, quarter) < today)


def quarters_due(year: int, today: datetime.date) -> int:
    """How many quarters of `year` are past their reporting deadline on `today` (0–4)."""
    return sum(1 for quarter in QUARTERS if reporting_deadline(year, quarter) < today)


def threshold() -> Decimal:
    return Decimal(settings.EVALUATION_ACHIEVEMENT_THRESHOLD)


# --- One row per department ---------------------------------------------------------------------------------------
@dataclass
class DepartmentRow:
    """(The derived figures are cached on first read: the rows are complete once department_rows_for returns.)"""

    department: Department
    head: Official | None
    agreement: Agreement | None  # the newest version of the current PK line: its status is shown
    measured: Agreement | None  # the newest signed version: capaian is measured against it (DOMAIN.md §3)
    figures: AgreementFigures | AgreementSummary | None  # the full figures for one department's own dashboard
    innovations_active: int
    innovations_total: int
    innovation_counts: dict = field(default_factory=dict)  # per innovation status (apps/innovations/views_dashboard)
    quarters_due: int = 0  # quarters whose reporting deadline has passed
    flag: object | None = None
    evaluation: object | None = None
    projected: Decimal | None = None
    evaluations_known: bool = False  # False: the evaluations app gives no figures (shown "not available")
    flags_visible: bool = False  # may the user see this row's flag and evaluation (apps/evaluations/rules.py)

    @property
    def agreement_status(self) -> str | None:
        return None if self.agreement is None else self.agreement.status

    @cached_property
    def agreement_status_label(self) -> str:
        return "" if self.agreement is None else self.agreement.get_status_display()

    @cached_property
    def achievement_percent(self) -> Decimal | None:
        return None if self.figures is None else self.figures.achievement_percent

    @cached_property
    def predicate(self) -> Predicate | None:
        return predicate_of(self.achievement_percent)

    @cached_property
    def colour(self) -> Colour | None:
        grade = self.predicate
        return None if grade is None else grade.colour

    @cached_property
    def quarters_reported(self) -> int:
        return 0 if self.figures is None else self.figures.quarters_reported

    @property
    def flagged(self) -> bool | None:
        return (self.flag is not None) if self.evaluations_known and self.flags_visible else None

    @cached_property
    def on_track(self) -> bool | None:
        """On track to meet the targets (DOMAIN.md §5) so far: capaian at or above the threshold, every quarter due
        reported, an innovation at trial or implementation. None without a signed PK."""
        if self.measured is None:
            return None
        achievement = self.achievement_percent
        return (
            achievement is not None
            and achievement >= threshold()
            and self.quarters_reported >= self.quarters_due
            and self.innovations_active > 0
        )

    @property
    def early_warning(self) -> bool:
        """The projection says the head will end the period below the threshold (DOMAIN.md §5)."""
        return self.projected is not None and self.projected < threshold()

    @property
    def evaluation_label(self) -> str:
        evaluation = self.evaluation
        if evaluation is None:
            return ""
        parts = []
        for name in ("decision", "status"):
            display = getattr(evaluation, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(evaluation, name, "")
            if value:
                parts.append(str(value))
        return " · ".join(parts)


def _current_lines(agreements: list[Agreement]) -> dict[int, tuple[Agreement, Agreement | None]]:
    """{department id: (newest version of its current PK line, newest signed version of that line)}. The current
    line is the one that started last (a head appointed mid-year has a PK for their own period)."""
    by_department: dict[int, list[Agreement]] = {}
    for agreement in agreements:
        by_department.setdefault(agreement.department_id, []).append(agreement)
    lines = {}
    for department_id, items in by_department.items():
        start = max(a.period_start for a in items)
        line = [a for a in items if a.period_start == start]
        official_id = max(line, key=lambda a: (a.version, a.pk)).official_id
        line = [a for a in line if a.official_id == official_id]
        newest = max(line, key=lambda a: (a.version, a.pk))
        signed = [a for a in line if a.status == AgreementStatus.SIGNED]
        lines[department_id] = (newest, max(signed, key=lambda a: (a.version, a.pk)) if signed else None)
    return lines


def _head(department: Department, agreement: Agreement | None) -> Official | None:
    """The head the PK was signed with (the one evaluated), else who heads the department now."""
    if agreement is not None:
        return agreement.official
    assignments = getattr(department, "current_assignments", [])
    return assignments[0].official if assignments else None


def department_rows_for(user, year: int, *, departments=None, detail: bool = False) -> list[DepartmentRow]:
    """The rows of the overview, ordered by department code (see the module docstring for the queries). The
    figures are each PK's cached summary (apps/dashboards/summaries.py); `detail=True` computes the full figures,
    with every indicator's quarters, for a department's own dashboard."""
    queryset = departments_with_current_heads(user)
    if departments is not None:
        queryset = queryset.filter(pk__in=departments)
    else:
        # (a department's heads' PKs only: the cascade below the head does not make an inactive department a row)
        queryset = queryset.filter(
            Q(is_active=True)
            | Exists(Agreement.objects.filter(department=OuterRef("pk"), year=year))
            | Exists(Innovation.objects.filter(department=OuterRef("pk"), year=year))
        )
    department_list = list(queryset.order_by("code"))
    ids = [d.pk for d in department_list]
    # The heads' PKs only: the figures of a department are its head's (the cascade's PKs have their own pages)
    agreements = list(
        head_agreements_for(user)
        .filter(year=year, department_id__in=ids)
        .annotate(reports_version=F("reports_stamp__version"))
    )
    lines = _current_lines(agreements)
    measured = [signed for _newest, signed in lines.values() if signed is not None]
    figures = agreement_figures(measured) if detail else summaries(measured)
    innovations = {row["pk"]: row for row in department_rows(year)} if ids else {}
    due = quarters_due(year, timezone.localdate())
    rows = []
    for department in department_list:
        newest, signed = lines.get(department.pk, (None, None))
        counts = innovations.get(department.pk, {})
        rows.append(
            DepartmentRow(
                department=department,
                head=_head(department, newest),
                agreement=newest,
                measured=signed,
                figures=figures.get(signed.pk) if signed else None,
                innovations_active=counts.get("active", 0),
                innovations_total=counts.get("total", 0),
                innovation_counts={status: counts.get(f"n_{status}", 0) for status in InnovationStatus.values},
                quarters_due=due,
            )
        )
    _attach_evaluations(rows, user, projections=None if detail else {pk: f.projected for pk, f in figures.items()})
    return rows


def may_see_flags(user) -> bool:
    """Flags and evaluations are seen as the evaluations app decides (apps/evaluations/rules.py): every one by the
    mayor's office, the admin and the Inspektorat, a head only their own; Bappeda and staff none."""
    return user.has_perm("evaluations.view")


def _attach_evaluations(rows: list[DepartmentRow], user, *, projections: dict | None = None) -> None:
    """The open flag, the latest evaluation and the projection of each row's measured PK (apps/evaluations);
    `projections` when the summaries already carry them."""
    measured = [row.measured for row in rows if row.measured is not None]
    ids = [agreement.pk for agreement in measured]
    known = joins.available()
    if not known:
        return
    if projections is None:
        projections = joins.projections(measured) if ids else {}
    see_all = user.has_perm("evaluations.view_all")
    see_own = may_see_flags(user)
    flags = joins.open_flags(ids) if ids and see_own else {}
    evaluations = joins.latest_evaluations(ids) if ids and see_own else {}
    official = getattr(user, "official", None) if see_own and not see_all else None
    for row in rows:
        row.evaluations_known = True
        if row.measured is None:
            continue
        row.projected = projections.get(row.measured.pk)
        row.flags_visible = see_all or (official is not None and row.measured.official_id == official.pk)
        if row.flags_visible:
            row.flag = flags.get(row.measured.pk)
            row.evaluation = evaluations.get(row.measured.pk)


# --- Sorting and filtering the overview --------------------------------------------------------------------------
SORT_KEYS = {
    "department": lambda row: row.department.code,
    "head": lambda row: row.head.name if row.head else None,
    "status": lambda row: row.agreement_status,
    "achievement": lambda row: row.achievement_percent,
    "quarters": lambda row: row.quarters_reported,
    "innovations": lambda row: row.innovations_active,
    "flagged": lambda row: row.flagged,
    "evaluation": lambda row: row.evaluation_label or None,
    "projection": lambda row: row.projected,
}


def sort_rows(rows: list[DepartmentRow], sort: str) -> list[DepartmentRow]:
    """Rows by `sort` (a key of SORT_KEYS, "-" first for descending); missing values last either way."""
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["department"])
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=lambda row: (key(row), row.department.code), reverse=descending)
    return present + missing


def filter_rows(rows: list[DepartmentRow], criteria: dict) -> list[DepartmentRow]:
    """The rows matching the filter form's cleaned data (text, predicate colour, PK status, flagged, warning)."""
    text = (criteria.get("q") or "").strip().lower()
    colour, status = criteria.get("colour") or "", criteria.get("status") or ""
    flagged, warning = criteria.get("flagged") or "", criteria.get("warning") or ""
    result = []
    for row in rows:
        names = [row.department.name, row.department.short_name, row.head.name if row.head else ""]
        if text and not any(text in name.lower() for name in names):
            continue
        if colour and (row.colour or "none") != colour:
            continue
        if status and (row.agreement_status or "none") != status:
            continue
        if flagged and row.flagged is not (flagged == "yes"):
            continue
        if warning and row.early_warning is not (warning == "yes"):
            continue
        result.append(row)
    return result


# --- The charts ---------------------------------------------------------------------------------------------------
def _mean(values) -> Decimal | None:
    values = [value for value in values if value is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def mean_achievement(rows: list[DepartmentRow]) -> Decimal | None:
    """The plain mean of the departments' capaian (those that have one)."""
    return _mean(row.achievement_percent for row in rows)


def trend_by_quarter(rows: list[DepartmentRow]) -> list[Decimal | None]:
    """The mean over the departments of their capaian counting quarters 1…q, for q = 1…4."""
    figures = [row.figures for row in rows if row.figures is not None]
    return [_mean(f.trend[q - 1] for f in figures) for q in QUARTERS]


@dataclass
class Compliance:
    """One department's (or the city's) reporting of a quarter: indicators reported (counted) of those due."""

    quarter: int
    reported: int
    indicators: int
    state: str  # complete, partial, missing (the deadline has passed), open (still time), upcoming, no_pk
    deadline: datetime.date

    @property
    def percent(self) -> Decimal | None:
        if not self.indicators:
            return None
        return (Decimal(self.reported) * 100 / self.indicators).quantize(Decimal("0.1"))


def compliance_of(figures: AgreementFigures | None, year: int, today: datetime.date) -> list[Compliance]:
    cells = []
    for quarter in QUARTERS:
        indicators = 0 if figures is None else figures.indicator_count
        reported = 0 if figures is None else figures.reported_by_quarter[quarter - 1]
        if figures is None:
            state = "no_pk"  # nothing can be reported without a signed PK
        elif indicators and reported >= indicators:
            state = "complete"
        elif today < quarter_start(year, quarter):
            state = "upcoming"
        elif today <= reporting_deadline(year, quarter):
            state = "open"
        else:
            state = "partial" if reported else "missing"
        cells.append(
            Compliance(
                quarter=quarter,
                reported=reported,
                indicators=indicators,
                state=state,
                deadline=reporting_deadline(year, quarter),
            )
        )
    return cells


def compliance_summary(rows: list[DepartmentRow], year: int, today: datetime.date) -> list[dict]:
    """Per quarter: how many departments with a signed PK reported every indicator, some, or none; before the
    quarter's deadline those not complete are still `waiting`, after it `partial` or `none` (late)."""
    summary = []
    for quarter in QUARTERS:
        counts = {"quarter": quarter, "complete": 0, "partial": 0, "none": 0, "waiting": 0}
        started = today >= quarter_start(year, quarter)
        late = today > reporting_deadline(year, quarter)
        for row in rows:
            if row.figures is None or not row.figures.indicator_count:
                continue
            reported = row.figures.reported_by_quarter[quarter - 1]
            if reported >= row.figures.indicator_count:
                counts["complete"] += 1
            elif not late:
                counts["waiting"] += 1 if started else 0
            elif reported:
                counts["partial"] += 1
            else:
                counts["none"] += 1
        summary.append(counts)
    return summary


# --- Bappeda: the verification queue ------------------------------------------------------------------------------
AGE_BUCKETS = ((7, "0–7"), (14, "8–14"), (30, "15–30"), (None, "> 30"))


@dataclass
class Queue:
    waiting: int
    oldest: datetime.datetime | None
    buckets: list[dict] = field(default_factory=list)
    by_department: list[dict] = field(default_factory=list)
    innovations_waiting: int = 0
    innovations_oldest: datetime.datetime | None = None

    @property
    def oldest_days(self) -> int | None:
        return None if self.oldest is None else (timezone.now() - self.oldest).days

    @property
    def innovations_oldest_days(self) -> int | None:
        return None if self.innovations_oldest is None else (timezone.now() - self.innovations_oldest).days


def verification_queue(user, year: int) -> Queue:
    """The realisasi reports of the heads' PKs of the year waiting for Bappeda (submitted), their age in days
    (buckets and the oldest), per department; and the innovations of the year waiting for verification. Three
    queries."""
    from apps.innovations.models import InnovationStatus
    from apps.innovations.selectors import innovations_for
    from apps.progress.selectors import reports_for

    now = timezone.now()
    # Bappeda verifies the heads' reports; the cascade's are verified by the officials' superiors first
    waiting = reports_for(user).filter(
        status=ReportStatus.SUBMITTED, indicator__agreement__year=year, indicator__agreement__position__isnull=True
    )
    bounds, aggregates, lower = [], {}, None
    for days, label in AGE_BUCKETS:
        condition = Q()
        if lower is not None:
            condition &= Q(submitted_at__lt=now - datetime.timedelta(days=lower))
        if days is not None:
            condition &= Q(submitted_at__gte=now - datetime.timedelta(days=days))
        aggregates[f"bucket_{len(bounds)}"] = Count("pk", filter=condition)
        bounds.append(label)
        lower = days
    totals = waiting.aggregate(n=Count("pk"), oldest=Min("submitted_at"), **aggregates)
    per_department = list(
        waiting.values(
            "indicator__agreement__department_id",
            "indicator__agreement__department__name",
            "indicator__agreement__department__short_name",
        )
        .annotate(n=Count("pk"), oldest=Min("submitted_at"), newest=Max("submitted_at"))
        .order_by("oldest")
    )
    innovations = (
        innovations_for(user)
        .filter(year=year, status=InnovationStatus.SUBMITTED)
        .aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    )
    return Queue(
        waiting=totals["n"],
        oldest=totals["oldest"],
        buckets=[{"label": label, "count": totals[f"bucket_{n}"]} for n, label in enumerate(bounds)],
        by_department=[
            {
                "pk": row["indicator__agreement__department_id"],
                "name": row["indicator__agreement__department__name"],
                "short_name": row["indicator__agreement__department__short_name"],
                "count": row["n"],
                "oldest_days": (now - row["oldest"]).days if row["oldest"] else None,
            }
            for row in per_department
        ],
        innovations_waiting=innovations["n"],
        innovations_oldest=innovations["oldest"],
    )


def returned_reports(user, agreement: Agreement | None) -> list[ProgressReport]:
    """The PK's realisasi reports Bappeda returned (to correct), one query."""
    if agreement is None:
        return []
    from apps.progress.selectors import reports_for

    return list(
        reports_for(user)
        .filter(indicator__agreement=agreement, status=ReportStatus.RETURNED)
        .select_related("returned_by")
        .order_by("quarter", "indicator__objective__order", "indicator__order", "pk")
    )
