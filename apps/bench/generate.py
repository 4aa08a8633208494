"""`manage.py generate_scale --size S|M|L`: a fresh database filled at city scale and beyond (issue 11).

S is the demo (`load_demo`). M is a large city: 60 departments, 10 years (this year and the nine before), 40
indicators per PK, every ended quarter reported with one evidence record, 2,000 innovations, 300 users. L is ten
times M in rows (600 departments, 20,000 innovations, 3,000 users: a province hosting its cities' data). XS (and
any size given by its numbers) is for the tests.

The rows are what the services would have written, written in bulk: small tables with `bulk_create`, large ones
with COPY (apps/bench/copy.py), in one transaction, every constraint and trigger in force (pghistory records every
row). A signed PK is inserted with status `signed` after its sasaran, indicators and programs (the frozen trigger
finds no signed parent yet; the deferred foreign keys are checked at the commit), and a verified report after its
evidence, in the same way. Every evidence record points to one small shared PDF in the media storage.

What the pages need to show something at every size: every department's PK of every year signed (this year some
still in draft, submitted, returned or approved; a few years amended once), every ended quarter reported (verified;
this year's last ended quarter partly submitted — Bappeda's queue —, partly draft, some late), the departments
performing at different levels (so the flag job finds heads to flag), innovations from 2023 (the first IID scheme)
with their claimed and verified levels, and the region's indicators of those years.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
import uuid
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.agreements.models import (
    Agreement,
    AgreementIndicator,
    AgreementObjective,
    AgreementProgram,
    AgreementStatus,
    AmendmentReason,
)
from apps.departments.models import Assignment, Department, DepartmentKind, Echelon, Official, Rank, Region
from apps.innovations.affairs import AFFAIRS
from apps.innovations.models import (
    Aspect,
    Form,
    Initiator,
    Innovation,
    InnovationIndicator,
    InnovationStatus,
    Kind,
    RegionIndicator,
    SchemeIndicator,
    Stage,
)
from apps.plans.models import (
    Activity,
    Aggregation,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Polarity,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)
from apps.progress.models import BudgetRealisation, Evidence, ProgressReport, ProgressReview, ReportStatus

from .copy import Table

D = Decimal
BENCH_PASSWORD = "kinerja-bench-2026"  # noqa: S105 - the published password of the generated accounts
FIRST_SCHEME_YEAR = 2023
EVIDENCE_NAME = "progress/evidence/bench/bukti-dukung.pdf"
# The share of the target a department reaches, by its place (repeating): every predicate appears.
LEVELS = [D("1.04"), D("0.96"), D("0.88"), D("0.93"), D("0.70"), D("1.00"), D("0.82"), D("0.57"), D("0.97"), D("0.42")]
SUM_SHARES = (D("0.20"), D("0.25"), D("0.25"), D("0.30"))
LAST_STEPS = (D("0.85"), D("0.90"), D("0.95"), D("1"))
AVERAGE_STEPS = (D("0.98"), D("1.02"), D("0.99"), D("1.01"))
BUDGET_SHARES = (D("0.17"), D("0.22"), D("0.25"), D("0.27"))
CENT = D("0.01")
# This year's PK of the n-th department (n % 12); the rest are signed.
THIS_YEAR_STATES = {
    1: AgreementStatus.DRAFT,
    2: AgreementStatus.SUBMITTED,
    3: AgreementStatus.RETURNED,
    4: AgreementStatus.APPROVED,
}
# This year's last ended quarter of the n-th department (n % 10): the rest are verified.
LATEST_QUARTER = {
    0: ReportStatus.SUBMITTED,
    1: ReportStatus.SUBMITTED,
    2: ReportStatus.SUBMITTED,
    3: ReportStatus.DRAFT,
    4: "late",
}


@dataclass(frozen=True)
class Scale:
    name: str
    departments: int
    years: int
    objectives: int  # per PK (and per Renstra)
    indicators_per_objective: int
    innovations: int
    users: int

    @property
    def indicators(self) -> int:
        return self.objectives * self.indicators_per_objective


SIZES = {
    "XS": Scale("XS", departments=3, years=2, objectives=2, indicators_per_objective=2, innovations=6, users=12),
    "M": Scale("M", departments=60, years=10, objectives=8, indicators_per_objective=5, innovations=2000, users=300),
    "L": Scale("L", departments=600, years=10, objectives=8, indicators_per_objective=5, innovations=20000, users=3000),
}


def scale_for(size: str, **overrides) -> Scale:
    scale = SIZES[size]
    overrides = {key: value for key, value in overrides.items() if value is not None}
    return replace(scale, **overrides) if overrides else scale


def evidence_pdf() -> bytes:
    """A small valid one-page PDF (the shared evidence file)."""
    from apps.innovations.demo import evidence_pdf as demo_pdf

    return demo_pdf("Bukti dukung realisasi")


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def quarter_end(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter, 30 if quarter in (2, 3) else 31)


class Generator:
    def __init__(self, scale: Scale, *, stdout=None, today: datetime.date | None = None):
        self.scale = scale
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.years = list(range(self.today.year - scale.years + 1, self.today.year + 1))
        self.current_quarter = (self.today.month - 1) // 3 + 1
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.tables: dict[type, Table] = {}

    # --- helpers ---------------------------------------------------------------------------------------------------
    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def step(self, name: str, function) -> None:
        started = time.perf_counter()
        function()
        self.timings[name] = round(time.perf_counter() - started, 2)
        self.log(f"  {name}: {self.timings[name]:.2f} s")

    def table(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, self.now)
        return self.tables[model]

    def finish_tables(self, *models) -> None:
        for model in models:
            table = self.tables.pop(model)
            self.counts[model.__name__] = self.counts.get(model.__name__, 0) + table.finish()

    def run(self) -> dict:
        started = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                # The trigger and foreign-key checks are planned once per session; planned while the tables are
                # still empty they would scan them whole for every row (quadratic). Plan each with its values.
                cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
                # Every row trigger asks for the pghistory context and pgtrigger's ignore list with CURRENT_SETTING in
                # a BEGIN … EXCEPTION block: unset, each row costs a subtransaction, and a million of them in one
                # transaction grow quadratically (20,000 rows: 14 s, the next 20,000: 25 s…). Set both: the rows'
                # history then names this command as its source, and the cost stays linear.
                cursor.execute(
                    "SELECT set_config('pghistory.context_id', %s, true),"
                    " set_config('pghistory.context_metadata', %s, true), set_config('pgtrigger.ignore', '{}', true)",
                    [str(uuid.uuid4()), json.dumps({"url": "command:generate_scale", "user": None})],
                )
            self.step("organisation and accounts", self.organisation)
            self.step("plans (RPJMD, Renstra)", self.plans)
            self.step("Perjanjian Kinerja", self.agreements)
            self.step("realisasi and evidence", self.progress)
            self.step("innovations", self.innovations)
            self.step("commit", lambda: None)
        started_analyze = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.timings["analyze"] = round(time.perf_counter() - started_analyze, 2)
        self.timings["total"] = round(time.perf_counter() - started, 2)
        return {"timings": self.timings, "counts": self.counts}

    # --- organisation ----------------------------------------------------------------------------------------------
    def organisation(self) -> None:
        scale = self.scale
        Region.objects.update_or_create(
            pk=1,
            defaults={
                "name": "Pemerintah Kota Uji Skala",
                "seat": "Uji Skala",
                "code": "63.99",
                "head_title": "Wali Kota",
                "head_name": "H. Bench Marking, S.T., M.M.",
                "time_zone": "Asia/Makassar",
            },
        )
        kinds = [DepartmentKind.DINAS] * 6 + [DepartmentKind.BADAN, DepartmentKind.KECAMATAN, DepartmentKind.OTHER]
        departments = [
            Department(
                code="5.01.0.00.0.00.01.0000" if i == 0 else f"9.{i // 100:02d}.0.00.0.00.{i % 100:02d}.0000",
                name="Badan Perencanaan Pembangunan Daerah" if i == 0 else f"Dinas Uji Skala {i:04d}",
                short_name="Bappeda" if i == 0 else f"DUS-{i:04d}",
                kind=DepartmentKind.BADAN if i == 0 else kinds[i % len(kinds)],
            )
            for i in range(scale.departments)
        ]
        self.departments = Department.objects.bulk_create(departments)
        # Two heads per department: the change is at the start of the middle year (a new RPJMD period).
        self.change_year = self.years[len(self.years) // 2] if len(self.years) > 1 else self.years[0]
        officials = []
        for i in range(2 * scale.departments):
            birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=7 * i)
            tmt = (birth.year + 25, 3)
            sex = 1 + i % 2
            officials.append(
                Official(
                    nip=f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{sex}{i % 1000:03d}",
                    name=f"{'H.' if sex == 1 else 'Hj.'} Pejabat Uji {i:05d}, S.E., M.Si.",
                    rank=[Rank.IV_A, Rank.IV_B, Rank.IV_C][i % 3],
                    echelon=Echelon.II_B,
                )
            )
        officials = Official.objects.bulk_create(officials)
        self.old_heads = officials[0::2]
        self.new_heads = officials[1::2]
        assignments = []
        for department, old, new in zip(self.departments, self.old_heads, self.new_heads, strict=True):
            first = datetime.date(self.years[0] - 1, 12, 2)
            change = datetime.date(self.change_year, 1, 2)
            assignments.append(
                Assignment(
                    official=old,
                    department=department,
                    position_title=f"Kepala {department.name}",
                    start_date=first,
                    end_date=change - datetime.timedelta(days=2),
                    sk_number=f"821.2/{department.pk:04d}/BKPSDM/{first.year}",
                    sk_date=first - datetime.timedelta(days=5),
                )
            )
            assignments.append(
                Assignment(
                    official=new,
                    department=department,
                    position_title=f"Kepala {department.name}",
                    start_date=change,
                    sk_number=f"821.2/{department.pk:04d}/BKPSDM/{change.year}",
                    sk_date=change - datetime.timedelta(days=5),
                )
            )
        Assignment.objects.bulk_create(assignments)

        password = make_password(BENCH_PASSWORD)  # one hash for all: hashing is slow on purpose
        bappeda = self.departments[0]
        users = [User(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True, first_name="Admin")]
        mayor = max(2, scale.users // 30)
        planners = max(1, scale.users // 30)
        inspectors = max(1, scale.users // 100)
        users += [User(username=f"walikota-{n:03d}", role=Role.MAYOR_OFFICE, first_name="Kantor") for n in range(mayor)]
        users += [
            User(username=f"bappeda-{n:03d}", role=Role.BAPPEDA, department=bappeda, first_name="Perencana")
            for n in range(planners)
        ]
        users += [User(username=f"inspektorat-{n:03d}", role=Role.INSPECTORATE) for n in range(inspectors)]
        users += [
            User(username=f"kepala-{i:04d}", role=Role.DEPARTMENT_HEAD, department=department, first_name="Kepala")
            for i, department in enumerate(self.departments)
        ]
        staff = max(0, scale.users - len(users))
        users += [
            User(
                username=f"staf-{n:05d}",
                role=Role.DEPARTMENT_STAFF,
                department=self.departments[n % len(self.departments)],
                first_name="Staf",
            )
            for n in range(staff)
        ]
        for user in users:
            user.password = password
            user.email = f"{user.username}@ujiskala.go.id"
        users = User.objects.bulk_create(users)
        self.mayor_users = [u for u in users if u.role == Role.MAYOR_OFFICE]
        self.bappeda_users = [u for u in users if u.role == Role.BAPPEDA]
        self.head_users = [u for u in users if u.role == Role.DEPARTMENT_HEAD]
        for official, user in zip(self.new_heads, self.head_users, strict=True):
            official.user = user
        Official.objects.bulk_update(self.new_heads, ["user"])
        self.counts.update(
            Department=len(self.departments), Official=len(officials), Assignment=len(assignments), User=len(users)
        )

    # --- plans -----------------------------------------------------------------------------------------------------
    def plans(self) -> None:
        scale = self.scale
        first = self.years[0]
        periods = []
        start = first
        while start <= self.years[-1]:
            periods.append((start, start + 4))
            start += 5
        self.periods = []  # (RpjmdPeriod, [Objective])
        for start, end in periods:
            period = RpjmdPeriod.objects.create(
                start_year=start,
                end_year=end,
                vision=f"Kota Uji Skala yang maju dan sejahtera tahun {end}",
                regulation=f"Perda Nomor 1 Tahun {start}",
            )
            objectives = []
            for m in range(1, 5):
                mission = Mission.objects.create(period=period, number=m, text=f"Misi {m} periode {start}–{end}.")
                goal = Goal.objects.create(mission=mission, code=f"{m}.1", text=f"Tujuan {m}.1")
                for o in range(1, 3):
                    objective = Objective.objects.create(goal=goal, code=f"{m}.1.{o}", text=f"Sasaran {m}.1.{o}")
                    indicator = ObjectiveIndicator.objects.create(
                        objective=objective, name=f"Indikator sasaran {m}.1.{o}", unit="%", baseline=D(60)
                    )
                    ObjectiveTarget.objects.bulk_create(
                        ObjectiveTarget(indicator=indicator, year=year, value=D(60 + 2 * (year - start)))
                        for year in range(start, end + 1)
                    )
                    objectives.append(objective)
            self.periods.append((period, objectives))

        renstras = self.table(Renstra)
        goals = self.table(RenstraGoal)
        strategic = self.table(StrategicObjective)
        indicators = self.table(Indicator)
        targets = self.table(IndicatorTarget)
        programs = self.table(Program)
        budgets = self.table(ProgramBudget)
        activities = self.table(Activity)
        subs = self.table(SubActivity)
        locker = self.bappeda_users[0]
        # What a PK is drafted from: {(department index, period start): [(objective id, code, text,
        #   [(indicator id, name, unit, polarity, aggregation, {year: (value, low, high)})], (program id, code,
        #   name, {year: budget}))]}
        self.plan = {}
        for d, department in enumerate(self.departments):
            for period, rpjmd_objectives in self.periods:
                renstra_id = renstras.add(
                    {
                        "department_id": department.pk,
                        "period_id": period.pk,
                        "locked_at": _aware(datetime.date(period.start_year, 3, 1)),
                        "locked_by_id": locker.pk,
                    }
                )
                goal_id = goals.add({"renstra_id": renstra_id, "code": "1", "text": f"Tujuan {department.short_name}"})
                rows = []
                for o in range(scale.objectives):
                    code = f"1.{o + 1}"
                    text = f"Meningkatnya kinerja urusan {o + 1} {department.short_name}"
                    objective_id = strategic.add(
                        {
                            "goal_id": goal_id,
                            "code": code,
                            "text": text,
                            "rpjmd_objective_id": rpjmd_objectives[o % len(rpjmd_objectives)].pk,
                        }
                    )
                    plan_indicators = []
                    for k in range(scale.indicators_per_objective):
                        n = o * scale.indicators_per_objective + k
                        polarity, aggregation = self._shape(n)
                        name = f"Persentase capaian layanan {o + 1}.{k + 1} {department.short_name}"
                        unit = "%" if aggregation != Aggregation.SUM else "dokumen"
                        indicator_id = indicators.add(
                            {
                                "objective_id": objective_id,
                                "name": name,
                                "unit": unit,
                                "polarity": polarity,
                                "aggregation": aggregation,
                                "baseline": D(50 + n % 30),
                                "is_iku": k == 0,
                            }
                        )
                        yearly = {}
                        for i, year in enumerate(range(period.start_year, period.end_year + 1)):
                            if polarity == Polarity.STABILIZE:
                                value = (None, D(2), D(4))
                            elif aggregation == Aggregation.SUM:
                                value = (D(40 + 4 * i + n % 20), None, None)
                            elif polarity == Polarity.NEGATIVE:
                                value = (D(20 - i) - D(n % 5), None, None)
                            else:
                                value = (D(70 + 2 * i + n % 10), None, None)
                            yearly[year] = value
                            targets.add(
                                {
                                    "indicator_id": indicator_id,
                                    "year": year,
                                    "value": value[0],
                                    "low": value[1],
                                    "high": value[2],
                                }
                            )
                        plan_indicators.append((indicator_id, name, unit, polarity, aggregation, yearly))
                    program_code = f"{1 + d % 9}.{d % 100:02d}.{o + 1:02d}"
                    program_name = f"Program peningkatan urusan {o + 1}"
                    program_id = programs.add(
                        {
                            "renstra_id": renstra_id,
                            "code": program_code,
                            "name": program_name,
                            "objective_id": objective_id,
                        }
                    )
                    yearly_budget = {}
                    for year in range(period.start_year, period.end_year + 1):
                        amount = D(500_000_000 + 50_000_000 * (o % 5) + 10_000_000 * (year - period.start_year))
                        yearly_budget[year] = amount
                        budgets.add({"program_id": program_id, "year": year, "amount": amount})
                    activity_id = activities.add(
                        {"program_id": program_id, "code": f"{program_code}.2.01", "name": f"Kegiatan {o + 1}.1"}
                    )
                    subs.add(
                        {
                            "activity_id": activity_id,
                            "code": f"{program_code}.2.01.0001",
                            "name": f"Sub kegiatan {o + 1}",
                        }
                    )
                    rows.append(
                        (objective_id, text, plan_indicators, (program_id, program_code, program_name, yearly_budget))
                    )
                self.plan[d, period.start_year] = rows
        self.finish_tables(
            Renstra,
            RenstraGoal,
            StrategicObjective,
            Indicator,
            IndicatorTarget,
            Program,
            ProgramBudget,
            Activity,
            SubActivity,
        )
        self.counts.update(RpjmdPeriod=len(self.periods))

    @staticmethod
    def _shape(n: int) -> tuple[str, str]:
        """Polarity and aggregation of the n-th indicator of a PK: mostly positive, some negative, a few bands."""
        if n % 20 == 19:
            return Polarity.STABILIZE, Aggregation.AVERAGE
        if n % 7 == 3:
            return Polarity.NEGATIVE, Aggregation.LAST
        return Polarity.POSITIVE, [Aggregation.LAST, Aggregation.SUM, Aggregation.AVERAGE][n % 3]

    def _period_start(self, year: int) -> int:
        return next(p.start_year for p, _ in self.periods if p.start_year <= year <= p.end_year)

    # --- Perjanjian Kinerja ----------------------------------------------------------------------------------------
    def agreements(self) -> None:
        agreements = self.table(Agreement)
        objectives = self.table(AgreementObjective)
        indicators = self.table(AgreementIndicator)
        programs = self.table(AgreementProgram)
        mayor = self.mayor_users[0]
        region_head = "H. Bench Marking, S.T., M.M."
        # The reported PKs: (agreement id, department index, year, [(indicator id, polarity, aggregation, value,
        # low, high)], [(program id, budget)]).
        self.reported = []
        for year in self.years:
            plan_start = self._period_start(year)
            for d, department in enumerate(self.departments):
                official = self.new_heads[d] if year >= self.change_year else self.old_heads[d]
                head_user = self.head_users[d]
                status = AgreementStatus.SIGNED
                if year == self.today.year:
                    status = THIS_YEAR_STATES.get(d % 12, AgreementStatus.SIGNED)
                amended = year < self.today.year and d % 20 == 5
                versions = [1, 2] if amended else [1]
                previous_id = None
                for version in versions:
                    agreement_id = agreements.next_id()
                    signed_on = min(self.today, datetime.date(year, 2 if version == 1 else 7, 1 + d % 20))
                    row = {
                        "id": agreement_id,
                        "department_id": department.pk,
                        "official_id": official.pk,
                        "renstra_id": None,
                        "year": year,
                        "version": version,
                        "status": status,
                        "period_start": datetime.date(year, 1, 1),
                        "period_end": datetime.date(year, 12, 31),
                        "previous_id": previous_id,
                        "amendment_reason": AmendmentReason.PROGRAM_CHANGE if version > 1 else "",
                        "amendment_note": "Penyesuaian pagu pada APBD Perubahan." if version > 1 else "",
                        "created_by_id": head_user.pk,
                        "created_at": _aware(signed_on - datetime.timedelta(days=20)),
                        "updated_at": _aware(signed_on),
                    }
                    if status != AgreementStatus.DRAFT:
                        row.update(
                            submitted_at=_aware(signed_on - datetime.timedelta(days=10)), submitted_by_id=head_user.pk
                        )
                    if status in (AgreementStatus.APPROVED, AgreementStatus.SIGNED):
                        row.update(approved_at=_aware(signed_on - datetime.timedelta(days=3)), approved_by_id=mayor.pk)
                    if status == AgreementStatus.SIGNED:
                        row.update(
                            signed_on=signed_on,
                            signed_by_id=mayor.pk,
                            first_party_name=official.name,
                            first_party_rank=official.rank,
                            first_party_nip=official.nip,
                            first_party_position=f"Kepala {department.name}",
                            second_party_name=region_head,
                            second_party_title="Wali Kota",
                        )
                    # The children first: the frozen trigger finds no signed PK yet.
                    pk_indicators, pk_programs = [], []
                    for order, (plan_objective_id, text, plan_indicators, program) in enumerate(
                        self.plan[d, plan_start]
                    ):
                        objective_id = objectives.add(
                            {
                                "agreement_id": agreement_id,
                                "order": order,
                                "name": text,
                                "plan_objective_id": plan_objective_id,
                            }
                        )
                        for k, (plan_indicator_id, name, unit, polarity, aggregation, yearly) in enumerate(
                            plan_indicators
                        ):
                            value, low, high = yearly[year]
                            indicator_id = indicators.add(
                                {
                                    "agreement_id": agreement_id,
                                    "objective_id": objective_id,
                                    "order": k,
                                    "plan_indicator_id": plan_indicator_id,
                                    "name": name,
                                    "unit": unit,
                                    "polarity": polarity,
                                    "aggregation": aggregation,
                                    "target": value,
                                    "target_low": low,
                                    "target_high": high,
                                    "is_iku": k == 0,
                                }
                            )
                            pk_indicators.append((indicator_id, polarity, aggregation, value, low, high))
                        program_id, code, name, yearly_budget = program
                        budget = yearly_budget[year] * (D("0.9") if version > 1 and order == 0 else 1)
                        pk_program_id = programs.add(
                            {
                                "agreement_id": agreement_id,
                                "order": order,
                                "program_id": program_id,
                                "code": code,
                                "name": name,
                                "budget": budget,
                            }
                        )
                        pk_programs.append((pk_program_id, budget))
                    agreements.add(row)
                    previous_id = agreement_id
                    if status == AgreementStatus.SIGNED and version == versions[-1]:
                        self.reported.append((agreement_id, d, year, pk_indicators, pk_programs))
        self.finish_tables(AgreementObjective, AgreementIndicator, AgreementProgram, Agreement)

    # --- realisasi -------------------------------------------------------------------------------------------------
    def progress(self) -> None:
        content = evidence_pdf()
        if not default_storage.exists(EVIDENCE_NAME):
            default_storage.save(EVIDENCE_NAME, ContentFile(content))
        sha = hashlib.sha256(content).hexdigest()
        reports = self.table(ProgressReport)
        evidence = self.table(Evidence)
        reviews = self.table(ProgressReview)
        realisations = self.table(BudgetRealisation)
        verifiers = self.bappeda_users
        for _agreement, d, year, pk_indicators, pk_programs in self.reported:
            head = self.head_users[d].pk
            level = LEVELS[d % len(LEVELS)]
            quarters = range(1, 5) if year < self.today.year else range(1, self.current_quarter)
            for quarter in quarters:
                status = ReportStatus.VERIFIED
                if year == self.today.year and quarter == self.current_quarter - 1:
                    status = LATEST_QUARTER.get(d % 10, ReportStatus.VERIFIED)
                if status == "late":
                    continue
                ended = quarter_end(year, quarter)
                submitted = _aware(ended + datetime.timedelta(days=5))
                verified = _aware(ended + datetime.timedelta(days=9))
                verifier = verifiers[(d + quarter) % len(verifiers)].pk
                for indicator_id, polarity, aggregation, value, low, high in pk_indicators:
                    report_id = reports.next_id()
                    # The evidence first: the frozen trigger finds no verified report yet.
                    evidence.add(
                        {
                            "report_id": report_id,
                            "file": EVIDENCE_NAME,
                            "original_name": f"bukti-tw{quarter}.pdf",
                            "size": len(content),
                            "content_type": "application/pdf",
                            "sha256": sha,
                            "uploaded_by_id": head,
                            "uploaded_at": submitted,
                        }
                    )
                    row = {
                        "id": report_id,
                        "indicator_id": indicator_id,
                        "quarter": quarter,
                        "actual": _actual(polarity, aggregation, value, low, high, level, quarter),
                        "analysis": "Realisasi sesuai rencana aksi triwulan.",
                        "supporting_factors": "Dukungan anggaran tepat waktu.",
                        "hindering_factors": "Tidak ada hambatan berarti.",
                        "follow_up": "Mempertahankan kinerja.",
                        "status": status,
                        "created_by_id": head,
                        "created_at": submitted,
                        "updated_at": verified if status == ReportStatus.VERIFIED else submitted,
                    }
                    if status != ReportStatus.DRAFT:
                        row.update(submitted_at=submitted, submitted_by_id=head)
                        reviews.add(
                            {
                                "report_id": report_id,
                                "from_status": ReportStatus.DRAFT,
                                "to_status": ReportStatus.SUBMITTED,
                                "by_id": head,
                                "at": submitted,
                            }
                        )
                    if status == ReportStatus.VERIFIED:
                        row.update(verified_at=verified, verified_by_id=verifier)
                        reviews.add(
                            {
                                "report_id": report_id,
                                "from_status": ReportStatus.SUBMITTED,
                                "to_status": ReportStatus.VERIFIED,
                                "comment": "Sesuai bukti dukung.",
                                "by_id": verifier,
                                "at": verified,
                            }
                        )
                    reports.add(row)
                for program_id, budget in pk_programs:
                    realisations.add(
                        {
                            "program_id": program_id,
                            "quarter": quarter,
                            "amount": (budget * BUDGET_SHARES[quarter - 1]).quantize(D(1)),
                            "created_by_id": head,
                            "updated_by_id": head,
                            "created_at": submitted,
                            "updated_at": submitted,
                        }
                    )
        self.finish_tables(Evidence, ProgressReport, ProgressReview, BudgetRealisation)

    # --- innovations -----------------------------------------------------------------------------------------------
    def innovations(self) -> None:
        years = [year for year in self.years if year >= FIRST_SCHEME_YEAR] or [self.years[-1]]
        innovations = self.table(Innovation)
        indicators = self.table(InnovationIndicator)
        regions = self.table(RegionIndicator)
        bappeda = self.bappeda_users
        affairs = [code for code, _label in AFFAIRS]
        stages = [Stage.PENERAPAN, Stage.PENERAPAN, Stage.UJI_COBA, Stage.PENERAPAN, Stage.INISIATIF]
        for n in range(self.scale.innovations):
            year = years[n % len(years)]
            d = (n // len(years)) % len(self.departments)
            department = self.departments[d]
            head = self.head_users[d].pk
            stage = stages[n % len(stages)]
            if year < self.today.year:
                status = InnovationStatus.VERIFIED
            else:
                status = [InnovationStatus.VERIFIED, InnovationStatus.SUBMITTED, InnovationStatus.DRAFT][n % 3]
            created = _aware(datetime.date(year, 2, 1 + n % 27))
            verifier = bappeda[n % len(bappeda)].pk
            row = {
                "year": year,
                "name": f"Inovasi layanan {n:06d}",
                "department_id": department.pk,
                "stage": stage,
                "initiator": [Initiator.PERANGKAT_DAERAH, Initiator.ASN, Initiator.KEPALA_DAERAH][n % 3],
                "kind": [Kind.DIGITAL, Kind.NON_DIGITAL][n % 2],
                "form": [Form.PELAYANAN_PUBLIK, Form.TATA_KELOLA, Form.LAINNYA][n % 3],
                "theme": "Pelayanan publik",
                "main_affair": affairs[n % len(affairs)],
                "affairs": [affairs[(n + 7) % len(affairs)]] if n % 4 == 0 else [],
                "trial_date": datetime.date(year - 1, 3, 1) if stage != Stage.INISIATIF else None,
                "implementation_date": datetime.date(year - 1, 9, 1) if stage == Stage.PENERAPAN else None,
                "design": "Rancang bangun: latar belakang, tujuan, manfaat dan cara kerja inovasi.",
                "goals": "Mempercepat layanan.",
                "benefits": "Layanan lebih cepat dan murah.",
                "results": "Waktu layanan turun separuh.",
                "status": status,
                "created_by_id": head,
                "created_at": created,
                "updated_at": created,
            }
            if status != InnovationStatus.DRAFT:
                row.update(submitted_at=created, submitted_by_id=head)
            if status == InnovationStatus.VERIFIED:
                row.update(verified_at=created + datetime.timedelta(days=14), verified_by_id=verifier)
            innovation_id = innovations.add(row)
            for number in range(16, 36):
                claimed = 1 + (n + number) % 3
                indicator = {
                    "innovation_id": innovation_id,
                    "number": number,
                    "claimed_level": claimed,
                    "claimed_at": created,
                    "claimed_by_id": head,
                    "evidence_text": f"Bukti indikator {number}",
                }
                if status == InnovationStatus.VERIFIED:
                    indicator.update(
                        verified_level=max(1, claimed - (number % 4 == 0)),
                        verified_at=created + datetime.timedelta(days=14),
                        verified_by_id=verifier,
                    )
                indicators.add(indicator)
        for year in years:
            scheme_year = max(
                (y for y in SchemeIndicator.objects.values_list("scheme__year", flat=True).distinct() if y <= year),
                default=None,
            )
            codes = SchemeIndicator.objects.filter(scheme__year=scheme_year, aspect=Aspect.REGION).values_list(
                "number", "part"
            )
            for number, part in codes:
                regions.add(
                    {
                        "year": year,
                        "number": number,
                        "part": part,
                        "claimed_level": 1 + number % 3,
                        "verified_level": 1 + number % 3,
                        "evidence_text": "Dokumen daerah",
                        "updated_by_id": bappeda[0].pk,
                    }
                )
        self.finish_tables(Innovation, InnovationIndicator, RegionIndicator)


def _actual(polarity, aggregation, value, low, high, level, quarter) -> Decimal:
    """A quarter's realisasi (not cumulative) so that the quarters aggregate to about `level` × the target."""
    if low is not None:
        year = (low + high) / 2 if level >= 1 else low * level
    elif polarity == Polarity.NEGATIVE:
        year = value * (2 - level)
    else:
        year = value * level
    if aggregation == Aggregation.SUM:
        result = year * SUM_SHARES[quarter - 1]
    elif aggregation == Aggregation.LAST:
        step = LAST_STEPS[quarter - 1]
        result = year * (step if polarity == Polarity.POSITIVE else 2 - step)
    else:
        result = year * AVERAGE_STEPS[quarter - 1]
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


# --- The marker of a generated database ---------------------------------------------------------------------------
MARKER = "kinerja-bench"


def set_marker(scale_name: str, seconds: float) -> None:
    """Mark the database as generated (a comment on it): `make bench` reuses a database with this mark."""
    with connection.cursor() as cursor:
        name = connection.settings_dict["NAME"]
        text = f"{MARKER} size={scale_name} generated={timezone.now():%Y-%m-%dT%H:%M} seconds={seconds:.0f}"
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")


def database_is_empty() -> bool:
    return not Department.objects.exists() and not User.objects.exists()
