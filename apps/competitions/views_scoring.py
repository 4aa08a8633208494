"""The juror's scoring page (issue 9): one entry at a time, phone-friendly, a score 1–100 and a comment per
criterion, and the juror's own history of changes. Only a juror of the round opens it (anyone else: 403; a round
they do not see: 404), never for an entry of their own department (403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin
from apps.core.workflow import TransitionError

from . import selectors, services
from .forms import ScoreForm
from .models import Entry, EntryStatus, Juror, RoundStatus, Score
from .views import _round


def _juror(request, round_) -> Juror:
    juror = selectors.juror_of(request.user, round_)
    if juror is None:
        raise PermissionDenied
    return juror


class ScoreStartView(PermissionMixin, View):
    """The juror's first entry not yet scored on every criterion (or the first one when all are)."""

    permission = "competitions.judge"

    def get(self, request, pk):
        round_ = _round(request, pk)
        juror = _juror(request, round_)
        entries = list(selectors.scoreable_entries(juror))
        if not entries:
            messages.info(request, _("There is no entry for you to score."))
            return redirect(round_)
        done = selectors.completed_entry_ids(juror)
        entry = next((e for e in entries if e.pk not in done), entries[0])
        return redirect("competitions:score_entry", pk=round_.pk, entry_pk=entry.pk)


class ScoreEntryView(PermissionMixin, TemplateView):
    """One entry at a time: a score 1–100 and a comment per criterion, the juror's own history of changes."""

    permission = "competitions.judge"
    template_name = "competitions/score.html"

    def _objects(self, pk, entry_pk):
        round_ = _round(self.request, pk)
        juror = _juror(self.request, round_)
        entry = get_object_or_404(Entry.objects.filter(round=round_, status=EntryStatus.ENTERED), pk=entry_pk)
        if juror.department_id and juror.department_id == entry.department_id:
            raise PermissionDenied  # a juror never scores their own department's entry
        return round_, juror, entry

    def _context(self, round_, juror, entry, form=None):
        criteria = list(round_.criteria.all())
        own = {s.criterion_id: s for s in Score.objects.filter(juror=juror, entry=entry)}
        entries = list(selectors.scoreable_entries(juror))
        done = selectors.completed_entry_ids(juror)
        position = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        history = (
            Score.pgh_event_model.objects.filter(juror_id=juror.pk, entry_id=entry.pk)
            .select_related("criterion")
            .order_by("-pgh_created_at", "-pgh_id")[:50]
        )
        return {
            "round": round_,
            "juror": juror,
            "entry": entry,
            "form": form or ScoreForm(criteria=criteria, scores=own),
            "editable": round_.status == RoundStatus.JUDGING,
            "entries": entries,
            "done": done,
            "position": position + 1,
            "previous": entries[position - 1] if position > 0 else None,
            "next": entries[position + 1] if position + 1 < len(entries) else None,
            "history": history,
        }

    def get(self, request, pk, entry_pk):
        return self.render_to_response(self._context(*self._objects(pk, entry_pk)))

    def post(self, request, pk, entry_pk):
        round_, juror, entry = self._objects(pk, entry_pk)
        form = ScoreForm(request.POST, criteria=round_.criteria.all())
        if form.is_valid():
            try:
                services.score_set(juror=juror, entry=entry, values=form.values(), by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your scores of %(name)s are saved.") % {"name": entry.innovation.name})
                entries = list(selectors.scoreable_entries(juror))
                done = selectors.completed_entry_ids(juror)
                following = next((e for e in entries if e.pk not in done), None)
                if following is None:
                    return redirect(round_)
                return redirect("competitions:score_entry", pk=round_.pk, entry_pk=following.pk)
        return self.render_to_response(self._context(round_, juror, entry, form))
