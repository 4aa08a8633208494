"""GET /health/: is every part of Kinerja up? 200 when all are, 503 naming what is down."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kinerja.celery import app as celery_app


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"


def check_redis() -> str:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        return "ok"
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"


def check_celery_worker() -> str:
    try:
        replies = celery_app.control.ping(timeout=1.5)
    except Exception as exc:
        return f"down: {exc.__class__.__name__}"
    return "ok" if replies else "down: no worker answered"


@never_cache
@require_GET
def health(request):
    checks = {"database": check_database(), "redis": check_redis()}
    checks["celery_worker"] = check_celery_worker() if checks["redis"] == "ok" else "down: redis is down"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks},
        status=200 if healthy else 503,
    )
