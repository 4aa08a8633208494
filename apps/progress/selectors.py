"""Reads of realisasi, scoped to the user who asks (another department's report is 404)."""

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from apps.agreements.models import Agreement, AgreementStatus
from apps.agreements.selectors import agreements_for

from .models import BudgetRealisation, Evidence, ProgressReport, ReportingReopen


def _scoped(queryset: QuerySet, user, department_field: str, agreement_field: str | None = None) -> QuerySet:
    """The city-wide roles everything; a department's head and staff their department's (every level of the
    cascade); an eselon III/IV official only what belongs to the PKs of their line (theirs and their direct
    subordinates', `agreements_for`)."""
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    queryset = queryset.filter(**{department_field: user.department_id})
    if agreement_field is not None and user.is_line_official:
        queryset = queryset.filter(**{f"{agreement_field}__in": agreements_for(user).values("pk")})
    return queryset


def reports_for(user) -> QuerySet[ProgressReport]:
    queryset = ProgressReport.objects.select_related(
        "indicator__agreement__department", "indicator__agreement__position", "indicator__objective", "created_by"
    )
    return _scoped(queryset, user, "indicator__agreement__department_id", "indicator__agreement_id")


def evidence_for(user) -> QuerySet[Evidence]:
    queryset = Evidence.objects.select_related("report__indicator__agreement__department", "uploaded_by")
    return _scoped(queryset, user, "report__indicator__agreement__department_id", "report__indicator__agreement_id")


def budget_realisations_for(user) -> QuerySet[BudgetRealisation]:
    queryset = BudgetRealisation.objects.select_related("program__agreement__department")
    return _scoped(queryset, user, "program__agreement__department_id", "program__agreement_id")


def reopens_for(user) -> QuerySet[ReportingReopen]:
    return _scoped(ReportingReopen.objects.select_related("department", "by"), user, "department_id")


def _position_key(field):
    """A PK line's position, with the head's line (no position) as 0, so that lines compare with `=`."""
    return Coalesce(field, Value(0), output_field=IntegerField())


def _newer_signed_version() -> Exists:
    """A newer signed version of the same line: the same official, department, year and position (the head's line
    and each position's line of the cascade are versioned separately)."""
    return Exists(
        Agreement.all_levels.annotate(position_key=_position_key("position_id")).filter(
            official_id=OuterRef("official_id"),
            department_id=OuterRef("department_id"),
            year=OuterRef("year"),
            position_key=_position_key(OuterRef("position_id")),
            version__gt=OuterRef("version"),
            status=AgreementStatus.SIGNED,
        )
    )


def reportable_agreements_for(user) -> QuerySet[Agreement]:
    """The PKs realisasi is reported against: signed, and the newest signed version of their line."""
    return agreements_for(user).filter(status=AgreementStatus.SIGNED).exclude(_newer_signed_version())


def is_reportable(agreement: Agreement) -> bool:
    return (
        agreement.status == AgreementStatus.SIGNED
        and not Agreement.all_levels.filter(pk=agreement.pk).filter(_newer_signed_version()).exists()
    )


# --- For the pages (apps/progress/views*.py, home.py) -------------------------------------------------------------
def indicators_for(user) -> QuerySet:
    """PK indicators the user may report on or read (another department's indicator is 404)."""
    from apps.agreements.models import AgreementIndicator

    queryset = AgreementIndicator.objects.select_related("agreement__department", "objective")
    return _scoped(queryset, user, "agreement__department_id", "agreement_id")


def report_counts(agreement_ids) -> dict:
    """{(agreement id, quarter): {status: number of reports}} in one query."""
    from django.db.models import Count

    rows = (
        ProgressReport.objects.filter(indicator__agreement_id__in=list(agreement_ids))
        .values_list("indicator__agreement_id", "quarter", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict = {}
    for agreement_id, quarter, status, n in rows:
        counts.setdefault((agreement_id, quarter), {})[status] = n
    return counts


def reopened_map(*, department_ids, years) -> dict:
    """{(department id, year, quarter): the latest date Bappeda reopened it until} in one query."""
    from django.db.models import Max

    rows = (
        ReportingReopen.objects.filter(department_id__in=list(department_ids), year__in=list(years))
        .values_list("department_id", "year", "quarter")
        .annotate(until=Max("until"))
        .order_by()
    )
    return {(department_id, year, quarter): until for department_id, year, quarter, until in rows}


def reportable_agreements(*, all_levels: bool = False) -> QuerySet[Agreement]:
    """Every PK realisasi is reported against, unscoped: for the jobs that act for no one user (the reminders).
    The heads' PKs only, unless `all_levels` (the cascade below the heads too)."""
    manager = Agreement.all_levels if all_levels else Agreement.objects
    return manager.filter(status=AgreementStatus.SIGNED).exclude(_newer_signed_version())


# --- The verification queue ---------------------------------------------------------------------------------------
HEADS, CASCADE, ALL_LEVELS = "heads", "cascade", "all"


def verifiable_reports_for(user, *, level: str = HEADS) -> QuerySet[ProgressReport]:
    """The reports the user verifies: Bappeda those of the heads' PKs (`level` = heads, the default), of the
    cascade below them (cascade) or both (all); a superior (a head or an eselon III official) those of the cascaded
    PKs they signed as pihak kedua, whatever `level`."""
    from .permissions import subordinate_agreements_q

    queryset = reports_for(user)
    if user.has_perm("progress.verify"):
        if level == CASCADE:
            return queryset.filter(indicator__agreement__position__isnull=False)
        if level == ALL_LEVELS:
            return queryset
        return queryset.filter(indicator__agreement__position__isnull=True)
    return queryset.filter(subordinate_agreements_q(user, "indicator__agreement__"))
