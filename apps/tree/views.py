"""The performance tree page and its PDF (issue 10): `/tree/?year=&department=`.

Everyone of the government's own roles may open it (`agreements.tree`); what they see is scoped by
`selectors.department_scope` and `agreements_for`: the city-wide roles the whole city (or one department), a
department's head and staff their department (another department: 404), an eselon III/IV official their own line.
"""

from django.http import HttpResponse
from django.views import View
from django.views.generic import TemplateView

from apps.core.fingerprint import cached_render, city_wide_scope
from apps.core.views import PermissionMixin
from apps.departments.models import Department

from . import document, selectors


def tree_from_request(request, *, fold: bool = False) -> selectors.Tree:
    """The tree the request asks for (`?year=`, `?department=`), scoped to its user (404 outside it)."""
    year = selectors.parse_year(request.GET.get("year"))
    department = selectors.department_scope(request.user, request.GET.get("department"))
    return selectors.tree_for(request.user, year=year, department=department, fold=fold)


#: Every table the tree shows something of, or scopes by: a write to any of them is a new fingerprint
#: (apps/core/fingerprint.py), so a cached tree is never shown after one.
TREE_SOURCES = (
    "agreements.Agreement",
    "agreements.AgreementObjective",
    "agreements.AgreementIndicator",
    "progress.ProgressReport",
    "departments.Department",
    "departments.Official",
    "departments.Assignment",
    "departments.Position",
    "departments.PositionAssignment",
    "plans.RpjmdPeriod",
    "plans.Mission",
    "plans.Goal",
    "plans.Objective",
    "plans.ObjectiveIndicator",
    "plans.ObjectiveTarget",
    "plans.StrategicObjective",
    "accounts.User",
)


class TreeView(PermissionMixin, TemplateView):
    """The tree (gaps and nodes) is rendered once per user, year and department and served from the cache until
    one of its sources changes."""

    permission = "agreements.tree"
    template_name = "tree/tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        year = selectors.parse_year(request.GET.get("year"))
        department = selectors.department_scope(request.user, request.GET.get("department"))  # 404 outside

        def build():
            tree = selectors.tree_for(request.user, year=year, department=department, fold=True)
            fragment = {"tree": tree, "year": year, "gap_counts": _gap_counts(tree)}
            if tree.folded:
                fragment.update(
                    folded=[(node, selectors.department_groups(node.children)) for node in tree.nodes],
                    unlinked_groups=selectors.department_groups(tree.unlinked),
                    unattached_groups=selectors.department_groups(tree.unattached, selectors.INDICATOR),
                )
            context.update(fragment)
            return fragment

        # one rendering for all the holders of a city-wide role, one per user for the others
        html, _built = cached_render(
            request, "tree/_tree.html", TREE_SOURCES, build, scope=city_wide_scope(request.user)
        )
        query = {"year": year}
        if department is not None and request.user.sees_all_departments:
            query["department"] = department.pk
        context.update(
            tree_html=html,
            year=year,
            department=department,
            departments=Department.objects.filter(is_active=True).order_by("code")
            if request.user.sees_all_departments
            else None,
            pdf_query="&".join(f"{key}={value}" for key, value in query.items()),
        )
        return context


def _gap_counts(tree: selectors.Tree) -> dict[str, int]:
    counts = dict.fromkeys(selectors.GAP_KINDS, 0)
    for gap in tree.gaps:
        counts[gap.kind] += 1
    return counts


class TreePdfView(PermissionMixin, View):
    """The same tree (same scope and filters) as an A4 landscape PDF download."""

    permission = "agreements.tree"

    def get(self, request):
        tree = tree_from_request(request)
        response = HttpResponse(document.tree_pdf(tree), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.filename(tree)}"'
        return response
