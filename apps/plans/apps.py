from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "apps.plans"
    verbose_name = _("Plans")

    def ready(self):
        from apps.core.importing import register

        from .importers import RenstraImporter, RpjmdImporter

        register(RpjmdImporter)
        register(RenstraImporter)
