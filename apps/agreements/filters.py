import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.departments.models import Department
from apps.departments.selectors import departments_for

from .models import Agreement, AgreementStatus


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Department"), "type": "search", "class": "form-control"}),
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 2000, "max": 2100, "inputmode": "numeric"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AgreementStatus.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[
            ("head", _("Department heads")),
            ("III", _("Eselon III")),
            ("IV", _("Eselon IV")),
        ],
        empty_label=_("All levels"),
        method="filter_level",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Agreement
        fields = ["q", "year", "status", "department", "level"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = departments_for(request.user).order_by("code")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(department__name__icontains=value)
            | Q(department__short_name__icontains=value)
            | Q(official__name__icontains=value)
            | Q(position__name__icontains=value)
        )

    def filter_level(self, queryset, name, value):
        if value == "head":
            return queryset.filter(position__isnull=True)
        if value == "III":
            return queryset.filter(position__isnull=False, position__superior__isnull=True)
        return queryset.filter(position__superior__isnull=False)
