"""`manage.py check --deploy` is clean with production settings; development keeps plain HTTP."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECURITY_VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in this process; never in a deployment
)
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "kinerja.banjarbarukota.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://kinerja.banjarbarukota.go.id",
    "SITE_URL": "https://kinerja.banjarbarukota.go.id",
}


def run(command, **env):
    """Run a Python command with only the given settings (no `.env`, none of the caller's security variables)."""
    environment = {key: value for key, value in os.environ.items() if key not in SECURITY_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="kinerja.settings", KINERJA_ENV_FILE=os.devnull, **env)
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shown(*names, **env):
    """The values of the named settings as the app sees them with `env`."""
    code = "import django, json; django.setup(); from django.conf import settings; "
    code += f"print(json.dumps([getattr(settings, name) for name in {list(names)!r}]))"
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_redirect_to_https_send_hsts_and_secure_the_cookies():
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert shown(*names, **PRODUCTION) == [True, 365 * 24 * 3600, True, True]


def test_each_https_setting_can_be_turned_off():
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    values = shown(
        *names,
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
    )
    assert values == [False, 0, False, False]


def test_development_keeps_plain_http():
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE")
    assert shown(*names, DEBUG="true") == [False, 0, False]
