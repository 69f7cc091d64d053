"""FORMULAS and TEXT TEMPLATES: the small languages a ruleset is written in.

Owns the formula grammar (parsed once with simpleeval's parser, names and types checked, carets
under bad spots), the recommendation-text template language, and formulas told in Russian words.
May import: ``_i18n``, ``errors``, ``_model``.
"""
