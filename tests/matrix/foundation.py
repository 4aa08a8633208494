"""Issue 3: sign-in, accounts, the organisation, imports, the audit trail, the API of all of them.

An external juror (JURY) signs in to a home page of their own (what they owe: scores), keeps their own account and
reads the region's public identity; every other page here is refused (tests/matrix/__init__.py `outsider`)."""

from apps.departments.models import Region

from . import ADMIN, ALL_ROLES, ANON, BAPPEDA, HEAD, INSPECT, JURY, MAYOR, STAFF, everyone, only


def objects(shared):
    if not Region.objects.exists():
        from ..factories import RegionFactory

        RegionFactory()


IMPORTERS = {ADMIN, BAPPEDA, HEAD, STAFF}  # the roles that may import some kind (and so follow import jobs)

EXPECTED = {
    "health": (None, {role: {200, 503} for role in (ANON, *ALL_ROLES)}),
    "core:home": (None, everyone(200) | {JURY: 200}),
    # accounts
    "accounts:login": (None, {ANON: 200, **dict.fromkeys(ALL_ROLES, 302)}),
    "accounts:logout": (None, everyone(405, anonymous=405)),
    "accounts:profile": (None, everyone(200) | {JURY: 200}),
    "accounts:users": (None, only({ADMIN})),
    "accounts:user_create": (None, only({ADMIN})),
    "accounts:user_update": (lambda o: {"pk": o["own_user"].pk}, only({ADMIN})),
    "accounts:user_unlock": (lambda o: {"pk": o["own_user"].pk}, {**only({ADMIN}), ADMIN: 405}),
    "accounts:password_change": (None, everyone(200) | {JURY: 200}),
    "accounts:password_change_done": (None, everyone(200) | {JURY: 200}),
    "accounts:password_reset": (None, everyone(200, anonymous=200)),
    "accounts:password_reset_done": (None, everyone(200, anonymous=200)),
    "accounts:password_reset_confirm": (
        lambda o: {"uidb64": "MQ", "token": "set-password"},
        everyone(200, anonymous=200),
    ),
    "accounts:password_reset_complete": (None, everyone(200, anonymous=200)),
    # organisation
    "region": (None, only({ADMIN})),
    "region_logo": (None, everyone(404)),  # no logo uploaded in this fixture
    "departments:list": (None, everyone(200)),
    "departments:create": (None, only({ADMIN})),
    "departments:detail": (lambda o: {"pk": o["own_department"].pk}, everyone(200)),
    "departments:update": (lambda o: {"pk": o["own_department"].pk}, only({ADMIN})),
    "departments:history": (lambda o: {"pk": o["own_department"].pk}, everyone(200)),
    "officials:list": (None, everyone(200)),
    "officials:create": (None, only({ADMIN})),
    "officials:detail": (lambda o: {"pk": o["own_official"].pk}, everyone(200)),
    "officials:update": (lambda o: {"pk": o["own_official"].pk}, only({ADMIN})),
    "officials:history": (lambda o: {"pk": o["own_official"].pk}, everyone(200)),
    "officials:assign": (lambda o: {"pk": o["own_official"].pk}, only({ADMIN, MAYOR})),
    "officials:assignment_end": (lambda o: {"pk": o["own_assignment"].pk}, only({ADMIN, MAYOR})),
    # imports (admin only; a job page is 404 for the others, as it is no object of theirs)
    "core:trash": (None, only({ADMIN})),
    "core:restore": (lambda o: {"kind": "innovation", "pk": 1}, {**only({ADMIN}), ADMIN: 405}),  # POST only
    "api-trash": (None, only({ADMIN}, anonymous=401)),
    "api-restore": (lambda o: {"kind": "innovation", "pk": 1}, {**only({ADMIN}, anonymous=401), ADMIN: 405}),
    "core:import": (lambda o: {"kind": "departments"}, only({ADMIN})),
    "core:import_template": (lambda o: {"kind": "officials"}, only({ADMIN})),
    "core:import_job": (lambda o: {"pk": o["import_job"].pk}, only({ADMIN}, denied=404)),
    "core:import_job_progress": (lambda o: {"pk": o["import_job"].pk}, only({ADMIN}, denied=404)),
    "core:import_confirm": (lambda o: {"pk": o["import_job"].pk}, {**only({ADMIN}, denied=404), ADMIN: 405}),
    # audit
    "audit:list": (None, only({ADMIN, INSPECT})),
    # API
    "api-schema": (None, everyone(200, anonymous=200)),  # the API's documentation is public; its data is not
    "api-docs": (None, everyone(200, anonymous=200)),
    "api-token": (None, everyone(405, anonymous=405)),
    "api-me": (None, everyone(200, anonymous=401) | {JURY: 200}),
    "api-user-list": (None, only({ADMIN}, anonymous=401)),
    "api-user-detail": (lambda o: {"pk": o["own_user"].pk}, only({ADMIN}, anonymous=401)),
    "api-department-list": (None, everyone(200, anonymous=401)),
    "api-department-detail": (lambda o: {"pk": o["own_department"].pk}, everyone(200, anonymous=401)),
    "api-official-list": (None, everyone(200, anonymous=401)),
    "api-official-detail": (lambda o: {"pk": o["own_official"].pk}, everyone(200, anonymous=401)),
    "api-assignment-list": (None, everyone(200, anonymous=401)),
    "api-assignment-detail": (lambda o: {"pk": o["own_assignment"].pk}, everyone(200, anonymous=401)),
    "api-assignment-end": (lambda o: {"pk": o["own_assignment"].pk}, everyone(405, anonymous=401)),
    "api-region": (None, everyone(200, anonymous=401) | {JURY: 200}),  # name, seat, head: public anyway
    "api-audit-events": (None, only({ADMIN, INSPECT}, anonymous=401)),
    # the import API: the roles that import some kind pass the door; an admin's job is 404 for the others of them
    "api-import-start": (
        lambda o: {"kind": "departments"},
        {**only(IMPORTERS, anonymous=401), **dict.fromkeys(IMPORTERS, 405)},
    ),
    "api-import-job-list": (None, only(IMPORTERS, anonymous=401)),
    "api-import-job-detail": (
        lambda o: {"pk": o["import_job"].pk},
        {**only(IMPORTERS, anonymous=401), **dict.fromkeys(IMPORTERS - {ADMIN}, 404)},
    ),
    "api-import-job-confirm": (
        lambda o: {"pk": o["import_job"].pk},
        {**only(IMPORTERS, anonymous=401), **dict.fromkeys(IMPORTERS, 405)},  # GET: refused before the lookup
    ),
}

OTHER_DEPARTMENT = {
    "departments:detail": lambda o: {"pk": o["other_department"].pk},
    "departments:history": lambda o: {"pk": o["other_department"].pk},
    "departments:update": lambda o: {"pk": o["other_department"].pk},
    "officials:detail": lambda o: {"pk": o["other_official"].pk},
    "officials:history": lambda o: {"pk": o["other_official"].pk},
    "officials:update": lambda o: {"pk": o["other_official"].pk},
    "api-department-detail": lambda o: {"pk": o["other_department"].pk},
    "api-official-detail": lambda o: {"pk": o["other_official"].pk},
    "api-assignment-detail": lambda o: {"pk": o["other_assignment"].pk},
}
