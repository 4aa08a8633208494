"""The overview's year selector, filters and sort order (a plain form: the rows are computed, then filtered)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from apps.agreements.models import AgreementStatus
from apps.progress.achievement import Colour

from .selectors import FIRST_YEAR, LAST_YEAR

SELECT = {"class": "form-select"}
YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
COLOURS = [
    ("", _("All")),
    (Colour.GREEN.value, _("Green (≥ 91)")),
    (Colour.AMBER.value, _("Amber (66–90.99)")),
    (Colour.RED.value, _("Red (< 66)")),
    ("none", _("No capaian yet")),
]
SORT_LABELS = [
    ("department", _("Department")),
    ("achievement", _("Capaian")),
    ("projection", _("Projection")),
    ("quarters", _("Quarters reported")),
    ("innovations", _("Innovations")),
    ("flagged", _("Flagged")),
    ("status", _("PK status")),
    ("head", _("Head")),
    ("evaluation", _("Evaluation")),
]
SORTS = [
    choice
    for key, label in SORT_LABELS
    for choice in ((key, format_lazy("{} ↑", label)), (f"-{key}", format_lazy("{} ↓", label)))
]


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class OverviewFilterForm(YearForm):
    q = forms.CharField(
        label=_("Department or head"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    colour = forms.ChoiceField(
        label=_("Predicate colour"), choices=COLOURS, required=False, widget=forms.Select(SELECT)
    )
    status = forms.ChoiceField(
        label=_("PK status"),
        choices=[("", _("All")), *AgreementStatus.choices, ("none", _("No PK"))],
        required=False,
        widget=forms.Select(SELECT),
    )
    flagged = forms.ChoiceField(label=_("Flagged"), choices=YES_NO, required=False, widget=forms.Select(SELECT))
    warning = forms.ChoiceField(label=_("Early warning"), choices=YES_NO, required=False, widget=forms.Select(SELECT))
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False, widget=forms.Select(SELECT))

    def criteria(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}
