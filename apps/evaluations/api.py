"""REST API of flags, evaluations and the early warning: the same selectors, services and permissions as the pages.

Errors: a decision the evaluation's state does not allow is 409; a role that may not act is 403; another head's
flag or evaluation is 404; a missing reason is 400.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.agreements.api import Conflict
from apps.agreements.models import Agreement, AgreementStatus
from apps.core.api import RulePermission
from apps.core.workflow import TransitionError

from . import selectors, services
from .early_warning import heads_at_risk
from .models import Decision, Evaluation, Flag, Reason, WorkRating
from .policy import policy_for
from .tasks import region_today

PERCENT = {"max_digits": 9, "decimal_places": 2}


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except TransitionError as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc


class FlagSerializer(serializers.ModelSerializer):
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=Reason.choices), read_only=True)
    resolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Flag
        fields = ["id", "official", "agreement", "reasons", "achievement_percent", "created_at", "resolved"]
        read_only_fields = fields


class FlagViewSet(viewsets.ReadOnlyModelViewSet):
    """Flags of heads whose deadline passed with targets unmet: every one for the mayor's office, the admin and
    the Inspektorat; a head's own. `?resolved=true|false`."""

    serializer_class = FlagSerializer
    permission_classes = [RulePermission]
    read_permission = "evaluations.view"
    write_permission = "evaluations.evaluate"

    def get_queryset(self):
        queryset = selectors.flags_for(self.request.user).order_by("-created_at", "-pk")
        resolved = self.request.query_params.get("resolved")
        if resolved is not None and resolved != "":
            if resolved.lower() not in ("true", "false", "1", "0"):
                raise ValidationError({"resolved": "true or false"})
            queryset = queryset.filter(resolved_at__isnull=resolved.lower() in ("false", "0"))
        return queryset

    @extend_schema(
        parameters=[OpenApiParameter("resolved", OpenApiTypes.BOOL, description="only resolved (or open) flags")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class EvaluationSerializer(serializers.ModelSerializer):
    predicate = serializers.CharField(
        read_only=True,
        help_text="the SKP predicate: sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang ('' until rated)",
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "official",
            "agreement",
            "achievement_percent",
            "predicate",
            "decision",
            "improvement_deadline",
            "status",
        ]
        read_only_fields = fields


class EvaluationOpenSerializer(serializers.Serializer):
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.filter(status=AgreementStatus.SIGNED))
    previous = serializers.PrimaryKeyRelatedField(
        queryset=Evaluation.objects.all(), required=False, allow_null=True, help_text="the improvement period ended"
    )


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RateSerializer(serializers.Serializer):
    behaviour_rating = serializers.ChoiceField(
        choices=WorkRating.choices,
        help_text="The mayor's office's behaviour rating; with the work rating it gives the SKP predicate.",
    )


class StatementSerializer(serializers.Serializer):
    statement = serializers.CharField(help_text="The head's answer to their evaluation.")


class EvaluationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluations of heads. The mayor's office opens one (`POST` with the PK, after its deadline; with `previous`,
    at the end of an improvement period) and decides; a head reads their own."""

    serializer_class = EvaluationSerializer
    permission_classes = [RulePermission]
    read_permission = "evaluations.view"
    filterset_fields = ["status", "decision"]

    @property
    def write_permission(self):
        return "evaluations.answer" if self.action == "statement" else "evaluations.evaluate"

    def get_queryset(self):
        return selectors.evaluations_for(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=EvaluationOpenSerializer, responses={201: EvaluationSerializer})
    def create(self, request, *args, **kwargs):
        payload = EvaluationOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        previous = payload.validated_data.get("previous")
        evaluation = _call(
            services.evaluation_open,
            agreement=payload.validated_data["agreement"],
            previous=previous,
            by=request.user,
        )
        return Response(self.get_serializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DecideSerializer,
        responses={200: EvaluationSerializer, 409: OpenApiResponse(description="Not in this state.")},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        evaluation = self.get_object()
        payload = DecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation = _call(services.evaluation_decide, evaluation=evaluation, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(
        request=RateSerializer,
        responses={200: EvaluationSerializer, 409: OpenApiResponse(description="Not an open evaluation.")},
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        evaluation = self.get_object()
        payload = RateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation = _call(services.evaluation_rate, evaluation=evaluation, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(request=StatementSerializer, responses={200: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def statement(self, request, pk=None):
        """The head evaluated answers with a statement (their own evaluation only; another's is 403)."""
        evaluation = self.get_object()
        payload = StatementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation = _call(services.evaluation_answer, evaluation=evaluation, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(evaluation).data)


class AtRiskSerializer(serializers.Serializer):
    official = serializers.IntegerField(source="agreement.official_id")
    official_name = serializers.CharField(source="agreement.official.name")
    department = serializers.IntegerField(source="agreement.department_id")
    agreement = serializers.IntegerField(source="agreement.pk")
    deadline = serializers.DateField()
    projected_achievement_percent = serializers.DecimalField(allow_null=True, **PERCENT)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=Reason.choices))
    indicators = serializers.SerializerMethodField()

    def get_indicators(self, row) -> list[dict]:
        return [
            {
                "id": drag.indicator.pk,
                "name": drag.indicator.name,
                "projected_achievement_percent": None
                if drag.achievement_percent is None
                else str(drag.achievement_percent),
            }
            for drag in row.drags
        ]


class AtRiskView(APIView):
    """Heads at risk of missing their year's target, before their deadline (from the second quarter on), with
    their projected year-end capaian and the indicators that drag them down. `?year=` (default: this year)."""

    permission_classes = [RulePermission]
    read_permission = "evaluations.view_all"
    write_permission = "evaluations.evaluate"

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: AtRiskSerializer(many=True)})
    def get(self, request):
        today = region_today()
        year = request.query_params.get("year") or today.year
        try:
            year = int(year)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"year": "a year, e.g. 2026"}) from exc
        if not 2000 <= year <= 2100:
            raise NotFound
        return Response(AtRiskSerializer(heads_at_risk(year=year, today=today), many=True).data)


class PolicySerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    threshold = serializers.DecimalField(help_text="A head's capaian (%) that meets the target.", **PERCENT)
    above_expectation = serializers.DecimalField(
        help_text="Capaian (%) from which the work rating is above expectation.", **PERCENT
    )
    require_all_quarters = serializers.BooleanField(help_text="Every quarter must be reported.")
    require_innovation = serializers.BooleanField(help_text="An innovation on trial or implemented is required.")


class PolicyView(APIView):
    """What "target met" means for the PKs of a year (the settings' defaults until the year has its own). Everyone
    who may see evaluations reads it; the mayor's office and the admin change it."""

    permission_classes = [RulePermission]
    read_permission = "evaluations.view"
    write_permission = "evaluations.policy"

    @extend_schema(responses={200: PolicySerializer})
    def get(self, request, year):
        return Response(PolicySerializer(policy_for(year)).data)

    @extend_schema(request=PolicySerializer, responses={200: PolicySerializer})
    def put(self, request, year):
        payload = PolicySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _call(services.policy_save, year=year, by=request.user, **payload.validated_data)
        return Response(PolicySerializer(policy_for(year)).data)
