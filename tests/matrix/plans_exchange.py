"""Issue 4: the Excel exchange of the plans (exports; the imports run on the shared core:import pages)."""

from apps.plans.models import Renstra, RpjmdPeriod

from . import everyone


def objects(shared):
    period, _created = RpjmdPeriod.objects.get_or_create(
        start_year=2025, defaults={"end_year": 2029, "vision": "Visi matrix"}
    )
    shared["exchange_period"] = period
    shared["exchange_renstra"], _created = Renstra.objects.get_or_create(
        department=shared["own_department"], period=period
    )
    shared["exchange_other_renstra"], _created = Renstra.objects.get_or_create(
        department=shared["other_department"], period=period
    )


EXPECTED = {
    "plans_exchange:rpjmd_export": (lambda o: {"pk": o["exchange_period"].pk}, everyone(200)),
    "plans_exchange:renstra_export": (lambda o: {"pk": o["exchange_renstra"].pk}, everyone(200)),
}

OTHER_DEPARTMENT = {
    "plans_exchange:renstra_export": lambda o: {"pk": o["exchange_other_renstra"].pk},
}
