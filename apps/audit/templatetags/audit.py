"""`{% load audit %}{% audit_timeline obj %}`: the latest changes of any tracked object, as sentences."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from apps.audit import display, selectors

register = template.Library()

TIMELINE_LIMIT = 50


@register.inclusion_tag("audit/timeline.html", takes_context=True)
def audit_timeline(context, obj, limit=TIMELINE_LIMIT):
    """The object's latest `limit` events, newest first; a link to all of them for those who may browse the trail."""
    return timeline_context(context, selectors.object_event_rows(obj), obj=obj, limit=limit)


@register.inclusion_tag("audit/timeline.html", takes_context=True)
def audit_family_timeline(context, obj, rows, limit=TIMELINE_LIMIT):
    """The latest changes of an object and its parts (`rows`: selectors.family_event_rows), as sentences."""
    return timeline_context(context, rows, obj=obj, limit=limit) | {"show_object": True}


def timeline_context(context, rows, *, obj, limit: int) -> dict:
    rows = list(rows[: limit + 1])
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    browse_url = None
    if user is not None and user.has_perm("audit.browse"):
        query = urlencode({"model": obj._meta.concrete_model._meta.label_lower, "object_id": obj.pk})
        browse_url = f"{reverse('audit:list')}?{query}"
    return {
        "entries": display.describe(selectors.events_load(rows[:limit])),
        "has_more": len(rows) > limit,
        "limit": limit,
        "browse_url": browse_url,
    }
