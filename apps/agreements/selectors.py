"""Reads of Perjanjian Kinerja, scoped to the user who asks (another department's PK is 404)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Agreement, AgreementIndicator, AgreementObjective, AgreementStatus


def agreements_for(user) -> QuerySet[Agreement]:
    queryset = Agreement.objects.select_related("department", "official")
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    return queryset.filter(department_id=user.department_id)


def with_content(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Agreements with their sasaran, indicators, programs and review steps: four more queries in all."""
    indicators = AgreementIndicator.objects.order_by("order", "pk")
    objectives = AgreementObjective.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    return queryset.prefetch_related(Prefetch("objectives", queryset=objectives), "programs", "reviews__by")


def latest_versions(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Only the newest version of each agreement (an amended PK is shown by its amendment)."""
    return queryset.filter(amendment__isnull=True)


def status_counts(queryset: QuerySet[Agreement]) -> dict[str, int]:
    rows = queryset.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(AgreementStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def latest_signed(*, department, year) -> Agreement | None:
    """The version realisasi is measured against: the newest signed one."""
    return (
        Agreement.objects.filter(department=department, year=year, status=AgreementStatus.SIGNED)
        .order_by("-version", "-signed_on")
        .first()
    )


def versions_of(agreement: Agreement) -> QuerySet[Agreement]:
    """Every version of the agreement's line (same head, department and year), oldest first."""
    return Agreement.objects.filter(
        Q(official_id=agreement.official_id) & Q(department_id=agreement.department_id) & Q(year=agreement.year)
    ).order_by("version")
