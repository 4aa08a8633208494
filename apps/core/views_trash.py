"""The admin's page of deleted drafts, each restorable (apps/core/trash.py finds them in the apps)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import trash
from .views import PermissionMixin
from .workflow import TransitionError


class TrashView(PermissionMixin, TemplateView):
    permission = "core.restore"
    template_name = "core/trash.html"

    def get_context_data(self, **kwargs):
        labels = {kind: module.LABEL for kind, module in trash.modules().items()}
        items = [(item, labels[item.kind]) for item in trash.deleted()]
        return super().get_context_data(items=items, **kwargs)


class RestoreView(PermissionMixin, View):
    permission = "core.restore"
    http_method_names = ["post"]

    def post(self, request, kind, pk):
        module = trash.modules().get(kind)
        if module is None:
            raise Http404
        try:
            url = module.restore(pk, request.user)
        except (ValidationError, TransitionError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("core:trash")
        messages.success(request, _("Restored."))
        return redirect(url)
