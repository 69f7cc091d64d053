"""EVALUATE: the ``Ruleset`` front door, and the run that turns facts into findings.

Owns loading a ruleset once, the compiled per-parameter-set program, findings with their texts,
the municipality run (aggregates, comparisons, conclusions, trends, scores), progress callbacks,
and the comparison of two periods' reports (``effect``).
May import: ``report``, ``_columnar``, ``_compile``, ``_facts``, ``_load``, ``_formula`` and what
they import.
"""
