"""Shared parts of the REST API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RulePermission(BasePermission):
    """The page's permissions for the API: `read_permission` for safe methods, `write_permission` for the rest.

    Objects come from the view's scoped queryset and are looked up first, so another department's object is 404.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if request.method not in SAFE_METHODS and lookup and lookup in view.kwargs:
            view.get_object()  # scope first: another department's object is 404, as on the pages
        name = view.read_permission if request.method in SAFE_METHODS else view.write_permission
        return name is None or request.user.has_perm(name)
