import contextlib
import zoneinfo

from django.core.cache import cache
from django.utils import timezone

from .models import Region

CACHE_KEY = "region:time_zone"


def region_time_zone() -> str | None:
    try:
        zone = cache.get(CACHE_KEY)
    except Exception:
        zone = None
    if zone is None:
        zone = Region.objects.values_list("time_zone", flat=True).first() or ""
        with contextlib.suppress(Exception):
            cache.set(CACHE_KEY, zone, 300)
    return zone or None


class RegionTimezoneMiddleware:
    """Show times in the region's own time zone (stored in UTC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = region_time_zone()
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
