"""The performance tree as data (apps/tree/selectors.py): its shape on a hand-built three-level cascade, the capaian
and colours of its nodes, the version each PK is measured against, the gaps, and what each role sees."""

import pytest
from django.http import Http404

from apps.accounts.models import Role
from apps.tree import selectors

from .factories import DepartmentFactory, OfficialFactory
from .factories_tree import YEAR, indicator, make_cascade, make_pk, make_position, make_rpjmd_objective, report

pytestmark = pytest.mark.django_db


def official_user(make_user, official, department):
    user = make_user(Role.OFFICIAL, department=department)
    official.user = user
    official.save()
    return user


def names(nodes):
    return [node.name for node in nodes]


def find(tree, kind, pk):
    return next(node for node in tree.walk() if node.kind == kind and node.id == pk)


@pytest.fixture
def cascade(department):
    return make_cascade(department)


def test_tree_runs_from_the_rpjmd_through_the_head_down_to_eselon_four(department, make_user, cascade):
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    (rpjmd,) = tree.nodes
    assert (rpjmd.kind, rpjmd.id) == ("rpjmd_objective", cascade["rpjmd"].pk)
    assert [(row.name, row.target, row.target_display) for row in rpjmd.indicators] == [("Indeks S1", "75.5", "75,5")]
    (sasaran,) = rpjmd.children
    assert (sasaran.kind, sasaran.name) == ("objective", "Meningkatnya mutu pendidikan")
    assert names(sasaran.children) == ["Angka Partisipasi Murni SD", "Indeks literasi"]
    h1, h2 = sasaran.children
    assert [(n.kind, n.id) for n in h1.children] == [("indicator", cascade["u1"].pk)]
    (u1,) = h1.children
    assert [n.id for n in u1.children] == [cascade["l1"].pk]
    assert h2.children == []
    # Who: the official and the position of each level.
    assert (u1.official, u1.position, u1.level) == ("Budi Santoso, S.Pd.", "Kepala Bidang Pendidikan Dasar", "upper")
    (l1,) = u1.children
    assert (l1.official, l1.position, l1.level) == ("Citra Lestari, S.Pd.", "Kepala Seksi Kurikulum", "lower")
    assert h1.level == "head" and h1.agreement == cascade["head_pk"] and h1.signed is True
    assert (l1.target, l1.target_display, l1.unit) == ("10", "10", "sekolah")
    # The head's sasaran with no RPJMD link, and the eselon IV indicator that supports nothing.
    assert [(n.name, names(n.children)) for n in tree.unlinked] == [("Tata kelola", ["Nilai SAKIP"])]
    assert [n.id for n in tree.unattached] == [cascade["l2"].pk]


def test_each_indicator_carries_its_capaian_and_predicate_colour(department, make_user, cascade):
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_STAFF), year=YEAR, department=department)

    figures = {
        name: (str(find(tree, "indicator", cascade[name].pk).capaian), find(tree, "indicator", cascade[name].pk).colour)
        for name in ("h1", "u1", "l1")
    }
    assert figures == {"h1": ("115.00", "green"), "u1": ("70.00", "amber"), "l1": ("40.00", "red")}
    h2 = find(tree, "indicator", cascade["h2"].pk)
    assert (h2.capaian, h2.predicate, h2.colour) == (None, None, None)  # not reported: missing, never 0
    assert find(tree, "indicator", cascade["u1"].pk).predicate.label == "Sedang"
    # The sasaran: the mean of its indicators' capped capaian (115 and nothing reported → 115).
    sasaran = tree.nodes[0].children[0]
    assert (str(sasaran.capaian), sasaran.colour) == ("115.00", "green")


def test_a_draft_report_does_not_count(department, make_user, cascade):
    report(cascade["h2"], "70", status="draft")
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)
    assert find(tree, "indicator", cascade["h2"].pk).capaian is None


def test_gaps_list_what_supports_nothing_what_nothing_supports_and_unlinked_sasaran(department, make_user, cascade):
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    gaps = {(gap.kind, gap.name) for gap in tree.gaps}
    assert gaps == {
        ("supports_nothing", "Seksi tanpa induk"),
        ("not_supported", "Indeks literasi"),
        ("not_supported", "Nilai SAKIP"),
        ("not_linked", "Tata kelola"),
    }
    # The eselon III's only indicator is supported from below: not a gap; the eselon IV has nobody below.
    assert not any(gap.indicator_id == cascade["u1"].pk for gap in tree.gaps)
    supports_nothing = next(gap for gap in tree.gaps if gap.kind == "supports_nothing")
    assert (supports_nothing.agreement, supports_nothing.official) == (cascade["lower_pk"], "Citra Lestari, S.Pd.")


def test_a_head_with_no_pk_below_is_said_once_not_per_indicator(department, make_user, english_messages):
    rpjmd = make_rpjmd_objective()
    make_pk(department, [{"name": "A", "target": 1}, {"name": "B", "target": 2}, {"name": "C", "target": 3}])
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    assert [(gap.kind, gap.message) for gap in tree.gaps if gap.kind != "not_linked"] == [
        ("no_pk_below", "no PK below this head yet")
    ]
    assert rpjmd.pk not in [node.id for node in tree.nodes]  # a department's tree shows only the sasaran it serves


def test_an_eselon_three_with_positions_below_but_no_pk_there_is_said_once(department, make_user):
    head_pk = make_pk(department, [{"name": "H", "target": 1}])
    upper = make_position(department, "Sekretaris")
    make_position(department, "Kepala Subbagian Umum", superior=upper)
    leaf = make_position(department, "Kepala UPT tanpa seksi")
    make_pk(
        department, [{"name": "U", "target": 1, "supports": head_pk.indicators.get()}], position=upper, superior=head_pk
    )
    make_pk(department, [{"name": "V", "target": 1}], position=leaf, superior=head_pk)

    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)
    below = [(gap.kind, gap.agreement.position) for gap in tree.gaps if gap.kind == "no_pk_below"]
    assert below == [("no_pk_below", upper)]  # the UPT head has no positions below: nothing is missing there
    assert ("supports_nothing", "V") in {(gap.kind, gap.name) for gap in tree.gaps}


def test_the_newest_signed_version_is_measured_and_an_unsigned_line_shows_its_newest_marked(department, make_user):
    signed = make_pk(department, [{"name": "APM", "target": 80}])
    make_pk(
        department, [{"name": "APM", "target": 90}], official=signed.official, version=2, previous=signed, signed=False
    )
    upper = make_position(department, "Kepala Bidang")
    draft_v1 = make_pk(
        department,
        [{"name": "U", "target": 1, "supports": signed.indicators.get()}],
        position=upper,
        superior=signed,
        signed=False,
    )
    draft_v2 = make_pk(
        department,
        [{"name": "U baru", "target": 2, "supports": signed.indicators.get()}],
        official=draft_v1.official,
        position=upper,
        superior=signed,
        version=2,
        previous=draft_v1,
        signed=False,
    )
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    apm = find(tree, "indicator", signed.indicators.get().pk)
    assert (apm.target, apm.signed) == ("80", True)
    (child,) = apm.children
    assert (child.name, child.agreement, child.signed) == ("U baru", draft_v2, False)
    assert {node.agreement.pk for node in tree.walk() if node.agreement} == {signed.pk, draft_v2.pk}


def test_an_indicator_supporting_an_older_version_of_the_superiors_pk_finds_its_amended_indicator(
    department, make_user
):
    old = make_pk(department, [{"name": "APM", "target": 80}])
    amended = make_pk(
        department,
        [{"name": "APM", "target": 85}, {"name": "Baru", "target": 1}],
        official=old.official,
        version=2,
        previous=old,
    )
    upper = make_position(department, "Kepala Bidang")
    make_pk(
        department,
        [{"name": "U", "target": 1, "supports": old.indicators.get()}, {"name": "W", "target": 1, "supports": None}],
        position=upper,
        superior=old,
    )
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    assert names(find(tree, "indicator", indicator(amended, "APM").pk).children) == ["U"]
    assert {(gap.kind, gap.name) for gap in tree.gaps} >= {("not_supported", "Baru"), ("supports_nothing", "W")}
    assert not any(node.agreement == old for node in tree.walk())


def test_an_indicator_naming_one_the_amendment_dropped_is_a_gap(department, make_user):
    old = make_pk(department, [{"name": "Lama", "target": 80}])
    make_pk(department, [{"name": "Baru", "target": 85}], official=old.official, version=2, previous=old)
    upper = make_position(department, "Kepala Bidang")
    make_pk(department, [{"name": "U", "target": 1, "supports": old.indicators.get()}], position=upper, superior=old)
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR, department=department)

    assert ("supports_missing", "U") in {(gap.kind, gap.name) for gap in tree.gaps}
    assert names(tree.unattached) == ["U"]


def test_an_eselon_three_official_sees_only_their_own_line(department, make_user, cascade):
    user = official_user(make_user, cascade["upper_official"], department)
    tree = selectors.tree_for(user, year=YEAR, department=department)

    (own,) = tree.nodes
    assert (own.kind, own.name, own.agreement) == ("objective", "Program pendidikan dasar", cascade["upper_pk"])
    assert [n.id for n in own.children] == [cascade["u1"].pk]
    assert [n.id for n in own.children[0].children] == [cascade["l1"].pk]
    seen = {node.agreement.pk for node in tree.walk() if node.agreement}
    assert seen == {cascade["upper_pk"].pk, cascade["lower_pk"].pk}  # never the head's PK
    assert tree.unlinked == [] and names(tree.unattached) == ["Seksi tanpa induk"]
    assert all(gap.agreement.pk != cascade["head_pk"].pk for gap in tree.gaps)


def test_an_eselon_four_official_sees_only_their_own_pk(department, make_user, cascade):
    user = official_user(make_user, cascade["lower_official"], department)
    tree = selectors.tree_for(user, year=YEAR, department=department)

    assert {node.agreement.pk for node in tree.walk() if node.agreement} == {cascade["lower_pk"].pk}
    assert names(tree.nodes[0].children) == ["Sekolah dengan data APM", "Seksi tanpa induk"]
    assert [(gap.kind, gap.name) for gap in tree.gaps] == [("supports_nothing", "Seksi tanpa induk")]


def test_an_official_with_no_pk_gets_an_empty_tree(department, make_user, cascade):
    user = official_user(make_user, OfficialFactory(), department)
    tree = selectors.tree_for(user, year=YEAR, department=department)
    assert tree.is_empty and tree.gaps == []


def test_the_whole_city_shows_every_rpjmd_sasaran_of_the_period_and_every_department(
    department, other_department, make_user, cascade
):
    lonely = make_rpjmd_objective(code="S2", text="Sasaran tanpa perangkat daerah")
    make_pk(other_department, [{"name": "Dinkes", "target": 1}])
    tree = selectors.tree_for(make_user(Role.MAYOR_OFFICE), year=YEAR)

    assert [node.id for node in tree.nodes] == [cascade["rpjmd"].pk, lonely.pk]
    assert tree.nodes[1].children == []
    assert names(tree.unlinked) == ["Tata kelola", "Sasaran"]  # Disdik (1.01) before Dinkes (1.02)
    filtered = selectors.tree_for(make_user(Role.BAPPEDA), year=YEAR, department=other_department)
    assert filtered.nodes == [] and names(filtered.unlinked) == ["Sasaran"]


def test_another_year_is_empty(department, make_user, cascade):
    tree = selectors.tree_for(make_user(Role.DEPARTMENT_HEAD), year=YEAR + 1, department=department)
    assert tree.is_empty and tree.gaps == []


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.OFFICIAL])
def test_a_department_role_cannot_scope_to_another_department(role, department, other_department, make_user):
    user = make_user(role)
    assert selectors.department_scope(user, None) == department
    assert selectors.department_scope(user, str(department.pk)) == department
    for value in (str(other_department.pk), "x", "99999999"):
        with pytest.raises(Http404):
            selectors.department_scope(user, value)


def test_a_citywide_role_may_scope_to_any_department_or_the_whole_city(other_department, make_user):
    user = make_user(Role.INSPECTORATE)
    assert selectors.department_scope(user, "") is None
    assert selectors.department_scope(user, str(other_department.pk)) == other_department
    for value in ("abc", "²", "9" * 40, str(DepartmentFactory().pk + 1000)):
        with pytest.raises(Http404):
            selectors.department_scope(user, value)
