"""Issue 4: the plan cascade (RPJMD, Renstra)."""

EXPECTED = {}
