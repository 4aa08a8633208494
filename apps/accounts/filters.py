import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control", "placeholder": _("Name or username")}),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=Role.choices,
        empty_label=_("All roles"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    is_active = django_filters.BooleanFilter(
        label=_("Status"),
        widget=forms.Select(
            attrs={"class": "form-select"}, choices=[("", _("All")), ("true", _("Active")), ("false", _("Inactive"))]
        ),
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
        )
