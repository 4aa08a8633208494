from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.views.generic import TemplateView


class PermissionMixin(LoginRequiredMixin):
    """A signed-in user with `permission` (a django-rules name) passes; anyone else signed in gets 403.

    Every view names its permission, or `None` when any signed-in user may open it (its objects then come from a
    selector scoped to the user, so another department's object answers 404).
    """

    permission: str | None = "undefined"

    def dispatch(self, request, *args, **kwargs):
        if self.permission == "undefined":
            raise ImproperlyConfigured(f"{type(self).__name__} must name its permission (or None).")
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.permission and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HomeView(PermissionMixin, TemplateView):
    permission = None
    template_name = "core/home.html"


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
