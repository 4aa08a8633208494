from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportHomeView.as_view(), name="home"),
    path("download/", views.DirectReportView.as_view(), name="direct"),
    path("jobs/<int:pk>/", views.ReportJobView.as_view(), name="job"),
    path("jobs/<int:pk>/status/", views.ReportJobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/download/", views.ReportDownloadView.as_view(), name="download"),
    # The public accountability page: no sign-in, 404 unless settings.PUBLIC_ACCOUNTABILITY_PAGE.
    path("public/", views.PublicAccountabilityView.as_view(), name="public"),
    path("public/pk/<int:pk>/", views.PublicAgreementPdfView.as_view(), name="public_agreement"),
]
