"""Issue 8: the dashboards. Every role has its own (home); the city-wide ones are for the city-wide roles (a
department role gets 403), the audit view for the Inspektorat and the admin; a department's dashboard is 404 for
another department's head and staff. The API answers everyone signed in, scoped."""

from . import ADMIN, BAPPEDA, INSPECT, MAYOR, everyone, only

CITYWIDE = {ADMIN, MAYOR, BAPPEDA, INSPECT}


def _department(key):
    return lambda o: {"pk": o[key].pk}


EXPECTED = {
    "dashboards:home": (None, everyone(200)),
    "dashboards:overview": (None, only(CITYWIDE)),
    "dashboards:bappeda": (None, only(CITYWIDE)),
    "dashboards:inspectorate": (None, only({ADMIN, INSPECT})),
    "dashboards:department": (_department("own_department"), everyone(200)),
    "api-dashboard": (None, everyone(200, anonymous=401)),
}

OTHER_DEPARTMENT = {
    "dashboards:department": _department("other_department"),
}
