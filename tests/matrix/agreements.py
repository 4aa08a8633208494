"""Issue 4: the Perjanjian Kinerja."""

EXPECTED = {}
