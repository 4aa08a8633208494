"""The designed answer of every URL for every role, one module per app (each later issue adds its own module).

Each module defines `EXPECTED` (url name -> (kwargs builder or None, code per role)) and may define
`OTHER_DEPARTMENT` (url name -> kwargs builder for another department's object: 404 for department roles) and
`objects(base)`, a function that adds the objects its URLs need to the dict of shared objects.
"""

from apps.accounts.models import Role

ANON = "anonymous"
ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT = (
    Role.ADMIN,
    Role.MAYOR_OFFICE,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
    Role.BAPPEDA,
    Role.INSPECTORATE,
)
ALL_ROLES = (ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT)


def everyone(code, anonymous=302):
    return {ANON: anonymous, **dict.fromkeys(ALL_ROLES, code)}


def only(allowed, anonymous=302, denied=403):
    return {ANON: anonymous, **{role: (200 if role in allowed else denied) for role in ALL_ROLES}}
