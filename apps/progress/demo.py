"""Demo realisasi (`manage.py load_demo`, after the agreements' PKs).

For every reportable PK (signed, the newest signed version: the amended 2025 PK of the first department is reported
against its amendment) the realisasi of every quarter that has ended: all four of last year, and this year's up to
the last finished quarter. Everything goes through the services, as the department's head and the Bappeda account
would do it: save (with a narrative), a small PDF as evidence on some reports, submit, verify or return; and the
budget spent per program and quarter (15–30 % of the pagu a quarter).

Each department performs at a level of its own (LEVELS, by code order), so that the departments' capaian cover
every predicate from Sangat Tinggi to Sangat Rendah. In the latest finished quarter (LATEST_STATES): most reports
are verified; some departments' reports wait as submitted; some have one report returned with a comment; one keeps
drafts; one has reported nothing yet (late: its window closed on the deadline and nobody reopened it).

Why reopenings: the services refuse a quarter whose reporting window has closed, and loading the past honestly
means doing what a city moving its old realisasi into Kinerja does: Bappeda reopens the past quarters of each
department "for the data migration" (services.reporting_reopen, recorded with who, when and why) until today only,
so the windows are closed again from tomorrow. The alternatives were worse: travelling in time would forge the
dates of every row and its history, and writing rows past the services would skip their rules. A quarter whose
window is still open is not reopened; the late department's latest quarter is never reopened.

Deterministic (no randomness) and idempotent: a quarter of a PK that already has its reports is left as it is, so
a second run writes nothing.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.agreements.models import Agreement, AgreementIndicator
from apps.departments.demo import CREATED, UNCHANGED, DemoRun
from apps.plans.models import Aggregation, Polarity

from . import services
from .models import BudgetRealisation, Evidence, ProgressReport, ReportingReopen
from .selectors import reportable_agreements_for
from .window import is_open, quarter_end

D = Decimal
#: The share of the year's target a department reaches, by its place in code order (repeating): mostly high, some
#: middling, a few poor, so that every predicate appears.
LEVELS = [D("1.04"), D("0.96"), D("0.88"), D("0.93"), D("0.70"), D("1.00"), D("0.82"), D("0.57"), D("0.97"), D("0.42")]
#: The state of the latest finished quarter's reports of the n-th reporting department (code order); the rest are
#: verified. "late": nothing reported; "returned": the first report returned, the others verified.
VERIFIED, SUBMITTED, RETURNED, DRAFT, LATE = "verified", "submitted", "returned", "draft", "late"
LATEST_STATES = {0: RETURNED, 5: SUBMITTED, 6: LATE, 9: RETURNED, 12: SUBMITTED, 15: DRAFT, 18: SUBMITTED}
#: A quarter's share of the year's realisasi (aggregation "sum") and the progression of "last" and "average".
SUM_SHARES = (D("0.20"), D("0.25"), D("0.25"), D("0.30"))
LAST_STEPS = (D("0.85"), D("0.90"), D("0.95"), D("1"))
AVERAGE_STEPS = (D("0.98"), D("1.02"), D("0.99"), D("1.01"))
BUDGET_SHARES = (D("0.17"), D("0.22"), D("0.25"), D("0.27"))

REOPEN_REASON = "Migrasi data realisasi dari aplikasi e-Monev lama ke Kinerja."
RETURN_COMMENT = "Bukti dukung belum sesuai dengan nilai realisasi; mohon lampirkan rekapitulasi data triwulan."
VERIFY_COMMENT = "Sesuai bukti dukung."

NARRATIVES = {
    "high": (
        "Realisasi sesuai atau melampaui target triwulan.",
        "Dukungan anggaran tepat waktu dan koordinasi lintas bidang berjalan baik.",
        "Tidak ada hambatan berarti.",
        "Mempertahankan kinerja dan mendokumentasikan praktik baik.",
    ),
    "mid": (
        "Realisasi sedikit di bawah target triwulan.",
        "Kegiatan utama terlaksana sesuai jadwal.",
        "Sebagian kegiatan bergeser karena proses pengadaan.",
        "Percepatan pelaksanaan kegiatan pada triwulan berikutnya.",
    ),
    "low": (
        "Realisasi jauh di bawah target triwulan.",
        "Data dasar telah tersedia.",
        "Keterbatasan anggaran dan sumber daya manusia pelaksana.",
        "Menyusun rencana aksi perbaikan bersama Bappeda.",
    ),
}


def _head_account(department) -> User | None:
    return User.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()


def _quantum(indicator: AgreementIndicator) -> Decimal:
    """Whole numbers for counts of some size (targets like 1.250 orang), else two decimals."""
    values = [v for v in (indicator.target, indicator.target_low, indicator.target_high) if v is not None]
    if values and all(v == v.to_integral_value() for v in values) and max(values) >= 50:
        return D(1)
    return D("0.01")


def year_actual(indicator: AgreementIndicator, level: Decimal) -> Decimal:
    """The year's realisasi at which the indicator's capaian is about `level` × 100 (inside a band when ≥ 1)."""
    polarity = indicator.polarity
    if indicator.target_low is not None and indicator.target_high is not None:
        low, high = indicator.target_low, indicator.target_high
        if level >= 1:
            return (low + high) / 2
        return high * (2 - level) if polarity == Polarity.NEGATIVE else low * level
    target = indicator.target or D(0)
    if polarity == Polarity.NEGATIVE:
        return target * (2 - level)
    if polarity == Polarity.STABILIZE and level >= 1:
        return target
    return target * level


def quarter_actual(indicator: AgreementIndicator, level: Decimal, quarter: int) -> Decimal:
    """The realisasi of one quarter (not cumulative) so that the four quarters aggregate to `year_actual`."""
    year = year_actual(indicator, level)
    if indicator.aggregation == Aggregation.SUM:
        value = year * SUM_SHARES[quarter - 1]
    elif indicator.aggregation == Aggregation.LAST:
        step = LAST_STEPS[quarter - 1]
        value = year * (step if indicator.polarity == Polarity.POSITIVE else 2 - step)
    else:
        value = year * AVERAGE_STEPS[quarter - 1]
    return value.quantize(_quantum(indicator), rounding=ROUND_HALF_UP)


def _narrative(level: Decimal) -> dict[str, str]:
    tone = "high" if level >= D("0.91") else "mid" if level >= D("0.66") else "low"
    analysis, supporting, hindering, follow_up = NARRATIVES[tone]
    return {
        "analysis": analysis,
        "supporting_factors": supporting,
        "hindering_factors": hindering,
        "follow_up": follow_up,
    }


def evidence_pdf(title: str) -> bytes:
    """A valid one-page PDF of a few hundred bytes saying `title` (ASCII)."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 11 Tf 40 100 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _ended_quarters(year: int, today: datetime.date) -> list[int]:
    return [quarter for quarter in (1, 2, 3, 4) if quarter_end(year, quarter) < today]


def _open_for_migration(run: DemoRun, agreement: Agreement, quarter: int, *, bappeda: User, today) -> None:
    if not is_open(department=agreement.department, year=agreement.year, quarter=quarter, day=today):
        services.reporting_reopen(
            department=agreement.department,
            year=agreement.year,
            quarter=quarter,
            until=today,
            reason=REOPEN_REASON,
            by=bappeda,
        )
        run.record(ReportingReopen, CREATED)


def _report_quarter(
    run: DemoRun,
    agreement: Agreement,
    quarter: int,
    *,
    indicators: list[AgreementIndicator],
    index: int,
    state: str,
    head: User,
    bappeda: User,
    today: datetime.date,
) -> None:
    _open_for_migration(run, agreement, quarter, bappeda=bappeda, today=today)
    level = LEVELS[index % len(LEVELS)]
    narrative = _narrative(level)
    department = agreement.department.short_name
    for position, indicator in enumerate(indicators):
        report = services.report_save(
            indicator=indicator, quarter=quarter, by=head, actual=quarter_actual(indicator, level, quarter), **narrative
        )
        run.record(ProgressReport, CREATED)
        if position == 0:  # the first indicator's report carries the recap as evidence
            title = f"Rekap realisasi {department} TW {quarter} {agreement.year}: {indicator.name[:60]}"
            pdf = ContentFile(evidence_pdf(title), name=f"rekap-tw{quarter}-{agreement.year}.pdf")
            services.evidence_add(report=report, file=pdf, by=head)
            run.record(Evidence, CREATED)
        if state == DRAFT:
            continue
        report = services.report_submit(report=report, by=head)
        if state == SUBMITTED:
            continue
        if state == RETURNED and position == 0:
            services.report_return(report=report, by=bappeda, comment=RETURN_COMMENT)
        else:
            services.report_verify(report=report, by=bappeda, comment=VERIFY_COMMENT)
    for program in agreement.programs.all():
        share = BUDGET_SHARES[quarter - 1] + D(index % 4) / 100
        services.budget_realisation_save(
            program=program,
            quarter=quarter,
            amount=(program.budget * share).quantize(D(1000), rounding=ROUND_HALF_UP),
            by=head,
        )
        run.record(BudgetRealisation, CREATED)


def load_progress(run: DemoRun) -> None:
    today = timezone.localdate()
    bappeda = User.objects.filter(username="bappeda", role=Role.BAPPEDA, is_active=True).first()
    if bappeda is None:
        return
    for year in (today.year - 1, today.year):
        quarters = _ended_quarters(year, today)
        if not quarters:
            continue
        agreements = (
            reportable_agreements_for(bappeda)
            .filter(year=year, position__isnull=True)  # the heads' PKs (the head's account enters and submits)
            .select_related("department")
            .prefetch_related("programs__agreement__department")
            .order_by("department__code")
        )
        for index, agreement in enumerate(agreements):
            head = _head_account(agreement.department)
            if head is None:
                continue
            indicators = list(
                agreement.indicators.select_related("agreement__department").order_by("objective__order", "order")
            )
            reported = set(
                ProgressReport.objects.filter(indicator__agreement=agreement).values_list("quarter", flat=True)
            )
            for quarter in quarters:
                latest = year == today.year and quarter == quarters[-1]
                state = LATEST_STATES.get(index, VERIFIED) if latest else VERIFIED
                if state == LATE:
                    continue
                if quarter in reported:
                    run.record(ProgressReport, UNCHANGED)
                    continue
                _report_quarter(
                    run,
                    agreement,
                    quarter,
                    indicators=indicators,
                    index=index,
                    state=state,
                    head=head,
                    bappeda=bappeda,
                    today=today,
                )


def load_cascade_progress(run: DemoRun) -> None:
    """The realisasi of the eselon III/IV PKs (the cascade): entered and submitted by each official, verified by the
    superior who signed the PK; each position performs a little differently from its department (so the tree's
    colours differ down a line). In this year's latest quarter one eselon IV official's reports wait for their
    superior, so that the superior's queue has something in it."""
    today = timezone.localdate()
    bappeda = User.objects.filter(username="bappeda", role=Role.BAPPEDA, is_active=True).first()
    if bappeda is None:
        return
    waiting_left = 1
    for year in (today.year - 1, today.year):
        quarters = _ended_quarters(year, today)
        agreements = (
            reportable_agreements_for(bappeda)
            .filter(year=year, position__isnull=False)
            .select_related("department", "official__user", "position", "superior_agreement__official__user")
            .order_by("department__code", "position__superior_id", "position__order", "pk")
        )
        for index, agreement in enumerate(agreements):
            official, superior = agreement.official.user, agreement.superior_agreement.official.user
            if official is None or superior is None:
                continue
            indicators = list(agreement.indicators.order_by("objective__order", "order"))
            reported = set(
                ProgressReport.objects.filter(indicator__agreement=agreement).values_list("quarter", flat=True)
            )
            level = LEVELS[(index * 3) % len(LEVELS)]
            for quarter in quarters:
                if quarter in reported:
                    run.record(ProgressReport, UNCHANGED)
                    continue
                latest = year == today.year and quarter == quarters[-1]
                waiting = latest and waiting_left > 0 and agreement.position.superior_id is not None
                waiting_left -= waiting
                _open_for_migration(run, agreement, quarter, bappeda=bappeda, today=today)
                for indicator in indicators:
                    report = services.report_save(
                        indicator=indicator,
                        quarter=quarter,
                        by=official,
                        actual=quarter_actual(indicator, level, quarter),
                        **_narrative(level),
                    )
                    run.record(ProgressReport, CREATED)
                    report = services.report_submit(report=report, by=official)
                    if not waiting:
                        services.report_verify(report=report, by=superior, comment=VERIFY_COMMENT)


STEPS = [load_progress, load_cascade_progress]
