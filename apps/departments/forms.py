from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.core.nip import nip_errors, normalize_nip

from .models import Assignment, AssignmentKind, Department, Official, Region


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "seat", "code", "head_title", "head_name", "logo", "time_zone"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "is_active"]


class OfficialForm(forms.ModelForm):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=24,
        help_text=_("18 digits; spaces are allowed: 19681115 199202 1 002"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Official
        fields = ["nip", "name", "rank", "echelon", "user", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.order_by("username")
        self.fields["user"].required = False

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        errors = nip_errors(nip)
        if errors:
            raise forms.ValidationError(errors)
        return nip


class AssignmentForm(forms.ModelForm):
    """Start an assignment (or move the official, ending what is open)."""

    class Meta:
        model = Assignment
        fields = ["department", "kind", "position_title", "start_date", "sk_number", "sk_date"]
        widgets = {"start_date": DateInput(), "sk_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["kind"].initial = AssignmentKind.DEFINITIVE

    def clean(self):
        cleaned = super().clean()
        start, sk_date = cleaned.get("start_date"), cleaned.get("sk_date")
        if start and sk_date and sk_date > start:
            self.add_error("sk_date", _("The SK date cannot be after the start date."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # The services check the one-definitive-head rule against the whole move (after old assignments end).
        return None


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())
