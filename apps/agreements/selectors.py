"""Reads of Perjanjian Kinerja, scoped to the user who asks (another department's PK is 404)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    Agreement,
    AgreementIndicator,
    AgreementObjective,
    AgreementProgram,
    AgreementReview,
    AgreementStatus,
)
from .permissions import line_positions_q

# What a PK with its content shows, and what a user's scope of PKs is read from (`agreements_for`): the tables whose
# writes a cached PK page or API list must follow (apps/core/fingerprint.py).
CONTENT_SOURCES = (
    "agreements.Agreement",
    "agreements.AgreementObjective",
    "agreements.AgreementIndicator",
    "agreements.AgreementProgram",
    "agreements.AgreementReview",
    "agreements.AgreementDeadline",
    "accounts.User",
    "departments.Official",
    "departments.Position",
    "departments.PositionAssignment",
)


def agreements_for(user) -> QuerySet[Agreement]:
    """Every level's PKs the user may read: the city-wide roles all, a department's head and staff their
    department's (the head's and the cascade below), an eselon III/IV official their own line (their PKs and their
    direct subordinates'); anything else answers 404."""
    queryset = Agreement.all_levels.select_related("department", "official", "position")
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    queryset = queryset.filter(department_id=user.department_id)
    if user.is_line_official:
        official = getattr(user, "official", None)
        mine = Q(official_id=official.pk) if official is not None else Q(pk__in=[])
        return queryset.filter(Q(position__isnull=False) & (line_positions_q(user, "position__") | mine))
    return queryset


def head_agreements_for(user) -> QuerySet[Agreement]:
    """Only the heads' PKs (signed with the region head) among those the user may read."""
    return agreements_for(user).filter(position__isnull=True)


def with_content(queryset: QuerySet[Agreement], *, for_api: bool = False) -> QuerySet[Agreement]:
    """Agreements with their sasaran, indicators, programs and review steps: four more queries in all (three for
    the API, which gives the indicator supported and the reviewer as ids only)."""
    indicators = AgreementIndicator.objects.order_by("order", "pk")
    if for_api:
        # Plain lists (`to_attr`): a prefetch into the related managers builds a queryset per object, thousands
        # for a page of PKs; the serializers read these lists (apps/core/serializers.py, `read_sources`).
        objectives = AgreementObjective.objects.order_by("order", "pk").prefetch_related(
            Prefetch("indicators", queryset=indicators, to_attr="indicator_list")
        )
        return queryset.prefetch_related(
            Prefetch("objectives", queryset=objectives, to_attr="objective_list"),
            Prefetch("programs", queryset=AgreementProgram.objects.all(), to_attr="program_list"),
            Prefetch("reviews", queryset=AgreementReview.objects.all(), to_attr="review_list"),
        )
    objectives = AgreementObjective.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators.select_related("supports"))
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


def latest_signed(*, department, year, position=None) -> Agreement | None:
    """The version realisasi is measured against: the newest signed one (of the head's PK, or a position's)."""
    return (
        Agreement.all_levels.filter(department=department, year=year, position=position, status=AgreementStatus.SIGNED)
        .order_by("-version", "-signed_on")
        .first()
    )


def versions_of(agreement: Agreement) -> QuerySet[Agreement]:
    """Every version of the agreement's line (same head, department and year), oldest first."""
    return Agreement.all_levels.filter(
        Q(official_id=agreement.official_id)
        & Q(department_id=agreement.department_id)
        & Q(position_id=agreement.position_id)
        & Q(year=agreement.year)
    ).order_by("version")
