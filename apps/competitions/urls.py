"""Pages of the innovation competition (issue 9)."""

from django.urls import path

from . import views, views_public, views_scoring

app_name = "competitions"
urlpatterns = [
    path("", views.RoundListView.as_view(), name="home"),
    path("new/", views.RoundCreateView.as_view(), name="create"),
    path("<int:pk>/", views.RoundView.as_view(), name="round"),
    path("<int:pk>/edit/", views.RoundEditView.as_view(), name="edit"),
    path("<int:pk>/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("<int:pk>/advance/", views.RoundAdvanceView.as_view(), name="advance"),
    path("<int:pk>/jurors/", views.JurorAddView.as_view(), name="juror_add"),
    path("<int:pk>/jurors/<int:juror_pk>/remove/", views.JurorRemoveView.as_view(), name="juror_remove"),
    path("<int:pk>/enter/", views.EntryCreateView.as_view(), name="enter"),
    path("<int:pk>/score/", views_scoring.ScoreStartView.as_view(), name="score"),
    path("<int:pk>/score/<int:entry_pk>/", views_scoring.ScoreEntryView.as_view(), name="score_entry"),
    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<int:pk>/scores.xlsx", views.ExportView.as_view(), name="export"),
    path("entries/<int:pk>/", views.EntryView.as_view(), name="entry"),
    path("entries/<int:pk>/edit/", views.EntryEditView.as_view(), name="entry_edit"),
    path("entries/<int:pk>/reject/", views.EntryRejectView.as_view(), name="entry_reject"),
    path("entries/<int:pk>/reinstate/", views.EntryReinstateView.as_view(), name="entry_reinstate"),
    path("entries/<int:pk>/presentation/", views.PresentationView.as_view(), name="presentation"),
    path("entries/<int:pk>/certificate.pdf", views.CertificateView.as_view(), name="certificate"),
    # The published results, without sign-in (views_public.py).
    path("public/", views_public.PublicRoundsView.as_view(), name="public_rounds"),
    path("public/<int:year>/", views_public.PublicResultsView.as_view(), name="public_results"),
]
