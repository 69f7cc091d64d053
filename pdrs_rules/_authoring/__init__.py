"""AUTHORING tools: explain, the indicator passport, band edge cases, ``new``, ``diff``.

Owns what helps a methodologist write and review a ruleset: why a school got a finding and how
far the next level is, the passport, rows on each band boundary, scaffolding a new ruleset, and
what a new version changes. May import: ``_engine`` and everything below it.
"""
