from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.health import health
from apps.reports.views import PublicAccountabilityView

api_v1 = [
    path("", include("apps.accounts.api_urls")),
    path("", include("apps.core.api_urls")),
    path("", include("apps.departments.api_urls")),
    path("", include("apps.audit.api_urls")),
    path("", include("apps.plans.api_urls")),
    path("", include("apps.agreements.api_urls")),
    path("", include("apps.progress.api_urls")),
    path("", include("apps.innovations.api_urls")),
    path("", include("apps.evaluations.api_urls")),
    path("", include("apps.dashboards.api_urls")),
    path("", include("apps.reports.api_urls")),
    path("", include("apps.tree.api_urls")),
    path("", include("apps.competitions.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets style attributes in its markup: the one page whose styles may be inline.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

urlpatterns = [
    path("health/", health, name="health"),
    path("publik/", PublicAccountabilityView.as_view(), name="public_accountability"),
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.departments.urls")),
    path("audit/", include("apps.audit.urls")),
    path("plans/", include("apps.plans.urls")),
    path("plans/", include("apps.plans.urls_exchange")),
    path("agreements/", include("apps.agreements.urls")),
    path("", include("apps.agreements.urls_documents")),
    path("progress/", include("apps.progress.urls")),
    path("progress/", include("apps.progress.urls_exchange")),
    path("innovations/", include("apps.innovations.urls")),
    path("innovations/", include("apps.innovations.urls_exchange")),
    path("evaluations/", include("apps.evaluations.urls")),
    path("dashboard/", include("apps.dashboards.urls")),
    path("reports/", include("apps.reports.urls")),
    path("tree/", include("apps.tree.urls")),
    path("competitions/", include("apps.competitions.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("api/v1/", include(api_v1)),
]
