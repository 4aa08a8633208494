"""The navigation: each role sees what it may do and nothing else.

Items name a URL and the permission that opens it (strings only, so this lowest app imports no higher one).
A later issue adds its pages here.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    # (label, url name, permission, icon)
    (_("Home"), "core:home", None, "house"),
    (_("Agreements"), "agreements:list", "agreements.view", "file-earmark-check"),
    (_("PK deadlines"), "agreement_documents:deadlines", "agreements.review", "calendar-check"),
    (_("Plans"), "plans:rpjmd_list", "plans.view", "diagram-3"),
    (_("Departments"), "departments:list", "departments.view", "building"),
    (_("Officials"), "officials:list", "officials.view", "people"),
    (_("Region"), "region", "departments.region_manage", "geo-alt"),
    (_("Accounts"), "accounts:users", "accounts.manage", "person-gear"),
    (_("Audit trail"), "audit:list", "audit.browse", "journal-text"),
    (_("API"), "api-docs", None, "code-slash"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permission, icon in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "icon": icon, "active": False})
    scores = [_match(request.path, item["url"]) for item in items]
    if scores and max(scores) > 0:
        items[scores.index(max(scores))]["active"] = True
    return {"navigation": items}


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
