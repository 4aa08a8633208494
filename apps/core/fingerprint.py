"""What a cached computation read has changed, in one query: the newest audit event id of each table it read.

Every model is tracked by pghistory (apps/core/audit.py): its database triggers write an event row for every insert,
update and delete, bulk updates and raw SQL included, so the newest event id of a table changes whenever the table
does. A cache key made of these ids is never served after its sources changed (the dashboards' overview, the
innovation index, the tree), and `cached_render` serves a page's rendered body under such a key.

A cached body may hold forms that post: it is rendered with a placeholder for the CSRF token, which each request's
own token replaces when it is served (`CSRF_PLACEHOLDER`)."""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# What {% csrf_token %} writes in a cached body instead of a token: letters and dashes only, so that escaping never
# changes it, and replaced only inside the tag's own markup, which no escaped text can reproduce.
CSRF_PLACEHOLDER = "kinerja-csrf-token-placeholder"
CSRF_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def fingerprint(*labels: str) -> str:
    """ "12-4-907…" for models given as "app_label.Model" (their event tables `<Model>Event`)."""
    tables = []
    for label in labels:
        app_label, name = label.split(".")
        tables.append(apps.get_model(app_label, f"{name}Event")._meta.db_table)
    # the tables' names come from the models, never from a request
    sql = "SELECT " + ", ".join(f"(SELECT max(pgh_id) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "-".join(str(value or 0) for value in cursor.fetchone())


def city_wide_scope(user) -> str | None:
    """The scope of a page that every holder of a city-wide role sees alike (they see every department): one cache
    entry for the role, computed once for all of them; None (per user) for everyone else."""
    return f"role:{user.role}:{int(user.is_superuser)}" if user.sees_all_departments else None


def cache_key(name: str, request, sources: tuple[str, ...], *, scope=None, location: str | None = None) -> str:
    """The cache key of what `request` is answered with, computed from `sources`: per `scope` (the user by default:
    what they may see), location (the URL's path and query by default), language, time zone and day, and the
    fingerprint of the sources, so that it changes with any write to them."""
    parts = "|".join(
        (
            str(request.user.pk if scope is None else scope),
            request.get_full_path() if location is None else location,
            get_language() or "",
            timezone.get_current_timezone_name(),  # the region's (apps/departments/middleware.py)
            str(timezone.localdate()),
            fingerprint(*sources),
        )
    )
    return f"{name}:" + hashlib.sha256(parts.encode()).hexdigest()


def cached_render(
    request, template: str, sources: tuple[str, ...], build, *, scope=None, location: str | None = None
) -> tuple[str, dict | None]:
    """`template` rendered with the context `build()` returns, served from the cache until one of `sources` changes
    (`cache_key`). Returns the HTML and the context built, None when the HTML came from the cache. Its forms carry
    the request's own CSRF token (`with_csrf_token`)."""
    key = cache_key(f"page:{template}", request, sources, scope=scope, location=location)
    html = cache.get(key)
    context = None
    if html is None:
        context = build()
        html = render_to_string(template, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
        cache.set(key, html, settings.DASHBOARD_CACHE_SECONDS)
    return with_csrf_token(html, request), context


def with_csrf_token(html: str, request) -> str:
    """A body rendered with `CSRF_PLACEHOLDER`, its forms given the request's token (set in the cookie too)."""
    placeholder = CSRF_FIELD.format(CSRF_PLACEHOLDER)
    if placeholder in html:
        html = html.replace(placeholder, CSRF_FIELD.format(get_token(request)))
    return mark_safe(html)  # noqa: S308 - rendered by our templates, autoescaped
