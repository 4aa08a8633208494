"""The innovation profile form. The form checks the format of what is typed (dates, URL, choices, files); the
services check the rest (dates in order, affairs, the PK sasaran of the department, the design's 300 words at
submission) and their ValidationErrors are shown next to the field (`add_service_errors`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.agreements.models import AgreementObjective, AgreementStatus
from apps.core.forms import DateInput

from . import selectors
from .affairs import AFFAIRS
from .models import Innovation
from .services import FILE_FIELDS, PROFILE_FIELDS

FORM_FIELDS = ("year", *PROFILE_FIELDS)


class InnovationForm(forms.ModelForm):
    affairs = forms.MultipleChoiceField(
        label=_("Overlapping government affairs"),
        choices=AFFAIRS,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    video_url = forms.URLField(
        label=_("Video URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    row_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = Innovation
        fields = FORM_FIELDS
        widgets = {
            "trial_date": DateInput(),
            "implementation_date": DateInput(),
            "design": forms.Textarea(attrs={"rows": 10}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "design": _("At least 300 words (formatting is not counted) to submit the innovation."),
            "replicated_from_region": _("Fill in only when the innovation is replicated from another region."),
        }

    def __init__(self, *args, user, department, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        editing = instance.pk is not None
        if editing:
            del self.fields["year"]
            self.fields["row_version"].initial = instance.row_version
        else:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["plan_objective"].queryset = (
            AgreementObjective.objects.filter(  # the head's PK: the department's sasaran, not the cascade's
                agreement__department=department,
                agreement__status=AgreementStatus.SIGNED,
                agreement__position__isnull=True,
            )
            .select_related("agreement")
            .order_by("-agreement__year", "order", "pk")
        )
        self.fields["plan_objective"].label_from_instance = lambda o: f"{o.agreement.year} — {o.name}"
        others = selectors.innovations_for(user).select_related(None).select_related("department")
        if editing:
            others = others.exclude(pk=instance.pk)
        self.fields["replicated_from"].queryset = others.order_by("-year", "name")
        self.fields["replicated_from"].label_from_instance = lambda i: f"{i.name} ({i.year}, {i.department.name})"
        earlier = Innovation.objects.filter(department=department)
        if editing:
            earlier = earlier.filter(year__lt=instance.year)
        self.fields["previous_entry"].queryset = earlier.order_by("-year", "name")
        for name, note in (instance.return_notes or {}).items() if editing else ():
            if name in self.fields:
                self.fields[name].help_text = format_html(
                    '<span class="text-danger" data-testid="note-{}"><strong>{}</strong> {}</span>',
                    name,
                    _("Bappeda's note:"),
                    note,
                )

    def clean(self):
        # A field with an error is left out of the model's checks, so a broken rule is said once, next to its field.
        data = super().clean()
        trial, implementation = data.get("trial_date"), data.get("implementation_date")
        if trial and implementation and trial > implementation:
            self.add_error("implementation_date", _("The implementation date cannot be before the trial date."))
        if data.get("replicated_from") and (data.get("replicated_from_region") or "").strip():
            self.add_error(
                "replicated_from_region", _("Replicated from another innovation or from another region, not both.")
            )
        return data

    def service_fields(self) -> dict:
        """The cleaned profile for the services: files only when uploaded or cleared."""
        data = {name: self.cleaned_data.get(name) for name in FORM_FIELDS if name in self.fields and name != "year"}
        for name in FILE_FIELDS:
            value = data.pop(name)
            if value is False:
                data[name] = ""
            elif value and name in self.files:
                data[name] = value
        for name in ("name", "initiator_name", "theme", "main_affair", "design", "goals", "benefits", "results"):
            data[name] = data.get(name) or ""
        data["video_url"] = data.get("video_url") or ""
        data["replicated_from_region"] = data.get("replicated_from_region") or ""
        data["affairs"] = list(data.get("affairs") or [])
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


# --- Indicator levels ----------------------------------------------------------------------------------------------
def _short(text: str, size: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def level_choices(scheme_indicator, *, with_zero: bool) -> list[tuple[str, str]]:
    choices = [("", "—")]
    if with_zero:
        choices.append(("0", _("0 — no evidence / not met")))
    for level in (1, 2, 3):
        choices.append((str(level), f"{level} — {_short(getattr(scheme_indicator, f'level_{level}'))}"))
    return choices


class ClaimForm(forms.Form):
    """The department's claim of one indicator: a level (1–3, or none) with evidence (a file, a URL or a text)."""

    claimed_level = forms.TypedChoiceField(
        label=_("Claimed level"), coerce=int, empty_value=None, required=False, widget=forms.Select()
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    evidence_url = forms.URLField(label=_("Evidence URL"), required=False, max_length=500, assume_scheme="https")
    evidence_text = forms.CharField(label=_("Evidence text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scheme_indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimed_level"].choices = level_choices(scheme_indicator, with_zero=False)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )


class VerifyLevelForm(forms.Form):
    """Bappeda's verified level of one indicator (0–3)."""

    verified_level = forms.TypedChoiceField(
        label=_("Verified level"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, scheme_indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_level"].choices = level_choices(scheme_indicator, with_zero=True)


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class RegionIndicatorForm(ClaimForm):
    """Bappeda's entry of one region indicator: both levels and the evidence."""

    verified_level = forms.TypedChoiceField(
        label=_("Verified level"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, scheme_indicator, **kwargs):
        super().__init__(*args, scheme_indicator=scheme_indicator, **kwargs)
        self.fields["claimed_level"].choices = level_choices(scheme_indicator, with_zero=True)
        self.fields["verified_level"].choices = level_choices(scheme_indicator, with_zero=True)


class WhatIfForm(forms.Form):
    """Bappeda's trial of changes to the self-assessed index, computed without saving anything."""

    spd = forms.DecimalField(
        label=_("Region score (SPD)"), required=False, min_value=0, max_digits=6, decimal_places=2, localize=True
    )
    extra_innovations = forms.IntegerField(
        label=_("More innovations"), required=False, min_value=0, max_value=200, initial=0
    )
    extra_score = forms.DecimalField(
        label=_("Score of each new innovation"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,
    )
    basic_affairs = forms.IntegerField(
        label=_("Basic-service affairs covered"), required=False, min_value=0, max_value=6
    )

    def __init__(self, *args, spd_max=None, innovation_max=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control", "inputmode": "decimal"})
        if spd_max is not None:
            self.fields["spd"].max_value = spd_max
            self.fields["spd"].validators.append(MaxValueValidator(spd_max))
        if innovation_max is not None:
            self.fields["extra_score"].validators.append(MaxValueValidator(innovation_max))
