"""A database that is down (PostgreSQL restarting, the network to it cut) answers 503 with a short message that
says so, as a page or as JSON, never a 500 with a traceback; the app itself needs no restart afterwards
(CONN_HEALTH_CHECKS in the settings drops the broken connections and the next request connects again).

A database error raised by a view reaches `process_exception`. One raised by another middleware (the region's time
zone, the session saved on the way out) never does: Django turns it into a 500 response on the spot and tells
`got_request_exception`, whose receiver marks the request; the middleware, outermost but one, then replaces that
500 by the 503.
"""

import logging
import sys
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: What psycopg raises (through django.db) when the server is gone or cannot be reached.
DATABASE_DOWN = (OperationalError, InterfaceError)
MESSAGE = _("The database is unavailable; try again in a moment.")
RETRY_AFTER_SECONDS = 10
MARK = "_kinerja_database_down"


def is_database_down(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DATABASE_DOWN):
            return True
        exc = exc.__cause__
    return False


def wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or request.path == "/health/" or "application/json" in accept


def unavailable(request) -> HttpResponse:
    """The 503 answer: JSON for the API, a page without anything from the database (no menu, no user) otherwise."""
    with translation.override(translation.get_language_from_request(request)):
        message = str(MESSAGE)
        if wants_json(request):
            response = JsonResponse({"detail": message}, status=503)
        else:
            html = render_to_string(
                "core/database_unavailable.html", {"message": message, "LANGUAGE_CODE": translation.get_language()}
            )
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs) -> None:
    if request is not None and is_database_down(sys.exc_info()[1]):
        setattr(request, MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="core.database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, MARK, False) and response.status_code >= 500:
            return unavailable(request)
        return response

    def process_exception(self, request, exception):
        if is_database_down(exception):
            logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
            return unavailable(request)
        return None


class SessionRefreshMiddleware:
    """Sessions expire after SESSION_IDLE_HOURS without a request (a sliding expiry), saved at most once every
    SESSION_REFRESH_SECONDS rather than on every request (SESSION_SAVE_EVERY_REQUEST would write the session row on
    every page and API call). Sits right after SessionMiddleware, which saves what this marks."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            refreshed = session.get(self.KEY)
            if not isinstance(refreshed, int) or now - refreshed >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: saved with a new expiry by SessionMiddleware
        return response
