"""The Excel import of one quarter's realisasi of a PK (kind "progress"): the PK is the import's target, the quarter
a choice of the upload form (`params["quarter"]`).

The sheet “Realisasi” has one row per indicator and quarter (the export's layout); only the rows of the chosen
quarter are read, the others are left as they are. An indicator is found by its name in the PK (and its sasaran when
two share a name). Rows are written by the uploader with report_save's rules (services.report_save_many, all the rows
in a few queries), so the reporting window, the report's status and the uploader's permission all apply: a row that
would change a submitted or verified report, or a closed quarter, is refused with the reason; a row equal to what is
stored changes nothing. All or nothing (the framework's single transaction).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import format_number
from apps.core.importing import EMPTY, Column, Importer, RowErrors, RowInvalid, RowPlan, RowsInvalid, Sheet, cell_text
from apps.plans.importers.common import parse_decimal

from .. import services
from ..models import EDITABLE_STATUSES, ProgressReport, Quarter, ReportStatus
from ..permissions import official_id_of
from ..selectors import reportable_agreements_for
from ..window import is_open, quarter_start

REALISASI_SHEET = "Realisasi"
QUARTER_WORDS = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTERS = {**{word.casefold(): q for q, word in QUARTER_WORDS.items()}, **{str(q): q for q in QUARTER_WORDS}}
NARRATIVE = ("analysis", "supporting_factors", "hindering_factors", "follow_up")


def quarter_word(quarter: int) -> str:
    return QUARTER_WORDS[quarter]


def parse_quarter(value) -> int:
    text = cell_text(value).casefold().removeprefix("tw").strip()
    if text not in _QUARTERS:
        raise ValueError(_("“%(value)s” is not a quarter: write I, II, III or IV.") % {"value": cell_text(value)})
    return _QUARTERS[text]


def target_text(indicator) -> str:
    if indicator.target_low is not None and indicator.target_high is not None:
        return f"{format_number(indicator.target_low.normalize())}–{format_number(indicator.target_high.normalize())}"
    return format_number(indicator.target.normalize()) if indicator.target is not None else ""


COLUMNS = (
    Column("objective", "Sasaran", width=40, help=gettext_lazy("The sasaran of the PK (read when two share a name).")),
    Column("indicator", "Indikator", required=True, width=45, help=gettext_lazy("The indicator, as named in the PK.")),
    Column("unit", "Satuan", width=12, help=gettext_lazy("For reading only.")),
    Column("target", "Target", width=12, text=True, help=gettext_lazy("The year's target; for reading only.")),
    Column(
        "quarter",
        "Triwulan",
        required=True,
        width=10,
        choices=tuple(QUARTER_WORDS.values()),
        help=gettext_lazy("I, II, III or IV. Only the rows of the quarter chosen on the import page are read."),
    ),
    Column(
        "actual",
        "Realisasi",
        width=14,
        help=gettext_lazy("The realisasi of the quarter alone (not cumulative), for example 1.234,5."),
    ),
    Column("status", "Status", width=14, help=gettext_lazy("For reading only.")),
    Column("analysis", "Analisis", width=40),
    Column("supporting_factors", "Faktor pendukung", width=40),
    Column("hindering_factors", "Faktor penghambat", width=40),
    Column("follow_up", "Tindak lanjut", width=40),
)


class RealisasiImporter(Importer):
    kind = "progress"
    permission = "progress.report"
    target_label = gettext_lazy("Perjanjian Kinerja")
    title = gettext_lazy("Import a quarter's realisasi")
    description = gettext_lazy(
        "The realisasi of one quarter of the PK chosen here: one row per indicator and quarter (the export's "
        "layout); only the rows of the chosen quarter are read. A submitted or verified report, or a quarter whose "
        "reporting has closed, cannot be changed."
    )
    columns = COLUMNS

    @property
    def sheets(self):
        return (Sheet(REALISASI_SHEET, COLUMNS),)

    def targets_for(self, user):
        """The PKs the user may enter realisasi for: a department's head and staff every level of their department;
        an eselon III/IV official only their own PK (not their subordinates', which they only read)."""
        queryset = reportable_agreements_for(user).select_related("department", "position")
        if user.is_line_official:
            queryset = queryset.filter(position__isnull=False, official_id=official_id_of(user) or 0)
        return queryset

    def param_fields(self):
        return {
            "quarter": forms.TypedChoiceField(label=_("Quarter"), choices=Quarter.choices, coerce=int),
        }

    @property
    def quarter(self) -> int | None:
        quarter = self.params.get("quarter")
        return int(quarter) if str(quarter) in {"1", "2", "3", "4"} else None

    def template_rows(self):
        indicator = self.target.indicators.select_related("objective").order_by("objective__order", "order").first()
        if indicator is None:
            return [{"indicator": "Persentase …", "quarter": "I", "actual": 12.5}]
        return [
            {
                "objective": indicator.objective.name,
                "indicator": indicator.name,
                "unit": indicator.unit,
                "target": target_text(indicator),
                "quarter": "I",
            }
        ]

    # Validation ----------------------------------------------------------------------------------------------
    def prepare(self, rows):
        agreement = self.target
        # The PK's sasaran once each, not once per indicator (a PK may have 10,000 indicators).
        objectives = {objective.pk: objective for objective in agreement.objectives.all()}
        self.by_name: dict[str, list] = {}
        for indicator in agreement.indicators.all():
            indicator.agreement = agreement
            if indicator.objective_id in objectives:
                indicator.objective = objectives[indicator.objective_id]
            self.by_name.setdefault(indicator.name.casefold(), []).append(indicator)
        self.headers = {column.key: column.header for column in self.all_columns()}
        self.reports = {
            report.indicator_id: report
            for report in ProgressReport.objects.filter(indicator__agreement=agreement, quarter=self.quarter or 0)
        }
        quarter = self.quarter
        self.window_open = bool(quarter) and is_open(
            department=agreement.department, year=agreement.year, quarter=quarter
        )
        self.started = bool(quarter) and timezone.localdate() >= quarter_start(agreement.year, quarter)
        self.seen: dict[tuple[int, int], int] = {}

    def _indicator(self, values, errors: RowErrors):
        name = cell_text(values.get("indicator"))
        if not name:
            errors.add("indicator", _("Required."))
            return None
        found = self.by_name.get(name.casefold(), [])
        if len(found) > 1:
            objective = cell_text(values.get("objective")).casefold()
            found = [indicator for indicator in found if indicator.objective.name.casefold() == objective]
        if len(found) != 1:
            errors.add("indicator", _("This PK has no indicator “%(name)s”.") % {"name": name})
            return None
        return found[0]

    def validate_row(self, values, line):
        errors = RowErrors()
        if self.quarter is None:
            raise RowInvalid([(None, _("Choose the quarter to import on the import page."))])
        indicator = self._indicator(values, errors)
        try:
            quarter = parse_quarter(values.get("quarter"))
        except ValueError as exc:
            errors.add("quarter", exc)
            quarter = None
        actual = None
        if cell_text(values.get("actual")):
            try:
                actual = parse_decimal(values.get("actual"))
            except ValueError as exc:
                errors.add("actual", exc)
        errors.raise_if_any()
        key = f"{indicator.name} — TW {quarter_word(quarter)}"
        headers = self.headers
        shown = {headers["indicator"]: indicator.name, headers["quarter"]: quarter_word(quarter)}
        if quarter != self.quarter:  # another quarter's row: read for nothing
            return RowPlan(line=line, action="unchanged", key=key, values=shown, cleaned={"skip": True})
        if (indicator.pk, quarter) in self.seen:
            raise RowInvalid(
                [
                    (
                        "indicator",
                        _("This indicator is also on line %(line)s.") % {"line": self.seen[indicator.pk, quarter]},
                    )
                ]
            )
        self.seen[indicator.pk, quarter] = line
        texts = {name: cell_text(values.get(name)) if name in values else None for name in NARRATIVE}
        report = self.reports.get(indicator.pk)
        new = {"actual": actual, **{name: text if text is not None else "" for name, text in texts.items()}}
        if report is not None:  # a column left out of the file keeps what is stored
            new.update({name: getattr(report, name) for name, text in texts.items() if text is None})
        old = {name: getattr(report, name) if report else ("" if name in NARRATIVE else None) for name in new}
        changed = [name for name in new if (old[name] or None) != (new[name] or None)]
        shown[headers["actual"]] = _shown(actual)
        if not changed:
            return RowPlan(line=line, action="unchanged", key=key, values=shown, cleaned={"skip": True})
        if report is not None and report.status not in EDITABLE_STATUSES:
            raise RowInvalid(
                [
                    (
                        None,
                        _("The report of this quarter is %(status)s: it can no longer be changed.")
                        % {"status": report.get_status_display().lower()},
                    )
                ]
            )
        if not self.started:
            raise RowInvalid([("quarter", _("This quarter has not started yet."))])
        if not self.window_open and not (report is not None and report.status == ReportStatus.RETURNED):
            raise RowInvalid([("quarter", _("Reporting for this quarter has closed. Ask Bappeda to reopen it."))])
        changes = []  # a new report shows its values only
        if report is not None:
            changes = [{"column": headers[n], "old": _shown(old[n]), "new": _shown(new[n])} for n in changed]
        return RowPlan(
            line=line,
            action="update" if report is not None else "create",
            key=key,
            values=shown,
            changes=changes,
            cleaned={
                "indicator": indicator,
                "quarter": quarter,
                "values": new,
                "row_version": report.row_version if report is not None else 0,
            },
        )

    def apply_all(self, plans, progress):
        """Every row to write in one go (services.report_save_many: report_save's rules, a few queries in all)."""
        todo = [plan for plan in plans if not plan.cleaned.get("skip")]
        if todo:
            try:
                services.report_save_many(
                    agreement=self.target,
                    quarter=self.quarter,
                    by=self.user,
                    rows=[
                        (plan.cleaned["indicator"], plan.cleaned["values"], plan.cleaned["row_version"])
                        for plan in todo
                    ],
                )
            except services.ReportsRefused as exc:
                raise RowsInvalid([(todo[index], _row_errors(error)) for index, error in exc.errors.items()]) from exc
            except (ValidationError, PermissionDenied, services.TransitionError, services.ConflictError) as exc:
                raise RowsInvalid([(todo[0], _row_errors(exc))]) from exc  # refused for all: said on the first row
        progress(len(plans))


def _row_errors(exc) -> list[tuple[str | None, str]]:
    """A refusal of the service as the errors of one row."""
    if isinstance(exc, ValidationError):
        return [(None, message) for message in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [(None, _("You may not enter the realisasi of this PK."))]
    return [(None, str(exc))]


def _shown(value) -> str:
    if value is None or value == "":
        return EMPTY
    if hasattr(value, "normalize"):
        return format_number(value.normalize())
    return str(value)
