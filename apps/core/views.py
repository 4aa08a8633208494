from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from .home import owed as owed_by


class PermissionMixin(LoginRequiredMixin):
    """A signed-in user with `permission` (a django-rules name) passes; anyone else signed in gets 403.

    Every view names its permission, or `None` when any signed-in user may open it. Objects always come from a
    selector scoped to the user, looked up before the permission check: another department's object answers 404
    (nothing leaks), a role that may not do a thing to an object it can see answers 403.
    """

    permission: str | None = "undefined"

    def dispatch(self, request, *args, **kwargs):
        if self.permission == "undefined":
            raise ImproperlyConfigured(f"{type(self).__name__} must name its permission (or None).")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if isinstance(self, SingleObjectMixin) and (self.pk_url_kwarg in kwargs or self.slug_url_kwarg in kwargs):
            # Scope before permission: another department's object is 404 for everyone, so nothing leaks.
            self.get_object()
        if self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # Looked up once per request, though both the scope check above and the view ask for it.
        if queryset is not None:
            return super().get_object(queryset)
        if not hasattr(self, "_scoped_object"):
            self._scoped_object = super().get_object()
        return self._scoped_object


class HomeView(PermissionMixin, TemplateView):
    """The start page: what the user owes (every app's `home.owed`, see apps/core/home.py), then the menu as cards."""

    permission = None
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owed"] = owed_by(self.request.user)
        return context


class FilteredListView(PermissionMixin, TemplateView):
    """A list page: a scoped queryset, a django-filter FilterSet (search and filters) and pagination.

    Subclasses give `filterset_class` and `get_queryset()` (always from a selector scoped to the user).
    """

    filterset_class = None
    paginate_by = None

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        from django.conf import settings
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        filterset = self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        paginator = Paginator(queryset, self.paginate_by or settings.PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter=filterset,
            page_obj=page,
            object_list=page.object_list,
            is_filtered=any(v for k, v in self.request.GET.items() if k != "page"),
        )
        return context


class FormPageMixin:
    """A create or edit page in the shared layout (templates/includes/form_page.html)."""

    template_name = "includes/form_page.html"
    page_title = ""
    intro = ""

    def get_cancel_url(self):
        return self.request.META.get("HTTP_REFERER") or "/"

    def get_page_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.get_page_title(), intro=self.intro, cancel_url=self.get_cancel_url())
        instance = getattr(self, "object", None)
        if instance is not None and instance.pk and hasattr(type(instance), "pgh_event_model"):
            context["timeline_object"] = instance  # an edit page shows the object's history under the form
        return context
