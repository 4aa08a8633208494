"""The Indeks Inovasi Daerah of DOMAIN.md §6: the worked cases, the seeded schemes, the edges, the what-if figures and
properties that must hold for any input. Pure Python, no database."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.innovations.index import (
    BASIC_AFFAIR_CODES,
    Aspect,
    Category,
    Indicator,
    InnovationInput,
    Scheme,
    basic_affairs,
    gains,
    index_from_scores,
    innovation_score,
    region_score,
    regional_index,
)
from apps.innovations.schemes import (
    BASIC_AFFAIRS,
    BENEFIT_BASES,
    FORMS,
    INITIATORS,
    KINDS,
    SCHEMES,
    STAGES,
)

S2023, S2024, S2026 = SCHEMES[2023], SCHEMES[2024], SCHEMES[2026]
INNOVATION_CODES = [i.code for i in S2026.innovation_indicators]
REGION_CODES = [i.code for i in S2026.region_indicators]


def full(scheme, aspect, level=3):
    return {i.code: level for i in scheme.indicators if i.aspect == aspect}


# --- the worked cases of DOMAIN.md §6 -----------------------------------------------------------------------------
def test_2026_78_innovations_of_70_with_six_basic_affairs():
    result = index_from_scores(scheme=S2026, spd=45, innovation_scores=[70] * 78, basic_affairs_covered=6)
    assert result.sid_average == D("70.00")
    assert result.count_score == D("29.64")
    assert result.total == D("144.64")
    assert result.score == D("57.86")
    assert result.category == "inovatif"


def test_2026_the_same_with_four_basic_affairs_loses_the_count_score():
    result = index_from_scores(scheme=S2026, spd=45, innovation_scores=[70] * 78, basic_affairs_covered=4)
    assert result.count_score == 0
    assert result.total == D("115.00")
    assert result.score == D("46.00")
    assert result.category == "inovatif"


def test_2023_8_innovations_of_80_divides_by_k():
    result = index_from_scores(scheme=S2023, spd=40, innovation_scores=[80] * 8, basic_affairs_covered=0)
    assert result.divisor == 10
    assert result.sid_average == D("64.00")
    assert result.count_score == D("3.04")
    assert result.score == D("42.82")
    # Under the 2026 scheme the divisor is 12 (and 0 basic affairs lose the count score; with 6 it is 38,55).
    assert index_from_scores(scheme=S2026, spd=40, innovation_scores=[80] * 8, basic_affairs_covered=6).score == D(
        "38.55"
    )


def test_2024_kota_serang_self_assessment():
    # 78 innovations averaging 76,36 (integer scores, Σ 5956 = 76,359 × 78).
    scores = [77] * 28 + [76] * 50
    result = index_from_scores(scheme=S2024, spd=50, innovation_scores=scores, basic_affairs_covered=3)
    assert result.sid_average == D("76.36")
    assert result.score == D("62.40")
    assert result.category == "sangat_inovatif"
    assert result.category_label == "Sangat Inovatif"
    # The same figures under the 2026 scale are only "inovatif" (and need 5 basic affairs).
    assert index_from_scores(scheme=S2026, spd=50, innovation_scores=scores, basic_affairs_covered=6).category == (
        "inovatif"
    )


def levels_for(indicators, target):
    """Levels 0–3 whose Σ weight × level is exactly `target` (a depth-first search, heaviest indicator first)."""
    indicators = sorted(indicators, key=lambda i: -i.weight)

    def search(position, left):
        if left == 0:
            return {}
        if position == len(indicators) or left > sum(i.max_score for i in indicators[position:]):
            return None
        indicator = indicators[position]
        for level in range(min(3, int(left // indicator.weight)), -1, -1):
            rest = search(position + 1, left - indicator.weight * level)
            if rest is not None:
                return {indicator.code: level} | rest
        return None

    levels = search(0, D(target))
    assert levels is not None
    return levels


def levels_for_score(target):
    return levels_for(S2026.innovation_indicators, target)


def region_levels_for_score(target):
    return levels_for(S2026.region_indicators, target)


def test_worked_case_from_levels_and_affairs():
    innovations = [
        InnovationInput(key=n, levels=levels_for_score(70), affairs=frozenset({BASIC_AFFAIR_CODES[n % 6], "keuangan"}))
        for n in range(78)
    ]
    region = region_levels_for_score(45)
    result = regional_index(scheme=S2026, region_levels=region, innovations=innovations)
    assert result.spd == 45
    assert result.basic_affairs_covered == 6
    assert result.missing_basic_affairs == ()
    assert result.score == D("57.86")
    assert [s.score for s in result.innovations] == [70] * 78
    assert [s.key for s in result.innovations] == list(range(78))

    four = [
        InnovationInput(key=i.key, levels=i.levels, affairs=frozenset({BASIC_AFFAIR_CODES[n % 4]}))
        for n, i in enumerate(innovations)
    ]
    result = regional_index(scheme=S2026, region_levels=region, innovations=four)
    assert result.basic_affairs_covered == 4
    assert result.missing_basic_affairs == ("public_order", "social")
    assert result.score == D("46.00")


def test_everything_at_its_maximum_is_100():
    innovations = [InnovationInput(key=0, levels=full(S2026, Aspect.INNOVATION), affairs=frozenset(BASIC_AFFAIR_CODES))]
    result = regional_index(scheme=S2026, region_levels=full(S2026, Aspect.REGION), innovations=innovations * 200)
    assert (result.spd, result.sid_average, result.count_score, result.score) == (63, 111, 76, D("100.00"))
    assert result.category == "sangat_inovatif"


# --- the seeded schemes -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2023, 2024, 2026])
def test_seeded_weights(year):
    scheme = SCHEMES[year]
    assert scheme.year == year
    region = scheme.region_indicators
    assert sum(i.weight for i in region) == 21
    assert scheme.spd_max == 63
    assert sorted({i.number for i in region}) == list(range(1, 16))
    innovation = scheme.innovation_indicators
    assert [i.number for i in innovation] == list(range(16, 36))
    assert sum(i.weight for i in innovation) == 37
    assert scheme.innovation_max == 111
    assert scheme.count_max == 76
    assert scheme.spd_max + scheme.innovation_max + scheme.count_max == scheme.max_total == 250
    assert all(len(i.levels) == 3 and all(text.strip() for text in i.levels) for i in scheme.indicators)


def test_seeded_innovation_weights_are_those_of_domain():
    weights = {i.number: i.weight for i in S2026.innovation_indicators}
    assert weights == {
        16: 3, 17: 2, 18: 2, 19: 2, 20: 1, 21: 2, 22: 1, 23: 1, 24: 1, 25: 1,
        26: 1, 27: 1, 28: 2, 29: 1, 30: 2, 31: 3, 32: 2, 33: 3, 34: 2, 35: 4,
    }  # fmt: skip


def test_region_sub_parts():
    codes = [i.code for i in S2026.region_indicators]
    assert codes == [
        "1", "2a", "2b", "3", "4", "5a", "5b", "6", "7", "8", "9", "10a", "10b", "11a", "11b", "12", "13a", "13b",
        "14", "15",
    ]  # fmt: skip
    assert {c: S2026.indicator(c).weight for c in ("5a", "5b", "6", "12", "13a")} == {
        "5a": D("0.75"),
        "5b": D("0.75"),
        "6": D("1.5"),
        "12": 2,
        "13a": 1,
    }


@pytest.mark.parametrize(("year", "k", "m"), [(2023, 10, 0), (2024, 10, 0), (2026, 12, 5)])
def test_seeded_parameters(year, k, m):
    scheme = SCHEMES[year]
    assert (scheme.k, scheme.m, scheme.count_factor, scheme.count_cap, scheme.max_total) == (k, m, D("0.38"), 200, 250)


def test_code_lists():
    assert [c for c, _ in BASIC_AFFAIRS] == list(BASIC_AFFAIR_CODES)
    assert dict(BASIC_AFFAIRS)["health"] == "Kesehatan"
    assert [c for c, _ in STAGES] == ["inisiatif", "uji_coba", "penerapan"]
    assert [c for c, _ in INITIATORS] == ["kepala_daerah", "anggota_dprd", "perangkat_daerah", "asn", "masyarakat"]
    assert [c for c, _ in KINDS] == ["digital", "non_digital"]
    assert [c for c, _ in FORMS] == ["tata_kelola", "pelayanan_publik", "lainnya_sesuai_urusan"]
    assert [b for b, _, _ in BENEFIT_BASES] == list("abcdef")
    assert S2026.indicator(33).levels == BENEFIT_BASES[0][2]
    assert S2026.indicator("16").levels[2] == "Peraturan Daerah"


# --- categories ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "score", "category"),
    [
        (2023, "100.00", "sangat_inovatif"),
        (2023, "60.01", "sangat_inovatif"),
        (2023, "60.00", "inovatif"),
        (2023, "35.00", "inovatif"),
        (2023, "34.99", "kurang_inovatif"),
        (2023, "0.01", "kurang_inovatif"),
        (2023, "0.00", "tidak_dapat_dinilai"),
        (2024, "60.01", "sangat_inovatif"),
        (2024, "60.00", "inovatif"),
        (2024, "35.00", "inovatif"),
        (2024, "34.99", "kurang_inovatif"),
        (2024, "0", "tidak_dapat_dinilai"),
        (2026, "65.01", "sangat_inovatif"),
        (2026, "65.00", "inovatif"),
        (2026, "62.40", "inovatif"),
        (2026, "40.01", "inovatif"),
        (2026, "40.00", "kurang_inovatif"),
        (2026, "0.01", "kurang_inovatif"),
        (2026, "0.00", "tidak_dapat_dinilai"),
    ],
)
def test_category_boundaries(year, score, category):
    assert SCHEMES[year].category(D(score)).name == category


def test_category_of_the_rounded_score():
    # 56,2125 + 90 + 3,8 = 150,0125; / 250 × 100 = 60,005 → 60,01: sangat inovatif, although the exact value is
    # below 60,01.
    result = index_from_scores(scheme=S2023, spd=D("56.2125"), innovation_scores=[90] * 10, basic_affairs_covered=0)
    assert result.score == D("60.01")
    assert result.category == "sangat_inovatif"


def test_nothing_entered_cannot_be_assessed():
    result = regional_index(scheme=S2026, region_levels={}, innovations=[])
    assert (result.innovation_count, result.spd, result.sid_average, result.count_score, result.score) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert result.category == "tidak_dapat_dinilai"
    assert result.missing_basic_affairs == BASIC_AFFAIR_CODES


def test_category_order_does_not_matter_and_none_when_nothing_admits():
    scheme = Scheme(
        year=2030, k=1, m=0, count_factor=D(0), count_cap=0, max_total=D(10), indicators=[],
        categories=[Category("low", D(0), inclusive=False), Category("high", D(50))],
    )  # fmt: skip
    assert scheme.category(D(50)).name == "high"
    assert scheme.category(D("0.01")).name == "low"
    assert scheme.category(D(0)) is None
    assert regional_index(scheme=scheme, region_levels={}, innovations=[]).category is None


# --- n < k, the count cap, the basic affairs ----------------------------------------------------------------------
def test_while_n_below_k_each_innovation_fills_a_seat():
    three = index_from_scores(scheme=S2026, spd=0, innovation_scores=[60] * 3, basic_affairs_covered=6)
    assert three.divisor == 12
    assert three.sid_average == D("15.00")  # 180 / 12, not 60
    twelve = index_from_scores(scheme=S2026, spd=0, innovation_scores=[60] * 12, basic_affairs_covered=6)
    assert twelve.sid_average == 60
    thirteen = index_from_scores(scheme=S2026, spd=0, innovation_scores=[60] * 13, basic_affairs_covered=6)
    assert (thirteen.divisor, thirteen.sid_average) == (13, 60)


def test_count_score_is_capped_at_200_innovations():
    at_cap = index_from_scores(scheme=S2024, spd=0, innovation_scores=[50] * 200, basic_affairs_covered=0)
    above = index_from_scores(scheme=S2024, spd=0, innovation_scores=[50] * 250, basic_affairs_covered=0)
    assert at_cap.count_score == above.count_score == 76
    assert at_cap.score == above.score == D("50.40")  # (50 + 76) / 250


@pytest.mark.parametrize(("covered", "count"), [(0, 0), (4, 0), (5, D("3.80")), (6, D("3.80"))])
def test_2026_needs_five_basic_affairs(covered, count):
    result = index_from_scores(scheme=S2026, spd=0, innovation_scores=[10] * 10, basic_affairs_covered=covered)
    assert result.count_score == count


def test_basic_affairs_ignore_other_affairs():
    innovations = [
        InnovationInput(key=1, affairs=frozenset({"social", "keuangan"})),
        InnovationInput(key=2, affairs=frozenset({"education", "social"})),
    ]
    assert basic_affairs(innovations=innovations) == ("education", "social")


# --- levels and validation ----------------------------------------------------------------------------------------
def test_scores_from_levels():
    assert innovation_score(scheme=S2026, levels={16: 3, "35": 2, "33": None, 20: 0}) == 9 + 8
    assert region_score(scheme=S2026, levels={"5a": 3, "5b": 1, "12": 2}) == D("2.25") + D("0.75") + 4
    assert innovation_score(scheme=S2026, levels=full(S2026, Aspect.INNOVATION)) == 111
    assert region_score(scheme=S2026, levels=full(S2026, Aspect.REGION)) == 63


@pytest.mark.parametrize(
    ("levels", "error"),
    [
        ({16: 4}, ValueError),
        ({16: -1}, ValueError),
        ({16: 2.0}, TypeError),
        ({16: True}, TypeError),
        ({"5a": 1}, ValueError),  # a region indicator among innovation levels
        ({"36": 1}, ValueError),
    ],
)
def test_bad_innovation_levels_are_refused(levels, error):
    with pytest.raises(error):
        innovation_score(scheme=S2026, levels=levels)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        region_score(scheme=S2026, levels={5: 3})  # 5 has sub-parts: 5a and 5b
    with pytest.raises(TypeError):
        index_from_scores(scheme=S2026, spd=45.0, innovation_scores=[], basic_affairs_covered=0)
    with pytest.raises(ValueError):
        index_from_scores(scheme=S2026, spd=45, innovation_scores=[], basic_affairs_covered=7)
    with pytest.raises(KeyError):
        S2026.indicator("99")


@pytest.mark.parametrize(
    "changes",
    [
        {"k": 0},
        {"m": 7},
        {"max_total": D(0)},
        {"categories": []},
        {"indicators": [Indicator(1, Aspect.REGION, D(1), ("a", "b", "c"))] * 2},
    ],
)
def test_bad_schemes_are_refused(changes):
    fields = {
        "year": 2030, "k": 10, "m": 0, "count_factor": D("0.38"), "count_cap": 200, "max_total": D(250),
        "indicators": [], "categories": [Category("any", D(0))],
    }  # fmt: skip
    with pytest.raises(ValueError):
        Scheme(**(fields | changes))


def test_bad_indicators_are_refused():
    with pytest.raises(ValueError):
        Indicator(1, Aspect.REGION, D(1), ("a", "b"))
    with pytest.raises(ValueError):
        Indicator(1, Aspect.REGION, D(0), ("a", "b", "c"))
    with pytest.raises(ValueError):
        Indicator(1, Aspect.REGION, D(1), ("a", "b", "c"), part="A")
    with pytest.raises(TypeError):
        Indicator(1, Aspect.REGION, 0.75, ("a", "b", "c"))
    assert Indicator(2, "region", D(1), ["a", "b", "c"], part="b").code == "2b"


# --- what-if ------------------------------------------------------------------------------------------------------
def test_gains_rank_indicators_by_points():
    innovations = [
        InnovationInput(key="a", levels=full(S2026, Aspect.INNOVATION) | {"35": 0, "20": 2}),
        InnovationInput(key="b", levels=full(S2026, Aspect.INNOVATION) | {"16": 1}),
    ]
    region = full(S2026, Aspect.REGION) | {"12": 1}
    result = gains(scheme=S2026, region_levels=region, innovations=innovations)
    top = [(g.innovation, g.code, g.level, g.score_gain, g.points) for g in result.indicators]
    # Region 12: 2 × 2 = 4 points of SPD → 1,6; innovation "a" video: 4 × 3 / 12 = 1 → 0,4; "b" regulation 6 / 12.
    assert top == [
        (None, "12", 1, 4, D("1.6000")),
        ("a", "35", 0, 12, D("0.4000")),
        ("b", "16", 1, 6, D("0.2000")),
        ("a", "20", 2, 1, D("0.0333")),
    ]


def test_gains_match_recomputing_the_index():
    innovations = [
        InnovationInput(key=n, levels=levels_for_score(40 + n), affairs=frozenset(BASIC_AFFAIR_CODES[:4]))
        for n in range(15)
    ]
    region = region_levels_for_score(30)
    now = regional_index(scheme=S2026, region_levels=region, innovations=innovations).score
    result = gains(scheme=S2026, region_levels=region, innovations=innovations)
    points = [g.points for g in result.indicators]
    assert points == sorted(points, reverse=True)
    assert len(result.indicators) == sum(1 for c in REGION_CODES if region.get(c, 0) < 3) + sum(
        1 for i in innovations for c in INNOVATION_CODES if i.levels.get(c, 0) < 3
    )
    best = result.indicators[0]
    raised = [
        InnovationInput(key=i.key, levels=i.levels | {best.code: 3}, affairs=i.affairs)
        if i.key == best.innovation
        else i
        for i in innovations
    ]
    new_region = region | {best.code: 3} if best.innovation is None else region
    after = regional_index(scheme=S2026, region_levels=new_region, innovations=raised).score
    assert abs(after - now - best.points) <= D("0.01")

    # Four basic affairs of the five needed: one more is worth nothing, unlocking (two more) is worth 15 × 0,38.
    assert result.affairs_needed == 1
    assert [a.affair for a in result.affairs] == ["public_order", "social"]
    assert all(a.points == D("2.2800") for a in result.affairs)  # 15 × 0,38 / 250 × 100
    assert result.unlock_points == D("2.2800")


def test_gains_of_one_more_innovation():
    # n < k: the new innovation fills a seat (70 / 12 + 0,38) / 250 × 100.
    eight = [
        InnovationInput(key=n, levels=levels_for_score(70), affairs=frozenset(BASIC_AFFAIR_CODES)) for n in range(8)
    ]
    result = gains(scheme=S2026, region_levels={}, innovations=eight, extra_score=70)
    assert result.extra_innovation == D("2.4853")
    assert result.extra_score == 70
    assert result.affairs == ()
    assert result.affairs_needed == 0
    assert result.unlock_points == 0
    # n ≥ k: an innovation at the average adds only the count score 0,38 → 0,152 points; the default is the average.
    many = [
        InnovationInput(key=n, levels=levels_for_score(70), affairs=frozenset(BASIC_AFFAIR_CODES)) for n in range(20)
    ]
    result = gains(scheme=S2026, region_levels={}, innovations=many)
    assert result.extra_score == 70
    assert result.extra_innovation == D("0.1520")


def test_gains_with_nothing_entered():
    result = gains(scheme=S2023, region_levels={}, innovations=[], extra_score=111)
    assert len(result.indicators) == len(REGION_CODES)
    assert result.indicators[0].code == "12"  # the heaviest region weight
    assert result.extra_innovation == D("4.5920")  # (111 / 10 + 0,38) / 250 × 100
    assert len(result.affairs) == 6
    assert all(a.points == 0 for a in result.affairs)  # m = 0 in 2023


# --- properties ---------------------------------------------------------------------------------------------------
levels_strategy = st.dictionaries(st.sampled_from(INNOVATION_CODES), st.integers(0, 3))
region_strategy = st.dictionaries(st.sampled_from(REGION_CODES), st.integers(0, 3))
affairs_strategy = st.frozensets(st.sampled_from(BASIC_AFFAIR_CODES), max_size=3)
innovations_strategy = st.lists(st.tuples(levels_strategy, affairs_strategy), max_size=25).map(
    lambda rows: [InnovationInput(key=n, levels=levels, affairs=affairs) for n, (levels, affairs) in enumerate(rows)]
)
schemes_strategy = st.sampled_from([S2023, S2024, S2026])


@settings(max_examples=150, deadline=None)
@given(schemes_strategy, region_strategy, innovations_strategy)
def test_index_is_between_0_and_100(scheme, region, innovations):
    result = regional_index(scheme=scheme, region_levels=region, innovations=innovations)
    assert 0 <= result.score <= 100
    assert result.score == result.score.quantize(D("0.01"))
    assert scheme.category(result.score).name == result.category
    assert 0 <= result.basic_affairs_covered <= 6


@settings(max_examples=150, deadline=None)
@given(schemes_strategy, region_strategy, innovations_strategy, st.data())
def test_raising_a_level_never_lowers_the_index(scheme, region, innovations, data):
    before = regional_index(scheme=scheme, region_levels=region, innovations=innovations).score
    if innovations and data.draw(st.booleans()):
        n = data.draw(st.integers(0, len(innovations) - 1))
        code = data.draw(st.sampled_from(INNOVATION_CODES))
        target = innovations[n]
        level = data.draw(st.integers(target.levels.get(code, 0), 3))
        innovations = [*innovations]
        innovations[n] = InnovationInput(key=target.key, levels=target.levels | {code: level}, affairs=target.affairs)
    else:
        code = data.draw(st.sampled_from(REGION_CODES))
        region = region | {code: data.draw(st.integers(region.get(code, 0), 3))}
    assert regional_index(scheme=scheme, region_levels=region, innovations=innovations).score >= before


@settings(max_examples=150, deadline=None)
@given(schemes_strategy, st.lists(st.integers(0, 111), max_size=40), st.integers(0, 6), st.data())
def test_adding_an_innovation_at_or_above_the_average_never_lowers_sid(scheme, scores, covered, data):
    before = index_from_scores(scheme=scheme, spd=0, innovation_scores=scores, basic_affairs_covered=covered)
    n = len(scores)
    # At or above the average when n ≥ k; while n < k any innovation fills an empty seat of the divisor.
    lowest = -(-sum(scores) // n) if n >= scheme.k else 0
    extra = data.draw(st.integers(lowest, 111))
    after = index_from_scores(scheme=scheme, spd=0, innovation_scores=[*scores, extra], basic_affairs_covered=covered)
    assert after.sid >= before.sid
    assert after.score >= before.score


@settings(max_examples=100, deadline=None)
@given(schemes_strategy, st.lists(st.integers(0, 111), max_size=30), st.integers(0, 5))
def test_covering_more_basic_affairs_never_lowers_the_index(scheme, scores, covered):
    fewer = index_from_scores(scheme=scheme, spd=0, innovation_scores=scores, basic_affairs_covered=covered)
    more = index_from_scores(scheme=scheme, spd=0, innovation_scores=scores, basic_affairs_covered=covered + 1)
    assert more.score >= fewer.score


@settings(max_examples=60, deadline=None)
@given(schemes_strategy, region_strategy, innovations_strategy)
def test_gains_are_sorted_and_never_negative(scheme, region, innovations):
    result = gains(scheme=scheme, region_levels=region, innovations=innovations)
    points = [g.points for g in result.indicators]
    assert all(p >= 0 for p in points)
    assert points == sorted(points, reverse=True)
    assert all(g.level < 3 for g in result.indicators)
    assert result.extra_innovation >= 0
