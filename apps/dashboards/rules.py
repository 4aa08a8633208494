"""Who sees which dashboard (issue 8).

Every signed-in user has a dashboard (`dashboards.view`, the menu's "Dashboard", which opens the one of their role):
the mayor's office the city overview, a department's head and staff their department, Bappeda its monitoring
view, the Inspektorat the same views plus the recent changes of the audit trail, the admin the mayor's office's
overview (read-only: no dashboard changes anything). The city-wide dashboards are for the city-wide roles; a
department role opening them gets 403, and another department's dashboard answers 404 (apps/dashboards/views.py).
"""

import rules

from apps.accounts.rules import is_admin, is_bappeda, is_inspectorate, is_internal_except_official, is_mayor_office

rules.add_perm("dashboards.view", is_internal_except_official)
rules.add_perm("dashboards.view_city", is_admin | is_mayor_office | is_bappeda | is_inspectorate)
rules.add_perm("dashboards.view_changes", is_admin | is_inspectorate)
