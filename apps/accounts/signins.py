"""Sign-ins and failed attempts, recorded as SignIn rows: their inserts are in the audit trail (who, when, from
where). A failure is recorded under the user name given, whether or not such an account exists."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from apps.core.audit import audit_context

from .models import SignIn

logger = logging.getLogger(__name__)


def _client(request) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")[:255]


def _source(request) -> str:
    return request.path if request is not None else "sign-in"


@receiver(user_logged_in, dispatch_uid="accounts.signin_succeeded")
def signin_succeeded(sender, request, user, **kwargs):
    ip, agent = _client(request)
    with audit_context(user=user, source=_source(request)):
        SignIn.objects.create(user=user, username=user.get_username(), succeeded=True, ip_address=ip, user_agent=agent)


@receiver(user_login_failed, dispatch_uid="accounts.signin_failed")
def signin_failed(sender, credentials, request=None, **kwargs):
    given = str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or "")[:150]
    ip, agent = _client(request)
    account = get_user_model().objects.filter(username=given).first() if given else None
    with audit_context(user=None, source=_source(request)):
        SignIn.objects.create(user=account, username=given, succeeded=False, ip_address=ip, user_agent=agent)
