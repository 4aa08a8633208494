"""Demo of the innovation competition (`manage.py load_demo`, after the innovations).

- Two external jurors (role `jury`): `juri-ulm` (Universitas Lambung Mangkurat) and `juri-uniska` (Universitas
  Islam Kalimantan), password kinerja-demo-2026; Bappeda (`bappeda`) judges too, as an internal juror (never
  its own department's entries).
- Last year's round, finished: eight entries from the verified inventory (fisik / non fisik), scored by the three
  jurors, closed, ranked and published; the winners are recommended for replication, and one winner has been
  replicated by another department this year.
- This year's round, in judging: eight entries; the two external jurors are half done, Bappeda has not started.

Everything goes through the services. Idempotent: a round that exists is left as it is (a second run writes
nothing); fast (a few hundred rows).
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.innovations import services as innovation_services
from apps.innovations.demo import evidence_pdf
from apps.innovations.models import Innovation, InnovationStatus

from . import services
from .models import Entry, Round, RoundStatus

DEMO_PASSWORD = "kinerja-demo-2026"  # noqa: S105 (the documented demo password)
JURORS = [
    ("juri-ulm", "Dr. Rahmat", "Hidayat, M.Si.", "Universitas Lambung Mangkurat"),
    ("juri-uniska", "Dr. Siti", "Aminah, M.Pd.", "Universitas Islam Kalimantan MAB"),
]
ENTRIES_PER_ROUND = 8
PITCHES = [
    "Inovasi ini memangkas waktu layanan dan sudah dirasakan warga di seluruh kecamatan.",
    "Dengan biaya kecil, layanan menjadi lebih cepat, transparan dan mudah ditiru perangkat daerah lain.",
    "Warga ikut terlibat sejak perencanaan, sehingga inovasi ini berlanjut tanpa bergantung pada anggaran baru.",
]


def _jurors(run: DemoRun) -> list[User]:
    users = []
    for username, first, last, _affiliation in JURORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last, role=Role.JURY)
            user.email = f"{username}@example.ac.id"
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            run.record(User, CREATED)
        else:
            run.record(User, UNCHANGED)
        users.append(user)
    return users


def _head(department) -> User | None:
    return User.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()


def _candidates(years, exclude=()) -> list[Innovation]:
    """Verified innovations on trial or implemented, one per department (code order), with an active head."""
    rows = (
        Innovation.objects.filter(year__in=years, status=InnovationStatus.VERIFIED, stage__in=services.ELIGIBLE_STAGES)
        .exclude(pk__in=list(exclude))
        .select_related("department")
        .order_by("department__code", "-year", "pk")
    )
    chosen, departments = [], set()
    for innovation in rows:
        if innovation.department_id in departments or _head(innovation.department) is None:
            continue
        departments.add(innovation.department_id)
        chosen.append(innovation)
    return chosen


def _value(juror_index: int, entry_index: int, criterion_index: int) -> int:
    """A deterministic score 55–97."""
    return 55 + (entry_index * 7 + juror_index * 11 + criterion_index * 5 + entry_index * criterion_index) % 43


def _score(juror, entry, *, juror_index: int, entry_index: int, codes) -> None:
    values = {
        code: (_value(juror_index, entry_index, n), "Paparan jelas; data manfaat perlu diperkuat." if n == 1 else "")
        for n, code in enumerate(codes)
    }
    services.score_set(juror=juror, entry=entry, values=values, by=juror.user)


def _round(run: DemoRun, *, year: int, bappeda: User, jurors: list[User], innovations, finish: bool) -> Round | None:
    if Round.objects.filter(year=year).exists():
        run.record(Round, UNCHANGED)
        return None
    round_ = services.round_create(
        year=year,
        name=f"Lomba Inovasi Daerah Kota Banjarbaru {year}",
        categories=["fisik", "non_fisik"],
        registration_start=datetime.date(year, 3, 1),
        registration_end=datetime.date(year, 6, 30),
        judging_start=datetime.date(year, 7, 1),
        judging_end=datetime.date(year, 12, 15),
        by=bappeda,
    )
    run.record(Round, CREATED)
    round_ = services.round_advance(round_=round_, target=RoundStatus.REGISTRATION, by=bappeda)
    entries = []
    for index, innovation in enumerate(innovations[:ENTRIES_PER_ROUND]):
        presentation = ContentFile(evidence_pdf(f"Paparan {innovation.name}"), name=f"paparan-{innovation.pk}.pdf")
        entries.append(
            services.entry_create(
                round_=round_,
                innovation=innovation,
                category=("non_fisik", "fisik")[index % 3 == 2],
                pitch=PITCHES[index % len(PITCHES)],
                presentation=presentation,
                by=_head(innovation.department),
            )
        )
        run.record(Entry, CREATED)
    assigned = [
        services.juror_assign(round_=round_, user=user, affiliation=affiliation, by=bappeda)
        for user, (_u, _f, _l, affiliation) in zip(jurors, JURORS, strict=True)
    ]
    assigned.append(services.juror_assign(round_=round_, user=bappeda, affiliation="Bappeda", by=bappeda))
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    codes = list(round_.criteria.values_list("code", flat=True))
    for juror_index, juror in enumerate(assigned):
        own = [e for e in entries if not juror.department_id or e.department_id != juror.department_id]
        if not finish:
            own = own[: len(own) // 2] if juror.user.role == Role.JURY else []
        for entry in own:
            _score(juror, entry, juror_index=juror_index, entry_index=entries.index(entry), codes=codes)
    if finish:
        round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
        round_ = services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=bappeda)
        # Finished last year: the dates it would have had.
        Round.objects.filter(pk=round_.pk).update(
            closed_at=datetime.datetime(year, 12, 16, 2, 0, tzinfo=datetime.UTC),
            published_at=datetime.datetime(year, 12, 22, 2, 0, tzinfo=datetime.UTC),
        )
        round_.refresh_from_db()
    return round_


def _replicate(run: DemoRun, winner: Entry, year: int) -> None:
    """A department that is not the winner's replicates it this year (a draft in its inventory)."""
    name = f"Replikasi {winner.innovation.name}"[:255]
    if Innovation.objects.filter(name=name, year=year).exists():
        run.record(Innovation, UNCHANGED)
        return
    source = winner.innovation
    other = (
        User.objects.filter(role=Role.DEPARTMENT_HEAD, is_active=True, department__isnull=False)
        .exclude(department=source.department)
        .order_by("department__code")
        .first()
    )
    if other is None:
        return
    innovation_services.innovation_create(
        department=other.department,
        year=year,
        by=other,
        name=name,
        stage="uji_coba",
        initiator="perangkat_daerah",
        kind=source.kind,
        form=source.form,
        theme=source.theme,
        replicated_from=source,
    )
    run.record(Innovation, CREATED)


def load_competitions(run: DemoRun) -> None:
    bappeda = User.objects.filter(username="bappeda", role=Role.BAPPEDA, is_active=True).first()
    if bappeda is None:
        return
    jurors = _jurors(run)
    this_year = timezone.localdate().year
    last = _round(
        run,
        year=this_year - 1,
        bappeda=bappeda,
        jurors=jurors,
        innovations=_candidates([this_year - 2, this_year - 1]),
        finish=True,
    )
    if last is not None:
        winner = last.entries.filter(rank=1).order_by("category").first()
        if winner is not None:
            _replicate(run, winner, this_year)
    entered_last = Entry.objects.filter(round__year=this_year - 1).values_list("innovation_id", flat=True)
    candidates = _candidates([this_year], exclude=entered_last)
    if len(candidates) < ENTRIES_PER_ROUND:
        chosen = {i.department_id for i in candidates}
        candidates += [
            i
            for i in _candidates([this_year - 2, this_year - 1], exclude=entered_last)
            if i.department_id not in chosen
        ]
    _round(run, year=this_year, bappeda=bappeda, jurors=jurors, innovations=candidates, finish=False)


STEPS = [load_competitions]
