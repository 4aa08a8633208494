from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "apps.departments"
    verbose_name = _("departments")

    def ready(self):
        from apps.core.importing import register

        from .importers import DepartmentImporter, OfficialImporter

        register(DepartmentImporter)
        register(OfficialImporter)
