"""Issue 6: the API of the innovations and the Indeks Inovasi Daerah (the POST-only workflow actions answer GET with
405). The innovations are drafts of a year of their own, with a budget file and an evidence file on indicator 16."""

import importlib

from django.core.files.base import ContentFile

from apps.innovations.models import Innovation, InnovationIndicator, Scheme

from . import everyone

YEAR = 2032  # a year of its own (the pages use 2033), so the other matrices' objects cannot collide with these
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _innovation(department, by):
    innovation = Innovation.objects.create(
        year=YEAR,
        name=f"Inovasi API {department.code}",
        department=department,
        initiator="perangkat_daerah",
        kind="digital",
        form="pelayanan_publik",
        created_by=by,
    )
    innovation.budget_file.save("rab.pdf", ContentFile(PDF))
    row = InnovationIndicator(innovation=innovation, number=16, claimed_level=1, claimed_by=by)
    row.evidence_file.save("bukti.pdf", ContentFile(PDF), save=False)
    row.save()
    return innovation


def objects(shared):
    if not Scheme.objects.exists():  # a transactional test elsewhere flushes the seeded schemes
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)
    shared["api_innovation_own"] = _innovation(shared["own_department"], shared["own_user"])
    shared["api_innovation_other"] = _innovation(shared["other_department"], shared["own_user"])


def _kwargs(side, **extra):
    def build(o):
        return {"pk": o[f"api_innovation_{side}"].pk, **extra}

    return build


def _year(o):
    return {"year": YEAR}


EXPECTED = {
    "api-innovation-list": (None, everyone(200, anonymous=401)),
    "api-innovation-detail": (_kwargs("own"), everyone(200, anonymous=401)),
    "api-innovation-submit": (_kwargs("own"), everyone(405, anonymous=401)),
    "api-innovation-verify": (_kwargs("own"), everyone(405, anonymous=401)),
    "api-innovation-return": (_kwargs("own"), everyone(405, anonymous=401)),
    "api-innovation-indicators": (_kwargs("own"), everyone(200, anonymous=401)),
    "api-innovation-indicator-evidence": (_kwargs("own", number=16), everyone(200, anonymous=401)),
    "api-innovation-file": (_kwargs("own", which="budget"), everyone(200, anonymous=401)),
    "api-region-indicators": (_year, everyone(200, anonymous=401)),
    "api-innovation-schemes": (None, everyone(200, anonymous=401)),
    "api-innovation-scheme": (_year, everyone(200, anonymous=401)),
    "api-innovation-index": (_year, everyone(200, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "api-innovation-detail": _kwargs("other"),
    "api-innovation-indicators": _kwargs("other"),
    "api-innovation-indicator-evidence": _kwargs("other", number=16),
    "api-innovation-file": _kwargs("other", which="budget"),
}
