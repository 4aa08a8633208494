"""Pages of the quarterly realisasi (issue 5)."""

from django.urls import path

from . import views, views_entry, views_files

app_name = "progress"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The entry page of a PK's quarter, its rows and the budget spent
    path("pk/<int:pk>/q<int:quarter>/", views_entry.EntryView.as_view(), name="entry"),
    path("pk/<int:pk>/q<int:quarter>/submit/", views_entry.SubmitAllView.as_view(), name="submit_all"),
    path("pk/<int:pk>/q<int:quarter>/budget/", views_entry.BudgetSaveView.as_view(), name="budget_save"),
    path("indicator/<int:pk>/q<int:quarter>/", views_entry.RowSaveView.as_view(), name="row_save"),
    path("report/<int:pk>/submit/", views_entry.ReportSubmitView.as_view(), name="report_submit"),
    # Evidence
    path("evidence/<int:pk>/", views_files.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views_entry.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path("report/<int:pk>/evidence.zip", views_files.EvidenceZipView.as_view(), name="evidence_zip"),
    # Bappeda
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("queue/verify/", views.BulkVerifyView.as_view(), name="bulk_verify"),
    path("report/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("report/<int:pk>/verify/", views.ReportVerifyView.as_view(), name="report_verify"),
    path("report/<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
    path("reopen/", views.ReopenView.as_view(), name="reopen"),
]
