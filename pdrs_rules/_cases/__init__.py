"""CASES: case files (``*.cases.yaml``) read, run against their ruleset, compared, covered.

Owns the case-file format, expectations and how numbers compare, failure tables, snapshots and
coverage of bands, outcomes and texts; ``pdrs_rules.testing`` and the pytest plugin are its faces.
May import: ``_engine`` and everything below it.
"""
