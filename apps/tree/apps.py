from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreeConfig(AppConfig):
    name = "apps.tree"
    label = "tree"
    verbose_name = _("Performance tree")
