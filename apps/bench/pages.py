"""What `make bench` loads: one line per page. A page whose URL name does not resolve (a page not built yet) is
skipped and reported as such, so a new page is added here by one line.

`kwargs(context, i)` gives the URL's arguments for the i-th simulated user (its own PK, say); `role` says whose
signed-in sessions ask for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MAYOR, HEAD, BAPPEDA = "mayor_office", "department_head", "bappeda"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url_name: str
    role: str
    kwargs: Callable | None = None  # (context, i) -> dict, or a list of candidate dicts to try in turn
    query: str = ""
    baseline: bool = False


def _signed_pk(context, i):
    return {"pk": context.signed_pks[i % len(context.signed_pks)]}


def _entry(context, i):
    pk = context.entry_pks[i % len(context.entry_pks)]
    return {"pk": pk, "quarter": context.entry_quarter}


def _year(context, i):
    return {"year": context.year}


def _tree(context, i):
    """The performance tree (the whole city's: no arguments; the first of these its URL takes)."""
    return [{}, {"year": context.year}, {"pk": context.signed_pks[i % len(context.signed_pks)]}]


PAGES = [
    Page("ping", "Trivial view (baseline)", "bench_ping", MAYOR, baseline=True),
    Page("mayor_dashboard", "Mayor's dashboard", "dashboards:home", MAYOR),
    Page("pk_list", "PK list", "agreements:list", MAYOR),
    Page("pk_page", "A PK page", "agreements:detail", MAYOR, _signed_pk),
    Page("entry", "Quarterly entry page", "progress:entry", HEAD, _entry),
    Page("queue", "Verification queue", "progress:queue", BAPPEDA),
    Page("innovation_index", "Innovation index page", "innovations:index", BAPPEDA, _year),
    Page("tree", "Performance tree", "tree:page", MAYOR, _tree),
    Page("api_agreements", "API /api/v1/agreements/", "api-agreement-list", MAYOR),
    Page("api_progress", "API /api/v1/progress-reports/", "api-progress-report-list", BAPPEDA),
    Page("api_innovations", "API /api/v1/innovations/", "api-innovation-list", MAYOR),
    Page("api_dashboard", "API /api/v1/dashboard/", "api-dashboard", MAYOR),
]


def resolve(page: Page, context, i: int) -> str | None:
    """The page's URL for the i-th user, or None when it does not resolve."""
    from django.urls import NoReverseMatch, reverse

    candidates = page.kwargs(context, i) if page.kwargs else {}
    for kwargs in candidates if isinstance(candidates, list) else [candidates]:
        try:
            return reverse(page.url_name, kwargs=kwargs or None) + page.query
        except NoReverseMatch:
            continue
    return None
