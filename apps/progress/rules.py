"""Who may verify realisasi (loaded by rules' autodiscovery next to apps/accounts/rules.py).

Bappeda verifies the heads' reports (`progress.verify`, apps/accounts/rules.py) and may verify the cascade's too. An
eselon III/IV official's quarterly reports are verified (or returned) by their superior, the pihak kedua of their PK:
the department head for eselon III, the eselon III official for eselon IV. `progress.verify_line` says a role may be
such a superior at all; which report is decided per object in apps/progress/permissions.py (`may_verify`), which the
services call, so the pages and the API refuse alike.
"""

import rules

from apps.accounts.rules import is_bappeda, is_department_head, is_official

rules.add_perm("progress.verify_line", is_department_head | is_official)
# Opens the verification queue and posts verify/return: Bappeda, or a superior of some cascaded PK.
rules.add_perm("progress.verify_any", is_bappeda | is_department_head | is_official)
