"""Pages of the innovation competition (issue 9): the rounds, a round's page (Bappeda: entries, jurors, the
progress of judging; a department: its entries; a juror: what is left to score), an entry's page, the results,
the certificates and the Excel export. The juror's scoring page is in views_scoring.py.

Every round comes from `selectors.rounds_for` (another juror's round is 404), every entry from the scoped entry
selectors; scores are shown only as `selectors.scores_for` allows (hidden until the round closes).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.core.import_views import XLSX_MIME
from apps.core.views import FormPageMixin, PermissionMixin
from apps.core.workflow import TransitionError
from apps.innovations.models import Innovation
from apps.innovations.views import attachment

from . import documents, selectors, services
from .forms import CriteriaForm, EntryEditForm, EntryForm, JurorForm, RejectForm, RoundForm
from .models import REVEALED, Entry, EntryStatus, Juror, RoundStatus

NEXT_STEP = {
    RoundStatus.DRAFT: (RoundStatus.REGISTRATION, gettext_lazy("Open the registration")),
    RoundStatus.REGISTRATION: (RoundStatus.JUDGING, gettext_lazy("Open the judging")),
    RoundStatus.JUDGING: (RoundStatus.CLOSED, gettext_lazy("Close the judging")),
    RoundStatus.CLOSED: (RoundStatus.PUBLISHED, gettext_lazy("Publish the results")),
}


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _round(request, pk):
    return get_object_or_404(selectors.rounds_for(request.user), pk=pk)


def _entry(request, pk):
    return get_object_or_404(selectors.all_entries_for(request.user), pk=pk)


class RoundListView(PermissionMixin, TemplateView):
    permission = "competitions.view"
    template_name = "competitions/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rounds"] = list(selectors.rounds_for(user).order_by("-year"))
        context["judged"] = set(Juror.objects.filter(user=user).values_list("round_id", flat=True))
        context["can_manage"] = user.has_perm("competitions.manage")
        return context


class RoundCreateView(PermissionMixin, FormPageMixin, View):
    permission = "competitions.manage"
    page_title = gettext_lazy("New competition round")

    def _render(self, request, form):
        from django.shortcuts import render

        return render(
            request,
            self.template_name,
            {"form": form, "title": self.page_title, "cancel_url": reverse("competitions:home")},
        )

    def get(self, request):
        return self._render(request, RoundForm())

    def post(self, request):
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                round_ = services.round_create(by=request.user, **data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The round is created with the default criteria."))
                return redirect(round_)
        return self._render(request, form)


class RoundEditView(RoundCreateView):
    page_title = gettext_lazy("Edit the round")

    def get(self, request, pk):
        return self._render(request, RoundForm(instance=_round(request, pk)))

    def post(self, request, pk):
        round_ = _round(request, pk)
        form = RoundForm(request.POST, instance=round_)
        if form.is_valid():
            fields = {name: value for name, value in form.cleaned_data.items() if name != "year"}
            try:
                services.round_update(round_=round_, by=request.user, **fields)
            except (ValidationError, TransitionError) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, _("The round is saved."))
                return redirect(round_)
        round_.refresh_from_db()
        return self._render(request, form)


class RoundView(PermissionMixin, TemplateView):
    """A round's page: for Bappeda and the overseers every entry, the jurors and a bar per juror; for a department
    its own entries; for a juror what is left to score."""

    permission = "competitions.view"
    template_name = "competitions/round.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round_ = _round(self.request, kwargs["pk"])
        oversees = selectors.oversees(user)
        juror = selectors.juror_of(user, round_)
        context.update(
            round=round_,
            criteria=list(round_.criteria.all()),
            oversees=oversees,
            juror=juror,
            can_manage=user.has_perm("competitions.manage"),
            can_enter=user.has_perm("competitions.enter") and round_.status == RoundStatus.REGISTRATION,
            entries_page=Paginator(
                selectors.entries_for(user, round_).order_by("category", "entered_at", "pk"), settings.PAGE_SIZE
            ).get_page(self.request.GET.get("page")),
            results_visible=selectors.results_visible(user, round_),
            next_step=NEXT_STEP.get(round_.status),
            steps=list(round_.steps.select_related("by")),
        )
        if oversees:
            context["progress"] = selectors.judging_progress(round_)
        context["page_obj"] = context["entries_page"]
        context["entries"] = list(context["entries_page"].object_list)
        for entry in context["entries"]:
            entry.round = round_  # the category's name without a query per row
        if context["can_manage"]:
            context["juror_form"] = JurorForm()
        if juror is not None:
            scoreable = list(selectors.scoreable_entries(juror))
            done = selectors.completed_entry_ids(juror)
            context["my_progress"] = {"scored": len(done & {e.pk for e in scoreable}), "total": len(scoreable)}
        return context


class CriteriaView(PermissionMixin, TemplateView):
    permission = "competitions.manage"
    template_name = "includes/form_page.html"

    def _context(self, round_, form):
        return {
            "form": form,
            "title": _("Criteria and weights of %(round)s") % {"round": round_.name},
            "intro": _(
                "The weights must sum to 100; the criteria can change until judging opens. A weight of 0 removes a "
                "criterion."
            ),
            "cancel_url": round_.get_absolute_url(),
        }

    def get(self, request, pk):
        round_ = _round(request, pk)
        return self.render_to_response(self._context(round_, CriteriaForm(criteria=round_.criteria.all())))

    def post(self, request, pk):
        round_ = _round(request, pk)
        form = CriteriaForm(request.POST, criteria=round_.criteria.all())
        if form.is_valid():
            try:
                services.criteria_set(
                    round_=round_,
                    weights=form.cleaned_data["weights"],
                    names=form.cleaned_data["names"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The weights are saved."))
                return redirect(round_)
        return self.render_to_response(self._context(round_, form))


class RoundAdvanceView(PermissionMixin, View):
    permission = "competitions.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        round_ = _round(request, pk)
        try:
            services.round_advance(round_=round_, target=request.POST.get("target", ""), by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The round moved to its next step."))
        return redirect(round_)


class JurorAddView(PermissionMixin, View):
    permission = "competitions.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        round_ = _round(request, pk)
        form = JurorForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a user."))
            return redirect(round_)
        try:
            services.juror_assign(
                round_=round_,
                user=form.cleaned_data["user"],
                affiliation=form.cleaned_data["affiliation"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The juror is assigned."))
        return redirect(round_)


class JurorRemoveView(PermissionMixin, View):
    permission = "competitions.manage"
    http_method_names = ["post"]

    def post(self, request, pk, juror_pk):
        round_ = _round(request, pk)
        juror = get_object_or_404(round_.jurors, pk=juror_pk)
        try:
            services.juror_remove(juror=juror, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The juror is removed."))
        return redirect(round_)


class EntryCreateView(PermissionMixin, TemplateView):
    """A department enters one of its innovations (on trial or implemented) during the registration."""

    permission = "competitions.enter"
    template_name = "includes/form_page.html"

    def _form(self, round_, data=None, files=None):
        innovations = Innovation.objects.filter(
            department_id=self.request.user.department_id, stage__in=services.ELIGIBLE_STAGES
        ).exclude(entries__round=round_)
        return EntryForm(
            data, files, innovations=innovations.order_by("-year", "name"), categories=round_.category_choices
        )

    def _context(self, round_, form):
        return {
            "form": form,
            "title": _("Enter an innovation in %(round)s") % {"round": round_.name},
            "intro": _("Innovations of your department on trial (uji coba) or implemented (penerapan)."),
            "cancel_url": round_.get_absolute_url(),
        }

    def get(self, request, pk):
        round_ = _round(request, pk)
        return self.render_to_response(self._context(round_, self._form(round_)))

    def post(self, request, pk):
        round_ = _round(request, pk)
        form = self._form(round_, request.POST, request.FILES)
        if form.is_valid():
            try:
                entry = services.entry_create(
                    round_=round_,
                    innovation=form.cleaned_data["innovation"],
                    category=form.cleaned_data["category"],
                    pitch=form.cleaned_data["pitch"],
                    presentation=form.cleaned_data["presentation"],
                    by=request.user,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The innovation is entered."))
                return redirect(entry)
        return self.render_to_response(self._context(round_, form))


class EntryView(PermissionMixin, TemplateView):
    """The entrant's page of an entry: pitch, presentation, status; after the closing its scores and result."""

    permission = "competitions.view"
    template_name = "competitions/entry.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entry = _entry(self.request, kwargs["pk"])
        round_ = entry.round
        scores = selectors.scores_for(user, round_).filter(entry=entry).order_by("juror_id", "criterion__order")
        context.update(
            entry=entry,
            round=round_,
            scores=list(scores) if round_.status in REVEALED else [],
            results_visible=selectors.results_visible(user, round_),
            can_reject=user.has_perm("competitions.manage")
            and entry.status == EntryStatus.ENTERED
            and round_.status in (RoundStatus.REGISTRATION, RoundStatus.JUDGING),
            can_reinstate=user.has_perm("competitions.manage")
            and entry.status == EntryStatus.REJECTED
            and round_.status in (RoundStatus.REGISTRATION, RoundStatus.JUDGING),
            can_edit=_editable(user, entry),
            oversees=selectors.oversees(user),
            reject_form=RejectForm(),
            replications=_replications([entry.innovation_id]).get(entry.innovation_id, []),
        )
        return context


def _replications(innovation_ids) -> dict[int, list]:
    """{innovation id: the innovations replicated from it}, in one query."""
    rows = (
        Innovation.objects.filter(replicated_from_id__in=list(innovation_ids))
        .select_related("department")
        .order_by("year", "department__name")
    )
    found: dict[int, list] = {}
    for innovation in rows:
        found.setdefault(innovation.replicated_from_id, []).append(innovation)
    return found


def _editable(user, entry) -> bool:
    return (
        user.has_perm("competitions.enter")
        and user.department_id == entry.department_id
        and entry.status == EntryStatus.ENTERED
        and entry.round.status == RoundStatus.REGISTRATION
    )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class EntryEditView(PermissionMixin, TemplateView):
    """The entrant department changes its entry (category, pitch, presentation) while the registration is open:
    another department's entry is 404, a closed registration or a rejected entry 403."""

    permission = "competitions.enter"
    template_name = "includes/form_page.html"

    def _entry(self, pk):
        entry = _entry(self.request, pk)
        if entry.department_id != self.request.user.department_id:
            raise Http404
        if not _editable(self.request.user, entry):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("An entry can be changed only while the registration is open."))
        return entry

    def _context(self, entry, form):
        return {
            "form": form,
            "title": _("Change the entry of %(name)s") % {"name": entry.innovation.name},
            "intro": _("Until the registration closes on %(date)s.")
            % {"date": formats.date_format(entry.round.registration_end, "j F Y")},
            "cancel_url": entry.get_absolute_url(),
            "timeline_object": entry,
        }

    def get(self, request, pk):
        entry = self._entry(pk)
        return self.render_to_response(self._context(entry, EntryEditForm(entry=entry)))

    def post(self, request, pk):
        entry = self._entry(pk)
        form = EntryEditForm(request.POST, request.FILES, entry=entry)
        if form.is_valid():
            try:
                services.entry_update(
                    entry=entry,
                    by=request.user,
                    category=form.cleaned_data["category"],
                    pitch=form.cleaned_data["pitch"],
                    presentation=form.presentation_value(),
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The entry is saved."))
                return redirect(entry)
        return self.render_to_response(self._context(entry, form))


class EntryReinstateView(PermissionMixin, View):
    """Bappeda takes a rejected entry back into the round (until it closes)."""

    permission = "competitions.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        entry = _entry(request, pk)
        try:
            services.entry_reinstate(entry=entry, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The entry is reinstated."))
        return redirect(entry)


class EntryRejectView(PermissionMixin, View):
    permission = "competitions.manage"
    http_method_names = ["post"]

    def post(self, request, pk):
        entry = _entry(request, pk)
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason of the rejection."))
            return redirect(entry)
        try:
            services.entry_reject(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The entry is rejected."))
        return redirect(entry)


class PresentationView(PermissionMixin, View):
    permission = "competitions.view"

    def get(self, request, pk):
        return attachment(_entry(request, pk).presentation)


# --- Results ------------------------------------------------------------------------------------------------------
def _revealed_round(request, pk):
    round_ = _round(request, pk)
    if not selectors.results_visible(request.user, round_):
        raise Http404(_("The results are not available yet."))
    return round_


class ResultsView(PermissionMixin, TemplateView):
    """The ranking per category (the overseers and jurors once the round closes; everyone once published)."""

    permission = "competitions.view"
    template_name = "competitions/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = _revealed_round(self.request, kwargs["pk"])
        entries = list(
            Entry.objects.filter(round=round_, status=EntryStatus.ENTERED)
            .select_related("innovation", "department", "round")
            .order_by("category", "rank", "entered_at")
        )
        replications = _replications([e.innovation_id for e in entries if e.recommended])
        categories = {}
        for entry in entries:
            entry.replications = replications.get(entry.innovation_id, [])
            categories.setdefault(entry.category, {"name": entry.category_name, "entries": []})["entries"].append(entry)
        context.update(
            round=round_,
            categories=categories,
            can_export=self.request.user.has_perm("competitions.oversee"),
            can_publish=self.request.user.has_perm("competitions.manage") and round_.status == RoundStatus.CLOSED,
        )
        return context


class CertificateView(PermissionMixin, View):
    """A winner's certificate (PDF) once the results are published (the overseers already when closed)."""

    permission = "competitions.view"

    def get(self, request, pk):
        entry = _entry(request, pk)
        _revealed_round(request, entry.round_id)
        winner = entry.rank is not None and entry.rank <= entry.round.winners_per_category
        if entry.status != EntryStatus.ENTERED or not winner:
            raise Http404
        response = HttpResponse(documents.certificate_pdf(entry), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{documents.certificate_filename(entry)}"'
        return response


class ExportView(PermissionMixin, View):
    """Every score of a closed round in Excel (the overseers)."""

    permission = "competitions.oversee"

    def get(self, request, pk):
        round_ = _revealed_round(request, pk)
        entries = Entry.objects.filter(round=round_).select_related("innovation", "department")
        entries = entries.order_by("category", "rank", "entered_at")
        scores = selectors.scores_for(request.user, round_).order_by(
            "entry__category", "entry__rank", "entry_id", "juror_id", "criterion__order"
        )
        response = HttpResponse(documents.scores_workbook(round_, list(entries), list(scores)), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="lomba-inovasi-{round_.year}-nilai.xlsx"'
        return response
