"""`manage.py generate_scale --size S|M|L`: fill a fresh (migrated, empty) database for the benchmarks."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from apps.bench.generate import SIZES, Generator, database_is_empty, scale_for, set_marker


class Command(BaseCommand):
    help = (
        "Fill a fresh, migrated, empty database: S is the demo; M a large city (60 departments, 10 years, 40 "
        "indicators per PK, every quarter reported, 2,000 innovations, 300 users); L ten times M in rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", default="M", choices=["S", *SIZES], help="S, M or L (XS: the tests)")
        # Hidden knobs for the tests and for trying a size in between.
        for name in ("departments", "years", "objectives", "indicators_per_objective", "innovations", "users"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, dest=name, help=argparse_suppress())

    def handle(self, *args, size="M", **options):
        if not database_is_empty():
            raise CommandError("The database is not empty: generate_scale fills a fresh, migrated database only.")
        started = time.perf_counter()
        if size == "S":
            call_command("load_demo", stdout=self.stdout)
            set_marker("S", time.perf_counter() - started)
            self.stdout.write(f"S (the demo) loaded in {time.perf_counter() - started:.1f} s.")
            return
        knobs = ("departments", "years", "objectives", "indicators_per_objective", "innovations", "users")
        scale = scale_for(size, **{name: options.get(name) for name in knobs})
        self.stdout.write(f"Generating {scale}")
        result = Generator(scale, stdout=self.stdout).run()
        set_marker(scale.name, result["timings"]["total"])
        for model, count in result["counts"].items():
            self.stdout.write(f"  {model}: {count:,} rows")
        self.stdout.write(self.style.SUCCESS(f"{scale.name} generated in {result['timings']['total']:.1f} s."))


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
