"""The API of a year's region indicators, IID scoring scheme and index (see apps/innovations/api/__init__.py)."""

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.agreements.api import Number
from apps.core.api import RulePermission

from .. import index, scheme_services, scoring, selectors, services
from ..models import Aspect, Scheme
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
    aspect = serializers.ChoiceField(choices=Aspect.choices, read_only=True)
    weight = Number(max_digits=5, decimal_places=2, required=False)
    name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    level_1 = serializers.CharField(required=False, help_text="What level 1 needs.")
    level_2 = serializers.CharField(required=False, help_text="What level 2 needs.")
    level_3 = serializers.CharField(required=False, help_text="What level 3 needs.")
    mandatory = serializers.BooleanField(required=False)


class SchemeCategorySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    label = serializers.CharField(required=False, allow_blank=True, max_length=100)
    min_score = Number(max_digits=6, decimal_places=2, help_text="The lowest IID of the category.")
    inclusive = serializers.BooleanField(
        required=False, default=True, help_text="false: the IID must be above min_score, not equal to it."
    )


class InnovationSchemeSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        read_only=True, help_text="The scheme's year (the latest at or before the year asked)."
    )
    k = serializers.IntegerField(required=False, min_value=1)
    m = serializers.IntegerField(required=False, min_value=0, max_value=6)
    count_factor = Number(max_digits=6, decimal_places=3, required=False)
    count_cap = serializers.IntegerField(required=False, min_value=0)
    max_total = Number(max_digits=7, decimal_places=2, required=False)
    indicators = SchemeIndicatorSerializer(many=True, required=False, help_text="Changes per indicator code.")
    categories = SchemeCategorySerializer(many=True, required=False, help_text="The whole list of categories.")


class SchemeCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="The year of the new scheme.")
    copy_from = serializers.IntegerField(help_text="The year of the scheme to copy.")


INDICATOR_FIELDS = scheme_services.INDICATOR_FIELDS


def _scheme_body(scheme: Scheme) -> dict:
    return {
        "year": scheme.year,
        **{name: getattr(scheme, name) for name in scheme_services.SCHEME_FIELDS},
        "indicators": [
            {
                "number": i.code,
                "aspect": i.aspect,
                **{name: getattr(i, name) for name in scheme_services.INDICATOR_FIELDS},
            }
            for i in scheme.indicators.all()
        ],
        "categories": [
            {name: getattr(c, name) for name in scheme_services.CATEGORY_FIELDS}
            for c in sorted(scheme.categories.all(), key=lambda c: (c.min_score, not c.inclusive), reverse=True)
        ],
    }


class SchemeListView(YearView):
    """The IID scoring schemes of every year; Bappeda and the admin add a year's scheme as a copy of another's."""

    write_permission = scheme_services.PERMISSION
    serializer_class = InnovationSchemeSerializer

    @extend_schema(responses={200: InnovationSchemeSerializer(many=True)})
    def get(self, request):
        schemes = Scheme.objects.prefetch_related("indicators", "categories").order_by("year")
        return Response(InnovationSchemeSerializer([_scheme_body(s) for s in schemes], many=True).data)

    @extend_schema(request=SchemeCopySerializer, responses={201: InnovationSchemeSerializer})
    def post(self, request):
        payload = SchemeCopySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        source = Scheme.objects.filter(year=payload.validated_data["copy_from"]).first()
        if source is None:
            raise ValidationError({"copy_from": [_("There is no scoring scheme of that year.")]})
        scheme = _call(scheme_services.scheme_copy, source=source, year=payload.validated_data["year"], by=request.user)
        return Response(self.get_serializer(_scheme_body(scheme)).data, status=201)


class SchemeView(YearView):
    """The IID scoring scheme of a year (GET: the latest year at or before it that has one): weights, level texts,
    k, m, the count score and the categories. Bappeda and the admin change a scheme (PATCH, that exact year: its
    figures, indicators by code, the whole list of categories) or delete one nothing is entered for yet."""

    write_permission = scheme_services.PERMISSION
    serializer_class = InnovationSchemeSerializer

    def get(self, request, year):
        return Response(self.get_serializer(_scheme_body(self._scheme_row(year))).data)

    def _own(self, year: int) -> Scheme:
        scheme = Scheme.objects.filter(year=year).first()
        if scheme is None:
            raise Http404
        return scheme

    @extend_schema(request=InnovationSchemeSerializer, responses={200: InnovationSchemeSerializer})
    def patch(self, request, year):
        scheme = self._own(year)
        payload = self.get_serializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        indicators = {item.pop("number"): item for item in data.pop("indicators", [])}
        scheme = _call(
            scheme_services.scheme_update,
            scheme=scheme,
            by=request.user,
            indicators=indicators,
            categories=data.pop("categories", None),
            **data,
        )
        return Response(self.get_serializer(_scheme_body(Scheme.objects.get(pk=scheme.pk))).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, year):
        _call(scheme_services.scheme_delete, scheme=self._own(year), by=request.user)
        return Response(status=204)


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
