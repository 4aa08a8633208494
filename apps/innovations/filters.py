"""Search and filters of the innovation inventory."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.departments.models import Department

from .affairs import AFFAIRS
from .models import Form, Innovation, InnovationStatus, Kind, Stage

SELECT = {"class": "form-select"}


def _choice(label, choices, empty, **kwargs):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, empty_label=empty, widget=forms.Select(attrs=SELECT), **kwargs
    )


class InnovationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or theme"), "type": "search", "class": "form-control"}),
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 2000, "max": 2100, "inputmode": "numeric"}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),  # verified ones of every department are shown
        empty_label=_("All departments"),
        widget=forms.Select(attrs=SELECT),
    )
    stage = _choice(_("Stage"), Stage.choices, _("All stages"))
    form = _choice(_("Form"), Form.choices, _("All forms"))
    kind = _choice(_("Kind"), Kind.choices, _("All kinds"))
    affair = _choice(_("Affair"), AFFAIRS, _("All affairs"), method="by_affair")
    status = _choice(_("Status"), InnovationStatus.choices, _("All statuses"))

    class Meta:
        model = Innovation
        fields = ["q", "year", "department", "stage", "form", "kind", "affair", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(theme__icontains=value))

    def by_affair(self, queryset, name, value):
        return queryset.filter(Q(main_affair=value) | Q(affairs__contains=[value]))
