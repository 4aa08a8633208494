from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Role, User
from apps.core.forms import DateInput
from apps.core.nip import nip_errors, normalize_nip

from .models import Assignment, AssignmentKind, Department, Official, Position, PositionAssignment, Region


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "seat", "code", "head_title", "head_name", "logo", "time_zone"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "is_active"]


class OfficialForm(forms.ModelForm):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=24,
        help_text=_("18 digits; spaces are allowed: 19681115 199202 1 002"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Official
        fields = ["nip", "name", "rank", "echelon", "user", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.order_by("username")
        self.fields["user"].required = False

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        errors = nip_errors(nip)
        if errors:
            raise forms.ValidationError(errors)
        return nip


class AssignmentForm(forms.ModelForm):
    """Start an assignment (or move the official, ending what is open)."""

    class Meta:
        model = Assignment
        fields = ["department", "kind", "position_title", "start_date", "sk_number", "sk_date"]
        widgets = {"start_date": DateInput(), "sk_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["kind"].initial = AssignmentKind.DEFINITIVE

    def clean(self):
        cleaned = super().clean()
        start, sk_date = cleaned.get("start_date"), cleaned.get("sk_date")
        if start and sk_date and sk_date > start:
            self.add_error("sk_date", _("The SK date cannot be after the start date."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # The services check the one-definitive-head rule against the whole move (after old assignments end).
        return None


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day"), widget=DateInput())


class PositionForm(forms.ModelForm):
    """A position of one department: its superior is chosen among the department's eselon III positions."""

    class Meta:
        model = Position
        fields = ["name", "kind", "echelon", "superior", "order"]

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.department = department
        superiors = Position.objects.filter(department=department, superior__isnull=True, is_active=True)
        if self.instance.pk:
            superiors = superiors.exclude(pk=self.instance.pk) | Position.objects.filter(pk=self.instance.superior_id)
        self.fields["superior"].queryset = superiors.order_by("order", "name")
        self.fields["superior"].empty_label = _("— none (eselon III) —")

    def _post_clean(self):
        # Only the instance is built here: the service (position_save) checks the structure's rules and explains
        # them, then validates the whole row (the database keeps the rules too).
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class AccountChoice:
    KEEP = "keep"
    CREATE = "create"
    LINK = "link"


class PositionAssignmentForm(forms.ModelForm):
    """Assign an official to a position; the administrator may also create or link their account (role
    `official`, in the position's department)."""

    account = forms.ChoiceField(
        label=_("User account"),
        required=False,
        initial=AccountChoice.KEEP,
        choices=[
            (AccountChoice.KEEP, _("No change")),
            (AccountChoice.CREATE, _("Create an account with the role Official (eselon III/IV)")),
            (AccountChoice.LINK, _("Link an existing account with the role Official (eselon III/IV)")),
        ],
        widget=forms.RadioSelect,
        help_text=_("The account sees the official's own PK and their subordinates' in this department."),
    )
    username = forms.CharField(
        label=_("Username"),
        required=False,
        max_length=150,
        help_text=_("For a new account. The official can also sign in with their NIP."),
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("For a new account: give it to the official, who changes it on their profile page."),
    )
    user = forms.ModelChoiceField(
        label=_("Existing account"),
        required=False,
        queryset=User.objects.none(),
        help_text=_("Accounts with the role Official (eselon III/IV) not yet linked to an official."),
    )

    class Meta:
        model = PositionAssignment
        fields = ["official", "kind", "start_date", "end_date", "sk_number", "sk_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "sk_date": DateInput()}

    def __init__(self, *args, manage_accounts: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = Official.objects.filter(is_active=True).order_by("name")
        self.fields["kind"].initial = AssignmentKind.DEFINITIVE
        self.fields["end_date"].help_text = _("Empty while it lasts; a Plt or Plh usually has one.")
        if manage_accounts:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.OFFICIAL, official__isnull=True, is_active=True
            ).order_by("username")
        else:
            for name in ("account", "username", "password", "user"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if "account" not in self.fields:
            return cleaned
        choice = cleaned.get("account") or AccountChoice.KEEP
        official = cleaned.get("official")
        if choice != AccountChoice.KEEP and official is not None and official.user_id is not None:
            self.add_error(
                "account",
                _("%(name)s already has an account: %(username)s.")
                % {"name": official.name, "username": official.user.username},
            )
        if choice == AccountChoice.CREATE:
            if not cleaned.get("username"):
                self.add_error("username", _("A new account needs a username."))
            elif User.objects.filter(username__iexact=cleaned["username"].strip()).exists():
                self.add_error("username", _("This username is taken."))
            if not cleaned.get("password"):
                self.add_error("password", _("A new account needs a password."))
        if choice == AccountChoice.LINK and not cleaned.get("user"):
            self.add_error("user", _("Choose the account to link."))
        return cleaned

    def _post_clean(self):
        # No instance is built or validated here: the service (position_assign) checks the one-definitive-holder
        # rule and explains who holds the position; only the fields' own validation runs.
        return None
