"""COLUMNAR: the ruleset compiled to polars expressions, for whole tables at national scale.

Owns deciding which compiled rulesets the columnar engine can run (``supports``, with the reason
for any it declines), the formulas as expressions over columns with Python's semantics (types,
division by zero, short-circuits, exact boundaries with the bands' tolerance), and scoring a
table of schools into the row engine's raw results (value, status, band index per indicator),
so that findings and their texts are built by the row engine's own code, only after the table
is computed. The row engine stays the reference: rows whose numbers polars could not reproduce
exactly (integers past 2**53, values that are not finite) are flagged and scored by it.
polars is an optional extra, imported on first use.
May import: ``_compile``, ``_formula``, ``_model``, ``errors``, ``_i18n``.
"""
