"""The IID scoring schemes as pages: every signed-in user reads them; Bappeda and the admin add next year's scheme
as a copy of an earlier one and edit its figures, weights, level texts and categories, without code."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from apps.audit.selectors import family_event_rows
from apps.core.views import PermissionMixin

from . import scheme_services
from .models import Innovation, RegionIndicator, Scheme, SchemeCategory, SchemeIndicator


class SchemeCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("Copy of the scheme of"), queryset=Scheme.objects.order_by("-year"), to_field_name="year"
    )
    year = forms.IntegerField(label=gettext_lazy("For the year"), min_value=2000, max_value=2100)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = scheme_services.SCHEME_FIELDS


class IndicatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300, required=False)
    weight = forms.DecimalField(label=gettext_lazy("Weight"), max_digits=5, decimal_places=2, min_value=0.01)
    level_1 = forms.CharField(label=gettext_lazy("Level 1"), widget=forms.Textarea(attrs={"rows": 2}))
    level_2 = forms.CharField(label=gettext_lazy("Level 2"), widget=forms.Textarea(attrs={"rows": 2}))
    level_3 = forms.CharField(label=gettext_lazy("Level 3"), widget=forms.Textarea(attrs={"rows": 2}))
    mandatory = forms.BooleanField(label=gettext_lazy("Mandatory"), required=False)


class CategoryForm(forms.Form):
    name = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Label"), max_length=100, required=False)
    min_score = forms.DecimalField(label=gettext_lazy("Minimum score"), max_digits=6, decimal_places=2, min_value=0)
    inclusive = forms.BooleanField(label=gettext_lazy("Minimum included"), required=False)


CategoryFormSet = forms.formset_factory(CategoryForm, extra=1, can_delete=True)


def _scheme(year) -> Scheme:
    return get_object_or_404(Scheme, year=year)


class SchemeListView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/scheme_list.html"

    def get_context_data(self, **kwargs):
        schemes = Scheme.objects.annotate(
            indicator_count=Count("indicators", distinct=True), category_count=Count("categories", distinct=True)
        ).order_by("-year")
        can_manage = self.request.user.has_perm(scheme_services.PERMISSION)
        form = kwargs.pop("form", None)
        if form is None and can_manage:
            latest = schemes[0] if schemes else None
            initial = {"source": latest.year, "year": max(latest.year, timezone.localdate().year) + 1} if latest else {}
            form = SchemeCopyForm(initial=initial)
        return super().get_context_data(schemes=schemes, can_manage=can_manage, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(scheme_services.PERMISSION):
            raise PermissionDenied
        form = SchemeCopyForm(request.POST)
        if form.is_valid():
            try:
                scheme = scheme_services.scheme_copy(
                    source=form.cleaned_data["source"], year=form.cleaned_data["year"], by=request.user
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The scheme of %(year)s is a copy of %(source)s's: change what differs.")
                    % {"year": scheme.year, "source": form.cleaned_data["source"].year},
                )
                return redirect("innovations:scheme_edit", year=scheme.year)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SchemeDetailView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/scheme_detail.html"

    def get_context_data(self, **kwargs):
        scheme = _scheme(kwargs["year"])
        rows = family_event_rows(
            (Scheme, {"pgh_obj_id": scheme.pk}),
            (SchemeIndicator, {"scheme_id": scheme.pk}),
            (SchemeCategory, {"scheme_id": scheme.pk}),
        )
        in_use = (
            Innovation.objects.filter(year=scheme.year).exists()
            or RegionIndicator.objects.filter(year=scheme.year).exists()
        )
        return super().get_context_data(
            scheme=scheme,
            indicators=scheme.indicators.all(),
            categories=sorted(scheme.categories.all(), key=lambda c: (c.min_score, not c.inclusive), reverse=True),
            can_manage=self.request.user.has_perm(scheme_services.PERMISSION),
            can_delete=not in_use and Scheme.objects.count() > 1,
            history=rows,
            **kwargs,
        )


class SchemeEditView(PermissionMixin, TemplateView):
    permission = scheme_services.PERMISSION
    template_name = "innovations/scheme_form.html"

    def forms(self, scheme: Scheme, data=None) -> dict:
        indicators = list(scheme.indicators.all())
        categories = sorted(scheme.categories.all(), key=lambda c: (c.min_score, not c.inclusive), reverse=True)
        return {
            "scheme_form": SchemeForm(data, instance=scheme, prefix="scheme"),
            "indicator_forms": [
                (
                    row,
                    IndicatorForm(
                        data,
                        prefix=f"i{row.code}",
                        initial={name: getattr(row, name) for name in scheme_services.INDICATOR_FIELDS},
                    ),
                )
                for row in indicators
            ],
            "categories": CategoryFormSet(
                data,
                prefix="categories",
                initial=[{name: getattr(c, name) for name in scheme_services.CATEGORY_FIELDS} for c in categories],
            ),
        }

    def get(self, request, *args, **kwargs):
        scheme = _scheme(kwargs["year"])
        return self.render_to_response(self.get_context_data(scheme=scheme, **self.forms(scheme)))

    def post(self, request, *args, **kwargs):
        scheme = _scheme(kwargs["year"])
        bound = self.forms(scheme, request.POST)
        valid = bound["scheme_form"].is_valid() & bound["categories"].is_valid()
        for _row, form in bound["indicator_forms"]:
            valid &= form.is_valid()
        if valid:
            try:
                scheme_services.scheme_update(
                    scheme=scheme,
                    by=request.user,
                    indicators={
                        row.code: form.cleaned_data for row, form in bound["indicator_forms"] if form.has_changed()
                    },
                    categories=[
                        {name: form.cleaned_data[name] for name in scheme_services.CATEGORY_FIELDS}
                        for form in bound["categories"].forms
                        if form.cleaned_data and not form.cleaned_data.get("DELETE")
                    ],
                    **{name: bound["scheme_form"].cleaned_data[name] for name in scheme_services.SCHEME_FIELDS},
                )
            except ValidationError as exc:
                self.add_errors(bound, exc)
            else:
                messages.success(request, _("The scheme of %(year)s is saved.") % {"year": scheme.year})
                return redirect("innovations:scheme_detail", year=scheme.year)
        context = self.get_context_data(scheme=scheme, **bound)
        return self.render_to_response(context, status=400)

    @staticmethod
    def add_errors(bound: dict, exc: ValidationError) -> None:
        scheme_form = bound["scheme_form"]
        if not hasattr(exc, "error_dict"):
            scheme_form.add_error(None, exc.messages)
            return
        for field, errors in exc.message_dict.items():
            if field in scheme_form.fields:
                scheme_form.add_error(field, errors)
            elif field == "categories":
                bound["categories"]._non_form_errors = bound["categories"].error_class(errors)
            else:
                scheme_form.add_error(None, errors)


class SchemeDeleteView(PermissionMixin, TemplateView):
    permission = scheme_services.PERMISSION
    template_name = "innovations/scheme_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(scheme=_scheme(kwargs["year"]), **kwargs)

    def post(self, request, *args, **kwargs):
        scheme = _scheme(kwargs["year"])
        try:
            scheme_services.scheme_delete(scheme=scheme, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("innovations:scheme_detail", year=scheme.year)
        except Scheme.DoesNotExist as exc:
            raise Http404 from exc
        messages.success(request, _("The scheme of %(year)s is deleted.") % {"year": scheme.year})
        return redirect("innovations:schemes")
