"""Settings of a benchmark run: production's (kinerja/settings.py, read from the environment the runner gives:
DEBUG=false, a SECRET_KEY, ALLOWED_HOSTS) with the URLconf that adds the trivial view (apps/bench/urls.py), and
the static files collected into a directory of the bench's own (.data/bench-static)."""

from kinerja.settings import *  # noqa: F403
from kinerja.settings import BASE_DIR

ROOT_URLCONF = "apps.bench.urls"
STATIC_ROOT = BASE_DIR / ".data" / "bench-static"
