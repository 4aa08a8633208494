from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReportKind
from .selectors import report_departments_for

REGION = "region"
YEARS_BACK = 5


def year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - YEARS_BACK, -1)]


class ReportForm(forms.Form):
    """What to build: the year, the scope (a department the user may have, or the region) and the kind."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    scope = forms.ChoiceField(label=_("Scope"))
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in report_departments_for(user)}
        scopes = []
        if user.has_perm("reports.region"):
            scopes.append((REGION, _("The whole region (every department)")))
        scopes += [(pk, department.name) for pk, department in self.departments.items()]
        self.fields["scope"].choices = scopes
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["kind"].initial = ReportKind.CAPAIAN_XLSX
        if user.department_id and str(user.department_id) in self.departments:
            self.fields["scope"].initial = str(user.department_id)

    @property
    def department(self):
        """The chosen department; None for the region."""
        scope = self.cleaned_data["scope"]
        return None if scope == REGION else self.departments[scope]
