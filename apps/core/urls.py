from django.urls import path

from . import import_views, views, views_trash

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("trash/", views_trash.TrashView.as_view(), name="trash"),
    path("trash/<slug:kind>/<int:pk>/restore/", views_trash.RestoreView.as_view(), name="restore"),
    # Excel imports (the kinds are registered by the apps: departments, officials)
    path("imports/jobs/<int:pk>/", import_views.ImportJobView.as_view(), name="import_job"),
    path("imports/jobs/<int:pk>/progress/", import_views.ImportJobProgressView.as_view(), name="import_job_progress"),
    path("imports/jobs/<int:pk>/confirm/", import_views.ImportConfirmView.as_view(), name="import_confirm"),
    path("imports/<slug:kind>/", import_views.ImportView.as_view(), name="import"),
    path("imports/<slug:kind>/template/", import_views.ImportTemplateView.as_view(), name="import_template"),
]
