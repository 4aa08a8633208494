"""A hand-built cascade for the performance-tree tests: an RPJMD sasaran, a department's Renstra sasaran pointing to
it, the head's PK, eselon III and IV positions with their officials' PKs (each indicator naming the one it supports)
and realisasi reports, all made with the ORM directly (no drafting service, no workflow)."""

import datetime
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective
from apps.departments.models import Position, PositionAssignment
from apps.plans.models import (
    Goal,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
)

from .factories import OfficialFactory, UserFactory
from .factories_scores import make_report

YEAR = 2026


def make_rpjmd_objective(*, year=YEAR, code="S1", text="Meningkatnya kualitas sumber daya manusia") -> Objective:
    """An RPJMD sasaran of the period covering `year`, with one indicator and its target for the year."""
    period = RpjmdPeriod.objects.filter(start_year=year - 1).first() or RpjmdPeriod.objects.create(
        start_year=year - 1, end_year=year + 3, vision="Banjarbaru maju, sejahtera dan berkelanjutan"
    )
    mission = Mission.objects.get_or_create(period=period, number=1, defaults={"text": "Misi pertama"})[0]
    goal = Goal.objects.get_or_create(mission=mission, code="T1", defaults={"text": "Tujuan RPJMD"})[0]
    objective = Objective.objects.create(goal=goal, code=code, text=text)
    indicator = ObjectiveIndicator.objects.create(objective=objective, name=f"Indeks {code}", unit="poin")
    ObjectiveTarget.objects.create(indicator=indicator, year=year, value=Decimal("75.5"))
    return objective


def make_strategic_objective(department, rpjmd_objective, *, code="SS1") -> StrategicObjective:
    period = rpjmd_objective.goal.mission.period
    renstra = Renstra.objects.get_or_create(department=department, period=period)[0]
    goal = RenstraGoal.objects.get_or_create(renstra=renstra, code="T1", defaults={"text": "Tujuan Renstra"})[0]
    return StrategicObjective.objects.create(
        goal=goal, code=code, text=f"Sasaran strategis {code}", rpjmd_objective=rpjmd_objective
    )


def make_position(department, name, *, superior=None, official=None, user=None) -> Position:
    """A position (eselon III without a superior, eselon IV under one) held by `official` since 2024."""
    position = Position.objects.create(
        department=department,
        name=name,
        kind="kepala_bidang" if superior is None else "kepala_seksi",
        echelon="III.b" if superior is None else "IV.a",
        superior=superior,
    )
    if official is not None:
        PositionAssignment.objects.create(
            official=official,
            position=position,
            start_date=datetime.date(2024, 1, 2),
            sk_number=f"821.2/{position.pk:03d}/BKPSDM/2024",
            sk_date=datetime.date(2023, 12, 28),
        )
    return position


def make_pk(
    department,
    indicators,
    *,
    year=YEAR,
    official=None,
    position=None,
    superior=None,
    plan_objective=None,
    objective_name="Sasaran",
    signed=True,
    version=1,
    previous=None,
) -> Agreement:
    """A PK with one sasaran and the given indicators: dicts with `name`, `target` or `band`, optional `supports`
    (an AgreementIndicator), `polarity`, `unit`, `plan_indicator`. A head's PK without `position`; a cascaded PK
    with `position` and `superior` (the superior's PK)."""
    agreement = Agreement.all_levels.create(
        department=department,
        official=official or OfficialFactory(),
        position=position,
        superior_agreement=superior,
        year=year,
        version=version,
        previous=previous,
        amendment_reason="program_change" if previous else "",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    objective = AgreementObjective.objects.create(
        agreement=agreement, order=1, name=objective_name, plan_objective=plan_objective
    )
    for order, spec in enumerate(indicators, start=1):
        low, high = spec.get("band") or (None, None)
        AgreementIndicator.objects.create(
            agreement=agreement,
            objective=objective,
            order=order,
            name=spec["name"],
            unit=spec.get("unit", "%"),
            polarity=spec.get("polarity", "positive"),
            aggregation=spec.get("aggregation", "last"),
            target=None if spec.get("target") is None else Decimal(str(spec["target"])),
            target_low=None if low is None else Decimal(str(low)),
            target_high=None if high is None else Decimal(str(high)),
            supports=spec.get("supports"),
            plan_indicator=spec.get("plan_indicator"),
        )
    if signed:
        sign(agreement)
    return agreement


def sign(agreement) -> Agreement:
    """Signed on 31 January of its year (no snapshot, no document: the tree reads the live names)."""
    Agreement.all_levels.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(agreement.year, 1, 31))
    agreement.refresh_from_db()
    return agreement


def indicator(agreement, name) -> AgreementIndicator:
    return agreement.indicators.get(name=name)


def report(indicator, actual, *, quarter=1, **kwargs):
    return make_report(indicator, quarter, actual, **kwargs)


def make_cascade(
    department, *, year=YEAR, head=None, upper_official=None, lower_official=None, rpjmd_code="S1"
) -> dict:
    """The example of the tests, three levels deep:

    RPJMD S1 ← head's sasaran "Meningkatnya mutu pendidikan" (linked through SS1):
        H1 "Angka Partisipasi Murni SD" (target 80, realisasi 92 → 115,00 green)
            U1 "APM SD negeri" (Kepala Bidang Pendidikan Dasar; target 80, realisasi 56 → 70,00 amber)
                L1 "Sekolah dengan data APM" (Kepala Seksi Kurikulum; target 10, realisasi 4 → 40,00 red)
                L2 "Seksi tanpa induk" (supports nothing)
        H2 "Indeks literasi" (no one below supports it; not reported)
    and a second head sasaran "Tata kelola" with no RPJMD link, with H3 "Nilai SAKIP".
    """
    rpjmd = make_rpjmd_objective(year=year, code=rpjmd_code)
    strategic = make_strategic_objective(department, rpjmd)
    head_pk = make_pk(
        department,
        [{"name": "Angka Partisipasi Murni SD", "target": 80}, {"name": "Indeks literasi", "target": "71.25"}],
        year=year,
        official=head,
        plan_objective=strategic,
        objective_name="Meningkatnya mutu pendidikan",
        signed=False,
    )
    unlinked = AgreementObjective.objects.create(agreement=head_pk, order=2, name="Tata kelola")
    AgreementIndicator.objects.create(
        agreement=head_pk,
        objective=unlinked,
        order=1,
        name="Nilai SAKIP",
        unit="poin",
        polarity="positive",
        aggregation="last",
        target=Decimal(70),
    )
    sign(head_pk)
    h1 = indicator(head_pk, "Angka Partisipasi Murni SD")
    upper_official = upper_official or OfficialFactory(name="Budi Santoso, S.Pd.", echelon="III.b", rank="IV/a")
    lower_official = lower_official or OfficialFactory(name="Citra Lestari, S.Pd.", echelon="IV.a", rank="III/d")
    upper_position = make_position(department, "Kepala Bidang Pendidikan Dasar", official=upper_official)
    lower_position = make_position(
        department, "Kepala Seksi Kurikulum", superior=upper_position, official=lower_official
    )
    upper_pk = make_pk(
        department,
        [{"name": "APM SD negeri", "target": 80, "supports": h1}],
        year=year,
        official=upper_official,
        position=upper_position,
        superior=head_pk,
        objective_name="Program pendidikan dasar",
    )
    u1 = indicator(upper_pk, "APM SD negeri")
    lower_pk = make_pk(
        department,
        [
            {"name": "Sekolah dengan data APM", "target": 10, "unit": "sekolah", "supports": u1},
            {"name": "Seksi tanpa induk", "target": 5, "unit": "dokumen"},
        ],
        year=year,
        official=lower_official,
        position=lower_position,
        superior=upper_pk,
        objective_name="Kegiatan kurikulum",
    )
    l1 = indicator(lower_pk, "Sekolah dengan data APM")
    report(h1, "92")
    report(u1, "56")
    report(l1, "4")
    return {
        "rpjmd": rpjmd,
        "head_pk": head_pk,
        "upper_pk": upper_pk,
        "lower_pk": lower_pk,
        "upper_position": upper_position,
        "lower_position": lower_position,
        "upper_official": upper_official,
        "lower_official": lower_official,
        "h1": h1,
        "h2": indicator(head_pk, "Indeks literasi"),
        "h3": indicator(head_pk, "Nilai SAKIP"),
        "u1": u1,
        "l1": l1,
        "l2": indicator(lower_pk, "Seksi tanpa induk"),
    }
