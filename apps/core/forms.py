from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A date typed day first (dd/mm/yyyy), or ISO; never month first (DOMAIN.md §7)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(format="%d/%m/%Y", attrs={**defaults, **(attrs or {})})
