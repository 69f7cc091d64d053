"""COMPILE a validated document into the :class:`CompiledRuleset`, collecting every problem.

Owns names and types of facts, parameters and indicators, band sets (that they tile the domain,
and the band of a value), recommendation texts, the municipality level, and the ``lint`` warnings.
May import: ``_load``, ``_formula``, ``_i18n``, ``errors``, ``_model``.
"""
