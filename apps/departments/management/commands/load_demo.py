from django.core.management.base import BaseCommand

from apps.departments.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data of Pemerintah Kota Banjarbaru (departments, heads, accounts). "
        "Idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        counts = demo_load(stdout=self.stdout)
        for model, outcome in counts.items():
            self.stdout.write(
                f"{model}: {outcome['created']} created, {outcome['updated']} updated, {outcome['unchanged']} unchanged"
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. New demo accounts use the password {DEMO_PASSWORD}."))
