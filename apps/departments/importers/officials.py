"""The Excel import of officials, with the department each one heads from the TMT."""

import copy
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.importing import (
    Column,
    Importer,
    RowErrors,
    RowInvalid,
    RowPlan,
    cell_date,
    cell_text,
    choice_key,
    choice_lookup,
    display,
    errors_from_validation,
)
from apps.core.nip import format_nip, nip_errors, normalize_nip

from ..models import RANK_NAMES, Assignment, AssignmentKind, Department, Echelon, Official, Rank
from ..services import official_move
from .common import _changes, _not_one_of, _required

# --- Officials -------------------------------------------------------------------------------------------------
RANK_LABELS = tuple(f"{RANK_NAMES[value]} ({value})" for value in Rank.values)
RANK_CODE = re.compile(r"\b(IV|III|II|I)\s*/\s*([a-e])\b", re.IGNORECASE)
ECHELON_CODE = re.compile(r"^(IV|III|II|I)\s*[./\-]?\s*([ab])\b", re.IGNORECASE)
ASSIGNMENT_COLUMNS = ("assignment_kind", "position_title", "start_date", "sk_number", "sk_date")


def parse_rank(value) -> str:
    """'IV/b', 'iv / b', 'Pembina Tingkat I (IV/b)' or 'Pembina Tingkat I' → 'IV/b'. Raises ValueError."""
    text = cell_text(value)
    match = RANK_CODE.search(text)
    names = {name.casefold(): code for code, name in RANK_NAMES.items()}
    if match is None:
        if text.casefold() in names:
            return names[text.casefold()]
        raise ValueError(
            _("“%(value)s” is not a pangkat/golongan: write for example IV/b or Pembina Tingkat I (IV/b).")
            % {"value": text}
        )
    code = f"{match[1].upper()}/{match[2].lower()}"
    if code not in RANK_NAMES:
        raise ValueError(_("Golongan %(code)s is not accepted: from III/a to IV/e.") % {"code": code})
    name = RANK_CODE.sub("", text).strip(" ()-,")
    if name and name.casefold() != RANK_NAMES[code].casefold():
        raise ValueError(
            _("“%(name)s” does not match golongan %(code)s, which is %(expected)s.")
            % {"name": name, "code": code, "expected": RANK_NAMES[code]}
        )
    return code


def parse_echelon(value) -> str:
    """'II.b', 'II/b', 'iib' or 'II.b (JPT Pratama…)' → 'II.b'; empty → ''. Raises ValueError."""
    text = cell_text(value)
    if not text:
        return ""
    match = ECHELON_CODE.match(text)
    code = f"{match[1].upper()}.{match[2].lower()}" if match else None
    if code not in Echelon.values:
        raise ValueError(_not_one_of(text, Echelon.values))
    return code


@dataclass
class _Held:
    """An assignment, stored or planned by an earlier row of the file (line)."""

    nip: str
    name: str
    department_id: int
    kind: str
    start: datetime.date
    end: datetime.date | None
    line: int | None = None

    def covers_from(self, day: datetime.date) -> bool:
        """Overlaps an open-ended assignment that starts on `day`."""
        return self.end is None or self.end >= day


class OfficialImporter(Importer):
    kind = "officials"
    title = gettext_lazy("Import officials")
    description = gettext_lazy(
        "One row per official. A NIP that already exists updates the name, pangkat and eselon. When a department "
        "code is given, the official starts heading it from the TMT, and any assignment still open ends the day "
        "before (an assignment already recorded is not added again). Import the departments first."
    )
    columns = (
        Column(
            "nip",
            "NIP",
            required=True,
            text=True,
            width=22,
            help=gettext_lazy("18 digits, spaces allowed. Format the column as Text: a number loses digits."),
        ),
        Column(
            "name",
            "Nama (dengan gelar)",
            required=True,
            width=38,
            aliases=("Nama", "Nama lengkap"),
            help=gettext_lazy("Name with academic titles, e.g. Dr. H. Ahmad Fauzi, S.Pd., M.Pd."),
        ),
        Column(
            "rank",
            "Pangkat/golongan",
            required=True,
            width=30,
            choices=RANK_LABELS,
            aliases=("Pangkat", "Golongan", "Pangkat/gol."),
            help=gettext_lazy("IV/b or Pembina Tingkat I (IV/b); from III/a to IV/e."),
        ),
        Column(
            "echelon",
            "Eselon",
            width=10,
            choices=tuple(Echelon.values),
            help=gettext_lazy("Optional: II.a, II.b, III.a, III.b, IV.a or IV.b."),
        ),
        Column(
            "department",
            "Kode perangkat daerah",
            text=True,
            width=22,
            help=gettext_lazy("Optional: the code of the department the official heads from the TMT."),
        ),
        Column(
            "assignment_kind",
            "Jenis jabatan",
            width=14,
            choices=tuple(AssignmentKind.values),
            help=gettext_lazy("definitive, plt or plh; empty: definitive. A department has one definitive head."),
        ),
        Column("position_title", "Jabatan", width=36, help=gettext_lazy("E.g. Kepala Dinas Pendidikan.")),
        Column(
            "start_date",
            "TMT",
            date=True,
            width=14,
            help=gettext_lazy("Start date (dd/mm/yyyy); needed with a department code."),
        ),
        Column("sk_number", "Nomor SK", width=28, help=gettext_lazy("Needed with a department code.")),
        Column(
            "sk_date",
            "Tanggal SK",
            date=True,
            width=14,
            help=gettext_lazy("dd/mm/yyyy, not after the TMT; needed with a department code."),
        ),
    )
    unique_columns = ("nip",)

    def template_rows(self):
        department = Department.objects.filter(is_active=True).order_by("code").first()
        return [
            {
                "nip": "196811151992021002",
                "name": "Dr. H. Ahmad Fauzi, S.Pd., M.Pd.",
                "rank": "Pembina Utama Muda (IV/c)",
                "echelon": "II.b",
                "department": department.code if department else "1.01.0.00",
                "assignment_kind": AssignmentKind.DEFINITIVE.value,
                "position_title": f"Kepala {department.name}" if department else "Kepala Dinas Pendidikan",
                "start_date": datetime.date(2025, 1, 6),
                "sk_number": "821.2/001/BKPSDM/2025",
                "sk_date": datetime.date(2025, 1, 3),
            }
        ]

    def unique_value(self, key, value):
        return normalize_nip(cell_text(value)) or None

    def prepare(self, rows):
        self.assignment_kinds = choice_lookup(AssignmentKind.choices)
        self.assignment_kinds[choice_key("definitif")] = AssignmentKind.DEFINITIVE
        nips = {normalize_nip(cell_text(row.values.get("nip"))) for row in rows} - {""}
        codes = {cell_text(row.values.get("department")) for row in rows} - {""}
        self.officials = {official.nip: official for official in Official.objects.filter(nip__in=nips)}
        self.departments = {department.code: department for department in Department.objects.all()}
        self.department_names = {d.pk: f"{d.code} {d.name}" for d in self.departments.values()}
        stored = Assignment.objects.filter(official__nip__in=nips) | Assignment.objects.filter(
            department__code__in=codes, kind=AssignmentKind.DEFINITIVE
        )
        self.by_nip: dict[str, list[_Held]] = {}
        self.definitive_by_department: dict[int, list[_Held]] = {}
        for assignment in stored.select_related("official").distinct().order_by("start_date", "pk"):
            self._remember(
                _Held(
                    nip=assignment.official.nip,
                    name=assignment.official.name,
                    department_id=assignment.department_id,
                    kind=assignment.kind,
                    start=assignment.start_date,
                    end=assignment.end_date,
                )
            )

    def _remember(self, held: _Held) -> None:
        self.by_nip.setdefault(held.nip, []).append(held)
        if held.kind == AssignmentKind.DEFINITIVE:
            self.definitive_by_department.setdefault(held.department_id, []).append(held)

    # Validation, one row -------------------------------------------------------------------------------------
    def validate_row(self, values, line):
        errors = RowErrors()
        nip = self._nip(values.get("nip"), errors)
        name = cell_text(values.get("name"))
        if not name:
            errors.add("name", _required())
        rank = ""
        if not cell_text(values.get("rank")):
            errors.add("rank", _required())
        else:
            try:
                rank = parse_rank(values["rank"])
            except ValueError as exc:
                errors.add("rank", str(exc))
        existing = self.officials.get(nip) if nip else None
        echelon = existing.echelon if existing else ""  # a file without the Eselon column keeps what is stored
        if "echelon" in values:
            try:
                echelon = parse_echelon(values["echelon"])
            except ValueError as exc:
                errors.add("echelon", str(exc))

        official = copy.copy(existing) if existing else Official(nip=nip)
        official.name, official.rank, official.echelon = name, rank, echelon
        try:
            exclude = {"nip", "user", *errors.columns()}
            official.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for column, message in errors_from_validation(exc):
                errors.add(column, message)

        assignment = self._assignment(values, nip, errors)
        errors.raise_if_any()

        changes, action = [], "create"
        if existing:
            changes = _changes(
                self,
                [
                    ("name", existing.name, name),
                    ("rank", existing.rank_display, official.rank_display),
                    ("echelon", existing.echelon, echelon),
                ],
            )
        official_changed = existing is None or bool(changes)
        shown = self.shown(nip=format_nip(nip), name=name, rank=official.rank_display, echelon=display(echelon))
        if assignment:
            start = assignment["start_date"]
            current = [h for h in self.by_nip.get(nip, []) if h.start < start and h.covers_from(start)]
            self._plan_move(nip=nip, name=name, line=line, **assignment)
            new = self._describe(self.by_nip[nip][-1])
            if existing:
                old = "; ".join(self._describe(h) for h in current) or display(None)
                changes.append({"column": _("Assignment"), "old": old, "new": new})
            shown[_("Assignment")] = new
            shown.update(self.shown(sk_number=assignment["sk_number"], sk_date=display(assignment["sk_date"])))
        if existing:
            action = "update" if changes else "unchanged"
        return RowPlan(
            line=line,
            action=action,
            key=nip,
            values=shown,
            changes=changes,
            cleaned={"official": official, "official_changed": official_changed, "assignment": assignment},
        )

    def _nip(self, raw, errors: RowErrors) -> str:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            errors.add(
                "nip",
                _(
                    "The NIP was typed as a number (%(value)s), and Excel keeps only 15 digits of a number, so "
                    "digits are lost. Format the NIP column as Text and type the NIP again."
                )
                % {"value": raw},
            )
            return ""
        text = cell_text(raw)
        if not text:
            errors.add("nip", _required())
            return ""
        nip = normalize_nip(text)
        problems = nip_errors(nip)
        errors.extend("nip", problems)
        return "" if problems else nip

    def _assignment(self, values, nip: str, errors: RowErrors) -> dict | None:
        """The assignment the row asks for, or None (none asked, or exactly this one is already recorded)."""
        code = cell_text(values.get("department"))
        if not code:
            filled = [self.column(key).header for key in ASSIGNMENT_COLUMNS if cell_text(values.get(key))]
            if filled:
                errors.add(
                    "department",
                    _("Empty, but %(columns)s are filled in: give the department code or clear those cells.")
                    % {"columns": ", ".join(filled)},
                )
            return None
        department = self.departments.get(code)
        if department is None:
            errors.add(
                "department",
                _("No department has the code “%(code)s”. Import the departments first, or check the code.")
                % {"code": code},
            )
        elif not department.is_active:
            errors.add("department", _("Department %(code)s is not active.") % {"code": code})
        kind = AssignmentKind.DEFINITIVE.value
        if cell_text(values.get("assignment_kind")):
            kind = self.assignment_kinds.get(choice_key(values["assignment_kind"]))
            if kind is None:
                errors.add("assignment_kind", _not_one_of(values["assignment_kind"], AssignmentKind.values))
        dates = {}
        for key in ("start_date", "sk_date"):
            if not cell_text(values.get(key)):
                errors.add(key, _required())
                continue
            try:
                dates[key] = cell_date(values[key])
            except ValueError as exc:
                errors.add(key, str(exc))
        sk_number = cell_text(values.get("sk_number"))
        if not sk_number:
            errors.add("sk_number", _required())
        start, sk_date = dates.get("start_date"), dates.get("sk_date")
        if start and sk_date and sk_date > start:
            errors.add("sk_date", _("The SK date cannot be after the TMT."))
        position_title = cell_text(values.get("position_title"))
        probe = Assignment(kind=kind or "", position_title=position_title, sk_number=sk_number)
        probe.start_date, probe.sk_date = start, sk_date
        try:
            exclude = {"official", "department", "start_date", "sk_date", "end_date", *errors.columns()}
            if "assignment_kind" in exclude:
                exclude.add("kind")
            probe.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for column, message in errors_from_validation(exc, {"kind": "assignment_kind"}):
                errors.add(column, message)
        if errors or not nip:
            return None
        if not self._is_new_assignment(nip, department, kind, start, errors):
            return None
        return {
            "department": department,
            "kind": kind,
            "position_title": position_title,
            "start_date": start,
            "sk_number": sk_number,
            "sk_date": sk_date,
        }

    def _is_new_assignment(self, nip, department, kind, start, errors: RowErrors) -> bool:
        """False when exactly this assignment is recorded already (a re-import); errors when the move cannot be
        made: a newer assignment of the official, or another definitive head of the department (DOMAIN.md §1)."""
        mine = self.by_nip.get(nip, [])
        if any(h.department_id == department.pk and h.kind == kind and h.start == start for h in mine):
            return False
        later = max((h for h in mine if h.start >= start), key=lambda h: h.start, default=None)
        if later:
            errors.add(
                "start_date",
                _(
                    "This official already has an assignment from %(date)s (%(department)s); "
                    "only a newer one can be added."
                )
                % {"date": display(later.start), "department": self.department_names[later.department_id]},
            )
        if kind == AssignmentKind.DEFINITIVE:
            for held in self.definitive_by_department.get(department.pk, []):
                if held.nip != nip and held.covers_from(start):
                    who = f"{held.name} (NIP {format_nip(held.nip)})"
                    if held.line:
                        who = _("%(who)s, line %(line)d of this file") % {"who": who, "line": held.line}
                    errors.add(
                        "department",
                        _(
                            "%(department)s already has a definitive head on or after %(date)s: %(who)s, from "
                            "%(start)s. End that assignment first, or import this one as plt or plh."
                        )
                        % {
                            "department": self.department_names[department.pk],
                            "date": display(start),
                            "who": who,
                            "start": display(held.start),
                        },
                    )
                    break
        return True

    def _plan_move(self, *, nip, name, line, department, kind, start_date, **_ignored) -> None:
        """What official_move will do: open assignments end the day before, the new one starts."""
        for held in self.by_nip.get(nip, []):
            if held.start < start_date and held.covers_from(start_date):
                held.end = start_date - datetime.timedelta(days=1)
        self._remember(
            _Held(nip=nip, name=name, department_id=department.pk, kind=kind, start=start_date, end=None, line=line)
        )

    def _describe(self, held: _Held) -> str:
        kind = AssignmentKind(held.kind).label
        return _("%(department)s, %(kind)s, from %(start)s") % {
            "department": self.department_names[held.department_id],
            "kind": kind,
            "start": display(held.start),
        }

    # Applying ----------------------------------------------------------------------------------------------
    def apply_row(self, plan):
        if plan.action == "unchanged":
            return
        official = plan.cleaned["official"]
        if plan.cleaned["official_changed"]:
            official.save()
        assignment = plan.cleaned["assignment"]
        if assignment:
            try:
                official_move(official=official, to_department=assignment["department"], **_move_arguments(assignment))
            except ValidationError as exc:
                columns = {"__all__": "department", "kind": "assignment_kind", "end_date": "start_date"}
                raise RowInvalid(errors_from_validation(exc, columns)) from exc


def _move_arguments(assignment: dict) -> dict:
    keys = ("kind", "position_title", "start_date", "sk_number", "sk_date")
    return {key: assignment[key] for key in keys}
