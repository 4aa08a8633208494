from django.conf import settings
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from apps.core.views import PermissionMixin

from . import display, selectors
from .filters import EventFilterForm


class AuditListView(PermissionMixin, TemplateView):
    """Every row change of every tracked model, newest first, filtered by object, user, date and action."""

    permission = "audit.browse"
    template_name = "audit/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = EventFilterForm(self.request.GET or None)
        paginator = Paginator(selectors.event_rows(**form.criteria()), settings.PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter={"form": form},  # the shared includes/filter_form.html reads `filter.form`
            page_obj=page,
            entries=display.describe(selectors.events_load(page.object_list)),
            is_filtered=form.is_filtered,
        )
        return context
