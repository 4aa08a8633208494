"""REST API of the dashboards (issue 8): the mayor's office's overview as data, with the pages' scoping (a department
role gets only its own department's row) and the same figures (apps/dashboards/selectors.py).

Percentages travel as strings with two decimals ("87.50"), null when there is nothing to compute. `flagged` and
`projected_achievement_percent` are null when the evaluations app gives no figures.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.agreements.models import AgreementStatus
from apps.core.api import RulePermission
from apps.core.fingerprint import cache_key
from apps.progress.api import Percent, PredicateField

from . import selectors


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class HeadSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    nip = serializers.CharField()


class DepartmentRowSerializer(serializers.Serializer):
    department = DepartmentRefSerializer()
    head = HeadSerializer(
        allow_null=True, help_text="The head the PK was signed with; without a PK, the department's head now."
    )
    agreement_status = serializers.ChoiceField(
        choices=AgreementStatus.choices,
        allow_null=True,
        help_text="Status of the newest version of the year's PK; null: no PK this year.",
    )
    achievement_percent = Percent(help_text="Capaian to date against the newest signed version (DOMAIN.md §4).")
    predicate = PredicateField()
    quarters_reported = serializers.IntegerField(
        help_text="Quarters with a submitted or verified realisasi for every indicator (0–4)."
    )
    innovations_active = serializers.IntegerField(
        help_text="The department's innovations of the year at trial or implementation, not in draft."
    )
    flagged = serializers.BooleanField(
        allow_null=True, help_text="An open flag on the PK (DOMAIN.md §5); null: not available."
    )
    projected_achievement_percent = Percent(
        help_text="The early-warning projection of the capaian at the end of the period; null: none."
    )


class DashboardSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    departments = DepartmentRowSerializer(many=True)


def _row(row: selectors.DepartmentRow) -> dict:
    return {
        "department": row.department,
        "head": row.head,
        "agreement_status": row.agreement_status,
        "achievement_percent": row.achievement_percent,
        "predicate": None if row.predicate is None else row.predicate.value,
        "quarters_reported": row.quarters_reported,
        "innovations_active": row.innovations_active,
        "flagged": row.flagged,
        "projected_achievement_percent": row.projected,
    }


class DashboardView(GenericAPIView):
    """Every department the user may see, with its head, PK status, capaian to date and predicate, quarters
    reported, innovations at trial or implementation, open flag and projection, for `year` (this year by
    default). A department's head or staff gets only their own department's row."""

    permission_classes = [RulePermission]
    read_permission = "dashboards.view"
    write_permission = None
    serializer_class = DashboardSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="The PK year (default: this year in the region).")]
    )
    def get(self, request):
        value = request.query_params.get("year")
        year = timezone.localdate().year
        if value not in (None, ""):
            if not value.isdigit() or not selectors.FIRST_YEAR <= int(value) <= selectors.LAST_YEAR:
                raise ValidationError({"year": [f"A year from {selectors.FIRST_YEAR} to {selectors.LAST_YEAR}."]})
            year = int(value)
        # The same figures as the overview: cached per user, year and language until one of the overview's sources
        # changes (apps/core/fingerprint.py)
        from .views import OVERVIEW_SOURCES

        key = cache_key("api:dashboard", request, OVERVIEW_SOURCES, location=str(year))
        data = cache.get(key)
        if data is None:
            rows = selectors.department_rows_for(request.user, year)
            data = self.get_serializer({"year": year, "departments": [_row(row) for row in rows]}).data
            cache.set(key, data, settings.DASHBOARD_CACHE_SECONDS)
        return Response(data)
