"""Issue 6: the innovation pages (the workflow writes are POST-only: GET answers 405 to the roles that may act,
403 to the others). The innovations are drafts made with the ORM in a year of their own."""

import importlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.innovations.models import Innovation, Scheme

from . import ADMIN, BAPPEDA, HEAD, STAFF, everyone, only

YEAR = 2033  # a year of its own, so the other matrices' objects cannot collide with these
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def _innovation(department, by):
    budget = default_storage.save("innovations/budget/matrix.pdf", ContentFile(PDF))
    return Innovation.objects.create(
        year=YEAR,
        name=f"Inovasi matriks {department.code}",
        department=department,
        initiator="perangkat_daerah",
        kind="digital",
        form="pelayanan_publik",
        budget_file=budget,
        created_by=by,
    )


def objects(shared):
    if not Scheme.objects.exists():  # a transactional test elsewhere flushes the seeded schemes
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)
    shared["innovation_own"] = _innovation(shared["own_department"], shared["own_user"])
    shared["innovation_other"] = _innovation(shared["other_department"], shared["own_user"])


def _kwargs(side, **extra):
    def build(o):
        return {"pk": o[f"innovation_{side}"].pk, **extra}

    return build


def _post_only(allowed):
    """A POST-only action: 405 for a GET by a role that may act, 403 for the others."""
    return only(allowed, denied=403) | dict.fromkeys(allowed, 405)


EXPECTED = {
    "innovations:list": (None, everyone(200)),
    "innovations:detail": (_kwargs("own"), everyone(200)),
    "innovations:file": (_kwargs("own", which="budget"), everyone(200)),
    "innovations:create": (None, only({HEAD, STAFF})),
    "innovations:edit": (_kwargs("own"), only({HEAD, STAFF})),
    "innovations:indicators": (_kwargs("own"), everyone(200)),
    "innovations:region": (lambda o: {"year": YEAR}, everyone(200)),
    "innovations:index": (lambda o: {"year": YEAR}, everyone(200)),
    "innovations:schemes": (None, everyone(200)),
    "innovations:scheme_detail": (lambda o: {"year": 2026}, everyone(200)),
    "innovations:scheme_edit": (lambda o: {"year": 2026}, only({ADMIN, BAPPEDA})),
    "innovations:scheme_delete": (lambda o: {"year": 2026}, only({ADMIN, BAPPEDA})),
    "innovations:delete": (_kwargs("own"), _post_only({HEAD, STAFF})),
    "innovations:submit": (_kwargs("own"), _post_only({HEAD})),
    "innovations:verify": (_kwargs("own"), _post_only({BAPPEDA})),
    "innovations:return": (_kwargs("own"), _post_only({BAPPEDA})),
}

# Another department's draft is 404 for the department roles (the POST-only actions answer 405 to a GET before any
# lookup; their 404 is tested in tests/test_innovations_pages.py).
OTHER_DEPARTMENT = {
    "innovations:detail": _kwargs("other"),
    "innovations:file": _kwargs("other", which="budget"),
    "innovations:edit": _kwargs("other"),
    "innovations:indicators": _kwargs("other"),
}
