"""Who may do what in the innovation competition. Which rounds, entries and scores a user sees is the selectors'
business: an external juror (role `jury`) sees only the rounds assigned to them (another round is 404), and scores
stay hidden until the round closes."""

import rules

from apps.accounts.rules import (
    is_admin,
    is_bappeda,
    is_department_member,
    is_inspectorate,
    is_mayor_office,
    is_signed_in,
)

rules.add_perm("competitions.view", is_signed_in)
# Bappeda runs the rounds: criteria, jurors, eligibility, status, publication.
rules.add_perm("competitions.manage", is_bappeda)
# The round's page with every entry, juror and the progress of judging; the Excel export and certificates.
rules.add_perm("competitions.oversee", is_bappeda | is_admin | is_mayor_office | is_inspectorate)
# A department enters innovations of its inventory.
rules.add_perm("competitions.enter", is_department_member)
# Any signed-in user may be assigned as a juror; the selectors decide whether they are one of a round.
rules.add_perm("competitions.judge", is_signed_in)
