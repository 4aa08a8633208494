"""The designed answer of every URL for every role, one module per app (each later issue adds its own module).

Each module defines `EXPECTED` (url name -> (kwargs builder or None, code per role)) and may define
`OTHER_DEPARTMENT` (url name -> kwargs builder for another department's object: 404 for department roles) and
`objects(base)`, a function that adds the objects its URLs need to the dict of shared objects.

The modules state a code for each of the BASE_ROLES. A role added later gets its column from a rule in DERIVED
(one line: the role it answers like, or a function of the URL's stated codes); a module states its code for a URL
only where the rule is wrong, e.g. `everyone(200) | {JURY: 200}`. The codes built by `everyone` and `only` look up
a missing role through its rule (`Codes`), and so does `code_for` for any dict of codes.
"""

import functools
import importlib
import pkgutil

from apps.accounts.models import Role

ANON = "anonymous"
ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT, JURY, OFFICIAL = (
    Role.ADMIN,
    Role.MAYOR_OFFICE,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
    Role.BAPPEDA,
    Role.INSPECTORATE,
    Role.JURY,
    Role.OFFICIAL,
)
#: The roles every module states a code for.
BASE_ROLES = (ADMIN, MAYOR, HEAD, STAFF, BAPPEDA, INSPECT)


#: A refusal of a role that may see nothing there: 403 where the permission is checked first, 404 where the lookup
#: in the role's scope (which holds no such object) comes first. Both tell nothing about the object.
REFUSED = frozenset({403, 404})


def outsider(codes) -> int | set:
    """An external role, kept out of every internal page (apps/accounts/rules.py `is_internal`): what anonymous
    visitors get where that is 200 (the public pages, the API's documentation); refused everywhere else, or the
    answer every stated role gets where that is no 200 (405: a GET to a POST-only URL; 404: nothing there), as the
    view may tell that before it checks the role."""
    anonymous = codes[ANON]
    if anonymous == 200 or (isinstance(anonymous, (set, frozenset)) and 200 in anonymous):
        return anonymous
    stated = {repr(codes[role]): codes[role] for role in BASE_ROLES}
    shared = next(iter(stated.values())) if len(stated) == 1 else None
    if isinstance(shared, int) and shared != 200:
        return set(REFUSED) | {shared}
    return set(REFUSED)


#: Roles added after the modules were written -> the role they answer like, or a function of the stated codes.
DERIVED = {
    JURY: outsider,  # an external juror: only the competition rounds assigned to them (tests/matrix/competitions.py)
    OFFICIAL: STAFF,  # an eselon III/IV official: like staff, but their own line only (tests/matrix/official.py)
}
ALL_ROLES = BASE_ROLES + tuple(DERIVED)


def code_for(codes: dict, role):
    """The designed code of `role` in `codes`: stated, or derived by the role's rule in DERIVED."""
    if role in codes:
        return codes[role]
    rule = DERIVED.get(role)
    if rule is None:
        raise KeyError(role)
    return code_for(codes, rule) if isinstance(rule, str) else rule(codes)


class Codes(dict):
    """Codes per role; a role not stated comes from its rule in DERIVED. `|` with a dict keeps it a Codes."""

    def __missing__(self, role):
        if role not in DERIVED:
            raise KeyError(role)
        return code_for(self, role)

    def __or__(self, other):
        return Codes({**self, **other})

    def __ror__(self, other):
        return Codes({**other, **self})


def everyone(code, anonymous=302):
    return Codes({ANON: anonymous, **dict.fromkeys(BASE_ROLES, code)})


def only(allowed, anonymous=302, denied=403):
    return Codes(
        {ANON: anonymous, **{role: (200 if role in allowed else denied) for role in BASE_ROLES}}
        | {role: 200 for role in allowed if role not in BASE_ROLES}
    )


@functools.cache
def role_codes() -> dict:
    """{role: {url name: code}}: what modules state for one role where its rule in DERIVED is wrong (`ROLE_CODES`,
    e.g. tests/matrix/official.py)."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for role, codes in getattr(module, "ROLE_CODES", {}).items():
            found.setdefault(role, {}).update(codes)
    return found


def designed(name: str, codes: dict, role):
    """The designed code of `role` for the URL `name` whose codes are `codes`: a module's statement for that role,
    else `code_for`."""
    return role_codes().get(role, {}).get(name) or code_for(codes, role)
