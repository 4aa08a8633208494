"""The dashboards (issue 8): the mayor's office's city overview, a department's own dashboard, Bappeda's monitoring
view and the Inspektorat's (the same, read-only, with the recent changes of the audit trail).

`HomeView` ("Dashboard" in the menu) shows the dashboard of the user's role: the mayor's office and the admin the
city overview, a department's head and staff their department, Bappeda its view, the Inspektorat its own. Every
page takes `?year=` (this year by default). A click on a department in the overview opens its dashboard.
Query counts do not grow with the number of departments (tests/test_dashboards_queries.py).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from apps.accounts.models import Role
from apps.agreements.deadlines import deadline_for
from apps.core.fingerprint import cached_render
from apps.core.views import PermissionMixin
from apps.departments.selectors import departments_for
from apps.innovations.views_dashboard import INDEX_SOURCES

from . import charts, joins, selectors
from .capaian import expected_percent, on_track
from .forms import OverviewFilterForm, YearForm
from .innovation_figures import index_sides, innovation_rows, stage_counts


def _year(request) -> int:
    return selectors.parse_year(request.GET.get("year"))


class _Dashboard(PermissionMixin, TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(year=year, today=timezone.localdate(), threshold=selectors.threshold())
        return context


# --- The pieces each dashboard is made of ----------------------------------------------------------------------
COLUMNS = [
    ("department", _("Department")),
    ("head", _("Head")),
    ("status", _("PK")),
    ("achievement", _("Capaian")),
    ("quarters", _("Quarters reported")),
    ("innovations", _("Innovations")),
    ("flagged", _("Flag")),
    ("evaluation", _("Evaluation")),
    ("projection", _("Projection")),
]


MAIN_FIELDS = ("year", "q", "sort")  # always shown; the others fold away on a phone


def _headers(request, sort: str) -> list[dict]:
    """The overview's column headers, each a link sorting by it (a second click reverses the order)."""
    headers = []
    for key, label in COLUMNS:
        query = request.GET.copy()
        query["sort"] = f"-{key}" if sort == key else key
        headers.append(
            {
                "key": key,
                "label": label,
                "url": "?" + query.urlencode(),
                "active": sort.lstrip("-") == key,
                "descending": sort == f"-{key}",
            }
        )
    return headers


def overview_context(request, year, rows) -> dict:
    """The city overview: the table of departments (filtered, sorted), its totals and the four charts."""
    from apps.innovations.views_dashboard import index_by_year

    data = request.GET.copy()
    data.setdefault("year", str(year))
    form = OverviewFilterForm(data)
    criteria = form.criteria()
    shown = selectors.sort_rows(selectors.filter_rows(rows, criteria), criteria.get("sort") or "department")
    today = timezone.localdate()
    signed = [row for row in rows if row.measured is not None]
    summary = selectors.compliance_summary(rows, year, today)
    return {
        "rows": shown,
        "filter": {"form": form},
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("year", "sort")),
        "main_fields": MAIN_FIELDS,
        "more_filtered": any(request.GET.get(key) for key in ("colour", "status", "flagged", "warning")),
        "headers": _headers(request, criteria.get("sort") or "department"),
        "totals": {
            "departments": len(rows),
            "signed": len(signed),
            "on_track": sum(1 for row in signed if row.on_track),
            "mean": selectors.mean_achievement(signed),
            "flagged": sum(1 for row in rows if row.flagged),
            "warnings": sum(1 for row in rows if row.early_warning),
        },
        "evaluations_known": joins.available(),
        "flags_visible": selectors.may_see_flags(request.user),
        "charts": {
            "achievement": charts.achievement_by_department(rows),
            "trend": charts.trend(selectors.trend_by_quarter(rows)),
            "index": charts.index_by_year(index_by_year()),
            "compliance": charts.compliance(summary),
        },
    }


def bappeda_context(request, year, rows) -> dict:
    """Reporting compliance by department and quarter, the verification queue, the innovation inventory with the
    index breakdown, and the departments without an innovation."""
    today = timezone.localdate()
    return {
        "compliance_rows": [(row, selectors.compliance_of(row.figures, year, today)) for row in rows],
        "compliance_chart": charts.compliance(selectors.compliance_summary(rows, year, today)),
        "queue": selectors.verification_queue(request.user, year),
        "inventory": rows,
        "stages": stage_counts(year),
        "index": index_sides(year),
        "without_innovation": [row for row in rows if row.innovations_total == 0],
        "without_active": [row for row in rows if row.innovations_total and not row.innovations_active],
    }


def changes_context(limit: int = 10) -> dict:
    """The latest changes of the audit trail (as its page shows them)."""
    from apps.audit import display
    from apps.audit import selectors as audit

    return {"changes": display.describe(audit.events_load(list(audit.event_rows()[:limit])))}


# --- The pages ------------------------------------------------------------------------------------------------
#: Every table the overview shows something of (its rows, totals and charts): a write to any of them is a new
#: fingerprint (apps/core/fingerprint.py), so a cached overview is never shown after one.
OVERVIEW_SOURCES = (
    "departments.Department",
    "departments.Assignment",
    "departments.Official",
    "agreements.Agreement",
    "progress.ProgressReport",
    "innovations.Innovation",
    "evaluations.Flag",
    "evaluations.Evaluation",
    *(f"innovations.{name}" for name in INDEX_SOURCES),
)


class OverviewView(_Dashboard):
    """The mayor's office: which heads are on track this year. The overview (table, totals, charts) is rendered
    once and served from the cache until one of its sources changes (`overview_cache_key`): the mayor's office
    opens it all day, and the figures of 60 departments cost most of a request."""

    permission = "dashboards.view_city"
    template_name = "dashboards/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, context["year"]

        def build():
            rows = selectors.department_rows_for(user, year)
            context.update(overview_context(self.request, year, rows))
            return context

        # shared by the users who see the same: the role, and what it may see of flags and evaluations
        scope = (user.role, user.has_perm("evaluations.view"), user.has_perm("evaluations.view_all"))
        context["overview_html"], _built = cached_render(
            self.request, "dashboards/_overview.html", OVERVIEW_SOURCES, build, scope=scope
        )
        return context


class BappedaView(_Dashboard):
    permission = "dashboards.view_city"
    template_name = "dashboards/bappeda.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.department_rows_for(self.request.user, context["year"])
        context.update(bappeda_context(self.request, context["year"], rows), year_form=YearForm(self.request.GET))
        return context


class InspectorateView(_Dashboard):
    """The overview and Bappeda's figures, read-only, and what changed lately."""

    permission = "dashboards.view_changes"
    template_name = "dashboards/inspectorate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.department_rows_for(self.request.user, context["year"])
        context.update(overview_context(self.request, context["year"], rows))
        context.update(bappeda_context(self.request, context["year"], rows))
        context.update(changes_context())
        return context


class DepartmentView(_Dashboard):
    """One department: its indicators against the expected trajectory, what is due and when, what was returned,
    its innovations and their share of the index. Another department's answers 404 to a department role."""

    permission = "dashboards.view"
    template_name = "dashboards/department.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year, today = self.request.user, context["year"], context["today"]
        department = get_object_or_404(departments_for(user), pk=kwargs.get("pk") or user.department_id)
        rows = selectors.department_rows_for(user, year, departments=[department.pk], detail=True)
        row = rows[0] if rows else None
        measured = row.measured if row else None
        elapsed = selectors.quarters_elapsed(year, today)
        objectives = []
        if row is not None and row.figures is not None:
            for objective in row.figures.score.objectives:
                indicators = []
                for score in objective.indicators:
                    expected = expected_percent(score.indicator, elapsed)
                    indicators.append({"score": score, "expected": expected, "on_track": on_track(score, expected)})
                objectives.append({"objective": objective, "indicators": indicators})
        innovations, contribution = innovation_rows(user, department, year)
        pk_deadline = deadline_for(year) if measured is None else None  # the PK is what is owed first
        context.update(
            department=department,
            row=row,
            objectives=objectives,
            quarters_elapsed=elapsed,
            due=selectors.compliance_of(row.figures if row else None, year, today),
            pk_deadline=pk_deadline,
            returned_reports=selectors.returned_reports(user, measured),
            returned_innovations=[item for item in innovations if item["innovation"].status == "returned"],
            innovations=innovations,
            contribution=contribution,
            trend_chart=charts.department_trend(row.figures.trend) if row and row.figures else None,
            year_form=YearForm(self.request.GET),
            citywide=user.has_perm("dashboards.view_city"),
        )
        return context


ROLE_VIEWS = {
    Role.ADMIN: OverviewView,
    Role.MAYOR_OFFICE: OverviewView,
    Role.BAPPEDA: BappedaView,
    Role.INSPECTORATE: InspectorateView,
    Role.DEPARTMENT_HEAD: DepartmentView,
    Role.DEPARTMENT_STAFF: DepartmentView,
}


class HomeView(PermissionMixin, TemplateView):
    """The dashboard of the user's role (see the module docstring)."""

    permission = "dashboards.view"

    def get(self, request, *args, **kwargs):
        view = ROLE_VIEWS[request.user.role].as_view()
        return view(request)
