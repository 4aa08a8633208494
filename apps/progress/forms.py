"""Forms of the realisasi pages. Numbers stay text here: the services parse them the Indonesian way ("1.234,5")
and their ValidationErrors are shown next to the field (`add_service_errors`)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.departments.models import Department
from apps.departments.selectors import departments_for

from .models import Quarter

NARRATIVE_ATTRS = {"rows": 2, "class": "form-control form-control-sm"}


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class ReportRowForm(ServiceErrorsMixin, forms.Form):
    """One indicator's realisasi in one quarter, with its narrative and an optional evidence file."""

    actual = forms.CharField(
        label=_("Realisasi"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control", "autocomplete": "off"}),
    )
    analysis = forms.CharField(label=_("Analysis"), required=False, widget=forms.Textarea(attrs=NARRATIVE_ATTRS))
    supporting_factors = forms.CharField(
        label=_("Supporting factors"), required=False, widget=forms.Textarea(attrs=NARRATIVE_ATTRS)
    )
    hindering_factors = forms.CharField(
        label=_("Hindering factors"), required=False, widget=forms.Textarea(attrs=NARRATIVE_ATTRS)
    )
    follow_up = forms.CharField(label=_("Follow-up"), required=False, widget=forms.Textarea(attrs=NARRATIVE_ATTRS))
    row_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, limit_mb=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, image or Office document, at most %(limit)s MB.") % {
            "limit": limit_mb or settings.PROGRESS_EVIDENCE_MAX_MB
        }

    @staticmethod
    def initial_of(report) -> dict:
        if report is None:
            return {"row_version": 0}
        from apps.core.formats import format_number

        return {
            "actual": "" if report.actual is None else format_number(report.actual.normalize()),
            "analysis": report.analysis,
            "supporting_factors": report.supporting_factors,
            "hindering_factors": report.hindering_factors,
            "follow_up": report.follow_up,
            "row_version": report.row_version,
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be corrected"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=2000,
    )


class ReopenForm(ServiceErrorsMixin, forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=Quarter.choices, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    until = forms.DateField(
        label=_("Open until"), input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput(attrs={"class": "form-control"})
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for(user).order_by("code")
