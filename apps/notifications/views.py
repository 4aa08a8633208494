from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin

from . import selectors, services


class NotificationListView(PermissionMixin, TemplateView):
    """The user's own notifications, newest first; unread ones stand out."""

    permission = None
    template_name = "notifications/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = selectors.notifications_for(self.request.user)
        if self.request.GET.get("unread"):
            queryset = queryset.filter(read_at__isnull=True)
        page = Paginator(queryset, settings.PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            page_obj=page,
            object_list=page.object_list,
            is_filtered=bool(self.request.GET.get("unread")),
            unread=selectors.unread_count(self.request.user),
        )
        return context


class NotificationReadView(PermissionMixin, View):
    """POST: mark one notification read and follow its link."""

    permission = None
    http_method_names = ["post"]

    def post(self, request, pk):
        notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
        services.notification_mark_read(user=request.user, notification_id=notification.pk)
        target = notification.url
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("notifications:list")


class NotificationReadAllView(PermissionMixin, View):
    permission = None
    http_method_names = ["post"]

    def post(self, request):
        services.notification_mark_read(user=request.user)
        return redirect("notifications:list")
