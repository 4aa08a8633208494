"""REST API of the performance tree (issue 10): `GET /api/v1/tree/?year=&department=`, the tree of the page as nested
JSON, with the page's scope (apps/tree/selectors.py: a department role its own department, another department 404;
an official their own line) and its gaps.

Nodes: `kind` rpjmd_objective (an RPJMD sasaran, with its indicators and the year's targets in `indicators`),
objective (a PK sasaran) or indicator (a PK indicator). Targets are plain decimals with a dot ("96.5") or a band
("80–90"); capaian as percentages with two decimals ("115.00"), null when nothing is reported or computable.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.core.api import RulePermission
from apps.progress.api import Percent, PredicateField

from . import selectors

KINDS = [
    (selectors.RPJMD_OBJECTIVE, "RPJMD sasaran"),
    (selectors.OBJECTIVE, "PK sasaran"),
    (selectors.INDICATOR, "PK indicator"),
]
GAP_KINDS = [
    (selectors.SUPPORTS_NOTHING, "An indicator of a cascaded PK that supports no indicator of the superior's PK"),
    (selectors.SUPPORTS_MISSING, "It supports an indicator that is not in the superior's PK version measured against"),
    (selectors.NOT_SUPPORTED, "A superior's indicator that no indicator of a subordinate's PK supports"),
    (selectors.NO_PK_BELOW, "A head (or eselon III official) with no PK below them yet"),
    (selectors.NOT_LINKED, "A head's PK sasaran not linked to the RPJMD"),
]
LEVELS = [("head", "Department head"), ("upper", "Eselon III"), ("lower", "Eselon IV")]


class TreeTargetRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_null=True, help_text="The year's target; null: none set for the year.")


class TreeNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The id of the RPJMD sasaran, PK sasaran or PK indicator (see kind).")
    kind = serializers.ChoiceField(choices=KINDS)
    name = serializers.CharField()
    target = serializers.CharField(allow_null=True, help_text="An indicator's target: '96.5' or a band '80–90'.")
    unit = serializers.CharField(allow_blank=True)
    capaian = Percent(help_text="Capaian against the PK version measured against (DOMAIN.md §4).")
    predicate = PredicateField()
    official = serializers.CharField(allow_blank=True, help_text="The PK's first party (empty for RPJMD sasaran).")
    position = serializers.CharField(allow_blank=True)
    department = serializers.CharField(allow_blank=True, help_text="The department's short name.")
    agreement = serializers.IntegerField(allow_null=True, help_text="The PK's id; null for RPJMD sasaran.")
    signed = serializers.BooleanField(
        allow_null=True, help_text="False: no version of the PK is signed yet, the newest draft is shown."
    )
    level = serializers.ChoiceField(choices=LEVELS, allow_blank=True)
    indicators = TreeTargetRowSerializer(many=True, help_text="An RPJMD sasaran's indicators with the year's targets.")
    children = serializers.ListField(child=serializers.DictField(), help_text="Nodes of the same shape.")


# The children are nodes too: the schema names the component itself (a recursive reference).
TreeNodeSerializer._declared_fields["children"] = TreeNodeSerializer(many=True, help_text="Nodes of the same shape.")


class TreeGapSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=GAP_KINDS)
    message = serializers.CharField()
    agreement = serializers.IntegerField()
    department = serializers.CharField()
    indicator = serializers.IntegerField(allow_null=True)
    objective = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    official = serializers.CharField(allow_blank=True)
    position = serializers.CharField(allow_blank=True)


class TreeDepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class TreeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    department = TreeDepartmentSerializer(allow_null=True, help_text="null: the whole city.")
    nodes = TreeNodeSerializer(
        many=True, help_text="RPJMD sasaran (for an official: the sasaran of their own PK) and what hangs below."
    )
    unlinked = TreeNodeSerializer(many=True, help_text="Heads' PK sasaran not linked to the RPJMD.")
    unattached = TreeNodeSerializer(many=True, help_text="Cascaded indicators that support nothing in the tree.")
    gaps = TreeGapSerializer(many=True)


def node_data(node: selectors.Node) -> dict:
    return {
        "id": node.id,
        "kind": node.kind,
        "name": node.name,
        "target": node.target,
        "unit": node.unit,
        "capaian": node.capaian,
        "predicate": None if node.predicate is None else node.predicate.value,
        "official": node.official,
        "position": node.position,
        "department": node.department,
        "agreement": None if node.agreement is None else node.agreement.pk,
        "signed": node.signed,
        "level": node.level,
        "indicators": [
            {"id": row.id, "name": row.name, "unit": row.unit, "target": row.target} for row in node.indicators
        ],
        "children": [node_data(child) for child in node.children],
    }


def gap_data(gap: selectors.Gap) -> dict:
    return {
        "kind": gap.kind,
        "message": gap.message,
        "agreement": gap.agreement.pk,
        "department": gap.agreement.department.short_name,
        "indicator": gap.indicator_id,
        "objective": gap.objective_id,
        "name": gap.name,
        "official": gap.official,
        "position": gap.position,
    }


def tree_data(tree: selectors.Tree) -> dict:
    return {
        "year": tree.year,
        "department": tree.department,
        "nodes": [node_data(node) for node in tree.nodes],
        "unlinked": [node_data(node) for node in tree.unlinked],
        "unattached": [node_data(node) for node in tree.unattached],
        "gaps": [gap_data(gap) for gap in tree.gaps],
    }


class TreeView(GenericAPIView):
    """The performance tree (pohon kinerja) of a year: RPJMD sasaran → the heads' PK sasaran → their indicators →
    the eselon III and IV indicators that support them, each with its capaian, and the gaps of the cascade. The
    city-wide roles get the whole city (or `department`'s); a department's head and staff their own department
    (another department: 404); an eselon III/IV official their own line."""

    permission_classes = [RulePermission]
    read_permission = "agreements.tree"
    write_permission = None
    serializer_class = TreeSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The PK year (default: this year in the region)."),
            OpenApiParameter(
                "department",
                int,
                description="A department's id (the city-wide roles; a department role may give only its own).",
            ),
        ],
        responses=TreeSerializer,
    )
    def get(self, request):
        value = request.query_params.get("year")
        plausible = value in (None, "") or (
            value.isascii()
            and value.isdigit()
            and len(value) <= 4
            and selectors.FIRST_YEAR <= int(value) <= selectors.LAST_YEAR
        )
        if not plausible:
            raise ValidationError({"year": [f"A year from {selectors.FIRST_YEAR} to {selectors.LAST_YEAR}."]})
        year = selectors.parse_year(value)
        department = selectors.department_scope(request.user, request.query_params.get("department"))
        tree = selectors.tree_for(request.user, year=year, department=department)
        return Response(self.get_serializer(tree_data(tree)).data)
