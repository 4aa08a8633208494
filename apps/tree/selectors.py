"""The performance tree (pohon kinerja, DOMAIN.md §3): from an RPJMD sasaran down through the department heads' PK
sasaran and indicators to the indicators of the eselon III and eselon IV officials that support them, each with its
capaian (DOMAIN.md §4), and the gaps of the cascade.

What is shown
    - For every PK line (a PK and its amendments) of the year the user may read (`agreements_for`): the version
      realisasi is measured against, the newest signed one; when none is signed yet, the newest version, marked as
      not signed.
    - RPJMD sasaran (with their indicators and the year's targets) → the heads' PK sasaran linked to them
      (`AgreementObjective.plan_objective` → `StrategicObjective.rpjmd_objective`) → the heads' indicators → the
      eselon III indicators that `supports` them → the eselon IV indicators that support those. A head's sasaran
      with no RPJMD link goes under "not linked to the RPJMD"; a cascaded indicator that supports nothing in the tree
      under "not attached".
    - An `official` (eselon III/IV) reads only their own line: the tree starts at their own PK's sasaran.
    - Capaian from `apps.progress.scores` (the rules of the progress pages and dashboards): submitted and verified
      realisasi only; the sasaran's capaian is the (weighted) mean of its indicators' capped capaian.

Gaps
    - `supports_nothing`: an indicator of a cascaded PK that names no superior indicator;
    - `supports_missing`: it names one that is not in the superior's PK version measured against (an amended PK);
    - `not_supported`: an indicator of a superior's PK (head or eselon III) that no indicator below supports, counted
      only for superiors with at least one subordinate PK this year;
    - `no_pk_below`: a head with no eselon III PK yet (or an eselon III with eselon IV positions but none with a
      PK), said once instead of listing every indicator;
    - `not_linked`: a head's sasaran not linked to the RPJMD.

Queries: nine, whatever the number of departments, PKs and indicators (tests/test_tree_pages.py, test_tree_api.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementStatus
from apps.agreements.selectors import agreements_for
from apps.core import formats as number_formats
from apps.core.templatetags.kinerja import CAPAIAN_BADGES
from apps.dashboards.summaries import summaries
from apps.departments.models import Assignment, Department, Position
from apps.plans.models import Objective, ObjectiveIndicator, ObjectiveTarget
from apps.progress import achievement as formulas
from apps.progress.achievement import Predicate

FIRST_YEAR, LAST_YEAR = 2000, 2100

RPJMD_OBJECTIVE, OBJECTIVE, INDICATOR = "rpjmd_objective", "objective", "indicator"
SUPPORTS_NOTHING, SUPPORTS_MISSING = "supports_nothing", "supports_missing"
NOT_SUPPORTED, NO_PK_BELOW, NOT_LINKED = "not_supported", "no_pk_below", "not_linked"
GAP_KINDS = (SUPPORTS_NOTHING, SUPPORTS_MISSING, NOT_SUPPORTED, NO_PK_BELOW, NOT_LINKED)
# What the tree reads of an indicator (and of the one it supports): the rest of the row is never loaded.
INDICATOR_FIELDS = (
    "agreement_id",
    "objective_id",
    "supports_id",
    "plan_indicator_id",
    "order",
    "name",
    "unit",
    "target",
    "target_low",
    "target_high",
)
FOLD_ABOVE = 400  # indicators: a whole city's tree beyond this is shown folded by department (see Tree.folded)


# --- Scope --------------------------------------------------------------------------------------------------------
def parse_year(value) -> int:
    """The year asked for (`?year=`), or this year in the region when it is missing or not a plausible year."""
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def department_scope(user, value) -> Department | None:
    """The department whose tree is asked for (`?department=`), None for the whole city. The city-wide roles may
    pick any department or none; a department's head, staff or official always get their own, and asking for
    another department answers 404 (nothing leaks)."""
    value = None if value in (None, "") else str(value)
    if user.sees_all_departments:
        if value is None:
            return None
        if not (value.isascii() and value.isdigit()) or len(value) > 12:
            raise Http404
        return get_object_or_404(Department, pk=int(value))
    if user.department_id is None or (value is not None and value != str(user.department_id)):
        raise Http404
    return user.department


# --- What the tree is made of ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetRow:
    """An RPJMD indicator with the year's target (shown on its sasaran's node)."""

    id: int
    name: str
    unit: str
    target: str | None
    target_display: str | None


@dataclass
class Node:
    kind: str  # rpjmd_objective / objective / indicator
    id: int
    name: str
    bounds: tuple = (None, None, None)  # an indicator's target, or its band (low, high): (target, low, high)
    unit: str = ""
    capaian: Decimal | None = None
    predicate: Predicate | None = None
    official: str = ""
    position: str = ""
    department: str = ""
    agreement: Agreement | None = None
    level: str = ""  # head / upper (eselon III) / lower (eselon IV)
    indicators: list[TargetRow] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def colour(self) -> str | None:
        return None if self.predicate is None else self.predicate.colour.value

    @property
    def target(self) -> str | None:
        """'96.5' or '80–90' (for the API); formatted only when asked for (a folded page never asks)."""
        return _target(*self.bounds)

    @property
    def target_display(self) -> str | None:
        return _target_display(*self.bounds)

    @property
    def signed(self) -> bool | None:
        return None if self.agreement is None else self.agreement.status == AgreementStatus.SIGNED

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Gap:
    kind: str
    message: str
    agreement: Agreement
    indicator_id: int | None = None
    objective_id: int | None = None
    name: str = ""
    official: str = ""
    position: str = ""


@dataclass(frozen=True)
class DepartmentGroup:
    """A folded tree's line for one department under a node: how many of its nodes are there, and their mean
    capaian (the mean over the sasaran, as a PK's capaian is)."""

    department: Department
    count: int
    capaian: Decimal | None
    kind: str = OBJECTIVE  # what is counted: sasaran or indicators

    @property
    def predicate(self) -> Predicate | None:
        return formulas.predicate(self.capaian)

    @property
    def colour(self) -> str | None:
        grade = self.predicate
        return None if grade is None else grade.colour.value

    @property
    def badge(self) -> str:
        """The Bootstrap badge of its colour (as the capaian badges elsewhere)."""
        return CAPAIAN_BADGES.get(self.colour, "text-bg-secondary")

    @property
    def title(self) -> str:
        if self.kind == INDICATOR:
            counted = ngettext("%(n)s indicator", "%(n)s indicators", self.count)
        else:
            counted = ngettext("%(n)s sasaran", "%(n)s sasaran", self.count)
        return f"{self.department.name} · {counted % {'n': self.count}}"

    @property
    def label(self) -> str:
        shown = number_formats.format_percent(self.capaian, 2) if self.capaian is not None else "–"
        return f"{self.department.short_name} {shown}"


def department_groups(nodes: list[Node], kind: str = OBJECTIVE) -> list[DepartmentGroup]:
    """The nodes (sasaran or indicators) grouped by their department, in department order."""
    grouped: dict[int, list[Node]] = {}
    departments: dict[int, Department] = {}
    for node in nodes:
        department = node.agreement.department
        departments[department.pk] = department
        grouped.setdefault(department.pk, []).append(node)
    result = []
    for pk, members in grouped.items():
        values = [node.capaian for node in members if node.capaian is not None]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None
        result.append(DepartmentGroup(department=departments[pk], count=len(members), capaian=mean, kind=kind))
    return sorted(result, key=lambda group: group.department.code)


@dataclass
class Tree:
    year: int
    department: Department | None
    nodes: list[Node]
    unlinked: list[Node]
    unattached: list[Node]
    gaps: list[Gap]
    agreement_count: int
    indicator_count: int = 0
    # The whole city with more than FOLD_ABOVE indicators: the page shows each RPJMD sasaran with the departments
    # under it (a department's own tree has the rest); the API and the PDF keep every node.
    folded: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.nodes or self.unlinked or self.unattached)

    def walk(self):
        for node in (*self.nodes, *self.unlinked, *self.unattached):
            yield from node.walk()


# --- Helpers ------------------------------------------------------------------------------------------------------
def _target(value, low, high, *, show=lambda number: f"{number.normalize():f}") -> str | None:
    """'96.5', or the band '80–90' (plain decimals with a dot, for the API)."""
    if value is not None:
        return show(value)
    if low is not None and high is not None:
        return f"{show(low)}{number_formats.DASH}{show(high)}"
    return None


def _target_display(value, low, high) -> str | None:
    """'96,5' or '80–90' in the Indonesian format (DOMAIN.md §7), for the page and the PDF."""
    return _target(value, low, high, show=lambda number: number_formats.format_number(number.normalize()))


def _line_roots(rows: dict[int, Agreement]) -> dict[int, int]:
    """{agreement id: id of the first version of its line} (a PK and its amendments, through `previous`)."""
    roots = {}
    for pk in rows:
        root, seen = pk, set()
        while rows[root].previous_id in rows and root not in seen:
            seen.add(root)
            root = rows[root].previous_id
        roots[pk] = root
    return roots


def _measured(rows: dict[int, Agreement], roots: dict[int, int]) -> dict[int, Agreement]:
    """{line root: the version measured against}: the newest signed, else the newest."""
    lines: dict[int, list[Agreement]] = defaultdict(list)
    for pk, agreement in rows.items():
        lines[roots[pk]].append(agreement)
    chosen = {}
    for root, versions in lines.items():
        signed = [v for v in versions if v.status == AgreementStatus.SIGNED]
        chosen[root] = max(signed or versions, key=lambda v: (v.version, v.pk))
    return chosen


def _level(agreement: Agreement) -> str:
    if agreement.position_id is None:
        return "head"
    return "upper" if agreement.position.superior_id is None else "lower"


def _same_indicator(a: AgreementIndicator, b: AgreementIndicator) -> bool:
    if a.plan_indicator_id and b.plan_indicator_id:
        return a.plan_indicator_id == b.plan_indicator_id
    return a.name.strip().casefold() == b.name.strip().casefold()


class _Who:
    """The name and position of each PK's first party (the signing snapshot once signed)."""

    def __init__(self, agreements: list[Agreement]):
        heads = [a for a in agreements if a.position_id is None and not a.first_party_position]
        self.titles: dict[tuple[int, int], str] = {}
        if heads:
            assignments = Assignment.objects.filter(
                official_id__in={a.official_id for a in heads}, department_id__in={a.department_id for a in heads}
            ).order_by("start_date", "pk")
            for assignment in assignments.values("official_id", "department_id", "position_title"):
                if assignment["position_title"]:
                    self.titles[(assignment["official_id"], assignment["department_id"])] = assignment["position_title"]

    def name(self, agreement: Agreement) -> str:
        return agreement.first_party_name or agreement.official.name

    def position(self, agreement: Agreement) -> str:
        if agreement.first_party_position:
            return agreement.first_party_position
        if agreement.position_id is not None:
            return agreement.position.name
        title = self.titles.get((agreement.official_id, agreement.department_id))
        return title or _("Head of %(department)s") % {"department": agreement.department.name}


# --- The tree -----------------------------------------------------------------------------------------------------
def tree_for(user, *, year: int, department: Department | None = None, fold: bool = False) -> Tree:
    """The tree of `year` as the user may read it (the whole city, or `department`'s). `fold=True` (the page): a
    whole city beyond FOLD_ABOVE indicators comes folded (Tree.folded): the indicators of the PKs that have no
    cascade around them are then not read at all."""
    queryset = agreements_for(user).filter(year=year)
    if department is not None:
        queryset = queryset.filter(department=department)
    queryset = queryset.select_related("position").annotate(reports_version=F("reports_stamp__version"))
    rows = {a.pk: a for a in queryset.order_by("department__code", "pk")}
    roots = _line_roots(rows)
    chosen = _measured(rows, roots)
    measured = {a.pk: a for a in chosen.values()}
    builder = _Builder(user=user, year=year, department=department, rows=rows, roots=roots, chosen=chosen)
    return builder.build(measured, fold=fold)


class _Builder:
    def __init__(self, *, user, year, department, rows, roots, chosen):
        self.user, self.year, self.department = user, year, department
        self.rows, self.roots, self.chosen = rows, roots, chosen
        self.gaps: list[Gap] = []

    def superior_of(self, agreement: Agreement) -> Agreement | None:
        """The measured version of the superior's PK line, when the user may read it."""
        superior_id = agreement.superior_agreement_id
        if superior_id is None or superior_id not in self.rows:
            return None
        return self.chosen[self.roots[superior_id]]

    def build(self, measured: dict[int, Agreement], *, fold: bool = False) -> Tree:
        agreements = list(measured.values())
        who = _Who(agreements)
        figures = summaries(agreements)  # capaian cached per PK until its reports change

        # Each PK's place: a top PK (a head's, or the official's own when the superior is out of sight) shows its
        # sasaran; a cascaded PK with a visible superior hangs its indicators under the superior's.
        superiors = {pk: self.superior_of(a) for pk, a in measured.items()}
        subordinates: dict[int, list[Agreement]] = defaultdict(list)
        for pk, superior in superiors.items():
            if superior is not None:
                subordinates[superior.pk].append(measured[pk])
        indicator_count = sum(figure.indicator_count for figure in figures.values())
        folded = fold and self._shows_whole_city() and indicator_count > FOLD_ABOVE
        # Folded, only the cascade's indicators are read: the gaps need them, the page shows no indicator.
        read = [pk for pk, a in measured.items() if a.position_id or subordinates.get(pk)] if folded else measured
        objectives = list(
            AgreementObjective.objects.filter(agreement_id__in=measured)
            .select_related("plan_objective")
            .order_by("agreement_id", "order", "pk")
        )
        indicators = list(
            AgreementIndicator.objects.filter(agreement_id__in=read)
            .select_related("supports")
            .only(*INDICATOR_FIELDS, *(f"supports__{name}" for name in INDICATOR_FIELDS))
            .order_by("objective__order", "objective_id", "order", "pk")
        )

        def capaian_of(indicator: AgreementIndicator) -> Decimal | None:
            return figures[indicator.agreement_id].indicators.get(indicator.pk)

        def indicator_node(indicator: AgreementIndicator) -> Node:
            agreement = measured[indicator.agreement_id]
            capaian = capaian_of(indicator)
            return Node(
                kind=INDICATOR,
                id=indicator.pk,
                name=indicator.name,
                bounds=(indicator.target, indicator.target_low, indicator.target_high),
                unit=indicator.unit,
                capaian=capaian,
                predicate=formulas.predicate(capaian),
                official=who.name(agreement),
                position=who.position(agreement),
                department=agreement.department.short_name,
                agreement=agreement,
                level=_level(agreement),
            )

        nodes = {indicator.pk: indicator_node(indicator) for indicator in indicators}
        by_agreement: dict[int, list[AgreementIndicator]] = defaultdict(list)
        by_objective: dict[int, list[AgreementIndicator]] = defaultdict(list)
        for indicator in indicators:
            by_agreement[indicator.agreement_id].append(indicator)
            by_objective[indicator.objective_id].append(indicator)

        unattached: list[Node] = []
        for indicator in indicators:
            agreement = measured[indicator.agreement_id]
            if agreement.position_id is None:
                continue
            superior = superiors[agreement.pk]
            parent = self._parent(indicator, superior, by_agreement)
            if parent is not None:
                nodes[parent.pk].children.append(nodes[indicator.pk])
                continue
            supported = indicator.supports
            if supported is None:
                self._gap(SUPPORTS_NOTHING, agreement, who, indicator=indicator)
            elif supported.agreement_id in self.rows:  # it names an indicator the tree does not measure against
                self._gap(SUPPORTS_MISSING, agreement, who, indicator=indicator)
            if superior is not None:
                unattached.append(nodes[indicator.pk])

        self._support_gaps(measured, subordinates, by_agreement, nodes, who)

        # Sasaran nodes of the top PKs.
        rpjmd_children: dict[int, list[Node]] = defaultdict(list)
        top_nodes: list[Node] = []
        unlinked: list[Node] = []
        for objective in objectives:
            agreement = measured[objective.agreement_id]
            if superiors[agreement.pk] is not None:
                continue
            members = by_objective.get(objective.pk, [])
            capaian = figures[agreement.pk].objectives.get(objective.pk)
            node = Node(
                kind=OBJECTIVE,
                id=objective.pk,
                name=objective.name,
                capaian=capaian,
                predicate=formulas.predicate(capaian),
                official=who.name(agreement),
                position=who.position(agreement),
                department=agreement.department.short_name,
                agreement=agreement,
                level=_level(agreement),
                children=[nodes[i.pk] for i in members],
            )
            if agreement.position_id is not None:
                top_nodes.append(node)  # an official's own line: no RPJMD above it in sight
            elif objective.plan_objective is not None:
                rpjmd_children[objective.plan_objective.rpjmd_objective_id].append(node)
            else:
                unlinked.append(node)
                self._gap(NOT_LINKED, agreement, who, objective=objective)

        rpjmd_nodes = self._rpjmd_nodes(rpjmd_children, show_all=self._shows_whole_city())
        self.gaps.sort(key=lambda gap: (gap.agreement.department.code, GAP_KINDS.index(gap.kind), gap.name))
        return Tree(
            year=self.year,
            department=self.department,
            nodes=rpjmd_nodes + top_nodes,
            unlinked=unlinked,
            unattached=unattached,
            gaps=self.gaps,
            agreement_count=len(measured),
            indicator_count=indicator_count,
            folded=folded,
        )

    # --- Pieces ---------------------------------------------------------------------------------------------------
    def _shows_whole_city(self) -> bool:
        return self.department is None and self.user.sees_all_departments

    def _parent(self, indicator, superior, by_agreement) -> AgreementIndicator | None:
        """The superior's indicator (in the version measured against) that this one supports, if it is in sight."""
        supported = indicator.supports
        if supported is None or superior is None:
            return None
        if supported.agreement_id == superior.pk:
            return supported
        if supported.agreement_id in self.rows and self.chosen[self.roots[supported.agreement_id]].pk == superior.pk:
            # It names the same indicator in another version of the superior's PK (amended since): match it.
            return next((i for i in by_agreement.get(superior.pk, []) if _same_indicator(i, supported)), None)
        return None

    def _support_gaps(self, measured, subordinates, by_agreement, nodes, who):
        """Superiors' indicators nothing below supports; superiors with no PK below them yet."""
        uppers = [a.position_id for a in measured.values() if a.position_id and a.position.superior_id is None]
        with_positions_below = set()
        if uppers:
            with_positions_below = set(
                Position.objects.filter(superior_id__in=uppers, is_active=True).values_list("superior_id", flat=True)
            )
        for agreement in measured.values():
            level = _level(agreement)
            if level == "lower":
                continue
            if subordinates.get(agreement.pk):
                for indicator in by_agreement.get(agreement.pk, []):
                    if not nodes[indicator.pk].children:
                        self._gap(NOT_SUPPORTED, agreement, who, indicator=indicator)
            elif level == "head" or agreement.position_id in with_positions_below:
                self._gap(NO_PK_BELOW, agreement, who)

    def _gap(self, kind, agreement, who, *, indicator=None, objective=None):
        messages = {
            SUPPORTS_NOTHING: _("supports no indicator of the superior's PK"),
            SUPPORTS_MISSING: _("supports an indicator that is not in the superior's PK measured against"),
            NOT_SUPPORTED: _("no indicator of a subordinate's PK supports it"),
            NO_PK_BELOW: _("no PK below this official yet")
            if agreement.position_id
            else _("no PK below this head yet"),
            NOT_LINKED: _("sasaran not linked to the RPJMD"),
        }
        item = indicator or objective
        self.gaps.append(
            Gap(
                kind=kind,
                message=messages[kind],
                agreement=agreement,
                indicator_id=indicator.pk if indicator else None,
                objective_id=objective.pk if objective else None,
                name=item.name if item else "",
                official=who.name(agreement),
                position=who.position(agreement),
            )
        )

    def _rpjmd_nodes(self, children: dict[int, list[Node]], *, show_all: bool) -> list[Node]:
        """The RPJMD sasaran with the heads' sasaran under them; for the whole city every sasaran of the RPJMD
        covering the year (those nobody points to show with no children), else only those pointed to."""
        if self.user.is_line_official:
            return []
        wanted = Q(pk__in=list(children))
        if show_all:
            period = "goal__mission__period__"
            wanted |= Q(**{f"{period}start_year__lte": self.year, f"{period}end_year__gte": self.year})
        targets = ObjectiveTarget.objects.filter(year=self.year)
        objectives = (
            Objective.objects.filter(wanted)
            .order_by("goal__mission__period__start_year", "goal__mission__number", "goal__code", "code", "pk")
            .prefetch_related(
                Prefetch("indicators", queryset=ObjectiveIndicator.objects.order_by("pk")),
                Prefetch("indicators__targets", queryset=targets, to_attr="year_targets"),
            )
        )
        result = []
        for objective in objectives:
            rows = []
            for indicator in objective.indicators.all():
                target = indicator.year_targets[0] if indicator.year_targets else None
                rows.append(
                    TargetRow(
                        id=indicator.pk,
                        name=indicator.name,
                        unit=indicator.unit,
                        target=_target(target.value, target.low, target.high) if target else None,
                        target_display=_target_display(target.value, target.low, target.high) if target else None,
                    )
                )
            members = sorted(children.get(objective.pk, []), key=lambda node: (node.agreement.department.code, node.id))
            result.append(
                Node(
                    kind=RPJMD_OBJECTIVE,
                    id=objective.pk,
                    name=f"{objective.code} {objective.text}".strip(),
                    indicators=rows,
                    children=members,
                )
            )
        return result
