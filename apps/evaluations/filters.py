"""Search and filters of the flags and evaluations lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Decision, Evaluation, EvaluationStatus, Flag, Reason

SELECT = {"class": "form-select"}
SEARCH = forms.TextInput(attrs={"placeholder": _("Name or department"), "type": "search", "class": "form-control"})
YEAR = forms.NumberInput(attrs={"class": "form-control", "min": 2000, "max": 2100, "inputmode": "numeric"})


def _search(queryset, name, value):
    return queryset.filter(
        Q(official__name__icontains=value)
        | Q(department__name__icontains=value)
        | Q(department__short_name__icontains=value)
    )


class FlagFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", widget=SEARCH)
    year = django_filters.NumberFilter(label=_("Year"), field_name="agreement__year", widget=YEAR)
    resolved = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("no", _("Open")), ("yes", _("Resolved"))],
        empty_label=_("Open and resolved"),
        method="by_resolved",
        widget=forms.Select(attrs=SELECT),
    )
    reason = django_filters.ChoiceFilter(
        label=_("Reason"),
        choices=Reason.choices,
        empty_label=_("All reasons"),
        method="by_reason",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = Flag
        fields = ["q", "year", "resolved", "reason"]

    search = staticmethod(_search)

    def by_resolved(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value != "yes")

    def by_reason(self, queryset, name, value):
        return queryset.filter(reasons__contains=[value])


class EvaluationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", widget=SEARCH)
    year = django_filters.NumberFilter(label=_("Year"), field_name="agreement__year", widget=YEAR)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EvaluationStatus.choices,
        empty_label=_("All statuses"),
        widget=forms.Select(attrs=SELECT),
    )
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=Decision.choices, empty_label=_("All decisions"), widget=forms.Select(attrs=SELECT)
    )

    class Meta:
        model = Evaluation
        fields = ["q", "year", "status", "decision"]

    search = staticmethod(_search)
