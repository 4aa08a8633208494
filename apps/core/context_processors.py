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
        items.append({"label": label, "url": url, "icon": icon, "active": request.path == url})
    return {"navigation": items}
