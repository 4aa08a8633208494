"""REST API of the innovation competition: the same selectors, services and permissions as the pages.

Reads: `/competitions/` the rounds the user sees (an external juror: only those assigned); `/{id}/entries/` the
entries the user sees; `/{id}/scores/` the scores the user may see (a juror's own only while judging; nobody else's
before the closing); `/{id}/results/` the ranking (409 before the round closes); `/{id}/jurors/` the jurors and
their progress (the overseers).

Writes, each through apps/competitions/services.py: Bappeda creates and edits a round (`POST /`, `PATCH /{id}/`;
the categories and `PUT /{id}/criteria/` only before judging opens, the weights summing to 100), moves it
(`POST /{id}/open-registration/`, `open-judging/`, `close/`, `publish/`), assigns and removes jurors
(`POST /{id}/jurors/`, `DELETE /{id}/jurors/{juror_id}/`), rejects an entry with a reason and reinstates it
(`POST /{id}/entries/{entry_id}/reject/`, `reinstate/`). A department enters one of its innovations
(`POST /{id}/entries/`, JSON or multipart with the presentation file) and changes it while the registration is open
(`PATCH /{id}/entries/{entry_id}/`). A juror posts their scores of an entry (`POST /{id}/scores/`).

Answers: a round or entry the user does not see is 404; a role that may not is 403 (a juror's own-department entry,
another department's innovation too); a step the round's state does not allow is 409; a refused value is 400.
Categories keep their codes (`categories`, an entry's `category`); their names are in `category_names`
({code: name}) and an entry's `category_name`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from apps.accounts.models import User
from apps.agreements.api import Conflict
from apps.core.api import RulePermission
from apps.core.workflow import TransitionError
from apps.innovations.models import Innovation

from . import selectors, services
from .models import Criterion, Entry, EntryStatus, Round, RoundStatus, Score


def _call(service, **kwargs):
    """Run a service and translate its refusals into HTTP answers (PermissionDenied is DRF's 403 already)."""
    try:
        return service(**kwargs)
    except TransitionError as exc:
        raise Conflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        ) from exc


NOT_NOW = OpenApiResponse(description="Not in a state that allows it (the round's status or the entry's).")
REFUSED = OpenApiResponse(description="A value is refused (the answer names the field).")
DENIED = OpenApiResponse(description="The role may not (or the entry is of the juror's own department).")
ENTRY_ID = OpenApiParameter("entry_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="the entry's id")
JUROR_ID = OpenApiParameter("juror_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="the juror's id")


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["code", "name", "weight"]
        read_only_fields = fields


class CompetitionSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    category_names = serializers.SerializerMethodField(help_text="{code: name} of every category")
    criteria = CriterionSerializer(many=True, read_only=True)

    def get_category_names(self, round_) -> dict[str, str]:
        return dict(round_.category_choices)

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
            "winners_per_category",
            "category_names",
            "closed_at",
            "published_at",
        ]
        read_only_fields = fields


def _dates_in_order(data, instance=None):
    keys = ("registration_start", "registration_end", "judging_start", "judging_end")
    values = [data.get(key, getattr(instance, key, None)) for key in keys]
    if None not in values and not values[0] <= values[1] <= values[2] <= values[3]:
        raise ValidationError(
            {"non_field_errors": ["The registration comes before the judging, and each window starts before it ends."]}
        )


class CompetitionUpdateSerializer(serializers.Serializer):
    """The fields of a round Bappeda may change (the categories only before judging opens)."""

    name = serializers.CharField(max_length=200)
    categories = serializers.ListField(
        child=serializers.SlugField(max_length=40), min_length=1, max_length=20, help_text="codes, e.g. fisik"
    )
    category_names = serializers.DictField(
        child=serializers.CharField(max_length=80),
        required=False,
        help_text="{code: name} of the categories; a code left out is shown by its usual name",
    )
    registration_start = serializers.DateField()
    registration_end = serializers.DateField()
    judging_start = serializers.DateField()
    judging_end = serializers.DateField()
    winners_per_category = serializers.IntegerField(min_value=1, max_value=10, required=False)

    def validate(self, attrs):
        _dates_in_order(attrs, self.instance)
        return attrs


class CompetitionCreateSerializer(CompetitionUpdateSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=9999)
    categories = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        min_length=1,
        max_length=20,
        required=False,
        help_text="codes, e.g. fisik; fisik and non_fisik when left out",
    )


class CriterionWriteSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=120, required=False, help_text="kept as it is when left out")
    weight = serializers.IntegerField(min_value=1, max_value=100)


class EntrySerializer(serializers.ModelSerializer):
    innovation_name = serializers.CharField(source="innovation.name", read_only=True)
    category_name = serializers.CharField(read_only=True)
    presentation = serializers.SerializerMethodField(help_text="where the presentation file is downloaded, or null")

    class Meta:
        model = Entry
        fields = [
            "id",
            "innovation",
            "innovation_name",
            "department",
            "category",
            "category_name",
            "pitch",
            "presentation",
            "status",
            "rejection_reason",
            "entered_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_presentation(self, entry) -> str | None:
        return reverse("competitions:presentation", args=[entry.pk]) if entry.presentation else None


class EntryCreateSerializer(serializers.Serializer):
    innovation = serializers.IntegerField(
        help_text="an innovation of the user's department, stage uji_coba or penerapan"
    )
    category = serializers.CharField(max_length=40, help_text="one of the round's category codes")
    pitch = serializers.CharField(max_length=2000)


class EntryCreateUploadSerializer(EntryCreateSerializer):
    presentation = serializers.FileField(required=False, help_text="PDF or slides")


class EntryUpdateSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=40, required=False)
    pitch = serializers.CharField(max_length=2000, required=False)
    remove_presentation = serializers.BooleanField(required=False, default=False)


class EntryUpdateUploadSerializer(EntryUpdateSerializer):
    presentation = serializers.FileField(required=False, help_text="a new presentation file (PDF or slides)")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class JurorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="juror.pk")
    user = serializers.IntegerField(source="juror.user_id")
    name = serializers.CharField(source="juror.__str__")
    department = serializers.IntegerField(source="juror.department_id", allow_null=True)
    affiliation = serializers.CharField(source="juror.affiliation")
    assigned_at = serializers.DateTimeField(source="juror.assigned_at")
    scored = serializers.IntegerField(help_text="entries scored on every criterion")
    total = serializers.IntegerField(help_text="entries this juror judges (not of their own department)")
    percent = serializers.IntegerField()


class JurorAssignSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="the user's id (an external juror has the jury role)")
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


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
    category_name = serializers.CharField(read_only=True)
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
            "category_name",
            "rank",
            "result",
            "kemanfaatan",
            "recommended",
        ]
        read_only_fields = fields


MANAGE_ACTIONS = {
    "create",
    "update",
    "partial_update",
    "open_registration",
    "open_judging",
    "close",
    "publish",
    "criteria",
    "jurors",
    "juror",
    "entry_reject",
    "entry_reinstate",
}
ENTER_ACTIONS = {"entries", "entry"}
STEP_ACTIONS = {
    "open_registration": RoundStatus.REGISTRATION,
    "open_judging": RoundStatus.JUDGING,
    "close": RoundStatus.CLOSED,
    "publish": RoundStatus.PUBLISHED,
}
ENTRY_PARSERS = [JSONParser, MultiPartParser, FormParser]


class CompetitionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Competition rounds (lomba inovasi) with their categories and weighted criteria."""

    serializer_class = CompetitionSerializer
    permission_classes = [RulePermission]
    filterset_fields = ["year", "status"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    read_permission = "competitions.view"

    @property
    def write_permission(self):
        if self.action in MANAGE_ACTIONS:
            return "competitions.manage"
        if self.action in ENTER_ACTIONS:
            return "competitions.enter"
        return "competitions.judge"

    def get_queryset(self):
        return selectors.rounds_for(self.request.user).prefetch_related("criteria").order_by("-year")

    def _page(self, queryset, serializer_class):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    def _answer(self, round_, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=round_.pk)
        return Response(CompetitionSerializer(fresh).data, status=code)

    # --- Rounds -----------------------------------------------------------------------------------------------
    @extend_schema(request=CompetitionCreateSerializer, responses={201: CompetitionSerializer, 400: REFUSED})
    def create(self, request, *args, **kwargs):
        """A new round in draft, with the default criteria (Bappeda)."""
        payload = CompetitionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if Round.objects.filter(year=payload.validated_data["year"]).exists():
            raise ValidationError({"year": ["There is a round of this year already."]})
        round_ = _call(services.round_create, by=request.user, **payload.validated_data)
        return self._answer(round_, status.HTTP_201_CREATED)

    @extend_schema(
        request=CompetitionUpdateSerializer, responses={200: CompetitionSerializer, 400: REFUSED, 409: NOT_NOW}
    )
    def update(self, request, *args, **kwargs):
        """Change the round (Bappeda): its name and windows until it closes, its categories until judging opens."""
        round_ = self.get_object()
        payload = CompetitionUpdateSerializer(round_, data=request.data, partial=kwargs.get("partial", False))
        payload.is_valid(raise_exception=True)
        round_ = _call(services.round_update, round_=round_, by=request.user, **payload.validated_data)
        return self._answer(round_)

    @extend_schema(
        request=CompetitionUpdateSerializer, responses={200: CompetitionSerializer, 400: REFUSED, 409: NOT_NOW}
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _step(self, request, action_name):
        round_ = _call(
            services.round_advance, round_=self.get_object(), target=STEP_ACTIONS[action_name], by=request.user
        )
        return self._answer(round_)

    @extend_schema(request=None, responses={200: CompetitionSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"], url_path="open-registration")
    def open_registration(self, request, pk=None):
        """Draft → registration: departments may enter innovations."""
        return self._step(request, "open_registration")

    @extend_schema(request=None, responses={200: CompetitionSerializer, 400: REFUSED, 409: NOT_NOW})
    @action(detail=True, methods=["post"], url_path="open-judging")
    def open_judging(self, request, pk=None):
        """Registration → judging (the weights summing to 100, at least one juror); the jurors are told."""
        return self._step(request, "open_judging")

    @extend_schema(request=None, responses={200: CompetitionSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Judging → closed: every entry's result and rank are frozen; the scores become visible."""
        return self._step(request, "close")

    @extend_schema(request=None, responses={200: CompetitionSerializer, 409: NOT_NOW})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Closed → published: the winners are recommended for replication; the entrants are told."""
        return self._step(request, "publish")

    @extend_schema(methods=["GET"], request=None, responses=CriterionSerializer(many=True), filters=False)
    @extend_schema(
        methods=["PUT"],
        request=CriterionWriteSerializer(many=True),
        responses={200: CriterionSerializer(many=True), 400: REFUSED, 409: NOT_NOW},
        description="Replace the round's criteria (a code not there is added, one left out removed); only before "
        "judging opens, the weights summing to 100.",
    )
    @action(detail=True, methods=["get", "put"], filterset_fields=[], pagination_class=None)
    def criteria(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "PUT":
            payload = CriterionWriteSerializer(data=request.data, many=True, allow_empty=False, max_length=30)
            payload.is_valid(raise_exception=True)
            rows = payload.validated_data
            codes = [row["code"] for row in rows]
            if len(set(codes)) != len(codes):
                raise ValidationError({"non_field_errors": ["Each criterion's code appears once."]})
            _call(
                services.criteria_set,
                round_=round_,
                weights={row["code"]: row["weight"] for row in rows},
                names={row["code"]: row["name"] for row in rows if "name" in row},
                by=request.user,
            )
        return Response(CriterionSerializer(Criterion.objects.filter(round=round_), many=True).data)

    # --- Jurors -----------------------------------------------------------------------------------------------
    @extend_schema(methods=["GET"], request=None, responses=JurorSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"],
        request=JurorAssignSerializer,
        responses={201: JurorSerializer, 400: REFUSED, 409: NOT_NOW},
        description="Assign a juror to the round (Bappeda); they are told in the application and by e-mail.",
    )
    @action(detail=True, methods=["get", "post"], filterset_fields=[])
    def jurors(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "GET":
            if not selectors.oversees(request.user):  # after the round's lookup: a round not seen is 404
                raise PermissionDenied
            return self._page(selectors.judging_progress(round_), JurorSerializer)
        payload = JurorAssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = User.objects.filter(pk=payload.validated_data["user"]).first()
        if user is None:
            raise ValidationError({"user": ["No such user."]})
        juror = _call(
            services.juror_assign,
            round_=round_,
            user=user,
            affiliation=payload.validated_data["affiliation"],
            by=request.user,
        )
        row = next(row for row in selectors.judging_progress(round_) if row["juror"].pk == juror.pk)
        return Response(JurorSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[JUROR_ID],
        request=None,
        responses={204: None, 400: REFUSED, 409: NOT_NOW},
        description="Remove a juror who has not scored yet (Bappeda), until the round closes.",
    )
    @action(detail=True, methods=["delete"], url_path=r"jurors/(?P<juror_id>[0-9]+)", filterset_fields=[])
    def juror(self, request, pk=None, juror_id=None):
        round_ = self.get_object()
        juror = round_.jurors.filter(pk=juror_id).first()
        if juror is None:
            raise NotFound
        _call(services.juror_remove, juror=juror, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Entries ----------------------------------------------------------------------------------------------
    def _entry(self, round_, entry_id) -> Entry:
        entry = selectors.entries_for(self.request.user, round_).filter(pk=entry_id).select_related("round").first()
        if entry is None:
            raise NotFound
        return entry

    def _entry_answer(self, entry, code=status.HTTP_200_OK):
        fresh = Entry.objects.select_related("round", "innovation").get(pk=entry.pk)
        return Response(EntrySerializer(fresh).data, status=code)

    @extend_schema(methods=["GET"], request=None, responses=EntrySerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"],
        request={"application/json": EntryCreateSerializer, "multipart/form-data": EntryCreateUploadSerializer},
        responses={201: EntrySerializer, 400: REFUSED, 409: NOT_NOW},
        description="Enter an innovation of the user's department (stage uji_coba or penerapan) while the "
        "registration is open; the presentation file comes as multipart/form-data. Another department's "
        "innovation is 403.",
    )
    @action(detail=True, methods=["get", "post"], filterset_fields=[], parser_classes=ENTRY_PARSERS)
    def entries(self, request, pk=None):
        round_ = self.get_object()
        if request.method == "GET":
            return self._page(
                selectors.entries_for(request.user, round_)
                .select_related("round")
                .order_by("category", "entered_at", "pk"),
                EntrySerializer,
            )
        payload = EntryCreateUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        innovation = Innovation.objects.filter(pk=data["innovation"]).first()
        if innovation is None:
            raise ValidationError({"innovation": ["No such innovation."]})
        if innovation.department_id != request.user.department_id:
            raise PermissionDenied("Only an innovation of your own department may be entered.")
        entry = _call(
            services.entry_create,
            round_=round_,
            innovation=innovation,
            category=data["category"],
            pitch=data["pitch"],
            presentation=data.get("presentation"),
            by=request.user,
        )
        return self._entry_answer(entry, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], parameters=[ENTRY_ID], request=None, responses={200: EntrySerializer})
    @extend_schema(
        methods=["PATCH"],
        parameters=[ENTRY_ID],
        request={"application/json": EntryUpdateSerializer, "multipart/form-data": EntryUpdateUploadSerializer},
        responses={200: EntrySerializer, 400: REFUSED, 409: NOT_NOW},
        description="The entrant department changes its entry (category, pitch, presentation file) while the "
        "registration is open.",
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"entries/(?P<entry_id>[0-9]+)",
        filterset_fields=[],
        parser_classes=ENTRY_PARSERS,
    )
    def entry(self, request, pk=None, entry_id=None):
        round_ = self.get_object()
        entry = self._entry(round_, entry_id)
        if request.method == "GET":
            return self._entry_answer(entry)
        if entry.department_id != request.user.department_id:
            raise NotFound  # another department's entry (seen once the results are published) is not theirs
        payload = EntryUpdateUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        presentation = data.get("presentation") or ("" if data["remove_presentation"] else None)
        entry = _call(
            services.entry_update,
            entry=entry,
            by=request.user,
            category=data.get("category"),
            pitch=data.get("pitch"),
            presentation=presentation,
        )
        return self._entry_answer(entry)

    @extend_schema(
        parameters=[ENTRY_ID],
        request=RejectSerializer,
        responses={200: EntrySerializer, 400: REFUSED, 409: NOT_NOW},
        description="Reject an entry as not eligible, with the reason (Bappeda), until the round closes; the "
        "department is told.",
    )
    @action(detail=True, methods=["post"], url_path=r"entries/(?P<entry_id>[0-9]+)/reject", filterset_fields=[])
    def entry_reject(self, request, pk=None, entry_id=None):
        entry = self._entry(self.get_object(), entry_id)
        payload = RejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = _call(services.entry_reject, entry=entry, reason=payload.validated_data["reason"], by=request.user)
        return self._entry_answer(entry)

    @extend_schema(
        parameters=[ENTRY_ID],
        request=None,
        responses={200: EntrySerializer, 409: NOT_NOW},
        description="Take a rejected entry back into the round (Bappeda), until the round closes.",
    )
    @action(detail=True, methods=["post"], url_path=r"entries/(?P<entry_id>[0-9]+)/reinstate", filterset_fields=[])
    def entry_reinstate(self, request, pk=None, entry_id=None):
        entry = self._entry(self.get_object(), entry_id)
        return self._entry_answer(_call(services.entry_reinstate, entry=entry, by=request.user))

    # --- Scores and results -----------------------------------------------------------------------------------
    @extend_schema(methods=["GET"], responses=ScoreSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"],
        request=ScoreWriteSerializer,
        responses={200: ScoreSerializer(many=True), 400: REFUSED, 409: NOT_NOW},
    )
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
        saved = _call(services.score_set, juror=juror, entry=entry, values=values, by=request.user)
        return Response(ScoreSerializer(saved, many=True).data)

    @extend_schema(responses={200: ResultSerializer(many=True), 409: NOT_NOW}, filters=False)
    @action(detail=True, methods=["get"], filterset_fields=[])
    def results(self, request, pk=None):
        round_ = self.get_object()
        if not selectors.results_visible(request.user, round_):
            raise Conflict("The results are available once the round closes.")
        queryset = (
            Entry.objects.filter(round=round_, status=EntryStatus.ENTERED)
            .select_related("innovation", "round")
            .order_by("category", "rank", "entered_at", "pk")
        )
        return self._page(queryset, ResultSerializer)
