from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from apps.core.views import FilteredListView, FormPageMixin, PermissionMixin

from . import selectors, services
from .filters import DepartmentFilter, OfficialFilter
from .forms import (
    AccountChoice,
    AssignmentEndForm,
    AssignmentForm,
    DepartmentForm,
    OfficialForm,
    PositionAssignmentForm,
    PositionForm,
    RegionForm,
)
from .models import Region


# --- Region ------------------------------------------------------------------------------------------------
class RegionView(PermissionMixin, FormPageMixin, UpdateView):
    permission = "departments.region_manage"
    form_class = RegionForm
    page_title = gettext_lazy("Region")
    intro = gettext_lazy("The Pemerintah Daerah this installation serves: its name, kode wilayah, head and logo.")

    def get_object(self, queryset=None):
        return Region.objects.filter(pk=1).first() or Region(pk=1)

    def get_cancel_url(self):
        return reverse("core:home")

    def form_valid(self, form):
        services.region_save(region=form.save(commit=False))
        messages.success(self.request, _("The region is saved."))
        return redirect("region")


# --- Departments ---------------------------------------------------------------------------------------------
class DepartmentListView(FilteredListView):
    permission = "departments.view"
    template_name = "departments/department_list.html"
    filterset_class = DepartmentFilter

    def get_queryset(self):
        return selectors.departments_with_current_heads(self.request.user)


class DepartmentDetailView(PermissionMixin, DetailView):
    permission = "departments.view"
    template_name = "departments/department_detail.html"
    context_object_name = "department"

    def get_queryset(self):
        return selectors.departments_with_current_heads(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.assignments.select_related("official").order_by("-start_date", "-pk")
        return context


class DepartmentCreateView(PermissionMixin, FormPageMixin, CreateView):
    permission = "departments.manage"
    form_class = DepartmentForm
    page_title = gettext_lazy("New department")

    def get_cancel_url(self):
        return reverse("departments:list")

    def form_valid(self, form):
        messages.success(self.request, _("The department is saved."))
        return super().form_valid(form)


class DepartmentUpdateView(PermissionMixin, FormPageMixin, UpdateView):
    permission = "departments.manage"
    form_class = DepartmentForm

    def get_queryset(self):
        return selectors.departments_for(self.request.user)

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object.name}

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        messages.success(self.request, _("The department is saved."))
        return super().form_valid(form)


class DepartmentHistoryView(DepartmentDetailView):
    template_name = "departments/department_history.html"


# --- Officials -----------------------------------------------------------------------------------------------
class OfficialListView(FilteredListView):
    permission = "officials.view"
    template_name = "officials/official_list.html"
    filterset_class = OfficialFilter

    def get_queryset(self):
        return selectors.officials_with_current_assignment(self.request.user)


class OfficialDetailView(PermissionMixin, DetailView):
    permission = "officials.view"
    template_name = "officials/official_detail.html"
    context_object_name = "official"

    def get_queryset(self):
        return selectors.officials_with_current_assignment(self.request.user).select_related("user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.assignments.select_related("department").order_by("-start_date", "-pk")
        context["position_assignments"] = self.object.position_assignments.select_related(
            "position__department"
        ).order_by("-start_date", "-pk")
        return context


class OfficialHistoryView(OfficialDetailView):
    template_name = "officials/official_history.html"


class OfficialCreateView(PermissionMixin, FormPageMixin, CreateView):
    permission = "officials.manage"
    form_class = OfficialForm
    page_title = gettext_lazy("New official")

    def get_cancel_url(self):
        return reverse("officials:list")

    def form_valid(self, form):
        messages.success(self.request, _("The official is saved."))
        return super().form_valid(form)


class OfficialUpdateView(PermissionMixin, FormPageMixin, UpdateView):
    permission = "officials.manage"
    form_class = OfficialForm

    def get_queryset(self):
        return selectors.officials_for(self.request.user)

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object.name}

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        messages.success(self.request, _("The official is saved."))
        return super().form_valid(form)


class AssignmentCreateView(PermissionMixin, FormPageMixin, FormView):
    """Assign an official to head a department; assignments still open end the day before (a move)."""

    permission = "officials.assign"
    form_class = AssignmentForm
    intro = gettext_lazy(
        "Assignments still open on the start date end the day before it: the move is saved as a whole or not at all."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.official = get_object_or_404(selectors.officials_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Assign or move %(name)s") % {"name": self.official.name}

    def get_cancel_url(self):
        return self.official.get_absolute_url()

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.official_move(
                official=self.official,
                to_department=data["department"],
                start_date=data["start_date"],
                sk_number=data["sk_number"],
                sk_date=data["sk_date"],
                kind=data["kind"],
                position_title=data["position_title"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The assignment is saved."))
        return redirect(self.official.get_absolute_url())


class AssignmentEndView(PermissionMixin, FormPageMixin, FormView):
    permission = "officials.assign"
    form_class = AssignmentEndForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = get_object_or_404(
                selectors.assignments_for(request.user).filter(end_date__isnull=True), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("End the assignment of %(name)s at %(department)s") % {
            "name": self.assignment.official.name,
            "department": self.assignment.department.name,
        }

    def get_cancel_url(self):
        return self.assignment.official.get_absolute_url()

    def form_valid(self, form):
        try:
            services.assignment_end(assignment=self.assignment, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The assignment is ended."))
        return redirect(self.assignment.official.get_absolute_url())


# --- Positions below the head (the cascade) ----------------------------------------------------------------------
class PositionListView(PermissionMixin, DetailView):
    """A department's structure: eselon III positions with their eselon IV under them, each with its holders."""

    permission = "positions.view"
    template_name = "departments/position_list.html"
    context_object_name = "department"

    def get_queryset(self):
        return selectors.departments_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = selectors.position_tree(self.request.user, self.object)
        active, inactive = [], []
        for branch in tree:
            position = branch["position"]
            (active if position.is_active else inactive).append(position)
            for subordinate in branch["subordinates"]:
                if not subordinate.is_active:
                    inactive.append(subordinate)
        context["tree"] = [
            {"position": b["position"], "subordinates": [p for p in b["subordinates"] if p.is_active]}
            for b in tree
            if b["position"].is_active
        ]
        context["inactive_positions"] = inactive
        return context


class PositionDetailView(PermissionMixin, DetailView):
    """One position: where it sits in the structure, who holds it now and who held it before."""

    permission = "positions.view"
    template_name = "departments/position_detail.html"
    context_object_name = "position"

    def get_queryset(self):
        return selectors.positions_with_current_holders(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["holders"] = selectors.current_holders(self.object)
        context["assignments"] = self.object.assignments.select_related("official").order_by("-start_date", "-pk")
        context["subordinates"] = self.object.subordinates.order_by("order", "name")
        return context


class _DepartmentPositionMixin:
    """Looks the department up in the user's scope before the permission check: another department is 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.department = get_object_or_404(selectors.departments_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class PositionCreateView(_DepartmentPositionMixin, PermissionMixin, FormPageMixin, FormView):
    permission = "positions.manage"
    form_class = PositionForm
    intro = gettext_lazy(
        "Eselon III positions (sekretaris, kepala bidang, kepala UPT) report to the head; an eselon IV position "
        "(kepala subbagian or seksi) reports to an eselon III position of the same department."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["department"] = self.department
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        superior = self.request.GET.get("superior")
        if superior and superior.isdigit():
            initial["superior"] = int(superior)
            initial["echelon"] = "IV.a"
        return initial

    def get_page_title(self):
        return _("New position in %(department)s") % {"department": self.department.name}

    def get_cancel_url(self):
        return reverse("departments:positions", args=[self.department.pk])

    def form_valid(self, form):
        try:
            position = services.position_save(position=form.save(commit=False))
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The position is saved."))
        return redirect(position.get_absolute_url())


class PositionUpdateView(PermissionMixin, FormPageMixin, UpdateView):
    permission = "positions.manage"
    form_class = PositionForm

    def get_queryset(self):
        return selectors.positions_for(self.request.user).select_related("department")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["department"] = self.object.department
        return kwargs

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object.name}

    def get_cancel_url(self):
        return reverse("departments:position_detail", args=[self.object.pk])

    def form_valid(self, form):
        try:
            position = services.position_save(position=form.save(commit=False))
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The position is saved."))
        return redirect(position.get_absolute_url())


class PositionActionView(PermissionMixin, DetailView):
    """A confirmation page (GET) and the action (POST): deactivate, activate or delete a position. A refusal is
    explained on the same page."""

    permission = "positions.manage"
    template_name = "departments/position_confirm.html"
    context_object_name = "position"
    action = ""  # "deactivate", "activate" or "delete"

    def get_queryset(self):
        return selectors.positions_for(self.request.user).select_related("department", "superior")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action"] = self.action
        return context

    def post(self, request, *args, **kwargs):
        self.object = position = self.get_object()
        try:
            if self.action == "delete":
                services.position_delete(position=position)
            elif self.action == "activate":
                position.is_active = True
                services.position_save(position=position)
            else:
                services.position_deactivate(position=position)
        except ValidationError as exc:
            position.refresh_from_db()
            context = self.get_context_data(object=position, errors=exc.messages)
            return self.render_to_response(context)
        done = {
            "delete": _("The position is deleted."),
            "activate": _("The position is active again."),
            "deactivate": _("The position is deactivated."),
        }[self.action]
        messages.success(request, done)
        if self.action == "delete":
            return redirect("departments:positions", position.department_id)
        return redirect("departments:position_detail", position.pk)


class PositionAssignView(PermissionMixin, FormPageMixin, FormView):
    """Assign an official to a position (definitive, Plt or Plh), and for the administrator their account."""

    permission = "positions.assign"
    form_class = PositionAssignmentForm
    intro = gettext_lazy(
        "A definitive assignment moves the official: their definitive assignment to another position still open on "
        "the start date ends the day before. A Plt or Plh serves beside the definitive holder."
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.position = get_object_or_404(
                selectors.positions_for(request.user).select_related("department"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["manage_accounts"] = self.request.user.has_perm("accounts.manage")
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        official = self.request.GET.get("official")
        if official and official.isdigit():
            initial["official"] = int(official)
        return initial

    def get_page_title(self):
        return _("Assign an official to %(position)s") % {"position": self.position.name}

    def get_cancel_url(self):
        return reverse("departments:position_detail", args=[self.position.pk])

    def form_valid(self, form):
        data = form.cleaned_data
        account = data.get("account") or AccountChoice.KEEP
        try:
            with transaction.atomic():
                services.position_assign(
                    position=self.position,
                    official=data["official"],
                    kind=data["kind"],
                    start_date=data["start_date"],
                    end_date=data.get("end_date"),
                    sk_number=data["sk_number"],
                    sk_date=data["sk_date"],
                )
                if account == AccountChoice.CREATE:
                    services.official_account_create(
                        official=data["official"],
                        department=self.position.department,
                        username=data["username"],
                        password=data["password"],
                    )
                elif account == AccountChoice.LINK:
                    services.official_account_link(
                        official=data["official"], user=data["user"], department=self.position.department
                    )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The assignment is saved."))
        return redirect("departments:position_detail", self.position.pk)


class PositionAssignmentEndView(PermissionMixin, FormPageMixin, FormView):
    permission = "positions.assign"
    form_class = AssignmentEndForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.assignment = get_object_or_404(
                selectors.position_assignments_for(request.user).filter(end_date__isnull=True), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("End the assignment of %(name)s as %(position)s") % {
            "name": self.assignment.official.name,
            "position": self.assignment.position.name,
        }

    def get_cancel_url(self):
        return reverse("departments:position_detail", args=[self.assignment.position_id])

    def form_valid(self, form):
        try:
            services.position_assignment_end(assignment=self.assignment, end_date=form.cleaned_data["end_date"])
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The assignment is ended."))
        return redirect("departments:position_detail", self.assignment.position_id)


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class RegionLogoView(PermissionMixin, View):
    """The region's logo for pages and documents: uploaded files are never served directly from disk."""

    permission = None

    def get(self, request):
        region = selectors.region_get()
        if region is None or not region.logo:
            raise Http404
        return FileResponse(region.logo.open("rb"), filename=region.logo.name.rsplit("/", 1)[-1])
