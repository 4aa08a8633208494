import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.agreements.models import Agreement
from apps.departments.models import Department
from apps.departments.selectors import departments_for

from .models import ProgressReport, Quarter, ReportStatus
from .selectors import ALL_LEVELS, CASCADE, HEADS

LEVELS = [
    (HEADS, _("Department heads' PKs")),
    (CASCADE, _("Eselon III/IV PKs (the cascade)")),
    (ALL_LEVELS, _("Every level")),
]


def _level_filter(field: str):
    """Which level of the cascade: the heads' PKs (the default of the pages), the eselon III/IV PKs, or both."""

    def apply(queryset, name, value):
        if value == HEADS:
            return queryset.filter(**{f"{field}__isnull": True})
        if value == CASCADE:
            return queryset.filter(**{f"{field}__isnull": False})
        return queryset

    return django_filters.ChoiceFilter(
        label=_("Level"),
        choices=LEVELS,
        empty_label=None,
        method=apply,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


YEAR_WIDGET = forms.NumberInput(attrs={"class": "form-control", "min": 2000, "max": 2100, "inputmode": "numeric"})


class _DepartmentScoped(django_filters.FilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = departments_for(request.user).order_by("code")


class ProgressOverviewFilter(_DepartmentScoped):
    """The city-wide overview: the signed PKs of a year, per department."""

    year = django_filters.NumberFilter(label=_("Year"), widget=YEAR_WIDGET)
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    level = _level_filter("position")

    class Meta:
        model = Agreement
        fields = ["year", "department", "level"]


class QueueFilter(_DepartmentScoped):
    """Bappeda's verification queue."""

    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        field_name="indicator__agreement__department",
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="indicator__agreement__year", widget=YEAR_WIDGET)
    quarter = django_filters.ChoiceFilter(
        label=_("Quarter"),
        choices=Quarter.choices,
        empty_label=_("All quarters"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ReportStatus.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    level = _level_filter("indicator__agreement__position")

    class Meta:
        model = ProgressReport
        fields = ["department", "year", "quarter", "status", "level"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not request.user.has_perm("progress.verify"):
            # A superior's queue holds only their subordinates' (cascaded) reports, of their own department.
            del self.filters["level"]
            del self.filters["department"]
