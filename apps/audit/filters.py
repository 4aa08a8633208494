"""The audit trail's filters.

A plain form rather than a django-filter FilterSet: the trail is a union of event tables, which Django cannot filter
after the union, so the form's `criteria()` go to `selectors.event_rows`, which filters every table before it.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput

from . import selectors
from .display import ACTION_NAMES


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.get_username()})" if full_name else obj.get_username()


def _day_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
    )


class EventFilterForm(forms.Form):
    model = forms.ChoiceField(
        label=_("Object type"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    object_id = forms.CharField(
        label=_("Object ID"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    user = UserChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        empty_label=_("All users"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = _day_field(_("From date"))
    date_to = _day_field(_("Until date"))
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *ACTION_NAMES.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [
            ("", _("All types")),
            *((tracked.key, tracked.verbose_name) for tracked in selectors.tracked_models()),
        ]

    def clean_model(self):
        key = self.cleaned_data["model"]
        return selectors.tracked_model(key) if key else None

    def clean_object_id(self):
        return self.cleaned_data["object_id"].strip()

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def criteria(self) -> dict:
        """Keyword arguments for `selectors.event_rows`: the filters that are filled in and valid."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return any(value for name, value in self.data.items() if name != "page")
