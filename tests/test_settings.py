"""Production settings refuse what is unsafe; development settings serve the single-machine set-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_check(**env):
    environment = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    environment.update(DJANGO_SETTINGS_MODULE="kinerja.settings", KINERJA_ENV_FILE=os.devnull, **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_with_debug_off_the_app_refuses_the_development_secret_key():
    result = django_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "started" not in result.stdout


def test_with_debug_off_and_a_real_secret_key_the_app_starts():
    result = django_check(DEBUG="false", SECRET_KEY="a-long-random-production-key-" + "x" * 40)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
