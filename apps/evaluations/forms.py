"""Forms of the evaluation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision, EvaluationPolicy, WorkRating


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    note = forms.CharField(
        label=_("Note (the reason, required for force majeure and for replacing a JPT within two years)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.choices)
        self.fields["decision"].choices = [(code, labels[code]) for code in allowed]


class RatingForm(forms.Form):
    behaviour_rating = forms.ChoiceField(label=_("Behaviour rating"), choices=WorkRating.choices)


class StatementForm(forms.Form):
    statement = forms.CharField(label=_("Your statement"), widget=forms.Textarea(attrs={"rows": 4}))


class PolicyForm(forms.ModelForm):
    class Meta:
        model = EvaluationPolicy
        fields = ["threshold", "above_expectation", "require_all_quarters", "require_innovation"]
