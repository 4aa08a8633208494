"""The Excel import of departments (perangkat daerah)."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.importing import (
    Column,
    Importer,
    RowErrors,
    RowPlan,
    cell_bool,
    cell_text,
    choice_key,
    choice_lookup,
    display,
    errors_from_validation,
)

from ..models import Department, DepartmentKind
from .common import _changes, _not_one_of, _required

# --- Departments ---------------------------------------------------------------------------------------------
KIND_CHOICES = tuple(DepartmentKind.values)


class DepartmentImporter(Importer):
    kind = "departments"
    title = gettext_lazy("Import departments")
    description = gettext_lazy(
        "One row per department (perangkat daerah). A code that already exists updates that department; "
        "a new code creates one. Nothing is removed."
    )
    columns = (
        Column(
            "code",
            "Kode",
            required=True,
            text=True,
            width=16,
            help=gettext_lazy("The department's code, for example 1.01.0.00 (digits, letters, dots and dashes)."),
        ),
        Column("name", "Nama", required=True, width=44, help=gettext_lazy("Full name, e.g. Dinas Pendidikan.")),
        Column(
            "short_name",
            "Nama singkat",
            required=True,
            width=16,
            aliases=("Singkatan",),
            help=gettext_lazy("Short name, e.g. Disdik. Names and short names must be unique."),
        ),
        Column(
            "kind",
            "Jenis",
            required=True,
            width=14,
            choices=KIND_CHOICES,
            help=gettext_lazy(
                "One of: sekretariat, inspektorat, dinas, badan, kecamatan, satpol_pp, other (or the name, e.g. "
                "Satpol PP)."
            ),
        ),
        Column(
            "is_active",
            "Aktif",
            width=8,
            choices=("Ya", "Tidak"),
            help=gettext_lazy("Ya or Tidak. Empty: Ya for a new department; an existing one keeps its state."),
        ),
    )
    unique_columns = ("code", "name", "short_name")

    def template_rows(self):
        return [{"code": "1.01.0.00", "name": "Dinas Pendidikan", "short_name": "Disdik", "kind": "dinas"}]

    def unique_value(self, key, value):
        text = cell_text(value)
        if key == "code":
            return text or None  # codes are case-sensitive, like the database
        return text.casefold() or None

    def prepare(self, rows):
        self.kinds = choice_lookup(DepartmentKind.choices)
        self.by_code = {department.code: department for department in Department.objects.all()}
        # name (casefolded) → the code that holds it, kept up to date as rows rename departments
        self.names = {d.name.casefold(): d.code for d in self.by_code.values()}
        self.short_names = {d.short_name.casefold(): d.code for d in self.by_code.values()}

    def validate_row(self, values, line):
        errors = RowErrors()
        code, name, short_name = (cell_text(values.get(key)) for key in ("code", "name", "short_name"))
        for key, text in (("code", code), ("name", name), ("short_name", short_name)):
            if not text:
                errors.add(key, _required())
        kind = None
        if not cell_text(values.get("kind")):
            errors.add("kind", _required())
        else:
            kind = self.kinds.get(choice_key(values["kind"]))
            if kind is None:
                errors.add("kind", _not_one_of(values["kind"], KIND_CHOICES))
        existing = self.by_code.get(code)
        is_active = existing.is_active if existing else True
        if cell_text(values.get("is_active")):
            try:
                is_active = cell_bool(values["is_active"])
            except ValueError as exc:
                errors.add("is_active", str(exc))

        department = copy.copy(existing) if existing else Department()
        department.code, department.name, department.short_name = code, name, short_name
        department.kind, department.is_active = kind or "", is_active
        try:
            department.full_clean(exclude=errors.columns(), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for column, message in errors_from_validation(exc):
                errors.add(column, message)
        for key, taken, text in (("name", self.names, name), ("short_name", self.short_names, short_name)):
            holder = taken.get(text.casefold())
            if text and holder is not None and holder != code and not errors.has(key):
                errors.add(
                    key, _("“%(value)s” already belongs to department %(code)s.") % {"value": text, "code": holder}
                )
        errors.raise_if_any()

        if existing:
            self.names.pop(existing.name.casefold(), None)
            self.short_names.pop(existing.short_name.casefold(), None)
        self.names[name.casefold()] = code
        self.short_names[short_name.casefold()] = code
        changes = []
        if existing:
            changes = _changes(
                self,
                [
                    ("name", existing.name, name),
                    ("short_name", existing.short_name, short_name),
                    ("kind", existing.get_kind_display(), department.get_kind_display()),
                    ("is_active", existing.is_active, is_active),
                ],
            )
        return RowPlan(
            line=line,
            action="update" if changes else "unchanged" if existing else "create",
            key=code,
            values=self.shown(
                code=code,
                name=name,
                short_name=short_name,
                kind=department.get_kind_display(),
                is_active=display(is_active),
            ),
            changes=changes,
            cleaned={"department": department},
        )

    def apply_row(self, plan):
        if plan.action == "unchanged":
            return
        plan.cleaned["department"].save()  # checked in validate_row; the unique constraints guard against a race
