"""The navigation: each role sees what it may do and nothing else.

Items name a URL and the permission that opens it (strings only, so this lowest app imports no higher one).
A later issue adds its pages here.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MASTER_DATA = "master"
AGREEMENTS = "agreements"
INNOVATIONS = "innovations"
#: The menus that group several items: (label, icon). A group the user sees one item of shows as that item.
GROUPS = {
    MASTER_DATA: (_("Master data"), "database"),
    AGREEMENTS: (_("Agreements"), "file-earmark-check"),
    INNOVATIONS: (_("Innovations"), "lightbulb"),
}

NAVIGATION = [
    # (label, url name, permission, icon, group or None)
    (_("Home"), "core:home", None, "house", None),
    (_("Dashboard"), "dashboards:home", "dashboards.view", "speedometer2", None),
    (_("Agreements"), "agreements:list", "agreements.view", "file-earmark-check", AGREEMENTS),
    (_("PK deadlines"), "agreement_documents:deadlines", "agreements.region_review", "calendar-check", AGREEMENTS),
    (_("Performance tree"), "tree:page", "agreements.tree", "diagram-2", AGREEMENTS),
    (_("Realisasi"), "progress:home", "progress.view", "graph-up-arrow", None),
    (_("Innovations"), "innovations:list", "innovations.view", "lightbulb", INNOVATIONS),
    (_("Competitions"), "competitions:home", "competitions.view", "trophy", INNOVATIONS),
    (_("Evaluation"), "evaluations:home", "evaluations.view", "clipboard-check", None),
    (_("Reports"), "reports:home", "reports.view", "file-earmark-bar-graph", None),
    (_("Plans"), "plans:rpjmd_list", "plans.view", "diagram-3", None),
    (_("Departments"), "departments:list", "departments.view", "building", MASTER_DATA),
    (_("Officials"), "officials:list", "officials.view", "people", MASTER_DATA),
    (_("Region"), "region", "departments.region_manage", "geo-alt", MASTER_DATA),
    (_("Accounts"), "accounts:users", "accounts.manage", "person-gear", MASTER_DATA),
    (_("Audit trail"), "audit:list", "audit.browse", "journal-text", MASTER_DATA),
    (_("Deleted drafts"), "core:trash", "core.restore", "trash", MASTER_DATA),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permission, icon, group in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "icon": icon, "active": False, "group": group})
    scores = [_match(request.path, item["url"]) for item in items]
    if scores and max(scores) > 0:
        items[scores.index(max(scores))]["active"] = True
    return {"navigation": items, "navigation_menu": _menu(items)}


def _menu(items: list[dict]) -> list[dict]:
    """The navbar: the items in order, those of a group gathered into one dropdown where its first item stands."""
    menu, groups = [], {}
    for item in items:
        if item["group"] is None:
            menu.append(item)
            continue
        if item["group"] not in groups:
            label, icon = GROUPS[item["group"]]
            groups[item["group"]] = {"label": label, "icon": icon, "children": [], "active": False}
            menu.append(groups[item["group"]])
        groups[item["group"]]["children"].append(item)
        groups[item["group"]]["active"] |= item["active"]
    return [entry["children"][0] if len(entry.get("children") or ()) == 1 else entry for entry in menu]


def _match(path: str, url: str) -> float:
    """How well a menu item's URL covers the page: the item itself, a page under it, or a page of its section (its
    first path segment: a Renstra page belongs to "Plans" whose item opens /plans/rpjmd/)."""
    if path == url:
        return 10_000
    if url == "/":
        return 0
    if path.startswith(url):
        return len(url)
    section = "/" + url.strip("/").split("/")[0] + "/"
    return len(section) - 0.5 if path.startswith(section) else 0
