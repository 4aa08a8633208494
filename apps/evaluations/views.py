"""Pages of the one-year deadline: the flags (the mayor's office's list; a head's own), the evaluations and an
evaluation's page with its decisions, the berita acara PDF, the at-risk list and the policy of a year."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.agreements.models import Agreement, AgreementStatus
from apps.core.views import FilteredListView, PermissionMixin
from apps.core.workflow import TransitionError

from . import document, flagging, selectors, services
from .assessment import assess_many, deadline_item
from .early_warning import heads_at_risk, warning_starts
from .filters import EvaluationFilter, FlagFilter
from .forms import DecisionForm, PolicyForm, RatingForm, StatementForm
from .models import Evaluation, EvaluationStatus, Flag, FlagKind
from .policy import policy_for
from .tasks import region_today


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _answered(queryset):
    """Flags with the ids of the evaluations that may answer them: one subquery each, no query per row."""
    first = Evaluation.objects.filter(agreement_id=OuterRef("agreement_id"), previous__isnull=True).values("pk")[:1]
    follow_up = Evaluation.objects.filter(previous_id=OuterRef("evaluation_id")).values("pk")[:1]
    return queryset.annotate(first_evaluation_id=Subquery(first), follow_up_id=Subquery(follow_up))


class FlagListView(FilteredListView):
    """The home of evaluations: every flag for the mayor's office (who, why, since when, the figures, a link to
    evaluate); a head's own flags and evaluations."""

    permission = "evaluations.view"
    template_name = "evaluations/home.html"
    filterset_class = FlagFilter

    def get_queryset(self):
        return _answered(selectors.flags_for(self.request.user)).order_by("resolved_at", "-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        for flag in context["object_list"]:
            flag.answer_id = flag.follow_up_id if flag.kind == FlagKind.IMPROVEMENT else flag.first_evaluation_id
        context["can_evaluate"] = user.has_perm("evaluations.evaluate")
        context["sees_all"] = user.has_perm("evaluations.view_all")
        context["current_year"] = region_today().year
        if not context["sees_all"]:
            context["own_evaluations"] = list(selectors.evaluations_for(user).order_by("-created_at")[:50])
        if context["can_evaluate"]:
            context["met_heads"] = met_heads(region_today())
        return context


def met_heads(today) -> list:
    """PKs past their deadline with every target met, not evaluated yet (to be retained): a bounded number of
    queries (flagging.deadline_candidates and one judgement of them all)."""
    candidates = flagging.deadline_candidates(today)
    return [
        assessment
        for assessment in assess_many([deadline_item(agreement) for agreement in candidates], detail=False)
        if assessment.met
    ]


class EvaluationListView(FilteredListView):
    permission = "evaluations.view"
    template_name = "evaluations/list.html"
    filterset_class = EvaluationFilter

    def get_queryset(self):
        return selectors.evaluations_for(self.request.user).order_by("-created_at", "-pk")


class EvaluationOpenView(PermissionMixin, View):
    """Open the evaluation of a PK's head (after the deadline), or of an improvement period that has ended."""

    permission = "evaluations.evaluate"
    http_method_names = ["post"]

    def post(self, request, pk):
        agreement = get_object_or_404(Agreement.objects.select_related("official", "department"), pk=pk)
        if agreement.status != AgreementStatus.SIGNED:
            raise Http404
        existing = Evaluation.objects.filter(agreement=agreement, previous__isnull=True).first()
        if existing is not None:
            return redirect("evaluations:detail", pk=existing.pk)
        try:
            evaluation = services.evaluation_open(agreement=agreement, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("evaluations:home")
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("evaluations:home")
        messages.success(request, _("The evaluation is opened with the figures of today."))
        return redirect("evaluations:detail", pk=evaluation.pk)


class EvaluationFollowUpView(PermissionMixin, View):
    """Open the evaluation at the end of an improvement period."""

    permission = "evaluations.evaluate"
    http_method_names = ["post"]

    def post(self, request, pk):
        previous = get_object_or_404(selectors.evaluations_for(request.user), pk=pk)
        existing = Evaluation.objects.filter(previous=previous).first()
        if existing is not None:
            return redirect("evaluations:detail", pk=existing.pk)
        try:
            evaluation = services.evaluation_open(agreement=previous.agreement, previous=previous, by=request.user)
        except (ValidationError, TransitionError) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
            return redirect("evaluations:detail", pk=previous.pk)
        messages.success(request, _("The evaluation of the improvement period is opened."))
        return redirect("evaluations:detail", pk=evaluation.pk)


class EvaluationDetailView(PermissionMixin, TemplateView):
    permission = "evaluations.view"
    template_name = "evaluations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        evaluation = get_object_or_404(
            selectors.evaluations_for(user).select_related("assignment", "previous", "agreement__official"),
            pk=kwargs["pk"],
        )
        can_evaluate = user.has_perm("evaluations.evaluate")
        allowed = services.allowed_decisions(evaluation) if can_evaluate else []
        today = region_today()
        warnings = [w for w in (services.replacement_warning(evaluation, d, on=today) for d in allowed) if w]
        flags = list(
            Flag.objects.filter(
                Q(kind=FlagKind.DEADLINE, agreement_id=evaluation.agreement_id)
                if evaluation.previous_id is None
                else Q(kind=FlagKind.IMPROVEMENT, evaluation_id=evaluation.previous_id)
            ).order_by("created_at")
        )
        follow_up = Evaluation.objects.filter(previous=evaluation).first()
        context.update(
            evaluation=evaluation,
            flags=flags,
            steps=list(evaluation.steps.select_related("by").order_by("at", "pk")),
            can_evaluate=can_evaluate,
            decision_form=DecisionForm(allowed=allowed) if allowed else None,
            rating_form=RatingForm(initial={"behaviour_rating": evaluation.behaviour_rating})
            if can_evaluate and evaluation.status == EvaluationStatus.OPEN
            else None,
            replacement_warnings=warnings,
            can_answer=user.has_perm("evaluations.answer")
            and getattr(getattr(user, "official", None), "pk", None) == evaluation.official_id,
            statement_form=StatementForm(initial={"statement": evaluation.statement}),
            follow_up=follow_up,
            can_follow_up=can_evaluate
            and follow_up is None
            and evaluation.status == EvaluationStatus.IMPROVEMENT
            and evaluation.improvement_deadline < today,
        )
        return context


class _Action(PermissionMixin, View):
    http_method_names = ["post"]
    success = ""

    def act(self, evaluation):
        raise NotImplementedError

    def post(self, request, pk):
        evaluation = get_object_or_404(selectors.evaluations_for(request.user), pk=pk)
        try:
            self.act(evaluation)
        except PermissionDenied:
            raise
        except TransitionError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, self.success)
        return redirect("evaluations:detail", pk=evaluation.pk)


class EvaluationDecideView(_Action):
    permission = "evaluations.evaluate"
    success = gettext_lazy("The decision is recorded.")

    def act(self, evaluation):
        services.evaluation_decide(
            evaluation=evaluation,
            decision=self.request.POST.get("decision", ""),
            note=self.request.POST.get("note", ""),
            by=self.request.user,
        )


class EvaluationRateView(_Action):
    permission = "evaluations.evaluate"
    success = gettext_lazy("The behaviour rating and the predicate are recorded.")

    def act(self, evaluation):
        services.evaluation_rate(
            evaluation=evaluation, behaviour_rating=self.request.POST.get("behaviour_rating", ""), by=self.request.user
        )


class EvaluationAnswerView(_Action):
    permission = "evaluations.answer"
    success = gettext_lazy("Your statement is recorded.")

    def act(self, evaluation):
        services.evaluation_answer(
            evaluation=evaluation, statement=self.request.POST.get("statement", ""), by=self.request.user
        )


class EvaluationDocumentView(PermissionMixin, View):
    """The berita acara of the evaluation as a PDF (whoever may read the evaluation)."""

    permission = "evaluations.view"

    def get(self, request, pk):
        evaluation = get_object_or_404(selectors.evaluations_for(request.user), pk=pk)
        response = HttpResponse(document.evaluation_pdf(evaluation), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.filename(evaluation)}"'
        return response


class AtRiskView(PermissionMixin, TemplateView):
    """Heads at risk of missing their target this year, with the indicators that drag them down."""

    permission = "evaluations.view_all"
    template_name = "evaluations/at_risk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = region_today()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        year = min(max(year, 2000), 2100)
        rows = heads_at_risk(year=year, today=today)
        policy = policy_for(year)
        context.update(
            year=year,
            today=today,
            starts=warning_starts(year),
            rows=rows,
            policy=policy,
            years=range(today.year - 1, today.year + 1),
            chart={
                "label": _("Projected capaian"),
                "labels": [f"{row.agreement.department.short_name}" for row in rows],
                "values": [
                    None if row.projected_achievement_percent is None else float(row.projected_achievement_percent)
                    for row in rows
                ],
            },
        )
        return context


class PolicyView(PermissionMixin, TemplateView):
    """The policy of a year: what "target met" means (threshold, quarters, innovation)."""

    permission = "evaluations.policy"
    template_name = "evaluations/policy.html"

    def form(self, data=None):
        from .models import EvaluationPolicy

        year = self.kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        current = policy_for(year)
        instance = EvaluationPolicy.objects.filter(year=year).first()
        initial = {
            "threshold": current.threshold,
            "above_expectation": current.above_expectation,
            "require_all_quarters": current.require_all_quarters,
            "require_innovation": current.require_innovation,
        }
        return PolicyForm(data, instance=instance, initial=None if instance else initial)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                services.policy_save(year=kwargs["year"], by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The policy of %(year)d is saved.") % {"year": kwargs["year"]})
                return redirect("evaluations:policy", year=kwargs["year"])
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.kwargs["year"]
        context["now"] = timezone.now()
        return context
