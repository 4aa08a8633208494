"""Seed the IID scoring schemes of 2023, 2024 and 2026 (DOMAIN.md §6) from apps.innovations.schemes.

A scheme already in the database (e.g. edited by an administrator) is left as it is.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from apps.innovations.schemes import SCHEMES

    Scheme = apps.get_model("innovations", "Scheme")
    SchemeIndicator = apps.get_model("innovations", "SchemeIndicator")
    SchemeCategory = apps.get_model("innovations", "SchemeCategory")
    for year, pure in sorted(SCHEMES.items()):
        if Scheme.objects.filter(year=year).exists():
            continue
        scheme = Scheme.objects.create(
            year=year,
            k=pure.k,
            m=pure.m,
            count_factor=pure.count_factor,
            count_cap=pure.count_cap,
            max_total=pure.max_total,
        )
        SchemeIndicator.objects.bulk_create(
            SchemeIndicator(
                scheme=scheme,
                number=indicator.number,
                part=indicator.part,
                aspect=str(indicator.aspect),
                name=indicator.name,
                variable=indicator.variable,
                weight=indicator.weight,
                level_1=indicator.levels[0],
                level_2=indicator.levels[1],
                level_3=indicator.levels[2],
                mandatory=indicator.mandatory,
            )
            for indicator in pure.indicators
        )
        SchemeCategory.objects.bulk_create(
            SchemeCategory(
                scheme=scheme,
                name=category.name,
                label=category.label,
                min_score=category.min_score,
                inclusive=category.inclusive,
            )
            for category in pure.categories
        )


def unseed(apps, schema_editor):
    from apps.innovations.schemes import SCHEMES

    apps.get_model("innovations", "Scheme").objects.filter(year__in=list(SCHEMES)).delete()


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
