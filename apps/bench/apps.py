from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: the data generator (`manage.py generate_scale`) and the benchmark runner (issue 11)."""

    name = "apps.bench"
    label = "bench"
    verbose_name = "Benchmarks"
