"""DOCUMENTS people read: the printable report (HTML with charts, Markdown), the findings workbook.

Owns the format-neutral content of a report (shared texts, formulas for people, distributions),
its renderers (HTML with inline SVG, Markdown, a folder of pages for many schools) and the Excel
workbook of findings. Letters are their own wing (``_letters``).
May import: ``report`` and what it imports; the engine's ``Ruleset`` for type annotations only.
"""
