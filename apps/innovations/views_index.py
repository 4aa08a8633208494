"""The Indeks Inovasi Daerah of a year: the self-assessed and the verified index side by side (SPD, SID average,
count score, basic-service affairs covered and missing, category), each innovation's score, and the what-if list
of the improvements worth most (from the self-assessed levels). A bounded number of queries whatever the number of
innovations."""

from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.fingerprint import cached_render, city_wide_scope
from apps.core.views import PermissionMixin

from . import index, selectors
from .affairs import AFFAIR_LABELS
from .forms import WhatIfForm
from .scoring import SchemeMissing, index_inputs, scheme_for
from .views_dashboard import INDEX_CACHE_SECONDS, INDEX_SOURCES, _index_fingerprint

WHAT_IF_ROWS = 20


def computed_index(year: int):
    """(scheme, {"claimed": IndexResult, "verified": IndexResult}, the self-assessed gains) of the year, or None
    without a scheme; cached until one of the index's sources changes (the fingerprint of the dashboards' index,
    apps/innovations/views_dashboard.py): one query when nothing did."""
    key = f"innovations:index-page:{timezone.localdate():%Y%m%d}:{year}:{_index_fingerprint()}"
    found = cache.get(key)
    if found is not None:
        return found or None
    try:
        scheme = scheme_for(year)
    except SchemeMissing:
        cache.set(key, (), INDEX_CACHE_SECONDS)
        return None
    sides, inputs_by_side = {}, {}
    for side, verified in (("claimed", False), ("verified", True)):
        region, inputs = index_inputs(year=year, verified=verified, scheme=scheme)
        sides[side] = index.regional_index(scheme=scheme, region_levels=region, innovations=inputs)
        inputs_by_side[side] = (region, inputs)
    region, inputs = inputs_by_side["claimed"]
    gains = index.gains(scheme=scheme, region_levels=region, innovations=inputs)
    cache.set(key, (scheme, sides, gains), INDEX_CACHE_SECONDS)
    return scheme, sides, gains


#: The index's sources, and what the list of innovations a user may see is read from.
PAGE_SOURCES = (*(f"innovations.{name}" for name in INDEX_SOURCES), "departments.Department", "accounts.User")


class IndexView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/index.html"

    def get_context_data(self, **kwargs):
        """The page's body is rendered once per user (once for all the holders of a city-wide role), year and query
        and served from the cache until one of the index's sources changes."""
        context = super().get_context_data(**kwargs)
        html, _built = cached_render(
            self.request,
            "innovations/_index.html",
            PAGE_SOURCES,
            lambda: self._computed_context(context, **kwargs),
            scope=city_wide_scope(self.request.user),
        )
        context.update(year=kwargs["year"], index_html=html)
        return context

    def _computed_context(self, context, **kwargs):
        year = kwargs["year"]
        context.update(year=year, scheme=None)
        computed = computed_index(year)
        if computed is None:
            return context
        scheme, sides, gains = computed
        keys = {score.key for result in sides.values() for score in result.innovations}
        visible = {
            row["pk"]: row
            for row in selectors.innovations_for(self.request.user)
            .filter(pk__in=keys)
            .values("pk", "name", "department__short_name", "department__name")
        }
        verified_scores = {score.key: score.score for score in sides["verified"].innovations}
        scores = [
            {
                "innovation": visible.get(score.key),
                "claimed": score.score,
                "verified": verified_scores.get(score.key),
            }
            for score in sides["claimed"].innovations
        ]
        scores.sort(key=lambda row: -row["claimed"])
        names = {i.code: i.name or i.variable for i in scheme.indicators}
        what_if = [
            {
                "gain": gain,
                "innovation": visible.get(gain.innovation) if gain.innovation is not None else None,
                "is_region": gain.innovation is None,
                "indicator_name": names.get(gain.code, ""),
            }
            for gain in gains.indicators[:WHAT_IF_ROWS]
        ]
        context.update(self._what_if(scheme, sides["claimed"]))
        context.update(
            scheme=scheme,
            sides=[
                {"key": key, "label": label, "result": sides[key], "missing": self._labels(sides[key])}
                for key, label in (("claimed", _("Self-assessed")), ("verified", _("Verified")))
            ],
            scores=scores,
            what_if=what_if,
            gains=gains,
            missing_affair_gains=[(AFFAIR_LABELS.get(a.affair, a.affair), a.points) for a in gains.affairs],
        )
        return context

    def _what_if(self, scheme, current) -> dict:
        """Recompute the self-assessed index with Bappeda's trial values (`?spd=…&extra_innovations=…`)."""
        if not self.request.user.has_perm("innovations.verify"):
            return {}
        submitted = "what_if" in self.request.GET
        form = WhatIfForm(
            self.request.GET if submitted else None, spd_max=scheme.spd_max, innovation_max=scheme.innovation_max
        )
        result = None
        if submitted and form.is_valid():
            data = form.cleaned_data
            scores = [score.score for score in current.innovations]
            extra = data["extra_innovations"] or 0
            if extra:
                mean = sum(scores, Decimal(0)) / len(scores) if scores else Decimal(0)
                each = data["extra_score"] if data["extra_score"] is not None else mean
                scores += [Decimal(each)] * extra
            result = index.index_from_scores(
                scheme=scheme,
                spd=data["spd"] if data["spd"] is not None else current.spd,
                innovation_scores=scores,
                basic_affairs_covered=(
                    data["basic_affairs"] if data["basic_affairs"] is not None else current.basic_affairs_covered
                ),
            )
        return {"what_if_form": form, "what_if_result": result}

    @staticmethod
    def _labels(result):
        return [AFFAIR_LABELS.get(code, code) for code in result.missing_basic_affairs]
