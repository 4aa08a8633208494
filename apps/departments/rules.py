"""Who may do what with the positions below the head (DOMAIN.md §3, the cascade).

The structure of a department (which eselon III and IV positions exist, and under whom) follows the region's
Perwali on the organisation (SOTK): it is master data of the whole region, like the departments themselves, so the
administrator keeps it. Who holds a position is decided by the region's SK, as for the heads: the administrator and
the mayor's office enter it. Everyone of the government reads the structure of the departments they see (the
selectors scope it: a department's roles and its officials see their own department only).
"""

import rules

from apps.accounts.rules import is_admin, is_internal, is_mayor_office

rules.add_perm("positions.view", is_internal)
rules.add_perm("positions.manage", is_admin)
rules.add_perm("positions.assign", is_admin | is_mayor_office)
