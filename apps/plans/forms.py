"""Forms of the plan pages, one per level. Numbers are typed the Indonesian way (1.234,5)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.formats import format_number, parse_number

from .models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)
from .selectors import period_of, rpjmd_objectives, rpjmd_periods
from .services import target_errors


class NumberField(forms.DecimalField):
    """A decimal typed as 1.234,5 (or 1234.5), shown back the same way."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value.normalize())
        return value

    def widget_attrs(self, widget):
        return {}


NUMBERS = {
    "value": NumberField,
    "low": NumberField,
    "high": NumberField,
    "baseline": NumberField,
    "weight": NumberField,
    "amount": NumberField,
}


class YearChoiceMixin:
    """The year of a target or budget is one of its RPJMD period's years."""

    def set_years(self, period: RpjmdPeriod):
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"), coerce=int, choices=[(year, year) for year in period.years]
        )


# --- RPJMD --------------------------------------------------------------------------------------------------------
class RpjmdPeriodForm(forms.ModelForm):
    class Meta:
        model = RpjmdPeriod
        fields = ["start_year", "end_year", "vision", "regulation"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and not start <= end <= start + 5:
            self.add_error("end_year", _("The last year comes after the first, at most five years later."))
        return cleaned


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ObjectiveIndicatorForm(forms.ModelForm):
    class Meta:
        model = ObjectiveIndicator
        fields = ["name", "unit", "polarity", "aggregation", "baseline"]
        field_classes = NUMBERS


class TargetForm(YearChoiceMixin, forms.ModelForm):
    """A yearly target: one value, or a band (from–to) for a `stabilize` indicator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_years(period_of(self.instance.indicator))
        self.fields["value"].help_text = _("One value; or leave it empty and give a band (from–to).")

    def clean(self):
        """The target rules (services.target_errors) with their own messages, before the database constraint's."""
        cleaned = super().clean()
        if any(name in self.errors for name in ("value", "low", "high")):
            return cleaned  # a number that could not be read has its message already
        target = self._meta.model(
            indicator=self.instance.indicator, **{name: cleaned.get(name) for name in ("year", "value", "low", "high")}
        )
        indicator = self.instance.indicator
        for field, messages in target_errors(
            target=target, polarity=indicator.polarity, period=period_of(indicator)
        ).items():
            for message in messages:
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


class ObjectiveTargetForm(TargetForm):
    class Meta:
        model = ObjectiveTarget
        fields = ["year", "value", "low", "high"]
        field_classes = NUMBERS


# --- Renstra ------------------------------------------------------------------------------------------------------
class RenstraCreateForm(forms.ModelForm):
    class Meta:
        model = Renstra
        fields = ["department", "period"]

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments.filter(is_active=True).order_by("code")
        self.fields["period"].queryset = rpjmd_periods()


class RenstraGoalForm(forms.ModelForm):
    class Meta:
        model = RenstraGoal
        fields = ["code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class StrategicObjectiveForm(forms.ModelForm):
    class Meta:
        model = StrategicObjective
        fields = ["code", "text", "rpjmd_objective"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rpjmd_objective"].queryset = rpjmd_objectives(self.instance.goal.renstra.period)
        self.fields["rpjmd_objective"].help_text = _("The RPJMD sasaran this sasaran strategis serves.")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "polarity", "aggregation", "baseline", "weight", "is_iku"]
        field_classes = NUMBERS


class IndicatorTargetForm(TargetForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value", "low", "high"]
        field_classes = NUMBERS


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["code", "name", "objective"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("U.BB.PP, for example 1.01.02")
        self.fields["objective"].queryset = StrategicObjective.objects.filter(
            goal__renstra=self.instance.renstra
        ).order_by("code")


class ProgramBudgetForm(YearChoiceMixin, forms.ModelForm):
    class Meta:
        model = ProgramBudget
        fields = ["year", "amount"]
        field_classes = NUMBERS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_years(self.instance.program.renstra.period)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("U.BB.PP.L.KK, for example 1.01.02.2.01")


class SubActivityForm(forms.ModelForm):
    class Meta:
        model = SubActivity
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("U.BB.PP.L.KK.SSSS, for example 1.01.02.2.01.0001")
