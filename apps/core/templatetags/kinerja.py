"""Template filters available in every template (registered as builtins in settings)."""

from django import template

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
