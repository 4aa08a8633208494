"""Pages of the innovation inventory: the list (verified innovations for everyone, the rest as the selector
allows), an innovation's profile with its indicators, files, review history and workflow buttons, and the
permission-checked downloads of its files and of its indicators' evidence files."""

import html
import re
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.core.views import FilteredListView, PermissionMixin

from . import selectors, services
from .affairs import AFFAIR_LABELS
from .filters import InnovationFilter
from .forms import InnovationForm
from .models import Aspect, Innovation, InnovationStatus, SchemeIndicator
from .scoring import SchemeMissing, scheme_row_for

S = InnovationStatus
FILES = {"budget": "budget_file", "profile": "profile_file"}
INDICATORS_LABEL = gettext_lazy("Indicators")


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def field_label(name: str) -> str:
    if name == "indicators":
        return str(INDICATORS_LABEL)
    return str(Innovation._meta.get_field(name).verbose_name)


_BREAKS = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/blockquote)\b[^>]*>", re.I)


def plain_text(markup: str) -> str:
    """User HTML as plain text (no sanitizer is installed, so nothing of it is rendered as HTML): the block ends
    become line breaks; the template escapes the result and applies `linebreaks`."""
    text = html.unescape(strip_tags(_BREAKS.sub("\n", markup or "")))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- The inventory -------------------------------------------------------------------------------------------------
class InnovationListView(FilteredListView):
    permission = "innovations.view"
    template_name = "innovations/list.html"
    filterset_class = InnovationFilter

    def get_queryset(self):
        return selectors.innovations_for(self.request.user).select_related(None).select_related("department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_year"] = timezone.localdate().year
        for innovation in context["object_list"]:
            innovation.main_affair_label = AFFAIR_LABELS.get(innovation.main_affair, "")
        return context


# --- One innovation ------------------------------------------------------------------------------------------------
def scheme_indicators_of(year: int) -> list[SchemeIndicator]:
    try:
        scheme = scheme_row_for(year)
    except SchemeMissing:
        return []
    return list(scheme.indicators.filter(aspect=Aspect.INNOVATION).order_by("number", "part"))


class InnovationDetailView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        innovation = get_object_or_404(
            selectors.innovations_for(user)
            .select_related(
                "replicated_from", "previous_entry", "plan_objective", "submitted_by", "verified_by", "returned_by"
            )
            .prefetch_related("entries__round", "replications__department"),
            pk=kwargs["pk"],
        )
        rows = {row.number: row for row in innovation.indicators.all()}
        indicators = []
        for item in scheme_indicators_of(innovation.year):
            row = rows.get(item.number)
            levels = {1: item.level_1, 2: item.level_2, 3: item.level_3}
            indicators.append(
                {
                    "scheme": item,
                    "row": row,
                    "claimed_text": levels.get(row.claimed_level, "") if row else "",
                    "verified_text": levels.get(row.verified_level, "") if row else "",
                }
            )
        notes = innovation.return_notes or {}
        reviews = list(innovation.reviews.select_related("by").order_by("at", "pk"))
        for review in reviews:
            review.note_list = [(field_label(name), note) for name, note in (review.notes or {}).items()]
        own = user.department_id == innovation.department_id
        context.update(
            innovation=innovation,
            design_text=plain_text(innovation.design),
            affair_labels=[AFFAIR_LABELS.get(code, code) for code in innovation.affairs],
            main_affair_label=AFFAIR_LABELS.get(innovation.main_affair, ""),
            indicators=indicators,
            return_notes=[
                (field_label(name), note) for name, note in notes.items() if name in services.RETURNABLE_FIELDS
            ],
            reviews=reviews,
            can_submit=innovation.is_editable and own and user.has_perm("innovations.submit"),
            can_edit=innovation.is_editable and own and user.has_perm("innovations.edit"),
            can_delete=innovation.status == S.DRAFT and own and user.has_perm("innovations.edit"),
            can_review=innovation.status == S.SUBMITTED and user.has_perm("innovations.verify"),
            returnable=[(name, field_label(name)) for name in services.RETURNABLE_FIELDS],
        )
        return context


class InnovationFileView(PermissionMixin, View):
    """The budget or the business profile file of an innovation, always as an attachment."""

    permission = "innovations.view"
    http_method_names = ["get"]

    def get(self, request, pk, which):
        innovation = get_object_or_404(selectors.innovations_for(request.user), pk=pk)
        if which not in FILES:
            raise Http404
        return attachment(getattr(innovation, FILES[which]))


class IndicatorEvidenceView(PermissionMixin, View):
    """The evidence file of an innovation indicator (16–35), scoped like the innovation: always an attachment."""

    permission = "innovations.view"
    http_method_names = ["get"]

    def get(self, request, pk, number):
        innovation = get_object_or_404(selectors.innovations_for(request.user), pk=pk)
        row = get_object_or_404(innovation.indicators, number=number)
        return attachment(row.evidence_file)


def attachment(field) -> FileResponse:
    """A stored file as a download (never rendered inline by the browser); 404 when there is none."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=PurePath(field.name).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    return response


# --- The workflow --------------------------------------------------------------------------------------------------
class _Action(PermissionMixin, View):
    http_method_names = ["post"]
    success = ""

    def act(self, innovation):
        raise NotImplementedError

    def post(self, request, pk):
        innovation = get_object_or_404(selectors.innovations_for(request.user), pk=pk)
        try:
            self.act(innovation)
        except PermissionDenied:
            raise
        except services.TransitionError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, self.success)
        return redirect("innovations:detail", pk=innovation.pk)


class InnovationSubmitView(_Action):
    permission = "innovations.submit"
    success = gettext_lazy("The innovation is submitted to Bappeda.")

    def act(self, innovation):
        services.innovation_submit(innovation=innovation, by=self.request.user)


class InnovationDeleteView(_Action):
    permission = "innovations.edit"

    def post(self, request, pk):
        innovation = get_object_or_404(selectors.innovations_for(request.user), pk=pk)
        try:
            services.innovation_delete(innovation=innovation, by=request.user)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("innovations:detail", pk=innovation.pk)
        messages.success(
            request, _("The draft “%(name)s” is deleted; the administrator can restore it.") % {"name": innovation.name}
        )
        return redirect("innovations:list")


class InnovationVerifyView(_Action):
    permission = "innovations.verify"
    success = gettext_lazy("The innovation is verified.")

    def act(self, innovation):
        services.innovation_verify(
            innovation=innovation, by=self.request.user, comment=self.request.POST.get("comment", "")
        )


class InnovationReturnView(_Action):
    permission = "innovations.verify"
    success = gettext_lazy("The innovation is returned to the department with your notes.")

    def act(self, innovation):
        notes = {
            name: self.request.POST.get(f"note_{name}", "")
            for name in services.RETURNABLE_FIELDS
            if self.request.POST.get(f"note_{name}", "").strip()
        }
        services.innovation_return(innovation=innovation, by=self.request.user, notes=notes)


# --- Entering and correcting the profile ---------------------------------------------------------------------------
class _ProfileFormView(PermissionMixin, TemplateView):
    permission = "innovations.edit"
    template_name = "innovations/form.html"
    innovation = None

    def department(self):
        return self.request.user.department

    def form(self, data=None, files=None):
        return InnovationForm(
            data,
            files,
            instance=self.innovation or Innovation(department=self.department(), created_by=self.request.user),
            user=self.request.user,
            department=self.department(),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                innovation = self.save(form)
            except services.ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The innovation is saved."))
                return redirect("innovations:detail", pk=innovation.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["innovation"] = self.innovation
        return context


class InnovationCreateView(_ProfileFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm("innovations.edit") and not request.user.department:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        return services.innovation_create(
            department=self.department(), year=form.cleaned_data["year"], by=self.request.user, **form.service_fields()
        )


class InnovationEditView(_ProfileFormView):
    """Only the department's own draft or returned innovation; a submitted or verified one goes back to its page."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            innovation = get_object_or_404(selectors.innovations_for(request.user), pk=kwargs["pk"])
            if request.user.has_perm("innovations.edit") and innovation.department_id != request.user.department_id:
                raise PermissionDenied
            self.innovation = innovation
        return super().dispatch(request, *args, **kwargs)

    def department(self):
        return self.innovation.department

    def get(self, request, *args, **kwargs):
        if not self.innovation.is_editable:
            messages.error(request, _("Only a draft or a returned innovation can be edited."))
            return redirect("innovations:detail", pk=self.innovation.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("innovations:detail", pk=self.innovation.pk)

    def save(self, form):
        return services.innovation_update(
            innovation=self.innovation,
            by=self.request.user,
            row_version=form.cleaned_data.get("row_version"),
            **form.service_fields(),
        )
