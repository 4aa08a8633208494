"""The Celery application: a worker and beat run beside the web process (see Procfile)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

app = Celery("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _load_url_routes(**kwargs):
    """Each worker process loads the URL routes once, when it starts, rather than inside the first task that builds
    a link (about 0.7 s: the flag job's notifications, an e-mail's link)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every URL module is the point
