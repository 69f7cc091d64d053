"""DOCUMENTS people read and send: the printable report (HTML, Markdown, charts) and letters.

Owns the format-neutral content of a report and of a letter, and their renderers (HTML with
inline SVG, Markdown, DOCX on a letterhead). May import: ``report`` and what it imports, the
compiled ruleset's defaults (``_compile._compiled``); the engine's ``Ruleset`` for type
annotations only.
"""
