"""The region indicators (1–15, with their sub-parts) of an index year: Bappeda enters the self-assessed and the
verified level of each with its evidence; the other roles read them. Only the rows that changed are saved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin

from . import selectors, services
from .forms import RegionIndicatorForm, add_service_errors
from .models import Aspect
from .scoring import SchemeMissing, scheme_row_for


class RegionIndicatorsView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/region.html"

    def build(self, year, data=None, files=None):
        try:
            scheme = scheme_row_for(year)
        except SchemeMissing:
            return []
        rows = {row.code: row for row in selectors.region_indicators_for(self.request.user).filter(year=year)}
        editable = self.request.user.has_perm("innovations.region_edit")
        items = []
        for scheme_indicator in scheme.indicators.filter(aspect=Aspect.REGION).order_by("number", "part"):
            row = rows.get(scheme_indicator.code)
            form = None
            if editable:
                initial = {
                    "claimed_level": row.claimed_level if row else None,
                    "verified_level": row.verified_level if row else None,
                    "evidence_url": row.evidence_url if row else "",
                    "evidence_text": row.evidence_text if row else "",
                }
                form = RegionIndicatorForm(
                    data, files, prefix=f"r{scheme_indicator.code}", initial=initial, scheme_indicator=scheme_indicator
                )
            items.append({"scheme": scheme_indicator, "row": row, "form": form})
        return items

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(items=self.build(kwargs["year"])))

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("innovations.region_edit"):
            raise PermissionDenied
        year = kwargs["year"]
        items = self.build(year, request.POST, request.FILES)
        saved, failed = 0, False
        for item in items:
            form = item["form"]
            if not form.has_changed():
                continue
            if not form.is_valid():
                failed = True
                continue
            data = form.cleaned_data
            evidence = {"evidence_url": data["evidence_url"], "evidence_text": data["evidence_text"]}
            if data["evidence_file"]:
                evidence["evidence_file"] = data["evidence_file"]
            try:
                services.region_indicator_set(
                    year=year,
                    code=item["scheme"].code,
                    by=request.user,
                    claimed_level=data["claimed_level"],
                    verified_level=data["verified_level"],
                    **evidence,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                failed = True
            else:
                saved += 1
        if failed:
            messages.error(request, _("Some indicators were not saved: see the messages in their rows."))
            return self.render_to_response(self.get_context_data(items=items))
        messages.success(request, _("%(n)s indicators saved.") % {"n": saved})
        return redirect("innovations:region", year=year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=kwargs.get("year") or self.kwargs["year"],
            can_edit=self.request.user.has_perm("innovations.region_edit"),
        )
        return context
