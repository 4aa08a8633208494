from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from apps.core.nip import normalize_nip


class UsernameOrNipBackend(ModelBackend):
    """Sign in with the username or with the NIP of the official linked to the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        nip = normalize_nip(username)
        if len(nip) == 18 and nip.isdigit():
            user = User.objects.filter(official__nip=nip).first()
        else:
            user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint that the name is unknown
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    # Permissions come from the roles (apps/accounts/rules.py), never from Django's permission tables:
    # answering none here saves two queries on every page that asks about a permission.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
