"""Reads of realisasi, scoped to the user who asks (another department's report is 404)."""

from django.db.models import Exists, OuterRef, QuerySet

from apps.agreements.models import Agreement, AgreementStatus
from apps.agreements.selectors import agreements_for

from .models import BudgetRealisation, Evidence, ProgressReport, ReportingReopen


def _scoped(queryset: QuerySet, user, department_field: str) -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    return queryset.filter(**{department_field: user.department_id})


def reports_for(user) -> QuerySet[ProgressReport]:
    queryset = ProgressReport.objects.select_related(
        "indicator__agreement__department", "indicator__objective", "created_by"
    )
    return _scoped(queryset, user, "indicator__agreement__department_id")


def evidence_for(user) -> QuerySet[Evidence]:
    queryset = Evidence.objects.select_related("report__indicator__agreement__department", "uploaded_by")
    return _scoped(queryset, user, "report__indicator__agreement__department_id")


def budget_realisations_for(user) -> QuerySet[BudgetRealisation]:
    queryset = BudgetRealisation.objects.select_related("program__agreement__department")
    return _scoped(queryset, user, "program__agreement__department_id")


def reopens_for(user) -> QuerySet[ReportingReopen]:
    return _scoped(ReportingReopen.objects.select_related("department", "by"), user, "department_id")


def _newer_signed_version() -> Exists:
    return Exists(
        Agreement.objects.filter(
            official_id=OuterRef("official_id"),
            department_id=OuterRef("department_id"),
            year=OuterRef("year"),
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
        and not Agreement.objects.filter(pk=agreement.pk).filter(_newer_signed_version()).exists()
    )


# --- For the pages (apps/progress/views*.py, home.py) -------------------------------------------------------------
def indicators_for(user) -> QuerySet:
    """PK indicators the user may report on or read (another department's indicator is 404)."""
    from apps.agreements.models import AgreementIndicator

    queryset = AgreementIndicator.objects.select_related("agreement__department", "objective")
    return _scoped(queryset, user, "agreement__department_id")


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


def reportable_agreements() -> QuerySet[Agreement]:
    """Every PK realisasi is reported against, unscoped: for the jobs that act for no one user (the reminders)."""
    return Agreement.objects.filter(status=AgreementStatus.SIGNED).exclude(_newer_signed_version())
