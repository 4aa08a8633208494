"""The public results of the innovation competition (no sign-in): the published rounds and, per round, the ranked
entries of each category with their department, innovation and final score; never a juror's name nor a single
score. A round whose results are not published is 404, as is a year without a round.

Unlike the public accountability page (apps/reports, off unless settings.PUBLIC_ACCOUNTABILITY_PAGE), these pages
are not behind a setting: publishing the results is itself Bappeda's decision, made per round, to make them public
(the city announces its winners); a round is shown only from that step on.
"""

from django.http import Http404
from django.views.generic import TemplateView

from .models import Entry, EntryStatus, Round, RoundStatus


def published_rounds():
    return Round.objects.filter(status=RoundStatus.PUBLISHED).order_by("-year")


class PublicRoundsView(TemplateView):
    """The published rounds, newest first."""

    template_name = "competitions/public_rounds.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rounds=list(published_rounds().only("year", "name", "published_at")), **kwargs)


class PublicResultsView(TemplateView):
    """One published round: per category, the ranked entries (rank, innovation, department, final score)."""

    template_name = "competitions/public_results.html"

    def get_context_data(self, **kwargs):
        round_ = published_rounds().filter(year=kwargs["year"]).first()
        if round_ is None:
            raise Http404
        entries = (
            Entry.objects.filter(round=round_, status=EntryStatus.ENTERED)
            .select_related("innovation", "department")
            .only(
                "category",
                "rank",
                "result",
                "recommended",
                "entered_at",
                "round_id",
                "innovation__name",
                "department__name",
                "department__short_name",
            )
            .order_by("category", "rank", "entered_at", "pk")
        )
        categories = {code: {"name": name, "entries": []} for code, name in round_.category_choices}
        for entry in entries:
            entry.round = round_
            categories.setdefault(entry.category, {"name": entry.category_name, "entries": []})
            categories[entry.category]["entries"].append(entry)
        return super().get_context_data(
            round=round_, categories={k: v for k, v in categories.items() if v["entries"]}, **kwargs
        )
