"""Forms of the Perjanjian Kinerja pages.

The edit page's content (sasaran → indicators, programs) is a nested table that Django forms do not model well, so
`ContentForm` reads it from the POST by hand: it keeps every typed string (to show it again after an error or a
conflict), parses Indonesian numbers ("1.234.567", "95,5") and turns the rows into the dicts the services take.
Errors come back from the services as keys like "objectives[0].indicators[1].target" and are put next to the field.
"""

import re
from decimal import Decimal
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import format_number, parse_number
from apps.core.forms import DateInput
from apps.plans.models import Aggregation, IndicatorTarget, Polarity, StrategicObjective
from apps.plans.models import Indicator as PlanIndicator
from apps.plans.models import Program as PlanProgram

from .models import Agreement, AgreementIndicator, AmendmentReason

QUARTERS = ("q1", "q2", "q3", "q4")
NUMBER_FIELDS = ("target", "target_low", "target_high", "weight", *QUARTERS)
INDICATOR_TEXT_FIELDS = ("name", "unit", "polarity", "aggregation", "target_change_reason")


def number_text(value, places=None) -> str:
    """A Decimal as an Indonesian input value without trailing zeros (95.5000 → "95,5"); "" for None."""
    if value is None:
        return ""
    return format_number(Decimal(value).normalize(), places)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _is_blank(row: dict) -> bool:
    """Nothing typed into an indicator row (its polarity and aggregation come preselected)."""
    return not any(row[field] for field in ("name", "unit", "target_change_reason", *NUMBER_FIELDS))


class ContentForm:
    """The sasaran, indicators and programs of a draft or returned PK as the edit page shows and posts them."""

    def __init__(self, agreement: Agreement, data=None):
        self.agreement = agreement
        self.non_field_errors: list[str] = []
        self._planned = None
        if data is None:
            self.objectives, self.programs = self._initial()
        else:
            self.objectives, self.programs = self._read(data)
        self._attach_planned()
        self._add_blank_indicators()
        self._add_blank_programs()

    # --- What the page shows ------------------------------------------------------------------------------------
    def _initial(self):
        objectives = []
        for objective in self.agreement.objectives.all():
            indicators = []
            for indicator in objective.indicators.all():
                quarters = indicator.quarterly_targets or [None] * 4
                row = {
                    "id": indicator.pk,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "polarity": indicator.polarity,
                    "aggregation": indicator.aggregation,
                    "is_iku": indicator.is_iku,
                    "plan_indicator": indicator.plan_indicator_id or "",
                    "supports": indicator.supports_id or "",
                    "target_change_reason": indicator.target_change_reason,
                    "target": number_text(indicator.target),
                    "target_low": number_text(indicator.target_low),
                    "target_high": number_text(indicator.target_high),
                    "weight": number_text(indicator.weight),
                    "remove": False,
                    "errors": {},
                }
                row.update({q: number_text(v) for q, v in zip(QUARTERS, quarters, strict=True)})
                indicators.append(row)
            objectives.append(
                {
                    "name": objective.name,
                    "plan_objective": objective.plan_objective_id or "",
                    "indicators": indicators,
                    "errors": {},
                }
            )
        programs = [
            {
                "id": program.pk,
                "program": program.program_id or "",
                "code": program.code,
                "name": program.name,
                "budget": number_text(program.budget, 0),
                "remove": False,
                "errors": {},
            }
            for program in self.agreement.programs.all()
        ]
        return objectives, programs

    def _read(self, data):
        objectives = []
        for i in range(min(_int_or_none(data.get("o-count")) or 0, 200)):
            prefix = f"o-{i}-"
            indicators = []
            for j in range(min(_int_or_none(data.get(f"{prefix}i-count")) or 0, 200)):
                p = f"{prefix}i-{j}-"
                row = {field: data.get(p + field, "").strip() for field in (*INDICATOR_TEXT_FIELDS, *NUMBER_FIELDS)}
                row.update(
                    id=_int_or_none(data.get(p + "id")),
                    is_iku=data.get(p + "is_iku") == "1",
                    plan_indicator=_int_or_none(data.get(p + "plan_indicator")) or "",
                    supports=_int_or_none(data.get(p + "supports")) or "",
                    remove=bool(data.get(p + "remove")),
                    errors={},
                )
                if data.get(p + "new") and _is_blank(row):
                    continue  # the empty "add an indicator" row, left as it was
                indicators.append(row)
            objectives.append(
                {
                    "name": data.get(prefix + "name", "").strip(),
                    "plan_objective": _int_or_none(data.get(prefix + "plan_objective")) or "",
                    "indicators": indicators,
                    "errors": {},
                }
            )
        programs = []
        for k in range(min(_int_or_none(data.get("p-count")) or 0, 200)):
            p = f"p-{k}-"
            row = {field: data.get(p + field, "").strip() for field in ("code", "name", "budget")}
            row.update(
                id=_int_or_none(data.get(p + "id")),
                program=_int_or_none(data.get(p + "program")) or "",
                remove=bool(data.get(p + "remove")),
                errors={},
            )
            if row["name"] or row["budget"] or row["code"] or row["program"]:
                programs.append(row)
        return objectives, programs

    def _attach_planned(self):
        """The Renstra's target of the year next to each indicator drawn from it (the reason is asked when they
        differ)."""
        ids = [r["plan_indicator"] for o in self.objectives for r in o["indicators"] if r["plan_indicator"]]
        targets = {
            t.indicator_id: t for t in IndicatorTarget.objects.filter(indicator_id__in=ids, year=self.agreement.year)
        }
        for objective in self.objectives:
            for row in objective["indicators"]:
                target = targets.get(row["plan_indicator"])
                row["planned"] = target
                row["planned_value"] = target.value if target else None

    def _add_blank_indicators(self):
        """One empty row at the end of each sasaran: an indicator typed into it is added (its name, unit, polarity
        and aggregation are typed too, as for every indicator not drawn from the Renstra)."""
        for objective in self.objectives:
            for row in objective["indicators"]:
                row["free"] = not row["plan_indicator"]
            objective["indicators"].append(
                {
                    **dict.fromkeys((*INDICATOR_TEXT_FIELDS, *NUMBER_FIELDS), ""),
                    "polarity": Polarity.POSITIVE,
                    "aggregation": Aggregation.LAST,
                    "id": None,
                    "is_iku": False,
                    "plan_indicator": "",
                    "supports": "",
                    "planned": None,
                    "planned_value": None,
                    "remove": False,
                    "errors": {},
                    "new": True,
                    "free": True,
                }
            )

    @cached_property
    def supports_choices(self) -> list[tuple[int, str]]:
        """The superior PK's indicators a cascaded PK's indicator may support (none for a head's PK)."""
        if self.agreement.superior_agreement_id is None:
            return []
        rows = AgreementIndicator.objects.filter(agreement_id=self.agreement.superior_agreement_id).select_related(
            "objective"
        )
        return [
            (i.pk, f"{i.objective.name} — {i.name}") for i in rows.order_by("objective__order", "objective_id", "order")
        ]

    @property
    def polarity_choices(self):
        return Polarity.choices

    @property
    def aggregation_choices(self):
        return Aggregation.choices

    def _add_blank_programs(self):
        """One empty row at the end of the program table: a program typed into it is added."""
        self.programs.append(
            {
                "id": None,
                "program": "",
                "code": "",
                "name": "",
                "budget": "",
                "remove": False,
                "errors": {},
                "new": True,
            }
        )

    @property
    def total_budget(self) -> Decimal:
        total = Decimal(0)
        for program in self.programs:
            if program["remove"] or not program["budget"]:
                continue
            try:
                total += parse_number(program["budget"])
            except ValueError:
                continue
        return total

    # --- What the services take ---------------------------------------------------------------------------------
    def cleaned(self) -> tuple[list[dict], list[dict]] | None:
        """The content as the services take it, or None when a typed number cannot be read (errors attached)."""
        self._places = {}  # service key → the form row it came from
        valid = True
        plan_objectives = self._lookup(
            StrategicObjective, [o["plan_objective"] for o in self.objectives], goal__renstra=self._renstra_id()
        )
        plan_indicators = self._lookup(
            PlanIndicator,
            [r["plan_indicator"] for o in self.objectives for r in o["indicators"]],
            objective__goal__renstra=self._renstra_id(),
        )
        plan_programs = self._lookup(PlanProgram, [p["program"] for p in self.programs], renstra=self._renstra_id())
        supports = self._lookup(
            AgreementIndicator,
            [r["supports"] for o in self.objectives for r in o["indicators"]],
            agreement_id=self.agreement.superior_agreement_id,
        )
        objectives = []
        for objective in self.objectives:
            kept = [row for row in objective["indicators"] if not row["remove"] and not row.get("new")]
            if not kept:
                continue
            i = len(objectives)
            self._places[f"objectives[{i}]"] = objective
            indicators = []
            for j, row in enumerate(kept):
                self._places[f"objectives[{i}].indicators[{j}]"] = row
                numbers = {}
                for field in NUMBER_FIELDS:
                    numbers[field], ok = self._number(row, field)
                    valid &= ok
                quarters = [numbers[q] for q in QUARTERS]
                indicators.append(
                    {
                        "plan_indicator": plan_indicators.get(row["plan_indicator"]),
                        "supports": supports.get(row["supports"]),
                        "planned_target": row["planned_value"],
                        "name": row["name"],
                        "unit": row["unit"],
                        "polarity": row["polarity"],
                        "aggregation": row["aggregation"],
                        "is_iku": row["is_iku"],
                        "target_change_reason": row["target_change_reason"],
                        "target": numbers["target"],
                        "target_low": numbers["target_low"],
                        "target_high": numbers["target_high"],
                        "weight": numbers["weight"],
                        # all four or none; a partial set reaches the service, which explains what is missing
                        "quarterly_targets": None if all(q is None for q in quarters) else quarters,
                    }
                )
            objectives.append(
                {
                    "name": objective["name"],
                    "plan_objective": plan_objectives.get(objective["plan_objective"]),
                    "indicators": indicators,
                }
            )
        programs = []
        for row in self.programs:
            if row["remove"] or (row.get("new") and not (row["name"] or row["budget"])):
                continue
            self._places[f"programs[{len(programs)}]"] = row
            budget, ok = self._number(row, "budget")
            valid &= ok
            programs.append(
                {
                    "program": plan_programs.get(row["program"]),
                    "code": row["code"],
                    "name": row["name"],
                    "budget": budget,
                }
            )
        if not objectives:
            self.non_field_errors.append(_("Keep at least one indicator."))
            valid = False
        return (objectives, programs) if valid else None

    def _renstra_id(self):
        return self.agreement.renstra_id

    @staticmethod
    def _lookup(model, ids, **scope):
        ids = [i for i in ids if i]
        if not ids:
            return {}
        return {obj.pk: obj for obj in model.objects.filter(pk__in=ids, **scope)}

    @staticmethod
    def _number(row, field):
        text = row.get(field, "")
        if not text:
            return None, True
        try:
            return parse_number(text), True
        except ValueError:
            row["errors"].setdefault(field, []).append(_("Type a number, for example 1.234,5."))
            return None, False

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's errors ("objectives[0].indicators[1].target") next to the fields they concern."""
        if not hasattr(exc, "error_dict"):
            self.non_field_errors.extend(exc.messages)
            return
        for key, messages in exc.message_dict.items():
            match = re.fullmatch(r"(.*)\.(\w+)", key)
            place, field = (match.group(1), match.group(2)) if match else (key, None)
            if field == "quarterly_targets":
                field = "quarters"
            row = self._places.get(place) if field else None
            if row is None:
                self.non_field_errors.extend(messages)
            else:
                row["errors"].setdefault(field, []).extend(messages)


class CreateForm(forms.Form):
    """The year of a new PK and the Renstra's sasaran and indicators ticked for it."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    objective = forms.TypedMultipleChoiceField(label=gettext_lazy("Sasaran"), coerce=int, required=False)
    indicator = forms.TypedMultipleChoiceField(label=gettext_lazy("Indicators"), coerce=int, required=False)

    def __init__(self, *args, years, content, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["objective"].choices = [(o["plan_objective"].pk, o["name"]) for o in content]
        self.fields["indicator"].choices = [
            (i["plan_indicator"].pk, i["name"]) for o in content for i in o["indicators"]
        ]

    def clean(self):
        data = super().clean()
        if not data.get("indicator"):
            raise ValidationError(_("Tick at least one indicator."))
        return data


class ReturnForm(forms.Form):
    """A general comment and one per indicator and program: what the department must correct."""

    comment = forms.CharField(
        label=gettext_lazy("General comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for objective in agreement.objectives.all():
            for indicator in objective.indicators.all():
                self._item("indicator", indicator)
        for program in agreement.programs.all():
            self._item("program", program)

    def _item(self, kind, obj):
        name = f"{kind}-{obj.pk}"
        self.fields[name] = forms.CharField(label=str(obj), required=False, widget=forms.Textarea(attrs={"rows": 1}))
        self.items.append((kind, obj.pk, name))

    def item_comments(self) -> list[dict]:
        return [
            {"item": kind, "id": pk, "comment": self.cleaned_data[name].strip()}
            for kind, pk, name in self.items
            if self.cleaned_data[name].strip()
        ]


class SignForm(forms.Form):
    signed_on = forms.DateField(label=gettext_lazy("Signing date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AmendForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=AmendmentReason.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
