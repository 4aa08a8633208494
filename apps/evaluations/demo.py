"""Demo flags and evaluations (`manage.py load_demo`, after the realisasi and the innovations).

1. The flag job runs as on today: every 2025 PK judged unmet is flagged (with its notifications).
2. The mayor's office ("organisasi") evaluates some of the flagged heads, through the services and with the dates
   on which it would have decided, so that every decision state appears:
   - JPT heads (code order, current head of the department, heading nothing else): one in an improvement period
     that is still running (decided 3 August 2026); three whose improvement period (19 January – 19 July 2026)
     failed, flagged again by the job on 20 July, then sent to a competency test (one still waiting, one moved,
     one demoted: their assignment ends and the Sekda's head acts as Plt); one kept for force majeure; one
     retained; one evaluation opened and not yet decided; the others stay as open flags;
   - a Camat (no improvement period or competency test) retained, and a head who met every target retained.
3. This year's heads at risk need nothing: the early warning projects them from this year's realisasi.

Idempotent: a PK already evaluated is left as it is, the job flags nobody twice, so a second run writes nothing.
"""

import datetime

from django.utils import timezone

from apps.accounts.models import Role, User
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.departments.models import Assignment, AssignmentKind, DepartmentKind

from . import flagging, services
from .assessment import judged_from
from .models import Evaluation, Flag, FlagKind

OPENED = datetime.date(2026, 1, 12)
DECIDED = datetime.date(2026, 1, 19)
IMPROVEMENT_ENDED = datetime.date(2026, 7, 20)
FOLLOW_UP = datetime.date(2026, 7, 27)
REPLACED = datetime.date(2026, 8, 24)
RUNNING_IMPROVEMENT = datetime.date(2026, 8, 3)

NOTES = {
    "improvement": "Diberi kesempatan enam bulan untuk memperbaiki capaian kinerja sesuai rencana aksi.",
    "competency_test": "Masa perbaikan tidak memenuhi target; dilakukan uji kompetensi oleh panitia seleksi.",
    "moved": "Hasil uji kompetensi: dipindahkan ke jabatan lain yang sesuai kompetensinya (Staf Ahli).",
    "demoted": "Hasil uji kompetensi: diturunkan ke jabatan yang lebih rendah sesuai ketentuan.",
    "force_majeure": "Capaian tidak tercapai karena banjir besar Maret 2025 yang mengalihkan anggaran dan pegawai.",
    "retained": "Capaian mendekati ambang batas; dipertahankan dengan pembinaan.",
    "retained_met": "Seluruh target tercapai.",
    "retained_camat": "Dipertahankan dengan catatan pembinaan oleh Sekretaris Daerah.",
}
#: What happens to the flagged JPT heads, in code order; the ones after these keep an open flag.
SCENARIOS = ["improvement", "competency_test", "moved", "demoted", "force_majeure", "retained", "open"]


def _decide(evaluation, decision, *, by, on, note=None):
    return services.evaluation_decide(
        evaluation=evaluation, decision=decision, note=note or NOTES[decision], by=by, today=on
    )


def _rated(evaluation, by, rating="meets"):
    return services.evaluation_rate(evaluation=evaluation, behaviour_rating=rating, by=by)


def _acting_head(department, *, start, by_official):
    """The Sekda acts as Plt of a department whose head was moved or demoted (no account follows a Plt)."""
    assignment = Assignment(
        official=by_official,
        department=department,
        kind=AssignmentKind.PLT,
        position_title=f"Plt. Kepala {department.name}",
        start_date=start,
        sk_number=f"800/{department.short_name}/PLT/2026",
        sk_date=start - datetime.timedelta(days=1),
    )
    assignment.full_clean()
    assignment.save()


def _current(assignment, day) -> bool:
    return assignment.start_date <= day and (assignment.end_date is None or assignment.end_date >= day)


def _flagged_jpt_heads(today) -> list:
    """The flagged 2025 PKs of JPT heads who still head that department and nothing else (code order)."""
    flags = (
        Flag.objects.filter(kind=FlagKind.DEADLINE, agreement__year=today.year - 1)
        .exclude(department__kind=DepartmentKind.KECAMATAN)
        .exclude(department__short_name="Setda")
        .select_related("agreement__official", "agreement__department")
        .order_by("department__code")
    )
    chosen = []
    for flag in flags:
        official = flag.agreement.official
        current = [a for a in official.assignments.all() if _current(a, OPENED)]  # as when it was evaluated
        if (
            official.is_jpt
            and len(current) == 1
            and current[0].department_id == flag.department_id
            and judged_from(flag.agreement) <= OPENED
        ):
            chosen.append(flag.agreement)
    return chosen


def _scenario(name, agreement, *, by, sekda):
    evaluation = _rated(services.evaluation_open(agreement=agreement, by=by, today=OPENED), by)
    if name == "open":
        return
    if name in ("force_majeure", "retained"):
        _decide(evaluation, name, by=by, on=DECIDED)
        return
    if name == "improvement":
        _decide(evaluation, "improvement", by=by, on=RUNNING_IMPROVEMENT)
        return
    first = _decide(evaluation, "improvement", by=by, on=DECIDED)
    flagging.flag_overdue(today=IMPROVEMENT_ENDED, mail=False)  # the job flags the failed improvement period
    follow_up = _rated(services.evaluation_open(agreement=agreement, previous=first, by=by, today=FOLLOW_UP), by)
    tested = _decide(follow_up, "competency_test", by=by, on=FOLLOW_UP)
    if name in ("moved", "demoted"):
        _decide(tested, name, by=by, on=REPLACED)
        if sekda is not None:
            _acting_head(agreement.department, start=REPLACED + datetime.timedelta(days=1), by_official=sekda)


def load_evaluations(run: DemoRun) -> None:
    mayor = User.objects.filter(username="organisasi", role=Role.MAYOR_OFFICE, is_active=True).first()
    if mayor is None:
        return
    today = timezone.localdate()
    before = Evaluation.objects.count(), Flag.objects.count()
    flagging.flag_overdue(today=today, mail=False)  # notified in the app; no mail to the fictional accounts

    sekda_assignment = (
        Assignment.objects.filter(department__short_name="Setda", kind=AssignmentKind.DEFINITIVE, end_date=None)
        .select_related("official")
        .first()
    )
    sekda = sekda_assignment.official if sekda_assignment else None
    evaluated = set(Evaluation.objects.values_list("agreement_id", flat=True))
    for name, agreement in zip(SCENARIOS, _flagged_jpt_heads(today), strict=False):
        if agreement.pk not in evaluated:
            _scenario(name, agreement, by=mayor, sekda=sekda)

    camat = (
        Flag.objects.filter(kind=FlagKind.DEADLINE, department__kind=DepartmentKind.KECAMATAN)
        .select_related("agreement")
        .order_by("department__code")
        .first()
    )
    if camat is not None and camat.agreement_id not in evaluated and judged_from(camat.agreement) <= OPENED:
        evaluation = _rated(services.evaluation_open(agreement=camat.agreement, by=mayor, today=OPENED), mayor)
        _decide(evaluation, "retained", by=mayor, on=DECIDED, note=NOTES["retained_camat"])

    # Judgeable, neither flagged nor evaluated: every target met.
    met = [
        a
        for a in flagging.deadline_candidates(today)
        if a.official.is_jpt and a.year == today.year - 1 and judged_from(a) <= OPENED
    ]
    if met and not Evaluation.objects.filter(decision="retained", reasons=[]).exists():
        evaluation = _rated(services.evaluation_open(agreement=met[0], by=mayor, today=OPENED), mayor, "above")
        _decide(evaluation, "retained", by=mayor, on=DECIDED, note=NOTES["retained_met"])

    after = Evaluation.objects.count(), Flag.objects.count()
    for model, was, now in ((Evaluation, before[0], after[0]), (Flag, before[1], after[1])):
        for _ in range(now - was):
            run.record(model, CREATED)
        if now == was:
            run.record(model, UNCHANGED)


STEPS = [load_evaluations]
