"""FACTS: per-school facts from CSV, XLSX, XLS, ODS, JSON, YAML or Python rows, every cell checked.

Owns file type, size and encoding detection, the header row and the wide or long layout, cell
parsing (decimal comma, digit groups), duplicate schools and the collected ``FactsError`` objects.
May import: ``_i18n``, ``errors``, ``_model``. It knows fact declarations, not rulesets.
"""
