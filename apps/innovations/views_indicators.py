"""The indicator page of an innovation (16–35): the department claims levels with evidence while the innovation is
a draft or returned; Bappeda sets the verified levels once it is submitted. The other side's values are shown
read-only. Only the rows that changed go through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin

from . import selectors, services
from .forms import ClaimForm, VerifyLevelForm, add_service_errors
from .models import InnovationStatus
from .views import scheme_indicators_of

S = InnovationStatus


class InnovationIndicatorsView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/indicators.html"

    def setup_page(self, request, pk):
        user = request.user
        self.innovation = get_object_or_404(selectors.innovations_for(user), pk=pk)
        own = user.department_id == self.innovation.department_id
        self.can_claim = self.innovation.is_editable and own and user.has_perm("innovations.edit")
        self.can_verify = self.innovation.status in (S.SUBMITTED, S.VERIFIED) and user.has_perm("innovations.verify")
        self.rows = {row.number: row for row in self.innovation.indicators.all()}
        self.scheme_indicators = [i for i in scheme_indicators_of(self.innovation.year) if not i.part]

    def build(self, data=None, files=None):
        items = []
        for scheme_indicator in self.scheme_indicators:
            row = self.rows.get(scheme_indicator.number)
            prefix = f"i{scheme_indicator.number}"
            item = {"scheme": scheme_indicator, "row": row, "form": None}
            if self.can_claim:
                initial = {
                    "claimed_level": row.claimed_level if row else None,
                    "evidence_url": row.evidence_url if row else "",
                    "evidence_text": row.evidence_text if row else "",
                }
                item["form"] = ClaimForm(data, files, prefix=prefix, initial=initial, scheme_indicator=scheme_indicator)
            elif self.can_verify:
                item["form"] = VerifyLevelForm(
                    data,
                    prefix=prefix,
                    initial={"verified_level": row.verified_level if row else None},
                    scheme_indicator=scheme_indicator,
                )
            items.append(item)
        return items

    def get(self, request, *args, **kwargs):
        self.setup_page(request, kwargs["pk"])
        return self.render_to_response(self.get_context_data(items=self.build()))

    def post(self, request, *args, **kwargs):
        self.setup_page(request, kwargs["pk"])
        if not (self.can_claim or self.can_verify):
            if request.user.has_perm("innovations.edit") or request.user.has_perm("innovations.verify"):
                messages.error(request, _("The indicators of this innovation cannot be changed now."))
                return redirect("innovations:detail", pk=self.innovation.pk)
            raise PermissionDenied
        items = self.build(request.POST, request.FILES)
        saved, failed = 0, False
        for item in items:
            form = item["form"]
            if not form.has_changed():
                continue
            if not form.is_valid():
                failed = True
                continue
            number, data = item["scheme"].number, form.cleaned_data
            try:
                if self.can_claim:
                    evidence = {"evidence_url": data["evidence_url"], "evidence_text": data["evidence_text"]}
                    if data["evidence_file"]:
                        evidence["evidence_file"] = data["evidence_file"]
                    services.indicator_claim(
                        innovation=self.innovation,
                        number=number,
                        level=data["claimed_level"],
                        by=request.user,
                        **evidence,
                    )
                elif data["verified_level"] is not None:
                    services.indicator_verify(
                        innovation=self.innovation, number=number, level=data["verified_level"], by=request.user
                    )
                else:
                    continue
            except services.TransitionError as exc:
                form.add_error(None, str(exc))
                failed = True
            except ValidationError as exc:
                add_service_errors(form, exc)
                failed = True
            else:
                saved += 1
        if failed:
            messages.error(request, _("Some indicators were not saved: see the messages in their rows."))
            self.rows = {row.number: row for row in self.innovation.indicators.all()}
            return self.render_to_response(self.get_context_data(items=items), status=200)
        messages.success(request, _("%(n)s indicators saved.") % {"n": saved})
        return redirect("innovations:indicators", pk=self.innovation.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(innovation=self.innovation, can_claim=self.can_claim, can_verify=self.can_verify)
        return context
