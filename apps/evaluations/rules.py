"""Who may do what with flags and evaluations (DOMAIN.md §5). Which flags and evaluations a user sees is the
selectors' business (a head sees only their own; another head's is 404)."""

import rules

from apps.accounts.rules import is_admin, is_department_head, is_inspectorate, is_mayor_office

rules.add_perm("evaluations.view", is_mayor_office | is_admin | is_inspectorate | is_department_head)
rules.add_perm("evaluations.view_all", is_mayor_office | is_admin | is_inspectorate)
rules.add_perm("evaluations.evaluate", is_mayor_office)
rules.add_perm("evaluations.answer", is_department_head)
rules.add_perm("evaluations.policy", is_mayor_office | is_admin)
