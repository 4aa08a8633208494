import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.departments.models import Department
from apps.departments.selectors import departments_for

from .models import Renstra, RpjmdPeriod
from .selectors import rpjmd_periods

SELECT = {"class": "form-select"}


class RpjmdPeriodFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"placeholder": _("Visi, Perda or year"), "type": "search", "class": "form-control"}
        ),
    )

    class Meta:
        model = RpjmdPeriod
        fields = ["q"]

    def search(self, queryset, name, value):
        condition = Q(vision__icontains=value) | Q(regulation__icontains=value)
        if value.strip().isdigit():
            year = int(value.strip())
            condition |= Q(start_year__lte=year, end_year__gte=year)
        return queryset.filter(condition)


class RenstraFilter(django_filters.FilterSet):
    period = django_filters.ModelChoiceFilter(
        label=_("RPJMD period"),
        queryset=RpjmdPeriod.objects.all(),
        empty_label=_("All periods"),
        widget=forms.Select(attrs=SELECT),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        empty_label=_("All departments"),
        widget=forms.Select(attrs=SELECT),
    )
    locked = django_filters.BooleanFilter(
        label=_("Status"),
        method="filter_locked",
        widget=forms.Select(attrs=SELECT, choices=[("", _("All")), ("true", _("Locked")), ("false", _("Open"))]),
    )

    class Meta:
        model = Renstra
        fields = ["period", "department", "locked"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["period"].queryset = rpjmd_periods()
        if request is not None:
            self.filters["department"].queryset = departments_for(request.user).order_by("code")

    def filter_locked(self, queryset, name, value):
        return queryset.filter(locked_at__isnull=not value)
