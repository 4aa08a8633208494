"""REST API of the innovations and the Indeks Inovasi Daerah (issue 6)."""

urlpatterns: list = []
