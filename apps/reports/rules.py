"""Who may have which report (issue 8).

Every signed-in role opens the reports page; a department's report is scoped by `selectors.report_departments_for`
(a department role only its own department: another one answers 404); the whole region's report only for the
city-wide roles that read every department (the mayor's office, Bappeda, Inspektorat, admin).
"""

import rules

from apps.accounts.rules import is_admin, is_bappeda, is_inspectorate, is_internal_except_official, is_mayor_office

rules.add_perm("reports.view", is_internal_except_official)
rules.add_perm("reports.region", is_admin | is_mayor_office | is_bappeda | is_inspectorate)
