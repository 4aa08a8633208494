"""Demo of the cascade below the head (issue 10, `manage.py load_demo` after the heads' PKs).

Dinas Pendidikan and Dinas Kesehatan get their structure — a Sekretaris and two Kepala Bidang (eselon III), each with
one or two Kepala Subbagian/Seksi (eselon IV) — officials holding every position with an account (role `official`,
user name as below, the demo password), and each year's PKs down to eselon IV wherever the superior's PK is signed:
drafted from the superior's indicators by the official, approved and signed by the superior, as they would. The
head's indicators are shared out among the eselon III positions and theirs among the eselon IV below them; Dinkes
leaves its head's last indicator to nobody, so the tree shows a gap. This year Dinkes' head PK is still returned (the
walkthrough), so its cascade waits: its tree is complete for last year.

Idempotent: positions, officials and accounts are upserted; a position that has a PK for the year is left as it is.
"""

import datetime

from django.utils import timezone

from apps.accounts.models import Role, User
from apps.departments.demo import CREATED, DEMO_PASSWORD, EMAIL_DOMAIN, UNCHANGED, DemoRun
from apps.departments.models import Department, Official, Position, PositionAssignment, PositionKind

from . import services
from .cascade import position_holder
from .models import Agreement, AgreementStatus

K = PositionKind

#: department short name → [(key, position name, kind, echelon, superior key, official name, NIP, rank)]
STRUCTURE = {
    "Disdik": [
        ("sekretaris", "Sekretaris Dinas Pendidikan", K.SECRETARY, "III.a", None,
         "Hj. Rusmilawati, S.Pd., M.M.", "197608122000122003", "IV/a"),
        ("kabid-dikdas", "Kepala Bidang Pembinaan Pendidikan Dasar", K.DIVISION_HEAD, "III.b", None,
         "Ahmad Rizani, S.Pd., M.Pd.", "197902182003121004", "IV/a"),
        ("kabid-paud", "Kepala Bidang PAUD dan Pendidikan Nonformal", K.DIVISION_HEAD, "III.b", None,
         "Nurul Hidayah, S.Psi.", "198103052005012006", "III/d"),
        ("kasubbag-umum", "Kepala Subbagian Umum dan Kepegawaian", K.SUBDIVISION_HEAD, "IV.a", "sekretaris",
         "Muhammad Fadli, S.E.", "198506142009031002", "III/c"),
        ("kasi-kurikulum", "Kepala Seksi Kurikulum dan Penilaian SD", K.SECTION_HEAD, "IV.a", "kabid-dikdas",
         "Rahmiati, S.Pd.", "198709232010012011", "III/c"),
        ("kasi-sarpras", "Kepala Seksi Sarana dan Prasarana SMP", K.SECTION_HEAD, "IV.a", "kabid-dikdas",
         "Gusti Rahmadi, S.T.", "198411072009031005", "III/c"),
        ("kasi-paud", "Kepala Seksi Kelembagaan PAUD", K.SECTION_HEAD, "IV.a", "kabid-paud",
         "Siti Maulida, S.Pd.I.", "198812012011012007", "III/b"),
    ],
    "Dinkes": [
        ("sekretaris", "Sekretaris Dinas Kesehatan", K.SECRETARY, "III.a", None,
         "dr. Hairiyah Rahman, M.Kes.", "197705242003122004", "IV/a"),
        ("kabid-kesmas", "Kepala Bidang Kesehatan Masyarakat", K.DIVISION_HEAD, "III.b", None,
         "Noor Hasanah, S.K.M., M.Kes.", "198002112005012008", "IV/a"),
        ("kabid-yankes", "Kepala Bidang Pelayanan Kesehatan", K.DIVISION_HEAD, "III.b", None,
         "dr. Fajar Ramadhan", "198204162008011003", "III/d"),
        ("kasubbag-program", "Kepala Subbagian Perencanaan dan Keuangan", K.SUBDIVISION_HEAD, "IV.a", "sekretaris",
         "Rina Apriani, S.E., M.Ak.", "198604092010012012", "III/c"),
        ("kasi-gizi", "Kepala Seksi Kesehatan Keluarga dan Gizi", K.SECTION_HEAD, "IV.a", "kabid-kesmas",
         "Yuliana, S.Gz.", "198907152012012009", "III/b"),
        ("kasi-primer", "Kepala Seksi Pelayanan Kesehatan Primer", K.SECTION_HEAD, "IV.a", "kabid-yankes",
         "Akhmad Syarifuddin, S.Kep., Ns.", "198512302010011006", "III/c"),
    ],
}  # fmt: skip

#: departments whose head's last indicator nobody below takes on (a gap on the tree)
LEAVE_A_GAP = {"Dinkes"}
SK_DATE = datetime.date(2024, 1, 2)


def username_of(department: Department, key: str) -> str:
    return f"{key}-{department.short_name.lower()}"


def _structure(run: DemoRun, department: Department, rows) -> dict[str, Position]:
    positions: dict[str, Position] = {}
    for order, (key, name, kind, echelon, superior, official_name, nip, rank) in enumerate(rows):
        position = run.upsert(
            Position,
            {"department": department, "name": name},
            {"kind": kind, "echelon": echelon, "superior": positions.get(superior), "order": order, "is_active": True},
        )
        positions[key] = position
        official = run.upsert(Official, {"nip": nip}, {"name": official_name, "rank": rank, "echelon": echelon})
        if not PositionAssignment.objects.filter(position=position, official=official).exists():
            PositionAssignment.objects.create(
                official=official,
                position=position,
                start_date=SK_DATE,
                sk_number=f"821.2/{100 + order:03d}/BKPSDM/2024",
                sk_date=SK_DATE,
            )
            run.record(PositionAssignment, CREATED)
        else:
            run.record(PositionAssignment, UNCHANGED)
        username = username_of(department, key)
        user = User.objects.filter(username=username).first()
        if user is None:
            words = official_name.split(",")[0].split()
            user = User(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                first_name=words[0],
                last_name=" ".join(words[1:]),
                role=Role.OFFICIAL,
                department=department,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            run.record(User, CREATED)
        else:
            run.record(User, UNCHANGED)
        if official.user_id is None and not Official.objects.filter(user=user).exists():
            Official.objects.filter(pk=official.pk).update(user=user)
    return positions


def _qualified(name: str, position: Position) -> str:
    unit = position.name.split(" ", 1)[1] if position.name.startswith("Kepala ") else position.name
    return f"{name} ({unit})"[:300]


def _draft_and_sign(run: DemoRun, position: Position, year: int, supported, signed_on: datetime.date) -> None:
    superior = services.superior_agreement_for(position=position, year=year)
    if superior is None or not supported:
        return
    official = position_holder(position=position, day=signed_on)
    user = official.user if official else None
    superior_user = superior.official.user
    if user is None or superior_user is None:
        return
    agreement = services.cascade_create(
        position=position, year=year, by=user, supported_ids=[i.pk for i in supported], official=official
    )
    objectives, programs = services.agreement_content(agreement)
    for objective in objectives:
        for indicator in objective["indicators"]:
            indicator["name"] = _qualified(indicator["name"], position)
    services.agreement_update(agreement=agreement, by=user, objectives=objectives, programs=programs)
    services.agreement_submit(agreement=agreement, by=user)
    services.agreement_approve(agreement=agreement, by=superior_user)
    services.agreement_sign(agreement=agreement, by=superior_user, signed_on=signed_on)
    run.counts["Agreement (cascade)"][CREATED] += 1


def _share(indicators: list, positions: list[Position]) -> dict[int, list]:
    """Indicator i goes to position i mod n (every position gets at least one when there are enough)."""
    shares: dict[int, list] = {p.pk: [] for p in positions}
    for i, indicator in enumerate(indicators):
        shares[positions[i % len(positions)].pk].append(indicator)
    return shares


def _cascade_year(run: DemoRun, department: Department, positions: dict[str, Position], year: int) -> None:
    today = timezone.localdate()
    head_pk = (
        Agreement.objects.filter(department=department, year=year, status=AgreementStatus.SIGNED)
        .order_by("-version")
        .first()
    )
    if head_pk is None:
        return
    upper = [p for p in positions.values() if p.superior_id is None]
    for position in upper:
        if Agreement.all_levels.filter(position=position, year=year).exists():
            run.counts["Agreement (cascade)"][UNCHANGED] += 1
            continue
        indicators = list(head_pk.indicators.order_by("objective__order", "order"))
        if department.short_name in LEAVE_A_GAP and len(indicators) > len(upper):
            indicators = indicators[:-1]
        mine = _share(indicators, upper)[position.pk]
        _draft_and_sign(run, position, year, mine, min(today, datetime.date(year, 2, 15)))
    for superior in upper:
        lower = [p for p in positions.values() if p.superior_id == superior.pk]
        superior_pk = services.superior_agreement_for(position=lower[0], year=year) if lower else None
        if superior_pk is None:
            continue
        indicators = list(superior_pk.indicators.order_by("objective__order", "order"))
        shares = _share(indicators, lower)
        for position in lower:
            if Agreement.all_levels.filter(position=position, year=year).exists():
                run.counts["Agreement (cascade)"][UNCHANGED] += 1
                continue
            _draft_and_sign(run, position, year, shares[position.pk], min(today, datetime.date(year, 2, 25)))


def load_cascade(run: DemoRun) -> None:
    today = timezone.localdate()
    for short_name, rows in STRUCTURE.items():
        department = Department.objects.filter(short_name=short_name).first()
        if department is None:
            continue
        positions = _structure(run, department, rows)
        for year in (today.year - 1, today.year):
            _cascade_year(run, department, positions, year)
