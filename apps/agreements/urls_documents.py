"""The PK as a document (issue 4): PDF, scan of the signed paper, public verification, deadlines."""

from django.urls import path

from . import views_documents as views

app_name = "agreement_documents"
urlpatterns = [
    path("agreements/<int:pk>/pdf/", views.AgreementPdfView.as_view(), name="pdf"),
    path("agreements/<int:pk>/scan/", views.AgreementScanView.as_view(), name="scan"),
    path("agreements/<int:pk>/scan/download/", views.AgreementScanDownloadView.as_view(), name="scan_download"),
    path("agreements/deadlines/", views.DeadlineView.as_view(), name="deadlines"),
    path("verify/<uuid:token>/", views.verify, name="verify"),
]
