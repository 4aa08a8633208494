"""Forms of the competition pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User

from .models import Round, humanize_category


def _code(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text.strip()).replace("-", "_")[:40]


class RoundForm(forms.ModelForm):
    """The round; its categories are typed by name, separated by commas ("Fisik, Non-fisik"): the code of each is
    its name made a slug (fisik, non_fisik), and a name that differs from its usual one is kept with the round."""

    categories = forms.CharField(
        label=_("Categories"),
        help_text=_("Names separated by commas, e.g. Fisik, Non-fisik"),
        max_length=400,
    )

    class Meta:
        model = Round
        fields = [
            "year",
            "name",
            "categories",
            "registration_start",
            "registration_end",
            "judging_start",
            "judging_end",
            "winners_per_category",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("registration_start", "registration_end", "judging_start", "judging_end")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.initial["categories"] = ", ".join(name for _code, name in self.instance.category_choices)

    def clean_categories(self):
        codes, names = [], {}
        for text in self.cleaned_data["categories"].split(","):
            code = _code(text)
            if not code or code in codes:
                continue
            codes.append(code)
            name = " ".join(text.split())[:80]
            if name != code and name != humanize_category(code):
                names[code] = name
        if not codes:
            raise forms.ValidationError(_("Give at least one category."))
        self.category_names = names
        return codes

    def clean(self):
        cleaned = super().clean()
        if "categories" in cleaned:
            cleaned["category_names"] = self.category_names
        return cleaned


class CriteriaForm(forms.Form):
    """A name and a weight per criterion of the round (weight 0 removes it), and one new criterion."""

    new_name = forms.CharField(label=_("New criterion"), required=False, max_length=120)
    new_weight = forms.IntegerField(label=_("Its weight (%)"), required=False, min_value=1, max_value=100)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        new_fields = {name: self.fields.pop(name) for name in ("new_name", "new_weight")}
        for criterion in self.criteria:
            self.fields[f"name_{criterion.code}"] = forms.CharField(
                label=_("Criterion"), max_length=120, initial=criterion.name
            )
            self.fields[f"weight_{criterion.code}"] = forms.IntegerField(
                label=_("Weight (%%) of %(name)s, 0 removes it") % {"name": criterion.name},
                min_value=0,
                max_value=100,
                initial=criterion.weight,
            )
        self.fields.update(new_fields)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        weights, names = {}, {}
        for criterion in self.criteria:
            if cleaned[f"weight_{criterion.code}"]:
                weights[criterion.code] = cleaned[f"weight_{criterion.code}"]
                names[criterion.code] = cleaned[f"name_{criterion.code}"].strip()
        if cleaned.get("new_name") or cleaned.get("new_weight"):
            code = _code(cleaned.get("new_name") or "")
            if not code or not cleaned.get("new_weight"):
                raise forms.ValidationError(_("A new criterion needs a name and a weight."))
            if code in weights:
                raise forms.ValidationError(_("There is a criterion of that name already."))
            weights[code], names[code] = cleaned["new_weight"], cleaned["new_name"].strip()
        if sum(weights.values()) != 100:
            raise forms.ValidationError(
                _("The weights must sum to 100 (now %(sum)s).") % {"sum": sum(weights.values())}
            )
        cleaned["weights"], cleaned["names"] = weights, names
        return cleaned


class EntryForm(forms.Form):
    innovation = forms.ModelChoiceField(label=_("Innovation"), queryset=None)
    category = forms.ChoiceField(label=_("Category"))
    pitch = forms.CharField(label=_("Short pitch"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    presentation = forms.FileField(label=_("Presentation file (PDF or slides)"), required=False)

    def __init__(self, *args, innovations=None, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations
        self.fields["category"].choices = list(categories)  # (code, name) pairs: Round.category_choices


class EntryEditForm(forms.Form):
    """The entrant department changes its entry while the registration is open."""

    category = forms.ChoiceField(label=_("Category"))
    pitch = forms.CharField(label=_("Short pitch"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    presentation = forms.FileField(
        label=_("New presentation file (PDF or slides)"),
        required=False,
        help_text=_("Leave empty to keep the current file."),
    )
    remove_presentation = forms.BooleanField(label=_("Remove the current presentation file"), required=False)

    def __init__(self, *args, entry, **kwargs):
        kwargs.setdefault("initial", {"category": entry.category, "pitch": entry.pitch})
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = entry.round.category_choices
        if not entry.presentation:
            del self.fields["remove_presentation"]

    def presentation_value(self):
        """The service's `presentation`: a new file, "" to remove it, None to keep it."""
        if self.cleaned_data.get("presentation"):
            return self.cleaned_data["presentation"]
        if self.cleaned_data.get("remove_presentation"):
            return ""
        return None


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class JurorForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Juror"),
        queryset=User.objects.filter(is_active=True).order_by("role", "username"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    affiliation = forms.CharField(
        label=_("Affiliation"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class ScoreForm(forms.Form):
    """A score (1–100) and a comment per criterion."""

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            given = scores.get(criterion.pk)
            self.fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=f"{criterion.name} ({criterion.weight}%)",
                min_value=1,
                max_value=100,
                initial=given.value if given else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control-lg"}),
            )
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=given.comment if given else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def values(self) -> dict:
        return {
            c.code: (self.cleaned_data[f"score_{c.code}"], self.cleaned_data.get(f"comment_{c.code}", ""))
            for c in self.criteria
        }
