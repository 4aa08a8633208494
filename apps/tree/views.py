"""The performance tree page and its PDF (issue 10): `/tree/?year=&department=`.

Everyone of the government's own roles may open it (`agreements.tree`); what they see is scoped by
`selectors.department_scope` and `agreements_for`: the city-wide roles the whole city (or one department), a
department's head and staff their department (another department: 404), an eselon III/IV official their own line.
"""

from django.http import HttpResponse
from django.views import View
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin
from apps.departments.models import Department

from . import document, selectors


def tree_from_request(request, *, fold: bool = False) -> selectors.Tree:
    """The tree the request asks for (`?year=`, `?department=`), scoped to its user (404 outside it)."""
    year = selectors.parse_year(request.GET.get("year"))
    department = selectors.department_scope(request.user, request.GET.get("department"))
    return selectors.tree_for(request.user, year=year, department=department, fold=fold)


class TreeView(PermissionMixin, TemplateView):
    permission = "agreements.tree"
    template_name = "tree/tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = tree_from_request(self.request, fold=True)
        query = {"year": tree.year}
        if tree.department is not None and self.request.user.sees_all_departments:
            query["department"] = tree.department.pk
        context.update(
            tree=tree,
            year=tree.year,
            departments=Department.objects.filter(is_active=True).order_by("code")
            if self.request.user.sees_all_departments
            else None,
            pdf_query="&".join(f"{key}={value}" for key, value in query.items()),
            gap_counts=_gap_counts(tree),
        )
        if tree.folded:
            context.update(
                folded=[(node, selectors.department_groups(node.children)) for node in tree.nodes],
                unlinked_groups=selectors.department_groups(tree.unlinked),
                unattached_groups=selectors.department_groups(tree.unattached, selectors.INDICATOR),
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
