"""REST API of the quarterly realisasi and the capaian of a PK (issue 5): the same selectors (scoping), services
(workflow, window, evidence checks) and permissions as the pages; capaian from apps/progress/scores.py.

Errors, as for the PK: an illegal step, an edit of a report that is no longer editable, a closed reporting window
or an edit over someone else's newer save (`row_version`) is 409 with `detail`; a role that may not act is 403;
another department's report, evidence or PK is 404; bad data (a refused file, a report that exists already) is 400.
Decimals travel as strings with a dot ("92.5"); percentages with two decimals ("115.00").
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.agreements.api import Conflict, Number
from apps.agreements.models import AgreementIndicator, AgreementProgram
from apps.agreements.selectors import agreements_for
from apps.core.api import FileRenderer, FingerprintCachedListMixin, RulePermission
from apps.plans.models import DECIMAL, MONEY

from . import scores, selectors, services
from .achievement import Predicate
from .models import BudgetRealisation, Evidence, ProgressReport, ReportStatus
from .services import NARRATIVE

PREDICATES = [(grade.value, grade.label) for grade in Predicate]
PREDICATE_HELP = "sangat_tinggi (≥ 91), tinggi (≥ 76), sedang (≥ 66), rendah (≥ 51) or sangat_rendah; null: none."


def Percent(**kwargs):
    """A percentage rounded to two decimals, as a string ("115.00"); null when not computable or not reported."""
    return serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True, allow_null=True, **kwargs)


def PredicateField(**kwargs):
    return serializers.ChoiceField(choices=PREDICATES, allow_null=True, help_text=PREDICATE_HELP, **kwargs)


def _percent(value) -> str | None:
    return None if value is None else Percent().to_representation(value)


def _call(service, **kwargs):
    """Run a service and translate its refusals into HTTP answers (PermissionDenied is DRF's 403 already)."""
    try:
        return service(**kwargs)
    except (services.TransitionError, services.ConflictError) as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc


# --- Serializers --------------------------------------------------------------------------------------------------
class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text="Download (as an attachment, with the same permissions).")

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "sha256", "url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, evidence) -> str:
        path = reverse(
            "api-progress-report-evidence-download", kwargs={"pk": evidence.report_id, "evidence_id": evidence.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, PNG, JPEG or an Office document (checked by its content).")


class ProgressReportSerializer(serializers.ModelSerializer):
    indicator = serializers.PrimaryKeyRelatedField(
        queryset=AgreementIndicator.objects.none(), help_text="The PK indicator (set on creation only)."
    )
    quarter = serializers.IntegerField(min_value=1, max_value=4, help_text="1–4 (set on creation only).")
    actual = Number(**DECIMAL, required=False, allow_null=True, help_text="The quarter's realisasi (not cumulative).")
    analysis = serializers.CharField(required=False, allow_blank=True)
    supporting_factors = serializers.CharField(required=False, allow_blank=True)
    hindering_factors = serializers.CharField(required=False, allow_blank=True)
    follow_up = serializers.CharField(required=False, allow_blank=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    achievement_percent = serializers.SerializerMethodField(
        help_text="Capaian of the indicator's year up to this quarter (this report's value and the other "
        "quarters submitted or verified); raw, not capped."
    )
    achievement_capped = serializers.SerializerMethodField(help_text="The same, at most ACHIEVEMENT_CAP.")
    predicate = serializers.SerializerMethodField(help_text=PREDICATE_HELP)
    row_version = serializers.IntegerField(
        required=False, help_text="The version you saw; a newer save by someone else answers 409."
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "indicator",
            "quarter",
            "actual",
            "analysis",
            "supporting_factors",
            "hindering_factors",
            "follow_up",
            "status",
            "evidence",
            "achievement_percent",
            "achievement_capped",
            "predicate",
            "row_version",
        ]
        read_only_fields = ["status"]
        validators: list = []  # a report that exists already: 400 from create(), saying to PATCH it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            agreements = agreements_for(request.user)
            self.fields["indicator"].queryset = AgreementIndicator.objects.filter(agreement__in=agreements)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["indicator"].read_only = True
            self.fields["quarter"].read_only = True

    def _score(self, report) -> scores.ReportScore:
        cache = self.context.setdefault("scores", {})
        if report.pk not in cache:
            cache[report.pk] = scores.report_score(report)
        return cache[report.pk]

    @extend_schema_field(Percent())
    def get_achievement_percent(self, report):
        return _percent(self._score(report).achievement_percent)

    @extend_schema_field(Percent())
    def get_achievement_capped(self, report):
        return _percent(self._score(report).achievement_capped)

    @extend_schema_field(PredicateField())
    def get_predicate(self, report):
        grade = self._score(report).predicate
        return None if grade is None else grade.value


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What must be corrected.")


class ProgressReportFilter(filters.FilterSet):
    agreement = filters.NumberFilter(field_name="indicator__agreement_id", help_text="PK id.")
    indicator = filters.NumberFilter(field_name="indicator_id", help_text="PK indicator id.")
    quarter = filters.NumberFilter(field_name="quarter", help_text="1–4.")
    status = filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = ProgressReport
        fields = ["agreement", "indicator", "quarter", "status"]


# --- Reports ------------------------------------------------------------------------------------------------------
WRITE_PERMISSIONS = {
    "create": "progress.report",
    "partial_update": "progress.report",
    "submit": "progress.submit",
    # Bappeda, or the superior of a cascaded PK: which report is decided by the services (permissions.may_verify)
    "verify": "progress.verify_any",
    "return_": "progress.verify_any",
    "evidence": "progress.report",
    "evidence_detail": "progress.report",
}
EVIDENCE_ID = OpenApiParameter("evidence_id", int, OpenApiParameter.PATH, description="Evidence id.")
NOT_NOW = OpenApiResponse(description="Not in a state (or a reporting window) that allows it, or a newer save.")


class ProgressReportViewSet(
    FingerprintCachedListMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Quarterly realisasi of the indicators of signed PKs, at every level of the cascade. Department staff and the
    head enter their own department's reports (POST creates one per indicator and quarter, PATCH edits a draft or
    returned one), the head submits, Bappeda verifies or returns (with a comment). An eselon III/IV official enters
    and submits their own PK's (staff and the head may enter them too), and their superior — who signed the PK as
    pihak kedua — verifies or returns them (Bappeda may too); an official reads their direct subordinates' reports
    but may not act on them (403). Everyone signed in reads what their role sees."""

    serializer_class = ProgressReportSerializer
    permission_classes = [RulePermission]
    read_permission = "progress.view"
    filterset_class = ProgressReportFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    # What a page of the list shows (a report's capaian reads its indicator and the year's other reports), and
    # what the user's scope is read from
    list_cache_sources = (
        "progress.ProgressReport",
        "progress.Evidence",
        "agreements.AgreementIndicator",
        "agreements.Agreement",
        "accounts.User",
        "departments.Official",
        "departments.Position",
        "departments.PositionAssignment",
    )

    @property
    def write_permission(self):
        return WRITE_PERMISSIONS.get(self.action, "progress.report")

    def get_queryset(self):
        return (
            selectors.reports_for(self.request.user).select_related("indicator__agreement").prefetch_related("evidence")
        )

    def _answer(self, report: ProgressReport, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def list(self, request, *args, **kwargs):
        def compute():
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            context = {**self.get_serializer_context(), "scores": scores.report_scores(page)}  # one query a page
            return self.get_paginated_response(self.serializer_class(page, many=True, context=context).data)

        return self.cached_list(request, compute)

    @extend_schema(responses={201: ProgressReportSerializer, 400: OpenApiResponse(description="Exists: PATCH it.")})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        existing = ProgressReport.objects.filter(indicator=data["indicator"], quarter=data["quarter"]).first()
        if existing is not None:
            raise ValidationError(
                {
                    "non_field_errors": [
                        _(
                            "Quarter %(quarter)s of this indicator has a report already (id %(id)s): change it with "
                            "PATCH."
                        )
                        % {"quarter": existing.quarter, "id": existing.pk}
                    ]
                }
            )
        report = _call(
            services.report_save,
            indicator=data["indicator"],
            quarter=data["quarter"],
            by=request.user,
            actual=data.get("actual"),
            row_version=0,  # a report created meanwhile by someone else is a conflict
            **{name: data.get(name, "") for name in NARRATIVE},
        )
        return self._answer(report, status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProgressReportSerializer, 409: NOT_NOW})
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = _call(
            services.report_save,
            indicator=report.indicator,
            quarter=report.quarter,
            by=request.user,
            row_version=data.get("row_version"),
            **{name: data[name] if name in data else getattr(report, name) for name in ("actual", *NARRATIVE)},
        )
        return self._answer(report)

    # The workflow
    @extend_schema(request=None, responses={200: ProgressReportSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = _call(services.report_submit, report=self.get_object(), by=request.user)
        return self._answer(report)

    @extend_schema(request=CommentSerializer, responses={200: ProgressReportSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        report = self.get_object()
        payload = CommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = _call(services.report_verify, report=report, by=request.user, **payload.validated_data)
        return self._answer(report)

    @extend_schema(request=ReturnSerializer, responses={200: ProgressReportSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = _call(services.report_return, report=report, by=request.user, **payload.validated_data)
        return self._answer(report)

    # Evidence
    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, 400: OpenApiResponse(description="Refused file."), 409: NOT_NOW},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        report = self.get_object()
        payload = EvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evidence = _call(services.evidence_add, report=report, file=payload.validated_data["file"], by=request.user)
        return Response(
            EvidenceSerializer(evidence, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def _evidence(self, evidence_id) -> Evidence:
        report = self.get_object()  # another department's report: 404
        evidence = selectors.evidence_for(self.request.user).filter(report=report, pk=evidence_id).first()
        if evidence is None:
            raise Http404
        return evidence

    @extend_schema(methods=["GET"], parameters=[EVIDENCE_ID], request=None, responses={200: EvidenceSerializer})
    @extend_schema(methods=["DELETE"], parameters=[EVIDENCE_ID], request=None, responses={204: None, 409: NOT_NOW})
    @action(
        detail=True, methods=["get", "delete"], url_path=r"evidence/(?P<evidence_id>\d+)", url_name="evidence-detail"
    )
    def evidence_detail(self, request, pk=None, evidence_id=None):
        evidence = self._evidence(evidence_id)
        if request.method == "DELETE":
            _call(services.evidence_delete, evidence=evidence, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(EvidenceSerializer(evidence, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[EVIDENCE_ID],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"evidence/(?P<evidence_id>\d+)/download",
        url_name="evidence-download",
        renderer_classes=[JSONRenderer, FileRenderer],  # a client asking for the file's own type gets it
    )
    def evidence_download(self, request, pk=None, evidence_id=None):
        evidence = self._evidence(evidence_id)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
        )


# --- The capaian of a PK ------------------------------------------------------------------------------------------
class QuarterAchievementSerializer(serializers.Serializer):
    actual = Number(**DECIMAL, allow_null=True, help_text="The quarter's realisasi; null: not reported.")
    progress_percent = Percent(help_text="Progres to this quarter against the cumulative quarterly target.")


class IndicatorAchievementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    actual_year = Number(**DECIMAL, allow_null=True, help_text="The year's realisasi by the aggregation.")
    achievement_percent = Percent(help_text="Capaian, raw.")
    achievement_capped = Percent(help_text="Capaian, at most ACHIEVEMENT_CAP (what the averages use).")
    predicate = PredicateField()
    quarters = QuarterAchievementSerializer(many=True, help_text="TW I…IV.")


class ObjectiveAchievementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    achievement_percent = Percent(help_text="Mean of the indicators' capped capaian (weighted when all have one).")


class OverallAchievementSerializer(serializers.Serializer):
    achievement_percent = Percent(help_text="Mean over the sasaran.")
    predicate = PredicateField()


class AgreementAchievementSerializer(serializers.Serializer):
    overall = OverallAchievementSerializer()
    objectives = ObjectiveAchievementSerializer(many=True)
    indicators = IndicatorAchievementSerializer(many=True)


class AgreementAchievementView(GenericAPIView):
    """The capaian of a PK (DOMAIN.md §4): per indicator with its four quarters, per sasaran and overall. Counts the
    submitted and verified reports; `include_drafts=true` also counts drafts and returned reports (a preview)."""

    permission_classes = [RulePermission]
    read_permission = "progress.view"
    write_permission = None
    serializer_class = AgreementAchievementSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return agreements_for(self.request.user)  # another department's PK: 404

    @extend_schema(
        parameters=[OpenApiParameter("include_drafts", bool, description="Count drafts and returned reports too.")]
    )
    def get(self, request, pk):
        agreement = self.get_object()
        include_drafts = request.query_params.get("include_drafts", "").lower() in ("1", "true", "yes")
        body = scores.agreement_achievement(agreement, include_drafts=include_drafts)
        return Response(self.get_serializer(body).data)


# --- Budget realisation -------------------------------------------------------------------------------------------
class BudgetRealisationSerializer(serializers.ModelSerializer):
    program = serializers.PrimaryKeyRelatedField(
        queryset=AgreementProgram.objects.none(), help_text="The PK program (set on creation only)."
    )
    quarter = serializers.IntegerField(min_value=1, max_value=4, help_text="1–4 (set on creation only).")
    amount = Number(**MONEY, help_text="Rp spent in the quarter (not cumulative).")
    row_version = serializers.IntegerField(
        required=False, help_text="The version you saw; a newer save by someone else answers 409."
    )

    class Meta:
        model = BudgetRealisation
        fields = ["id", "program", "quarter", "amount", "row_version", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list = []  # a realisation that exists already: 400 from create(), saying to PATCH it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            agreements = agreements_for(request.user)
            self.fields["program"].queryset = AgreementProgram.objects.filter(agreement__in=agreements)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["program"].read_only = True
            self.fields["quarter"].read_only = True


class BudgetRealisationFilter(filters.FilterSet):
    agreement = filters.NumberFilter(field_name="program__agreement_id", help_text="PK id.")
    program = filters.NumberFilter(field_name="program_id", help_text="PK program id.")
    quarter = filters.NumberFilter(field_name="quarter", help_text="1–4.")

    class Meta:
        model = BudgetRealisation
        fields = ["agreement", "program", "quarter"]


class BudgetRealisationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The budget (Rp) spent per PK program and quarter, entered by the department while the quarter is open."""

    serializer_class = BudgetRealisationSerializer
    permission_classes = [RulePermission]
    read_permission = "progress.view"
    write_permission = "progress.report"
    filterset_class = BudgetRealisationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.budget_realisations_for(self.request.user)

    @extend_schema(responses={201: BudgetRealisationSerializer, 400: OpenApiResponse(description="Exists.")})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if BudgetRealisation.objects.filter(program=data["program"], quarter=data["quarter"]).exists():
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("This program already has a realisation for the quarter: change it with PATCH.")
                    ]
                }
            )
        row = _call(
            services.budget_realisation_save,
            program=data["program"],
            quarter=data["quarter"],
            amount=data["amount"],
            by=request.user,
            row_version=0,
        )
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: BudgetRealisationSerializer, 409: NOT_NOW})
    def partial_update(self, request, *args, **kwargs):
        row = self.get_object()
        serializer = self.get_serializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = _call(
            services.budget_realisation_save,
            program=row.program,
            quarter=row.quarter,
            amount=data.get("amount", row.amount),
            by=request.user,
            row_version=data.get("row_version"),
        )
        return Response(self.get_serializer(row).data)
