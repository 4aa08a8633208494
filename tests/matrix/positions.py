"""Issue 10: the positions below the head (eselon III and IV) and who holds them: pages and API.

Everyone of the government reads the structure of the departments they see (a department's roles and officials:
their own; another department's position is 404); the administrator keeps the structure; the administrator and the
mayor's office assign officials to positions, as they do for the heads.
"""

from tests.factories_positions import PositionAssignmentFactory, PositionFactory

from . import ADMIN, MAYOR, everyone, only

MANAGERS = {ADMIN}
ASSIGNERS = {ADMIN, MAYOR}


def objects(shared):
    upper = PositionFactory(department=shared["own_department"], name="Sekretaris", kind="sekretaris")
    lower = PositionFactory(superior=upper, name="Kepala Subbagian Umum", kind="kepala_subbagian")
    other = PositionFactory(department=shared["other_department"], name="Kepala Bidang Pelayanan Kesehatan")
    shared.update(
        own_position=upper,
        own_lower_position=lower,
        other_position=other,
        own_position_assignment=PositionAssignmentFactory(position=lower),
        other_position_assignment=PositionAssignmentFactory(position=other),
    )


def _own(o):
    return {"pk": o["own_position"].pk}


EXPECTED = {
    "departments:positions": (lambda o: {"pk": o["own_department"].pk}, everyone(200)),
    "departments:position_create": (lambda o: {"pk": o["own_department"].pk}, only(MANAGERS)),
    "departments:position_detail": (_own, everyone(200)),
    "departments:position_update": (_own, only(MANAGERS)),
    "departments:position_deactivate": (_own, only(MANAGERS)),  # GET: the confirmation page
    "departments:position_activate": (_own, only(MANAGERS)),
    "departments:position_delete": (_own, only(MANAGERS)),
    "departments:position_assign": (_own, only(ASSIGNERS)),
    "departments:position_assignment_end": (lambda o: {"pk": o["own_position_assignment"].pk}, only(ASSIGNERS)),
    "api-position-list": (None, everyone(200, anonymous=401)),
    "api-position-detail": (_own, everyone(200, anonymous=401)),
    "api-position-deactivate": (_own, everyone(405, anonymous=401)),  # POST only
    "api-position-assignment-list": (None, everyone(200, anonymous=401)),
    "api-position-assignment-detail": (
        lambda o: {"pk": o["own_position_assignment"].pk},
        everyone(200, anonymous=401),
    ),
    "api-position-assignment-end": (
        lambda o: {"pk": o["own_position_assignment"].pk},
        everyone(405, anonymous=401),
    ),
}


def _other(o):
    return {"pk": o["other_position"].pk}


OTHER_DEPARTMENT = {
    "departments:positions": lambda o: {"pk": o["other_department"].pk},
    "departments:position_create": lambda o: {"pk": o["other_department"].pk},
    "departments:position_detail": _other,
    "departments:position_update": _other,
    "departments:position_deactivate": _other,
    "departments:position_activate": _other,
    "departments:position_delete": _other,
    "departments:position_assign": _other,
    "departments:position_assignment_end": lambda o: {"pk": o["other_position_assignment"].pk},
    "api-position-detail": _other,
    "api-position-assignment-detail": lambda o: {"pk": o["other_position_assignment"].pk},
}
