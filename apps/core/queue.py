"""Queueing background work so that none is lost when Redis (the Celery broker) is down.

`enqueue(task, *args, key=…)` sends the task once the transaction commits. If the broker cannot take it, the task
is stored as a QueuedTask row instead and `flush()` sends it later: a beat task every minute and every worker on
start call it, so the work starts as soon as Redis is back. `waiting(key)` tells a page that its work is waiting
for the queue, to say so to the user. Tasks must be idempotent (they run at least once).
"""

import logging
from functools import partial

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

from .models import QueuedTask

logger = logging.getLogger(__name__)
#: What a broker that is down raises when a message is published without retries.
BROKER_DOWN = (OperationalError, ConnectionError, OSError)


def _publish(name: str, args: list) -> None:
    current_app.send_task(name, args=args, retry=False, ignore_result=True)


def _send(name: str, args: list, key: str) -> None:
    try:
        _publish(name, args)
    except BROKER_DOWN as exc:
        logger.warning("Broker unavailable, %s%s kept to send later: %s", name, tuple(args), exc)
        QueuedTask.objects.create(name=name, args=args, key=key, error=str(exc)[:1000])


def enqueue(task, *args, key: str = "") -> None:
    """Send `task(*args)` after the current transaction commits; kept in the database if the broker is down."""
    transaction.on_commit(partial(_send, task.name, list(args), key))


def waiting(key: str) -> bool:
    return QueuedTask.objects.filter(key=key).exists()


def flush(limit: int = 500) -> int:
    """Send the kept tasks, oldest first, until the broker fails again; the number sent. Safe to run in several
    places at once (each row is taken by one runner)."""
    sent = 0
    while sent < limit:
        with transaction.atomic():
            row = QueuedTask.objects.select_for_update(skip_locked=True).order_by("pk").first()
            if row is None:
                break
            try:
                _publish(row.name, row.args)
            except BROKER_DOWN as exc:
                logger.warning("Broker still unavailable, %s kept: %s", row, exc)
                break
            row.delete()
        sent += 1
    return sent
