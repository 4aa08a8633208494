"""Issue 6: the innovation dashboard (every signed-in user) and the download of an indicator's evidence file
(scoped like the innovation: another department's draft is 404). The objects are drafts made with the ORM in a
year of their own."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.innovations.models import Innovation, InnovationIndicator

from . import everyone

YEAR = 2035  # a year of its own, so the other matrices' objects cannot collide with these
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
NUMBER = 16


def _innovation(department, by):
    innovation = Innovation.objects.create(
        year=YEAR,
        name=f"Inovasi dasbor {department.code}",
        department=department,
        initiator="perangkat_daerah",
        kind="digital",
        form="pelayanan_publik",
        created_by=by,
    )
    evidence = default_storage.save("innovations/evidence/matrix.pdf", ContentFile(PDF))
    InnovationIndicator.objects.create(innovation=innovation, number=NUMBER, claimed_level=2, evidence_file=evidence)
    return innovation


def objects(shared):
    shared["dashboard_innovation_own"] = _innovation(shared["own_department"], shared["own_user"])
    shared["dashboard_innovation_other"] = _innovation(shared["other_department"], shared["own_user"])


def _evidence(side):
    def build(o):
        return {"pk": o[f"dashboard_innovation_{side}"].pk, "number": NUMBER}

    return build


EXPECTED = {
    "innovations:dashboard": (lambda o: {"year": YEAR}, everyone(200)),
    "innovations:indicator_evidence": (_evidence("own"), everyone(200)),
}

OTHER_DEPARTMENT = {
    "innovations:indicator_evidence": _evidence("other"),
}
