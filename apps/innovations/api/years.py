"""The API of a year's region indicators, IID scoring scheme and index (see apps/innovations/api/__init__.py)."""

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.agreements.api import Number
from apps.core.api import RulePermission

from .. import index, scoring, selectors, services
from ..models import Aspect
from .innovations import InnovationEvidenceSerializer, Level, _call


# --- Region indicators ----------------------------------------------------------------------------------------------
class RegionIndicatorSerializer(serializers.Serializer):
    number = serializers.RegexField(
        r"^\d{1,2}[a-z]?$", help_text='The code: the number with its sub-part where it has parts ("1", "2a", "5b").'
    )
    claimed_level = Level(required=False)
    verified_level = Level(required=False)
    evidence = InnovationEvidenceSerializer(
        required=False, write_only=True, help_text="Sets the evidence URL and text."
    )


class YearView(GenericAPIView):
    permission_classes = [RulePermission]
    read_permission = "innovations.view"
    write_permission = None
    filter_backends: list = []
    pagination_class = None

    def _scheme_row(self, year: int):
        try:
            return scoring.scheme_row_for(year)
        except scoring.SchemeMissing as exc:
            raise Http404 from exc


class RegionIndicatorsView(YearView):
    """The region indicators (1–15, SPD) of an index year: every code of the year's scheme, with the levels Bappeda
    entered (null: not entered). Everyone signed in reads; Bappeda sets them with a PATCH of a list."""

    write_permission = "innovations.region_edit"
    serializer_class = RegionIndicatorSerializer

    def _answer(self, year: int) -> Response:
        rows = {row.code: row for row in selectors.region_indicators_for(self.request.user).filter(year=year)}
        try:
            codes = [i.code for i in self._scheme_row(year).indicators.all() if i.aspect == Aspect.REGION]
        except Http404:
            codes = []
        codes += [code for code in rows if code not in codes]
        body = [
            {
                "number": code,
                "claimed_level": rows[code].claimed_level if code in rows else None,
                "verified_level": rows[code].verified_level if code in rows else None,
            }
            for code in codes
        ]
        return Response(RegionIndicatorSerializer(body, many=True).data)

    @extend_schema(responses={200: RegionIndicatorSerializer(many=True)})
    def get(self, request, year):
        return self._answer(year)

    @extend_schema(request=RegionIndicatorSerializer(many=True), responses={200: RegionIndicatorSerializer(many=True)})
    def patch(self, request, year):
        payload = RegionIndicatorSerializer(data=request.data, many=True)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():  # all the items or none
            for item in payload.validated_data:
                evidence = item.get("evidence", {})
                _call(
                    services.region_indicator_set,
                    year=year,
                    code=item["number"],
                    by=request.user,
                    **{name: item[name] for name in ("claimed_level", "verified_level") if name in item},
                    **{f"evidence_{key}": evidence[key] for key in ("url", "text") if key in evidence},
                )
        return self._answer(year)


# --- The scheme and the index -----------------------------------------------------------------------------------
class SchemeIndicatorSerializer(serializers.Serializer):
    number = serializers.CharField(help_text='The code ("1", "2a", "16").')
    aspect = serializers.ChoiceField(choices=Aspect.choices)
    weight = Number(max_digits=5, decimal_places=2)


class SchemeCategorySerializer(serializers.Serializer):
    name = serializers.CharField()
    min_score = Number(max_digits=6, decimal_places=2, help_text="The lowest IID of the category.")


class InnovationSchemeSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The scheme's year (the latest at or before the year asked).")
    k = serializers.IntegerField()
    m = serializers.IntegerField()
    count_factor = Number(max_digits=6, decimal_places=3)
    count_cap = serializers.IntegerField()
    max_total = Number(max_digits=7, decimal_places=2)
    indicators = SchemeIndicatorSerializer(many=True)
    categories = SchemeCategorySerializer(many=True)


class SchemeView(YearView):
    """The IID scoring scheme of a year (the latest year at or before it that has one): weights, k, m, the count
    score and the categories."""

    serializer_class = InnovationSchemeSerializer

    def get(self, request, year):
        scheme = self._scheme_row(year)
        body = {
            "year": scheme.year,
            **{name: getattr(scheme, name) for name in ("k", "m", "count_factor", "count_cap", "max_total")},
            "indicators": [{"number": i.code, "aspect": i.aspect, "weight": i.weight} for i in scheme.indicators.all()],
            "categories": [{"name": c.name, "min_score": c.min_score} for c in scheme.categories.all()],
        }
        return Response(self.get_serializer(body).data)


class InnovationIndexPartSerializer(serializers.Serializer):
    innovation_count = serializers.IntegerField()
    basic_affairs_covered = serializers.IntegerField(min_value=0, max_value=6)
    spd = Number(max_digits=9, decimal_places=2)
    sid_average = Number(max_digits=9, decimal_places=2)
    count_score = Number(max_digits=9, decimal_places=2)
    score = Number(max_digits=6, decimal_places=2, help_text="The IID, 0–100.")
    category = serializers.CharField(allow_null=True)


class InnovationIndexSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    scheme = serializers.IntegerField(help_text="The year of the scheme used.")
    claimed = InnovationIndexPartSerializer(help_text="Self-assessed: claimed levels of the innovations not in draft.")
    verified = InnovationIndexPartSerializer(help_text="Verified levels of the verified innovations.")


class IndexView(YearView):
    """The Indeks Inovasi Daerah of a year, self-assessed and verified (DOMAIN.md §6), in a bounded number of
    queries whatever the number of innovations."""

    serializer_class = InnovationIndexSerializer

    def get(self, request, year):
        try:
            scheme = scoring.scheme_for(year)
        except scoring.SchemeMissing as exc:
            raise Http404 from exc
        body = {"year": year, "scheme": scheme.year}
        for name, verified in (("claimed", False), ("verified", True)):
            region, inputs = scoring.index_inputs(year=year, verified=verified, scheme=scheme)
            body[name] = index.regional_index(scheme=scheme, region_levels=region, innovations=inputs)
        return Response(self.get_serializer(body).data)
