"""Template filters available in every template (registered as builtins in settings)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from apps.core import formats

register = template.Library()


@register.filter
def num(value, places=None):
    """{{ value|num }} → 1.234,5; {{ value|num:2 }} → 1.234,50."""
    return formats.format_number(value, None if places in (None, "") else int(places))


@register.filter
def rupiah(value):
    return formats.format_rupiah(value)


@register.filter
def percent(value, places=2):
    return formats.format_percent(value, int(places))


@register.simple_tag(takes_context=True)
def querystring_replace(context, **kwargs):
    """The current query string with some keys replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


# --- Badges drawn in long lists (the overview's rows, the tree's nodes): tags, not includes, which cost a template
# context and a render each.
CAPAIAN_BADGES = {"green": "text-bg-success", "amber": "text-bg-warning", "red": "text-bg-danger"}
AGREEMENT_BADGES = {
    "signed": "text-bg-success",
    "approved": "text-bg-info",
    "submitted": "text-bg-primary",
    "returned": "text-bg-warning",
}


@register.simple_tag
def capaian_badge(value, colour=None, predicate=None):
    """A capaian in its predicate's colour, with the predicate's label when given; "not reported" without one."""
    if value is None:
        return format_html('<span class="text-body-secondary small">{}</span>', gettext("not reported"))
    colour = "" if colour is None else str(colour)
    badge = format_html(
        '<span class="badge {}" data-colour="{}">{}</span>',
        CAPAIAN_BADGES.get(colour, "text-bg-secondary"),
        colour,
        formats.format_percent(value, 2),
    )
    if predicate:
        badge += format_html(' <span class="small text-body-secondary text-nowrap">{}</span>', predicate.label)
    return badge


@register.simple_tag
def agreement_badge(status, label):
    """A PK's status badge."""
    return format_html(
        '<span class="badge {}" data-testid="status-badge">{}</span>',
        AGREEMENT_BADGES.get(status, "text-bg-secondary"),
        label,
    )
