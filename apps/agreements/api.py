"""REST API of the Perjanjian Kinerja: the same selectors (scoping), services (workflow) and permissions as the pages.

Errors: an illegal step of the workflow (or an edit of a PK that is no longer editable) is 409 with `detail`, as is
an edit over someone else's newer save (`row_version`); a role that may not act is 403; another department's PK is
404; bad data is 400 with the service's field errors (e.g. "objectives[0].indicators[1].target").
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.core.api import FingerprintCachedListMixin, PdfRenderer, RulePermission
from apps.core.serializers import FastReadMixin
from apps.departments.models import Department, Official, Position
from apps.plans.models import DECIMAL, MONEY, StrategicObjective
from apps.plans.models import Indicator as PlanIndicator
from apps.plans.models import Program as PlanProgram

from . import selectors, services
from .models import Agreement, AgreementIndicator, AgreementReview, AmendmentReason


def agreement_deadline(year: int) -> datetime.date:
    """The PK deadline of a year: one month after the DPA date (the per-year setting; 31 January when unset)."""
    from .deadlines import deadline_for

    return deadline_for(year)


def _raise_drf(exc: DjangoValidationError):
    raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


def _call(service, **kwargs):
    """Run a service and translate its refusals into HTTP answers (PermissionDenied is DRF's 403 already)."""
    try:
        return service(**kwargs)
    except (services.TransitionError, services.ConflictError) as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        _raise_drf(exc)


def _plain(value):
    """A value of a diff as JSON: decimals as strings, lists of them too."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def Number(**kwargs):
    """A decimal travelling as a string with a dot and without trailing zeros ("92.5", "1250000000")."""
    return serializers.DecimalField(coerce_to_string=True, normalize_output=True, **kwargs)


# --- Serializers --------------------------------------------------------------------------------------------------
class AgreementIndicatorSerializer(FastReadMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    plan_indicator = serializers.PrimaryKeyRelatedField(
        queryset=PlanIndicator.objects.all(), required=False, allow_null=True
    )
    name = serializers.CharField(max_length=300, allow_blank=True)
    unit = serializers.CharField(max_length=50, allow_blank=True)
    polarity = serializers.CharField(max_length=10, allow_blank=True)
    aggregation = serializers.CharField(max_length=10, allow_blank=True)
    target = Number(**DECIMAL, required=False, allow_null=True)
    target_low = Number(**DECIMAL, required=False, allow_null=True)
    target_high = Number(**DECIMAL, required=False, allow_null=True)
    target_change_reason = serializers.CharField(required=False, allow_blank=True, default="")
    quarterly_targets = serializers.ListField(
        child=Number(**DECIMAL), required=False, allow_null=True, help_text="Four cumulative targets, or null."
    )
    weight = Number(max_digits=6, decimal_places=2, required=False, allow_null=True)
    is_iku = serializers.BooleanField(required=False, default=False)
    supports = serializers.PrimaryKeyRelatedField(
        queryset=AgreementIndicator.objects.all(),
        required=False,
        allow_null=True,
        help_text="The cascade: the id of the superior PK's indicator this one supports (null on a head's PK).",
    )


class AgreementObjectiveSerializer(FastReadMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(allow_blank=True)
    plan_objective = serializers.PrimaryKeyRelatedField(
        queryset=StrategicObjective.objects.all(), required=False, allow_null=True
    )
    indicators = AgreementIndicatorSerializer(many=True)
    read_sources = {"indicators": "indicator_list"}


class AgreementProgramSerializer(FastReadMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    program = serializers.PrimaryKeyRelatedField(queryset=PlanProgram.objects.all(), required=False, allow_null=True)
    code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=300, allow_blank=True)
    budget = Number(**MONEY, allow_null=True)


class AgreementReviewSerializer(FastReadMixin, serializers.ModelSerializer):
    class Meta:
        model = AgreementReview
        fields = ["from_status", "to_status", "comment", "item_comments", "by", "at"]


class AgreementSerializer(FastReadMixin, serializers.ModelSerializer):
    read_sources = {"objectives": "objective_list", "programs": "program_list", "reviews": "review_list"}
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    objectives = AgreementObjectiveSerializer(many=True, required=False)
    programs = AgreementProgramSerializer(many=True, required=False)
    deadline = serializers.SerializerMethodField(help_text="The PK deadline: one month after the DPA date.")
    reviews = AgreementReviewSerializer(many=True, read_only=True)
    amendment_reason = serializers.ChoiceField(
        choices=AmendmentReason.choices, allow_blank=True, read_only=True, help_text="Empty for a first version."
    )
    row_version = serializers.IntegerField(
        required=False, help_text="The version you saw; a newer save by someone else answers 409."
    )
    official = serializers.PrimaryKeyRelatedField(
        queryset=Official.objects.all(),
        required=False,
        help_text="Pihak pertama: a department head, or an eselon III/IV official (default: who holds it now).",
    )
    position = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(),
        required=False,
        allow_null=True,
        help_text="The cascade: the eselon III/IV position of the PK (null for a department head's PK).",
    )
    superior_agreement = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.all_levels.all(),
        required=False,
        allow_null=True,
        help_text="The cascade: the superior's signed PK this one supports (the head's for eselon III, the eselon "
        "III's for eselon IV); null on a head's PK.",
    )
    supported_indicators = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        write_only=True,
        help_text="The cascade, instead of `objectives`: ids of the superior PK's indicators to support; the draft "
        "gets one indicator per id to edit.",
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "department",
            "official",
            "position",
            "superior_agreement",
            "supported_indicators",
            "year",
            "version",
            "status",
            "period_start",
            "period_end",
            "deadline",
            "objectives",
            "programs",
            "previous",
            "amendment_reason",
            "amendment_note",
            "submitted_at",
            "approved_at",
            "signed_on",
            "reviews",
            "row_version",
        ]
        validators = []  # uniqueness is the services' (a clear message), not DRF's unique-together check
        read_only_fields = [
            "version",
            "status",
            "period_start",
            "period_end",
            "previous",
            "amendment_reason",
            "amendment_note",
            "submitted_at",
            "approved_at",
            "signed_on",
        ]

    @extend_schema_field(serializers.DateField())
    def get_deadline(self, agreement) -> datetime.date:
        cache = self.context.setdefault("deadlines", {})
        if agreement.year not in cache:
            cache[agreement.year] = agreement_deadline(agreement.year)
        return cache[agreement.year]

    def validate(self, attrs):
        if self.instance is not None:
            for name in ("official", "position", "superior_agreement", "department", "year"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise ValidationError({name: [_("This cannot change after the PK is drafted.")]})
        if self.instance is None:
            cascade = attrs.get("position") or attrs.get("superior_agreement")
            needed = ("year",) if cascade else ("department", "year")
            missing = {
                name: [serializers.Field.default_error_messages["required"]] for name in needed if name not in attrs
            }
            if "objectives" not in attrs and not (cascade and attrs.get("supported_indicators")):
                missing["objectives"] = [serializers.Field.default_error_messages["required"]]
            if missing:
                raise ValidationError(missing)
        return attrs


def _objectives_of(agreement: Agreement) -> list[dict]:
    """The current content as the services take it (for a PATCH that leaves a part out)."""
    indicator_fields = [name for name in AgreementIndicatorSerializer().fields if name != "id"]
    return [
        {
            "name": objective.name,
            "plan_objective": objective.plan_objective,
            "indicators": [
                {name: getattr(indicator, name) for name in indicator_fields}
                for indicator in objective.indicators.all()
            ],
        }
        for objective in agreement.objectives.all()
    ]


def _programs_of(agreement: Agreement) -> list[dict]:
    return [
        {"program": p.program, "code": p.code, "name": p.name, "budget": p.budget} for p in agreement.programs.all()
    ]


class AgreementReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    item_comments = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        default=list,
        help_text='A comment per item: [{"item": "indicator", "id": 7, "comment": "…"}].',
    )


class AgreementCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AgreementSignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()


class AgreementAmendSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="official_change, program_change or priority_change.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AgreementFromRenstraSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    objectives = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Renstra sasaran ids (default: all)."
    )
    indicators = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Renstra indicator ids (default: all)."
    )


class AgreementDiffChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    fields = serializers.DictField(help_text='{"target": {"old": "95.5", "new": "97"}}')


class AgreementDiffSerializer(serializers.Serializer):
    old = serializers.IntegerField()
    new = serializers.IntegerField()
    changes = AgreementDiffChangeSerializer(many=True)


# --- The viewset --------------------------------------------------------------------------------------------------
WRITE_PERMISSIONS = {
    "create": "agreements.draft",
    "update": "agreements.draft",
    "partial_update": "agreements.draft",
    "from_renstra": "agreements.draft",
    "submit": "agreements.submit",
    "return_": "agreements.review",
    "approve": "agreements.review",
    "sign": "agreements.review",
    "amend": "agreements.amend",
    "destroy": "agreements.draft",
}


class AgreementViewSet(
    FingerprintCachedListMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Perjanjian Kinerja. Department staff draft and edit their own department's PK, the head submits it, the
    mayor's office returns (with a comment per item), approves and signs it; Bappeda, the Inspektorat and the admin
    read all. A signed PK is frozen; a PK perubahan (`amend`) is a new version with its own workflow."""

    serializer_class = AgreementSerializer
    permission_classes = [RulePermission]
    read_permission = "agreements.view"
    filterset_fields = ["year", "department", "status", "official", "position", "superior_agreement"]
    # What a page of the list shows, and what the user's scope is read from (apps/agreements/selectors.py)
    list_cache_sources = selectors.CONTENT_SOURCES

    @property
    def write_permission(self):
        return WRITE_PERMISSIONS.get(self.action, "agreements.draft")

    def get_queryset(self):
        queryset = selectors.agreements_for(self.request.user)
        if self.action in ("list", "retrieve"):
            queryset = selectors.with_content(queryset, for_api=True)  # a constant number of queries for a page
        return queryset

    def _answer(self, agreement: Agreement, code=status.HTTP_200_OK) -> Response:
        fresh = selectors.with_content(Agreement.all_levels.select_related("department", "official")).get(
            pk=agreement.pk
        )
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(responses={204: None, 409: OpenApiResponse(description="Not now.")})
    def destroy(self, request, *args, **kwargs):
        """Delete a first draft never submitted (kept for the admin to restore); anything else stays (409)."""
        _call(services.agreement_delete, agreement=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Drafting and editing
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("position") or data.get("superior_agreement"):
            agreement = _call(
                services.cascade_create,
                position=data.get("position"),
                year=data["year"],
                by=request.user,
                objectives=data.get("objectives"),
                supported_ids=data.get("supported_indicators"),
                programs=data.get("programs", []),
                official=data.get("official"),
                superior_agreement=data.get("superior_agreement"),
            )
            return self._answer(agreement, status.HTTP_201_CREATED)
        agreement = _call(
            services.agreement_create,
            department=data["department"],
            year=data["year"],
            by=request.user,
            objectives=data["objectives"],
            programs=data.get("programs", []),
            official=data.get("official"),
        )
        return self._answer(agreement, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        agreement = self.get_object()
        serializer = self.get_serializer(agreement, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        updated = _call(
            services.agreement_update,
            agreement=agreement,
            by=request.user,
            objectives=data["objectives"] if "objectives" in data else _objectives_of(agreement),
            programs=data["programs"] if "programs" in data else _programs_of(agreement),
            row_version=data.get("row_version"),
        )
        return self._answer(updated)

    @extend_schema(request=AgreementFromRenstraSerializer, responses={201: AgreementSerializer})
    @action(detail=False, methods=["post"], url_path="from-renstra")
    def from_renstra(self, request):
        payload = AgreementFromRenstraSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        agreement = _call(
            services.agreement_draft_from_renstra,
            department=data["department"],
            year=data["year"],
            by=request.user,
            objective_ids=data.get("objectives") or None,
            indicator_ids=data.get("indicators") or None,
        )
        return self._answer(agreement, status.HTTP_201_CREATED)

    # The workflow
    @extend_schema(request=None, responses={200: AgreementSerializer, 409: OpenApiResponse(description="Not now.")})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        agreement = _call(services.agreement_submit, agreement=self.get_object(), by=request.user)
        return self._answer(agreement)

    @extend_schema(request=AgreementReturnSerializer, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        agreement = self.get_object()
        payload = AgreementReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agreement = _call(services.agreement_return, agreement=agreement, by=request.user, **payload.validated_data)
        return self._answer(agreement)

    @extend_schema(request=AgreementCommentSerializer, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        agreement = self.get_object()
        payload = AgreementCommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agreement = _call(services.agreement_approve, agreement=agreement, by=request.user, **payload.validated_data)
        return self._answer(agreement)

    @extend_schema(request=AgreementSignSerializer, responses={200: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        agreement = self.get_object()
        payload = AgreementSignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agreement = _call(services.agreement_sign, agreement=agreement, by=request.user, **payload.validated_data)
        return self._answer(agreement)

    @extend_schema(request=AgreementAmendSerializer, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        agreement = self.get_object()
        payload = AgreementAmendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        amendment = _call(services.agreement_amend, agreement=agreement, by=request.user, **payload.validated_data)
        return self._answer(amendment, status.HTTP_201_CREATED)

    # Reading versions and the document
    @extend_schema(
        parameters=[OpenApiParameter("with", int, description="Id of the other version (default: the previous one).")],
        responses={200: AgreementDiffSerializer},
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        agreement = self.get_object()
        other_id = request.query_params.get("with") or agreement.previous_id
        if not other_id:
            raise ValidationError({"with": ["Give the id of the other version (?with=)."]})
        try:
            other = selectors.agreements_for(request.user).get(pk=int(other_id))
        except (ValueError, Agreement.DoesNotExist) as exc:
            raise NotFound from exc
        if not selectors.versions_of(agreement).filter(pk=other.pk).exists() or other.pk == agreement.pk:
            raise ValidationError({"with": ["Compare two versions of the same PK."]})
        old, new = sorted((agreement, other), key=lambda a: a.version)
        changes = [
            {**change, "fields": {f: {"old": _plain(a), "new": _plain(b)} for f, (a, b) in change["fields"].items()}}
            for change in services.agreement_diff(old, new)
        ]
        return Response({"old": old.pk, "new": new.pk, "changes": changes})

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="The PK document.")})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request, pk=None):
        from .document import document_bytes, document_filename

        agreement = self.get_object()
        response = HttpResponse(document_bytes(agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document_filename(agreement)}"'
        return response
