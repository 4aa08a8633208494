"""REST API of the quarterly realisasi and the capaian of a PK (issue 5)."""

urlpatterns: list = []
