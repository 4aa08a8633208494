"""REST API of the innovation competition: the same selectors, services and permissions as the pages.

`/competitions/` the rounds the user sees (an external juror: only those assigned); `/{id}/entries/` the entries
the user sees; `/{id}/scores/` the scores the user may see (a juror's own only while judging; nobody else's
before the closing) and, for a juror, `POST` their scores of an entry; `/{id}/results/` the ranking (409 before
the round closes). A juror's own-department entry is 403; a step the round's state does not allow is 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from apps.agreements.api import Conflict
from apps.core.api import RulePermission
from apps.core.workflow import TransitionError

from . import selectors, services
from .models import Criterion, Entry, EntryStatus, Round, Score


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["code", "name", "weight"]
        read_only_fields = fields


class CompetitionSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "year",
            "name",
            "status",
            "categories",
            "criteria",
            "registration_start",
            "registration_end",
            "judging_start",
            "judging_end",
        ]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    innovation_name = serializers.CharField(source="innovation.name", read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "innovation",
            "innovation_name",
            "department",
            "category",
            "pitch",
            "status",
            "rejection_reason",
            "entered_at",
        ]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "entry", "juror", "criterion", "value", "comment", "updated_at"]
        read_only_fields = fields


class ScoreValueSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="the criterion's code, e.g. kemanfaatan")
    value = serializers.IntegerField(min_value=1, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreWriteSerializer(serializers.Serializer):
    entry = serializers.IntegerField(help_text="the entry scored (never one of the juror's own department)")
    scores = ScoreValueSerializer(many=True)


class ResultSerializer(serializers.ModelSerializer):
    innovation_name = serializers.CharField(source="innovation.name", read_only=True)
    result = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    kemanfaatan = serializers.DecimalField(
        source="benefit_result", max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = Entry
        fields = [
            "id",
            "innovation",
            "innovation_name",
            "department",
            "category",
            "rank",
            "result",
            "kemanfaatan",
            "recommended",
        ]
        read_only_fields = fields


class CompetitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Competition rounds (lomba inovasi) with their categories and weighted criteria."""

    serializer_class = CompetitionSerializer
    permission_classes = [RulePermission]
    read_permission = "competitions.view"
    write_permission = "competitions.judge"
    filterset_fields = ["year", "status"]

    def get_queryset(self):
        return selectors.rounds_for(self.request.user).prefetch_related("criteria").order_by("-year")

    def _page(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(responses=EntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_fields=[])
    def entries(self, request, pk=None):
        round_ = self.get_object()
        return self._page(
            selectors.entries_for(request.user, round_).order_by("category", "entered_at", "pk"), EntrySerializer
        )

    @extend_schema(methods=["GET"], responses=ScoreSerializer(many=True), filters=False)
    @extend_schema(methods=["POST"], request=ScoreWriteSerializer, responses=ScoreSerializer(many=True))
    @action(detail=True, methods=["get", "post"], filterset_fields=[])
    def scores(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "GET":
            queryset = selectors.scores_for(request.user, round_).order_by("entry_id", "juror_id", "criterion__order")
            return self._page(queryset, ScoreSerializer)
        juror = selectors.juror_of(request.user, round_)
        if juror is None:
            raise PermissionDenied("You are not a juror of this round.")
        data = ScoreWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = Entry.objects.filter(round=round_, pk=data.validated_data["entry"], status=EntryStatus.ENTERED).first()
        if entry is None:
            raise NotFound
        values = {row["criterion"]: (row["value"], row["comment"]) for row in data.validated_data["scores"]}
        try:
            saved = services.score_set(juror=juror, entry=entry, values=values, by=request.user)
        except TransitionError as exc:
            raise Conflict(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            ) from exc
        return Response(ScoreSerializer(saved, many=True).data)

    @extend_schema(responses=ResultSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_fields=[])
    def results(self, request, pk=None):
        round_ = self.get_object()
        if not selectors.results_visible(request.user, round_):
            raise Conflict("The results are available once the round closes.")
        queryset = (
            Entry.objects.filter(round=round_, status=EntryStatus.ENTERED)
            .select_related("innovation")
            .order_by("category", "rank", "entered_at", "pk")
        )
        return self._page(queryset, ResultSerializer)
