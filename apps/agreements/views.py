"""Pages of the Perjanjian Kinerja: the mayor's office list, drafting from the Renstra, editing, the PK with its
workflow actions, and the comparison of two versions. Every write goes through services.py; its refusals become
messages (TransitionError, ValidationError, ConflictError) or the 403 page (PermissionDenied)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from apps.core.fingerprint import cached_render
from apps.core.views import PermissionMixin
from apps.plans.models import Renstra

from . import permissions, selectors, services
from .deadlines import deadline_for
from .filters import AgreementFilter
from .forms import AmendForm, ContentForm, CreateForm, ReturnForm, SignForm, number_text
from .models import AgreementIndicator, AgreementProgram, AgreementStatus

S = AgreementStatus


def _deadline(year: int) -> datetime.date:
    """The PK deadline of a year: a month after the year's DPA date (its setting; 31 January → 28 February)."""
    return deadline_for(year)


def _is_late(agreement, today: datetime.date, deadline: datetime.date) -> bool:
    """Not signed and past the deadline (an amendment has no deadline of its own)."""
    return agreement.version == 1 and agreement.status != S.SIGNED and today > deadline


def _document_urls(agreement) -> dict:
    """Links to the PDF and the scan upload (apps/agreements/urls_documents.py), when those pages exist."""
    urls = {}
    for key, name in (("pdf", "agreement_documents:pdf"), ("scan", "agreement_documents:scan")):
        try:
            urls[key] = reverse(name, args=[agreement.pk])
        except NoReverseMatch:
            continue
    return urls


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- The list ----------------------------------------------------------------------------------------------------
#: What the list shows (rows, counts, the filter's choices) and what the user's scope is read from.
LIST_SOURCES = (
    "agreements.Agreement",
    "agreements.AgreementDeadline",
    "departments.Department",
    "departments.Official",
    "departments.Position",
    "departments.PositionAssignment",
    "accounts.User",
)


class AgreementListView(PermissionMixin, TemplateView):
    """The newest version of each PK of a year, with the count per status; a department sees only its own."""

    permission = "agreements.view"
    template_name = "agreements/agreement_list.html"

    def get_context_data(self, **kwargs):
        """The list under the heading is rendered once per user and query and served from the cache until one of
        the tables it shows or scopes by changes (apps/core/fingerprint.py)."""
        context = super().get_context_data(**kwargs)
        year = self.request.GET.get("year") or str(timezone.localdate().year)
        context["list_html"], _built = cached_render(
            self.request, "agreements/_list.html", LIST_SOURCES, lambda: self._list_context(context)
        )
        context["year"] = year
        return context

    def _list_context(self, context):
        data = self.request.GET.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        queryset = selectors.latest_versions(selectors.agreements_for(self.request.user))
        filterset = AgreementFilter(data, queryset=queryset, request=self.request)
        without_status = data.copy()
        without_status.pop("status", None)
        counted = AgreementFilter(without_status, queryset=queryset, request=self.request)
        valid = filterset.is_valid() and counted.is_valid()
        rows = filterset.qs if valid else queryset.none()
        counts = selectors.status_counts(counted.qs) if valid else selectors.status_counts(queryset.none())
        ordered = rows.order_by(
            "department__code", F("position__superior__order").asc(nulls_first=True), "position__order", "-version"
        )
        page = Paginator(ordered, settings.PAGE_SIZE).get_page(self.request.GET.get("page"))
        today, deadlines = timezone.localdate(), {}
        for agreement in page.object_list:
            if agreement.year not in deadlines:
                deadlines[agreement.year] = _deadline(agreement.year)
            agreement.deadline = deadlines[agreement.year]
            agreement.is_late = _is_late(agreement, today, agreement.deadline)
        active_status = data.get("status", "")
        context.update(
            filter=filterset,
            page_obj=page,
            object_list=page.object_list,
            year=data["year"],
            status_badges=[
                {"value": value, "label": label, "count": counts[value], "active": value == active_status}
                for value, label in S.choices
            ],
            total=sum(counts.values()),
            is_filtered=any(v for k, v in self.request.GET.items() if k != "page"),
        )
        return context


# --- Drafting from the Renstra -------------------------------------------------------------------------------------
class AgreementCreateView(PermissionMixin, TemplateView):
    """A department picks the year and ticks the Renstra's sasaran and indicators; the draft is written from them."""

    permission = "agreements.draft_head"
    template_name = "agreements/agreement_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission) and not request.user.department:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _setup(self, year_text):
        department = self.request.user.department
        renstras = list(Renstra.objects.filter(department=department).select_related("period"))
        years = sorted({timezone.localdate().year} | {y for r in renstras for y in r.period.years})
        try:
            year = int(year_text)
        except (TypeError, ValueError):
            year = timezone.localdate().year
        if year not in years:
            year = timezone.localdate().year
        renstra = next((r for r in renstras if year in r.period.years), None)
        content = services.renstra_content(renstra=renstra, year=year)[0] if renstra else []
        return department, years, year, renstra, content

    def get(self, request, *args, **kwargs):
        department, years, year, renstra, content = self._setup(request.GET.get("year"))
        form = CreateForm(initial={"year": year}, years=years, content=content)
        ticked = {"objective": None, "indicator": None}  # everything ticked at first
        return self.render_to_response(self._context(department, years, year, renstra, content, form, ticked))

    def post(self, request, *args, **kwargs):
        department, years, year, renstra, content = self._setup(request.POST.get("year"))
        form = CreateForm(request.POST, years=years, content=content)
        ticked = {"objective": request.POST.getlist("objective"), "indicator": request.POST.getlist("indicator")}
        if form.is_valid():
            try:
                agreement = services.agreement_draft_from_renstra(
                    department=department,
                    year=form.cleaned_data["year"],
                    by=request.user,
                    objective_ids=form.cleaned_data["objective"],
                    indicator_ids=form.cleaned_data["indicator"],
                )
            except ValidationError as exc:
                for message in _messages_of(exc):
                    messages.error(request, message)
            else:
                messages.success(request, _("The draft PK is written from the Renstra. Check the targets and save."))
                return redirect("agreements:edit", pk=agreement.pk)
        return self.render_to_response(self._context(department, years, year, renstra, content, form, ticked))

    def _context(self, department, years, year, renstra, content, form, ticked):
        for objective in content:
            objective["ticked"] = (
                ticked["objective"] is None or str(objective["plan_objective"].pk) in (ticked["objective"])
            )
            for indicator in objective["indicators"]:
                indicator["ticked"] = (
                    ticked["indicator"] is None or str(indicator["plan_indicator"].pk) in (ticked["indicator"])
                )
                indicator["target_text"] = _target_text(
                    indicator["target"], indicator["target_low"], indicator["target_high"]
                )
        existing = selectors.agreements_for(self.request.user).filter(department=department, year=year)
        return self.get_context_data(
            department=department,
            years=years,
            year=year,
            renstra=renstra,
            content=content,
            form=form,
            existing=list(existing.order_by("version")),
        )


def _target_text(target, low, high) -> str:
    if target is not None:
        return number_text(target)
    if low is not None and high is not None:
        return f"{number_text(low)}–{number_text(high)}"
    return "–"


# --- Editing -------------------------------------------------------------------------------------------------------
class AgreementEditView(PermissionMixin, SingleObjectMixin, TemplateView):
    """A draft or returned PK: targets, bands, quarterly targets, reasons, weights and the program budgets."""

    permission = "agreements.draft"
    template_name = "agreements/agreement_edit.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return selectors.with_content(selectors.agreements_for(self.request.user))

    def _refuse_if_frozen(self):
        if not self.object.is_editable:
            messages.warning(
                self.request,
                _("This PK is %(status)s: only a draft or a returned PK can be edited.")
                % {"status": self.object.get_status_display().lower()},
            )
            return redirect(self.object.get_absolute_url())
        return None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self._refuse_if_frozen() or self._render(ContentForm(self.object), self.object.row_version)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        refused = self._refuse_if_frozen()
        if refused:
            return refused
        form = ContentForm(self.object, request.POST)
        try:
            row_version = int(request.POST.get("row_version", ""))
        except ValueError:
            row_version = self.object.row_version
        content = form.cleaned()
        if content is None:
            return self._render(form, row_version)
        try:
            services.agreement_update(
                agreement=self.object,
                by=request.user,
                objectives=content[0],
                programs=content[1],
                row_version=row_version,
            )
        except services.ConflictError as exc:
            messages.error(request, str(exc))
            messages.info(
                request,
                _("Compare with the saved PK (open it in a new tab); saving again replaces it with what is below."),
            )
            current = type(self.object).all_levels.values_list("row_version", flat=True).get(pk=self.object.pk)
            return self._render(form, current, conflict=True)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(self.object.get_absolute_url())
        except ValidationError as exc:
            form.add_service_errors(exc)
            return self._render(form, row_version)
        messages.success(request, _("The PK is saved."))
        return redirect(self.object.get_absolute_url())

    def _render(self, form, row_version, conflict=False):
        comments = _item_comments(self.object)
        for objective in form.objectives:
            for row in objective["indicators"]:
                row["has_errors"] = bool(row["errors"])
                row["comments"] = comments.get(("indicator", row["id"]), [])
        for row in form.programs:
            row["comments"] = comments.get(("program", row["id"]), [])
        context = self.get_context_data(
            object=self.object,
            form=form,
            row_version=row_version,
            conflict=conflict,
            general_comments=[r for r in self.object.reviews.all() if r.to_status == S.RETURNED and r.comment],
        )
        return self.render_to_response(context)


def _item_comments(agreement) -> dict:
    """{(item kind, id): [{"comment", "by", "at"}]} from every return of the agreement (reviews prefetched)."""
    found = {}
    for review in agreement.reviews.all():
        for item in review.item_comments or []:
            key = (item.get("item"), item.get("id"))
            found.setdefault(key, []).append({"comment": item.get("comment", ""), "by": review.by, "at": review.at})
    return found


# --- The PK --------------------------------------------------------------------------------------------------------
# What a PK page's body shows or scopes by (apps/core/fingerprint.py): a write to any of them renders it again.
DETAIL_SOURCES = (*selectors.CONTENT_SOURCES, "departments.Department", "departments.Assignment")


class AgreementDetailView(PermissionMixin, DetailView):
    """A PK with its content, its review history, versions, cascade and changes. The body is rendered once per user
    and day and served from the cache until one of `DETAIL_SOURCES` changes, its forms given the request's CSRF
    token."""

    permission = "agreements.view"
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return selectors.agreements_for(self.request.user).select_related("department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body"], _built = cached_render(
            self.request, "agreements/_detail_body.html", DETAIL_SOURCES, self._body_context, location=self.request.path
        )
        return context

    def _body_context(self) -> dict:
        user = self.request.user
        agreement = selectors.with_content(selectors.agreements_for(user)).get(pk=self.object.pk)
        comments = _item_comments(agreement)
        used = set()
        objectives = list(agreement.objectives.all())
        for objective in objectives:
            objective.comments = comments.get(("objective", objective.pk), [])
            used.add(("objective", objective.pk))
            for indicator in objective.indicators.all():
                indicator.target_text = _target_text(indicator.target, indicator.target_low, indicator.target_high)
                indicator.comments = comments.get(("indicator", indicator.pk), [])
                used.add(("indicator", indicator.pk))
        programs = list(agreement.programs.all())
        for program in programs:
            program.comments = comments.get(("program", program.pk), [])
            used.add(("program", program.pk))
        reviews = list(agreement.reviews.all())
        for review in reviews:
            # comments on rows replaced by a later edit stay readable in the history
            review.orphan_comments = [c for c in review.item_comments or [] if (c.get("item"), c.get("id")) not in used]
        versions = list(selectors.versions_of(agreement))
        is_newest = versions[-1].pk == agreement.pk if versions else True
        status, deadline = agreement.status, _deadline(agreement.year)
        visible = selectors.agreements_for(user)
        cascaded = []
        if status == S.SIGNED:  # only a signed PK has PKs below it
            cascaded = visible.filter(superior_agreement=agreement, amendment__isnull=True).order_by(
                "position__order", "position__name"
            )
        context = {
            "agreement": agreement,
            "cascaded": list(cascaded),
            "superior_visible": agreement.superior_agreement_id is not None
            and visible.filter(pk=agreement.superior_agreement_id).exists(),
            "objectives": objectives,
            "programs": programs,
            "total_budget": sum((p.budget for p in programs), start=0),
            "reviews": reviews,
            "versions": versions,
            "previous_version": next((v for v in reversed(versions) if v.version < agreement.version), None),
            "deadline": deadline,
            "is_late": _is_late(agreement, timezone.localdate(), deadline),
            "document_urls": _document_urls(agreement),
            "can_edit": agreement.is_editable and permissions.may_draft(user, agreement),
            "can_submit": agreement.is_editable and permissions.may_submit(user, agreement),
            "can_review": status == S.SUBMITTED and permissions.may_review(user, agreement),
            "can_sign": status == S.APPROVED and permissions.may_review(user, agreement),
            "can_amend": status == S.SIGNED and is_newest and permissions.may_amend(user, agreement),
            "can_delete": status == S.DRAFT
            and agreement.version == 1
            and not reviews
            and permissions.may_draft(user, agreement),
        }
        if context["can_review"]:
            context["return_form"] = ReturnForm(agreement=agreement)
        if context["can_sign"]:
            context["sign_form"] = SignForm()
        if context["can_amend"]:
            context["amend_form"] = AmendForm()
        return context


class AgreementDiffView(PermissionMixin, DetailView):
    """What changed between two versions of a PK (?with=<the other version's id>; the previous one by default)."""

    permission = "agreements.view"
    template_name = "agreements/agreement_diff.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return selectors.agreements_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.object
        versions = list(selectors.versions_of(agreement))
        others = [v for v in versions if v.pk != agreement.pk]
        other = None
        wanted = self.request.GET.get("with")
        if wanted:
            other = next((v for v in others if str(v.pk) == wanted), None)
            if other is None:
                raise Http404
        else:
            other = next((v for v in reversed(others) if v.version < agreement.version), None) or (
                others[0] if others else None
            )
        changes = []
        if other is not None:
            old, new = sorted((agreement, other), key=lambda v: v.version)
            changes = services.agreement_diff(old, new)
            for change in changes:
                model = AgreementProgram if change["kind"] == "program" else AgreementIndicator
                change["rows"] = [
                    {"field": model._meta.get_field(field).verbose_name, "old": _plain(before), "new": _plain(after)}
                    for field, (before, after) in change["fields"].items()
                ]
            context.update(old=old, new=new)
        context.update(versions=versions, other=other, changes=changes)
        return context


def _plain(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, list | tuple):
        return " · ".join(_plain(v) for v in value)
    try:
        return number_text(value)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


# --- The workflow --------------------------------------------------------------------------------------------------
class AgreementActionView(PermissionMixin, SingleObjectMixin, View):
    """A POST-only step of the workflow through its service; a refusal becomes a message on the PK page."""

    http_method_names = ["post"]
    success_message = ""
    may = staticmethod(lambda user, agreement: False)  # the check of apps/agreements/permissions.py for this very PK

    def get_queryset(self):
        return selectors.agreements_for(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # Another department's PK is 404 (PermissionMixin); a visible PK that is not this user's to act on, 403.
        user = request.user
        if user.is_authenticated and user.has_perm(self.permission) and not self.may(user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        agreement = self.get_object()
        try:
            result = self.act(agreement)
        except (services.TransitionError, services.ConflictError) as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            if result is not None:
                messages.success(request, self.success_message)
                return redirect(result.get_absolute_url())
        return redirect(agreement.get_absolute_url())

    def act(self, agreement):
        raise NotImplementedError


class AgreementSubmitView(AgreementActionView):
    permission = "agreements.submit"
    may = staticmethod(permissions.may_submit)
    success_message = gettext_lazy("The PK is submitted to the mayor's office.")

    def act(self, agreement):
        return services.agreement_submit(agreement=agreement, by=self.request.user)


class AgreementReturnView(AgreementActionView):
    permission = "agreements.review"
    may = staticmethod(permissions.may_review)

    def act(self, agreement):
        form = ReturnForm(self.request.POST, agreement=agreement)
        if not form.is_valid():  # pragma: no cover - free text fields, always valid
            raise ValidationError(_("The comments could not be read."))
        self.success_message = _("The PK is returned to the department with your comments.")
        return services.agreement_return(
            agreement=agreement,
            by=self.request.user,
            comment=form.cleaned_data["comment"],
            item_comments=form.item_comments(),
        )


class AgreementApproveView(AgreementActionView):
    permission = "agreements.review"
    may = staticmethod(permissions.may_review)

    def act(self, agreement):
        self.success_message = _("The PK is approved; it can now be signed.")
        return services.agreement_approve(agreement=agreement, by=self.request.user)


class AgreementSignView(AgreementActionView):
    permission = "agreements.review"
    may = staticmethod(permissions.may_review)

    def act(self, agreement):
        form = SignForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the signing date as dd/mm/yyyy."))
        self.success_message = _("The signing is recorded: this PK is now frozen.")
        return services.agreement_sign(
            agreement=agreement, by=self.request.user, signed_on=form.cleaned_data["signed_on"]
        )


class AgreementAmendView(AgreementActionView):
    permission = "agreements.amend"
    may = staticmethod(permissions.may_amend)

    def act(self, agreement):
        form = AmendForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose one of the three reasons for an amendment."))
        self.success_message = _("The amendment is a new draft version: edit it and submit it again.")
        return services.agreement_amend(
            agreement=agreement,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )


# --- The cascade: a PK below the head, from the superior's signed PK -----------------------------------------------
class AgreementCascadeCreateView(PermissionMixin, TemplateView):
    """An eselon III/IV official (or their department's staff) picks the position and year, ticks the indicators of
    the superior's signed PK the position supports, and gets a draft with one indicator supporting each."""

    permission = "agreements.draft"
    template_name = "agreements/agreement_cascade_create.html"

    def _setup(self, data):
        positions = list(services.draftable_positions(self.request.user).order_by("superior__order", "order", "name"))
        chosen = next((p for p in positions if str(p.pk) == data.get("position")), positions[0] if positions else None)
        today = timezone.localdate().year
        try:
            year = int(data.get("year") or today)
        except ValueError:
            year = today
        year = min(max(year, today - 5), today + 1)
        superior = services.superior_agreement_for(position=chosen, year=year) if chosen else None
        return positions, chosen, year, superior

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context(*self._setup(request.GET), ticked=None))

    def post(self, request, *args, **kwargs):
        positions, chosen, year, superior = self._setup(request.POST)
        ticked = request.POST.getlist("supports")
        if chosen is None:
            raise PermissionDenied
        try:
            agreement = services.cascade_create(
                position=chosen, year=year, by=request.user, supported_ids=[t for t in ticked if t.isdigit()]
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(
                request, _("The draft PK is written from the superior's PK. Name your own indicators and targets.")
            )
            return redirect("agreements:edit", pk=agreement.pk)
        return self.render_to_response(self._context(positions, chosen, year, superior, ticked=ticked))

    def _context(self, positions, chosen, year, superior, ticked):
        objectives = []
        if superior is not None:
            objectives = list(
                selectors.with_content(type(superior).all_levels.filter(pk=superior.pk))[0].objectives.all()
            )
            for objective in objectives:
                for indicator in objective.indicators.all():
                    indicator.target_text = _target_text(indicator.target, indicator.target_low, indicator.target_high)
                    indicator.ticked = ticked is None or str(indicator.pk) in ticked
        existing = []
        if chosen is not None:
            existing = list(
                selectors.agreements_for(self.request.user).filter(position=chosen, year=year).order_by("version")
            )
        today = timezone.localdate().year
        return self.get_context_data(
            positions=positions,
            position=chosen,
            year=year,
            years=list(range(today - 1, today + 2)),
            superior=superior,
            objectives=objectives,
            existing=existing,
        )


class AgreementDeleteView(AgreementActionView):
    """A first draft, never submitted, deleted by whoever may draft it (the admin can restore it)."""

    permission = "agreements.draft"
    may = staticmethod(permissions.may_draft)

    def post(self, request, *args, **kwargs):
        agreement = self.get_object()
        try:
            services.agreement_delete(agreement=agreement, by=request.user)
        except services.TransitionError as exc:
            messages.error(request, str(exc))
            return redirect(agreement.get_absolute_url())
        messages.success(
            request, _("The draft %(pk)s is deleted; the administrator can restore it.") % {"pk": agreement}
        )
        return redirect(f"{reverse('agreements:list')}?year={agreement.year}")
