"""LETTERS: what an addressed letter says, and the letter as a Word document on a letterhead.

Owns the letter model (one per school, and the group's letter with the conclusions and the
texts to the municipality's bodies), the letterhead template (docxtpl) and the DOCX writer.
May import: ``report`` and below; the engine's ``Ruleset`` for type annotations only.
"""
