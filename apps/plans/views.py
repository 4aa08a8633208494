"""Pages of the plan cascade: the RPJMD (Bappeda edits it) and each department's Renstra (the department edits its
own until Bappeda locks it).

Each level of a plan (misi, tujuan, sasaran, indicator, yearly target, program…) is edited on a simple form page;
one set of create / edit / delete views serves every level, described by a `Level` (its model, form, parent).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from apps.core.views import FilteredListView, FormPageMixin, PermissionMixin
from apps.departments.selectors import departments_for

from . import forms, selectors, services
from .filters import RenstraFilter, RpjmdPeriodFilter
from .models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)


@dataclass(frozen=True)
class Level:
    model: type
    form_class: type
    parent_field: str | None
    parent_model: type | None
    label: str


RPJMD_LEVELS = {
    "period": Level(RpjmdPeriod, forms.RpjmdPeriodForm, None, None, gettext_lazy("RPJMD period")),
    "mission": Level(Mission, forms.MissionForm, "period", RpjmdPeriod, gettext_lazy("misi")),
    "goal": Level(Goal, forms.GoalForm, "mission", Mission, gettext_lazy("tujuan")),
    "objective": Level(Objective, forms.ObjectiveForm, "goal", Goal, gettext_lazy("sasaran")),
    "indicator": Level(
        ObjectiveIndicator, forms.ObjectiveIndicatorForm, "objective", Objective, gettext_lazy("indicator")
    ),
    "target": Level(
        ObjectiveTarget, forms.ObjectiveTargetForm, "indicator", ObjectiveIndicator, gettext_lazy("target")
    ),
}
RENSTRA_LEVELS = {
    "goal": Level(RenstraGoal, forms.RenstraGoalForm, "renstra", Renstra, gettext_lazy("tujuan")),
    "objective": Level(
        StrategicObjective, forms.StrategicObjectiveForm, "goal", RenstraGoal, gettext_lazy("sasaran strategis")
    ),
    "indicator": Level(Indicator, forms.IndicatorForm, "objective", StrategicObjective, gettext_lazy("indicator")),
    "target": Level(IndicatorTarget, forms.IndicatorTargetForm, "indicator", Indicator, gettext_lazy("target")),
    "program": Level(Program, forms.ProgramForm, "renstra", Renstra, gettext_lazy("program")),
    "budget": Level(ProgramBudget, forms.ProgramBudgetForm, "program", Program, gettext_lazy("budget")),
    "activity": Level(Activity, forms.ActivityForm, "program", Program, gettext_lazy("kegiatan")),
    "sub_activity": Level(SubActivity, forms.SubActivityForm, "activity", Activity, gettext_lazy("sub kegiatan")),
}


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- RPJMD --------------------------------------------------------------------------------------------------------
class RpjmdListView(FilteredListView):
    permission = "plans.view"
    template_name = "plans/rpjmd_list.html"
    filterset_class = RpjmdPeriodFilter

    def get_queryset(self):
        return (
            selectors.rpjmd_periods()
            .annotate(
                mission_count=Count("missions", distinct=True),
                objective_count=Count("missions__goals__objectives", distinct=True),
                renstra_count=Count("renstras", distinct=True),
            )
            .order_by("-start_year")
        )


class RpjmdDetailView(PermissionMixin, DetailView):
    permission = "plans.view"
    template_name = "plans/rpjmd_detail.html"
    context_object_name = "period"

    def get_queryset(self):
        return selectors.rpjmd_tree()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = list(self.object.years)
        for mission in self.object.missions.all():
            for goal in mission.goals.all():
                for objective in goal.objectives.all():
                    for indicator in objective.indicators.all():
                        indicator.year_targets = list(
                            zip(years, selectors.by_year(indicator.targets.all(), years), strict=True)
                        )
        context.update(years=years, can_manage=self.request.user.has_perm("plans.rpjmd_manage"))
        return context


class LevelMixin:
    """What the create / edit / delete pages of one level share: the level from the URL, where to go back to."""

    levels: dict[str, Level] = {}

    @cached_property
    def level(self) -> Level:
        level = self.levels.get(self.kwargs["kind"])
        if level is None:
            raise Http404
        return level

    def items(self, model):
        raise NotImplementedError

    def root_url(self, obj) -> str:
        raise NotImplementedError

    def get_queryset(self):
        return self.items(self.level.model)

    def get_form_class(self):
        return self.level.form_class

    def get_cancel_url(self):
        return self.root_url(getattr(self, "object", None) or self.parent)

    def get_success_url(self):
        return f"{self.root_url(self.object)}#{self.kwargs['kind']}-{self.object.pk}"


class LevelCreateView(LevelMixin, PermissionMixin, FormPageMixin, CreateView):
    """Add a row under its parent, found in the user's scope first (another department's parent: 404)."""

    parent = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.level.parent_model is not None:
            self.parent = get_object_or_404(self.items(self.level.parent_model), pk=kwargs["parent"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.level.model(**({self.level.parent_field: self.parent} if self.parent else {}))
        if "year" in self.request.GET:
            kwargs.setdefault("initial", {})["year"] = self.request.GET["year"]
        return kwargs

    def get_page_title(self):
        return _("Add %(level)s") % {"level": self.level.label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.parent is not None:
            context["intro"] = _("Under: %(parent)s") % {"parent": self.parent}
        return context

    def form_valid(self, form):
        try:
            self.object = self.save(form.save(commit=False))
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.get_success_url())


class LevelUpdateView(LevelMixin, PermissionMixin, FormPageMixin, UpdateView):
    def get_page_title(self):
        return _("Edit %(level)s") % {"level": self.level.label}

    def form_valid(self, form):
        try:
            self.object = self.save(form.save(commit=False))
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.get_success_url())


class LevelDeleteView(LevelMixin, PermissionMixin, DetailView):
    """A confirmation page; the POST deletes the row and everything under it (unless something still uses it)."""

    template_name = "plans/confirm_delete.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(level=self.level.label, cancel_url=self.get_cancel_url())
        return context

    def after_delete_url(self, item) -> str:
        return self.root_url(item)

    def post(self, request, *args, **kwargs):
        item = self.get_object()
        target = self.after_delete_url(item)
        try:
            self.delete(item)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self.root_url(item))
        messages.success(request, _("Deleted."))
        return redirect(target)


class RpjmdLevelMixin:
    levels = RPJMD_LEVELS
    permission = "plans.rpjmd_manage"

    def items(self, model):
        return selectors.rpjmd_items(model)

    def root_url(self, obj) -> str:
        return selectors.period_of(obj).get_absolute_url()

    def save(self, item):
        return services.rpjmd_item_save(item=item, by=self.request.user)

    def delete(self, item):
        services.rpjmd_item_delete(item=item, by=self.request.user)

    def after_delete_url(self, item) -> str:
        return reverse("plans:rpjmd_list") if isinstance(item, RpjmdPeriod) else self.root_url(item)

    def get_cancel_url(self):
        obj = getattr(self, "object", None) or self.parent
        return self.root_url(obj) if obj is not None else reverse("plans:rpjmd_list")


class RpjmdItemCreateView(RpjmdLevelMixin, LevelCreateView):
    pass


class RpjmdItemUpdateView(RpjmdLevelMixin, LevelUpdateView):
    pass


class RpjmdItemDeleteView(RpjmdLevelMixin, LevelDeleteView):
    pass


# --- Renstra ------------------------------------------------------------------------------------------------------
class RenstraListView(FilteredListView):
    permission = "plans.view"
    template_name = "plans/renstra_list.html"
    filterset_class = RenstraFilter

    def get_queryset(self):
        return (
            selectors.renstras_for(self.request.user)
            .annotate(
                objective_count=Count("goals__objectives", distinct=True),
                program_count=Count("programs", distinct=True),
            )
            .order_by("department__code", "-period__start_year")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = self.request.user.has_perm("plans.renstra_edit")
        return context


class RenstraDetailView(PermissionMixin, DetailView):
    permission = "plans.view"
    template_name = "plans/renstra_detail.html"
    context_object_name = "renstra"

    def get_queryset(self):
        return selectors.renstra_tree(selectors.renstras_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        renstra, user = self.object, self.request.user
        years = list(renstra.period.years)
        for goal in renstra.goals.all():
            for objective in goal.objectives.all():
                for indicator in objective.indicators.all():
                    indicator.year_targets = list(
                        zip(years, selectors.by_year(indicator.targets.all(), years), strict=True)
                    )
        for program in renstra.programs.all():
            program.year_budgets = list(zip(years, selectors.by_year(program.budgets.all(), years), strict=True))
        totals = selectors.renstra_budget_totals(renstra)
        context.update(
            years=years,
            totals=[totals.get(year) for year in years],
            grand_total=sum(totals.values()) if totals else None,
            can_edit=services.can_edit_renstra(user, renstra) and not renstra.is_locked,
            can_lock=user.has_perm("plans.renstra_lock"),
        )
        return context


class RenstraCreateView(PermissionMixin, FormPageMixin, CreateView):
    permission = "plans.renstra_edit"
    form_class = forms.RenstraCreateForm
    page_title = gettext_lazy("New Renstra")
    intro = gettext_lazy("A department's strategic plan for one RPJMD period.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "departments": departments_for(self.request.user)}

    def get_cancel_url(self):
        return reverse("plans:renstra_list")

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = services.renstra_create(
                department=data["department"], period=data["period"], by=self.request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The Renstra is created."))
        return redirect(self.object.get_absolute_url())


class RenstraLevelMixin:
    """Edits of a Renstra: the department's own (404 for another's), Bappeda's any, and none while it is locked."""

    levels = RENSTRA_LEVELS
    permission = "plans.renstra_edit"

    def items(self, model):
        return selectors.renstra_items_for(self.request.user, model)

    def root_url(self, obj) -> str:
        return selectors.renstra_of(obj).get_absolute_url()

    def save(self, item):
        return services.renstra_item_save(item=item, by=self.request.user)

    def delete(self, item):
        services.renstra_item_delete(item=item, by=self.request.user)

    def get(self, request, *args, **kwargs):
        renstra = self.current_renstra()
        if renstra.is_locked:
            messages.error(request, _("This Renstra is locked by Bappeda: it cannot be changed."))
            return redirect(renstra.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def current_renstra(self) -> Renstra:
        if self.kwargs.get("pk") is not None:
            return selectors.renstra_of(self.get_object())
        return selectors.renstra_of(self.parent)


class RenstraItemCreateView(RenstraLevelMixin, LevelCreateView):
    pass


class RenstraItemUpdateView(RenstraLevelMixin, LevelUpdateView):
    pass


class RenstraItemDeleteView(RenstraLevelMixin, LevelDeleteView):
    pass


class RenstraDeleteView(PermissionMixin, DetailView):
    permission = "plans.renstra_edit"
    template_name = "plans/confirm_delete.html"
    context_object_name = "item"

    def get_queryset(self):
        return selectors.renstras_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(level=_("Renstra"), cancel_url=self.object.get_absolute_url())
        return context

    def post(self, request, *args, **kwargs):
        renstra = self.get_object()
        try:
            services.renstra_delete(renstra=renstra, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(renstra.get_absolute_url())
        messages.success(request, _("Deleted."))
        return redirect("plans:renstra_list")


class RenstraLockView(PermissionMixin, DetailView):
    """Bappeda locks (or unlocks) a Renstra: a confirmation page, then the POST."""

    permission = "plans.renstra_lock"
    template_name = "plans/renstra_lock.html"
    context_object_name = "renstra"
    lock = True

    def get_queryset(self):
        return selectors.renstras_for(self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "lock": self.lock}

    def post(self, request, *args, **kwargs):
        renstra = self.get_object()
        action = services.renstra_lock if self.lock else services.renstra_unlock
        try:
            action(renstra=renstra, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The Renstra is locked.") if self.lock else _("The Renstra is unlocked."))
        return redirect(renstra.get_absolute_url())


class RenstraUnlockView(RenstraLockView):
    lock = False
