"""WORDS: Russian for every message, Russian numbers and plurals, look-alike letters.

Owns the Russian message catalog and the translation of English diagnostics, ``format_number``
and ``plural_form``, Russian typesetting (``typeset``), Cyrillic/Latin look-alikes and unpaired
quotation marks.
May import: ``pdrs_rules._schemas`` only. Every other part of the package may import it.
"""
