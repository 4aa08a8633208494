"""The audit trail over the API: the same filters, scope and permission (admin, Inspektorat) as /audit/."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView

from apps.core.api import RulePermission

from . import display, selectors
from .filters import EventFilterForm


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class EventSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=selectors.ACTIONS)
    actor = serializers.CharField(help_text="Name of the user who made the change, or the system.")
    actor_id = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(help_text="The page, API path, command or task the change came from.")
    model_name = serializers.CharField()
    object_id = serializers.CharField()
    object_label = serializers.CharField()
    changes = ChangeSerializer(many=True)


class AuditEventListView(GenericAPIView):
    """Every row change of every tracked model, newest first."""

    permission_classes = [RulePermission]
    read_permission = "audit.browse"
    write_permission = "audit.browse"
    serializer_class = EventSerializer

    def get_queryset(self):
        return selectors.event_rows()  # lazy; the schema's view of the list (the view filters it itself)

    @extend_schema(
        parameters=[
            OpenApiParameter("model", OpenApiTypes.STR, description="e.g. departments.department"),
            OpenApiParameter("object_id", OpenApiTypes.STR),
            OpenApiParameter("user", OpenApiTypes.INT),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="dd/mm/yyyy or yyyy-mm-dd"),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter("action", OpenApiTypes.STR, enum=list(selectors.ACTIONS)),
        ],
        responses=EventSerializer(many=True),
    )
    def get(self, request):
        form = EventFilterForm(request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors)
        page = self.paginate_queryset(selectors.event_rows(**form.criteria()))
        entries = display.describe(selectors.events_load(page))
        return self.get_paginated_response(EventSerializer(entries, many=True).data)
