import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.nip import normalize_nip

from .models import Department, DepartmentKind, Echelon, Official, PositionAssignment, Rank
from .selectors import current_q, departments_for


def _search_widget(placeholder):
    return forms.TextInput(attrs={"placeholder": placeholder, "type": "search", "class": "form-control"})


class DepartmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=_search_widget(_("Name, short name or code"))
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=DepartmentKind.choices,
        empty_label=_("All kinds"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    is_active = django_filters.BooleanFilter(
        label=_("Status"),
        widget=forms.Select(
            attrs={"class": "form-select"},
            choices=[("", _("All")), ("true", _("Active")), ("false", _("Inactive"))],
        ),
    )

    class Meta:
        model = Department
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__icontains=value))


class OfficialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", widget=_search_widget(_("Name or NIP")))
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        method="in_department",
        empty_label=_("All departments"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    rank = django_filters.ChoiceFilter(
        label=_("Pangkat/golongan"),
        choices=Rank.choices,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    echelon = django_filters.ChoiceFilter(
        label=_("Eselon"),
        choices=Echelon.choices,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Official
        fields = ["q", "department", "rank", "echelon"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["department"].queryset = departments_for(request.user)

    def search(self, queryset, name, value):
        digits = normalize_nip(value)
        condition = Q(name__icontains=value)
        if digits.isdigit():
            condition |= Q(nip__startswith=digits) | Q(nip__contains=digits)
        return queryset.filter(condition)

    def in_department(self, queryset, name, value):
        """Its head and the holders of its positions below the head, today."""
        today = timezone.localdate()
        heads = value.assignments.filter(current_q(today)).values("official_id")
        holders = PositionAssignment.objects.filter(current_q(today), position__department=value).values("official_id")
        return queryset.filter(Q(pk__in=heads) | Q(pk__in=holders))
