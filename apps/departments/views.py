from django.contrib import messages
from django.core.exceptions import ValidationError
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
from .forms import AssignmentEndForm, AssignmentForm, DepartmentForm, OfficialForm, RegionForm
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
