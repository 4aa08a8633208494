from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or NIP"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )

    error_messages = {
        "invalid_login": _("The username/NIP or password is wrong. Both are case-sensitive for the password."),
        "inactive": _("This account is not active. Ask the administrator."),
    }
