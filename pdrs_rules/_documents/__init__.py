"""DOCUMENTS people read and send: the printable report (HTML, Markdown, charts) and letters.

Owns the format-neutral content of a report and of a letter, and their renderers (HTML with
inline SVG, Markdown, DOCX). May import: ``report`` and what it imports; the engine's
``Ruleset`` for type annotations only.
"""
