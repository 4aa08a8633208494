"""Who may do what: one predicate per role, one permission per capability (django-rules).

Object scoping (a department role sees only its own department) is done by the selectors; these permissions
decide what a role may do at all. A role that may not do a thing gets 403; another department's object, 404.
"""

import rules

from .models import Role


def _role(role):
    @rules.predicate(name=f"is_{role}")
    def has_role(user):
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return has_role


is_admin = _role(Role.ADMIN)
is_mayor_office = _role(Role.MAYOR_OFFICE)
is_department_head = _role(Role.DEPARTMENT_HEAD)
is_department_staff = _role(Role.DEPARTMENT_STAFF)
is_bappeda = _role(Role.BAPPEDA)
is_inspectorate = _role(Role.INSPECTORATE)
is_jury = _role(Role.JURY)  # an external juror (internal jurors keep their own role)
is_official = _role(Role.OFFICIAL)  # eselon III/IV below the head: their own line of PKs and realisasi only
is_department_member = is_department_head | is_department_staff
is_signed_in = rules.is_authenticated & rules.is_active
# Everyone of the government's own roles; an external juror (jury) only sees the competition rounds assigned to them.
is_internal = is_signed_in & ~is_jury
# The government's roles that read a whole department (or more); an eselon III/IV official reads only their line.
is_internal_except_official = is_internal & ~is_official

# Master data
rules.add_perm("departments.view", is_internal)
rules.add_perm("departments.manage", is_admin)
rules.add_perm("departments.region_manage", is_admin)
rules.add_perm("officials.view", is_internal)
rules.add_perm("officials.manage", is_admin)
rules.add_perm("officials.assign", is_admin | is_mayor_office)
rules.add_perm("core.import", is_admin)
rules.add_perm("core.restore", is_admin)  # deleted drafts back
# Audit
rules.add_perm("audit.browse", is_admin | is_inspectorate)
# Accounts
rules.add_perm("accounts.manage", is_admin)

# Plans (issue 4): the RPJMD is Bappeda's; a department edits its own Renstra until Bappeda locks it.
rules.add_perm("plans.view", is_internal)
rules.add_perm("plans.rpjmd_manage", is_bappeda | is_admin)
rules.add_perm("plans.renstra_edit", is_department_member | is_bappeda)
rules.add_perm("plans.renstra_lock", is_bappeda)
# Perjanjian Kinerja (issue 4): staff draft, the head submits, the mayor's office returns, approves and signs.
rules.add_perm("agreements.view", is_internal)
# The cascade (issue 10): an eselon III/IV official drafts and submits their own PK; their superior (the head for
# eselon III, the eselon III for eselon IV) returns, approves and signs it. Which PK a user may act on is decided
# per object in apps/agreements/permissions.py; these say who may act on some PK at all.
rules.add_perm("agreements.draft", is_department_member | is_official)
rules.add_perm("agreements.submit", is_department_head | is_official)
rules.add_perm("agreements.review", is_mayor_office | is_department_head | is_official)
rules.add_perm("agreements.amend", is_department_head | is_mayor_office | is_official)
rules.add_perm("agreements.tree", is_internal)
rules.add_perm("agreements.draft_head", is_department_member)  # a head's PK (the cascade: agreements.draft)
rules.add_perm("agreements.region_review", is_mayor_office)  # the heads' PKs, their deadlines and scans
# Realisasi (issue 5): staff or the head enter it, the head submits, Bappeda verifies or returns and reopens a
# closed quarter.
rules.add_perm("progress.view", is_internal)
rules.add_perm("progress.report", is_department_member | is_official)
rules.add_perm("progress.submit", is_department_head | is_official)
rules.add_perm("progress.verify", is_bappeda)
rules.add_perm("progress.reopen", is_bappeda)
# Innovations (issue 6): staff or the head enter the department's innovations, the head submits, Bappeda verifies
# or returns them and enters the region indicators.
rules.add_perm("innovations.view", is_internal_except_official)
rules.add_perm("innovations.edit", is_department_member)
rules.add_perm("innovations.submit", is_department_head)
rules.add_perm("innovations.verify", is_bappeda)
rules.add_perm("innovations.region_edit", is_bappeda)
rules.add_perm("innovations.scheme_manage", is_bappeda | is_admin)
