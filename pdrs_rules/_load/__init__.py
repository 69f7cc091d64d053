"""LOAD and VALIDATE a ruleset document: safe YAML with lines, the JSON Schema, ``extends``.

Owns the ``Document`` (the data, and where each key and value was written), the schema check
that turns jsonschema's errors into located ``RulesetError`` objects, and the merge of a derived
ruleset onto its base. May import: ``_schemas``, ``_i18n``, ``errors``.
"""
