"""LOAD and VALIDATE: safe YAML reading with positions, and the schema in the user's terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pdrs_rules._load import _yaml as _load
from pdrs_rules._load._validate import iter_schema_errors
from pdrs_rules._load._yaml import (
    MAX_RULESET_BYTES,
    Document,
    Mark,
    json_path,
    parse_document,
    read_document,
)
from pdrs_rules._schemas import schema
from pdrs_rules.errors import Location, RulesetInvalid

ARMAVIR = Path(__file__).parent.parent / "rulesets" / "armavir-iom-2023.yaml"

#: A small valid ruleset; cases below edit one line of it.
BASE = """\
format: pdrs-rules/1
id: demo
title: Демо
version: "1.0"
facts:
  n: {title: N, type: integer, min: 0}
  d: {title: D, type: integer, min: 0}
indicators:
  iom_share:
    title: Доля
    formula: share(n, d)
    unit: "%"
    bands:
      - {level: warning, below: 30}
      - {level: ok, at_least: 30}
"""


def edited(old: str, new: str) -> str:
    """BASE with one piece of text replaced (which must be there)."""
    assert old in BASE
    return BASE.replace(old, new, 1)


def refused(raw: str | bytes) -> list[tuple[str, str, int, int]]:
    """The problems of text that cannot be read at all: code, message, line, column."""
    with pytest.raises(RulesetInvalid) as info:
        parse_document(raw, "r.yaml")
    return [(d.code, d.message, d.location.line, d.location.column) for d in info.value.diagnostics]


def read_problems(text: str) -> list[tuple[str, str, int, int, str]]:
    """Problems found while reading that did not stop it: code, message, line, column, path."""
    doc = parse_document(text, "r.yaml")
    return [
        (e.code, e.message, e.location.line, e.location.column, e.location.path)
        for e in doc.problems
    ]


def schema_errors(text: str) -> list[tuple[str, str, int, int, str]]:
    """Schema violations of a document: code, message, line, column and JSON path."""
    doc = parse_document(text, "r.yaml")
    return [
        (e.code, e.message, e.location.line, e.location.column, e.location.path)
        for e in iter_schema_errors(doc)
    ]


class TestReadFile:
    def test_utf8_file_is_read(self, tmp_path: Path) -> None:
        """A UTF-8 ruleset is parsed, with the file name kept for locations."""
        path = tmp_path / "r.yaml"
        path.write_text(BASE, encoding="utf-8")
        doc = read_document(path)
        assert (doc.file, doc.data["title"], doc.problems) == (str(path), "Демо", ())

    def test_utf8_with_bom_is_read(self, tmp_path: Path) -> None:
        """Notepad's byte order mark is not part of the first key."""
        path = tmp_path / "r.yaml"
        path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
        assert read_document(path).data["format"] == "pdrs-rules/1"

    def test_cp1251_is_refused_clearly(self, tmp_path: Path) -> None:
        """A ruleset saved as Windows-1251 gets an 'encoding' error on the first bad line."""
        path = tmp_path / "r.yaml"
        path.write_bytes(BASE.encode("cp1251"))
        with pytest.raises(RulesetInvalid) as info:
            read_document(path)
        assert [
            (
                "encoding",
                "the ruleset is not valid UTF-8 (save it as UTF-8)",
                Location(str(path), 3),
            )
        ] == [(d.code, d.message, d.location) for d in info.value.diagnostics]

    def test_str_of_encoding_error(self, tmp_path: Path) -> None:
        """The error prints as file:line: code: message."""
        path = tmp_path / "r.yaml"
        path.write_bytes(BASE.encode("cp1251"))
        with pytest.raises(RulesetInvalid) as info:
            read_document(path)
        assert f"{path}:3: encoding: the ruleset is not valid UTF-8 (save it as UTF-8)" == str(
            info.value
        )

    def test_too_large_file_is_not_parsed(self, tmp_path: Path) -> None:
        """A file over 2 MiB is refused before its bytes are read."""
        path = tmp_path / "r.yaml"
        path.write_bytes(b"#" * (MAX_RULESET_BYTES + 1))
        with pytest.raises(RulesetInvalid) as info:
            read_document(path)
        assert [
            (
                "too-large",
                (
                    f"the file is {MAX_RULESET_BYTES + 1} bytes; "
                    f"a ruleset may have at most {MAX_RULESET_BYTES} bytes"
                ),
            )
        ] == [(d.code, d.message) for d in info.value.diagnostics]

    def test_file_at_the_size_limit_is_read(self, tmp_path: Path) -> None:
        """Exactly 2 MiB is still allowed."""
        padding = "#" * (MAX_RULESET_BYTES - len(BASE.encode("utf-8")) - 1) + "\n"
        path = tmp_path / "r.yaml"
        path.write_text(BASE + padding, encoding="utf-8")
        assert (path.stat().st_size, read_document(path).data["id"]) == (MAX_RULESET_BYTES, "demo")

    def test_too_large_text(self) -> None:
        """Text in memory has the same limit."""
        assert refused("#" * (MAX_RULESET_BYTES + 1)) == [
            ("too-large", "the ruleset text is too large", 0, 0)
        ]

    @pytest.mark.parametrize(
        ("name", "reason"),
        [("missing.yaml", "No such file or directory"), (".", "Is a directory")],
    )
    def test_unreadable(self, tmp_path: Path, name: str, reason: str) -> None:
        """A file that cannot be read is an 'io' problem naming the reason."""
        path = tmp_path / name
        with pytest.raises(RulesetInvalid) as info:
            read_document(path)
        assert [("io", f"cannot read the ruleset: {reason}", Location(str(path)))] == [
            (d.code, d.message, d.location) for d in info.value.diagnostics
        ]


class TestYaml:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", [("empty", "the ruleset file is empty", 1, 1)]),
            ("# только комментарий\n", [("empty", "the ruleset file is empty", 1, 1)]),
            (
                "a: [1, 2\nb: 3\n",
                [("yaml-syntax", "invalid YAML: expected ',' or ']', but got ':'", 2, 2)],
            ),
            (
                "a: b: c\n",
                [
                    (
                        "yaml-syntax",
                        (
                            "invalid YAML: mapping values are not allowed here; a text with "
                            "': ' in it must be in quotes: a: \"b: c\""
                        ),
                        1,
                        5,
                    )
                ],
            ),
            (
                "a:\n\tb: 1\n",
                [
                    (
                        "yaml-syntax",
                        (
                            "invalid YAML: found character '\\t' that cannot start any token; "
                            "indent with spaces only: line 2 has a tab"
                        ),
                        2,
                        1,
                    )
                ],
            ),
            (
                'title: "незакрытая\n',
                [
                    (
                        "yaml-syntax",
                        "invalid YAML: found unexpected end of stream",
                        2,
                        1,
                    )
                ],
            ),
            (
                "a: 1\n---\nb: 2\n",
                [("yaml-syntax", "invalid YAML: but found another document", 2, 1)],
            ),
            (
                "a: &x 1\nb: *x\nc: [*x]\n",
                [
                    (
                        "yaml-alias",
                        "aliases (*name) are not supported in rulesets; write the value out",
                        2,
                        4,
                    ),
                    (
                        "yaml-alias",
                        "aliases (*name) are not supported in rulesets; write the value out",
                        3,
                        5,
                    ),
                ],
            ),
            (
                "base: &b {x: 1}\nc:\n  <<: *b\n",
                [
                    (
                        "yaml-alias",
                        "aliases (*name) are not supported in rulesets; write the value out",
                        3,
                        7,
                    )
                ],
            ),
        ],
    )
    def test_unreadable_text(self, text: str, expected: list[tuple[str, str, int, int]]) -> None:
        """Text that is not one YAML document without aliases is refused with line:column."""
        assert expected == refused(text)

    def test_syntax_error_prints_line_and_column(self) -> None:
        """A YAML syntax error prints as file:line:col: code: message."""
        with pytest.raises(RulesetInvalid) as info:
            parse_document("a: b: c\n", "r.yaml")
        assert str(info.value) == (
            "r.yaml:1:5: yaml-syntax: invalid YAML: mapping values are not allowed here; "
            "a text with ': ' in it must be in quotes: a: \"b: c\""
        )

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            (
                "facts:\n  n:\n    title: N\n   type: integer\n",
                "line 4 is indented by 3 spaces, but the keys under 'n' (line 2) are indented by 4",
            ),
            (
                "facts:\n    n: {title: N}\n  m: {title: M}\n",
                (
                    "line 3 is indented by 2 spaces, but the keys under 'facts' (line 1) are "
                    "indented by 4"
                ),
            ),
            (
                "facts:\n  n: {title: N}\n   m: {title: M}\n",
                (
                    "line 3 is indented by 3 spaces, but 'n' above it (line 2) by 2: the keys of "
                    "one mapping are indented alike"
                ),
            ),
            (
                "bands:\n  - level: ok\n    text: Обеспечить контроль: в школе\n",
                "a text with ': ' in it must be in quotes: text: \"Обеспечить контроль: в школе\"",
            ),
        ],
    )
    def test_hints_for_common_slips(self, text: str, hint: str) -> None:
        """A wrong indent names the key the line belongs under; a colon asks for quotes."""
        with pytest.raises(RulesetInvalid) as info:
            parse_document(text, "r.yaml")
        assert info.value.diagnostics[0].message.endswith("; " + hint)

    def test_hints_in_russian(self) -> None:
        """In Russian: «заключите текст в кавычки», «отступы — только пробелами»."""
        for text, words in (
            ("a: b: c\n", 'заключите текст в кавычки, в нём есть «: »: a: "b: c"'),
            ("a:\n\tb: 1\n", "отступы — только пробелами: в строке 2 символ табуляции"),
            (
                "facts:\n    n: {title: N}\n  m: {title: M}\n",
                "в строке 3 отступ 2 пробела, а ключи внутри «facts» (строка 1) — с отступом 4",
            ),
        ):
            with pytest.raises(RulesetInvalid) as info:
                parse_document(text, "r.yaml")
            russian = info.value.diagnostics[0].localized("ru").message
            assert russian.startswith("ошибка в разметке YAML: ")
            assert russian.endswith(words)

    def test_anchor_without_alias_is_harmless(self) -> None:
        """An anchor that nothing refers to changes nothing and is accepted."""
        doc = parse_document("a: &x 1\nb: 2\n", "r.yaml")
        assert (doc.data, doc.problems) == ({"a": 1, "b": 2}, ())

    @pytest.mark.parametrize(
        ("text", "data", "expected"),
        [
            (
                "a: 1\nb: 2\na: 3\n",
                {"a": 1, "b": 2},
                [
                    (
                        "duplicate-key",
                        (
                            "duplicate key 'a' (first defined on line 1); "
                            "YAML would silently keep only the last one"
                        ),
                        3,
                        1,
                        "$.a",
                    )
                ],
            ),
            (
                "indicators:\n  x:\n    title: A\n    unit: '%'\n    title: B\n",
                {"indicators": {"x": {"title": "A", "unit": "%"}}},
                [
                    (
                        "duplicate-key",
                        (
                            "duplicate key 'title' (first defined on line 3); "
                            "YAML would silently keep only the last one"
                        ),
                        5,
                        5,
                        "$.indicators.x.title",
                    )
                ],
            ),
            (
                "c:\n  <<: {x: 1}\n  y: 2\n",
                {"c": {"y": 2}},
                [("yaml-alias", "merge keys (<<) are not supported in rulesets", 2, 3, "$.c")],
            ),
            (
                "1: a\nb: 2\n",
                {"b": 2},
                [("key-type", "keys must be text, got 1; put the key in quotes", 1, 1, "$")],
            ),
            (
                "true: x\n",
                {},
                [("key-type", "keys must be text, got True; put the key in quotes", 1, 1, "$")],
            ),
            (
                "? [a]\n: b\n",
                {},
                [
                    (
                        "key-type",
                        "keys must be text, got '<complex key>'; put the key in quotes",
                        1,
                        3,
                        "$",
                    )
                ],
            ),
        ],
    )
    def test_problems_that_do_not_stop_reading(
        self, text: str, data: dict[str, Any], expected: list[tuple[str, str, int, int, str]]
    ) -> None:
        """Duplicate keys, merge keys and non-text keys are reported; the first value is kept."""
        doc = parse_document(text, "r.yaml")
        assert (data, expected) == (doc.data, read_problems(text))

    def test_object_tags_build_nothing(self) -> None:
        """A !!python/object tag is a YAML error at the tagged value; nothing is constructed."""
        doc = parse_document("a: !!python/object:os.system x\n", "r.yaml")
        [problem] = doc.problems
        assert (
            doc.data["a"],
            problem.code,
            problem.location.line,
            problem.location.column,
            problem.location.path,
        ) == (None, "yaml-syntax", 1, 4, "$.a")

    @pytest.mark.parametrize(("depth", "deep"), [(50, False), (51, True)])
    def test_nesting_limit(self, depth: int, deep: bool) -> None:
        """Nesting deeper than 50 levels is 'too-deep', at the first value past the limit."""
        text = "[" * depth + "1" + "]" * depth
        try:
            problems = [(p.code, p.location.column) for p in parse_document(text).problems]
        except RulesetInvalid as group:
            problems = [(d.code, d.location.column) for d in group.diagnostics]
        # The 51st "[" holds the scalar 1 at column 52, the 51st key or item below the root.
        assert ([("too-deep", 52)] if deep else []) == problems

    @pytest.mark.parametrize(
        "text",
        [
            "[" * 100_000,
            "{a: " * 30_000,
            "".join(f"{'  ' * i}k{i}:\n" for i in range(400)),
            "- " * 50_000 + "x",
        ],
        ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
    )
    def test_deep_nesting_stops_at_the_limit(self, text: str) -> None:
        """Hostile nesting is refused where it passes 50 levels, with no RecursionError."""
        with pytest.raises(RulesetInvalid) as raised:
            parse_document(text, "r.yaml")
        [problem] = raised.value.diagnostics
        assert problem.code == "too-deep"

    @pytest.mark.parametrize(
        "text",
        [
            'version: "1.0"\nn: 1.0\nm: 30\nb: true\ne:\nf: 1e3\n',
            "a: да\nb: 2022/2023\nc: '30'\nd: 0x1F\ne: 2023-09-01\n",
        ],
    )
    def test_scalars_typed_like_safe_load(self, text: str) -> None:
        """Scalars get the same types as yaml.safe_load gives them."""
        assert yaml.safe_load(text) == parse_document(text, "r.yaml").data


class TestPositions:
    def test_marks_of_values_and_keys(self) -> None:
        """Every value and key is located 1-based, with the scalar's quoting style."""
        doc = parse_document(BASE, "r.yaml")
        assert [
            Mark(4, 10, '"'),
            Mark(14, 33, None),
            Mark(14, 26),
            Mark(9, 3),
        ] == [
            doc.values[("version",)],
            doc.values[("indicators", "iom_share", "bands", 0, "below")],
            doc.keys[("indicators", "iom_share", "bands", 0, "below")],
            doc.keys[("indicators", "iom_share")],
        ]

    @pytest.mark.parametrize(
        ("path", "key", "expected"),
        [
            (("indicators", "iom_share", "formula"), False, (11, 14)),
            (("indicators", "iom_share", "formula"), True, (11, 5)),
            (("indicators", "iom_share", "bands", 1, "at_least"), False, (15, 31)),
            (("indicators", "iom_share", "bands", 1, "at_least"), True, (15, 21)),
            # A path that is not there falls back to the nearest parent that is.
            (("indicators", "iom_share", "bands", 1, "points"), True, (15, 9)),
            (("indicators", "iom_share", "domain"), False, (10, 5)),
            ((), False, (1, 1)),
        ],
    )
    def test_location(self, path: _load.PathT, key: bool, expected: tuple[int, int]) -> None:
        """A path is located at its value (or key), else at the closest enclosing value."""
        loc = parse_document(BASE, "r.yaml").location(path, key=key)
        assert (("r.yaml", *expected, json_path(path))) == (
            loc.file,
            loc.line,
            loc.column,
            loc.path,
        )

    def test_location_of_empty_document(self) -> None:
        """A document with no positions gives line and column 0."""
        doc = Document("r.yaml", {}, {}, {})
        assert Location("r.yaml", 0, 0, "$.x") == doc.location(("x",))


class TestJsonPath:
    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ((), "$"),
            (("indicators",), "$.indicators"),
            (
                ("indicators", "iom_share", "bands", 1, "below"),
                "$.indicators.iom_share.bands[1].below",
            ),
            ((0,), "$[0]"),
            (("levels", 2, "id"), "$.levels[2].id"),
            (("indicators", "iom-share"), '$.indicators["iom-share"]'),
            (("facts", "1st"), '$.facts["1st"]'),
            (("facts", "a b"), '$.facts["a b"]'),
            (("facts", ""), '$.facts[""]'),
            (("facts", 'say "hi"'), '$.facts["say \\"hi\\""]'),
            (("facts", "доля"), "$.facts.доля"),
            (("facts", "доля-ОО"), '$.facts["доля-ОО"]'),
        ],
    )
    def test_json_path(self, path: _load.PathT, expected: str) -> None:
        """Paths render like jsonschema's json_path; odd keys are quoted JSON strings."""
        assert expected == json_path(path)


class TestSchema:
    def test_declares_draft_2020_12(self) -> None:
        """The schema says which draft it is and has the documented $id."""
        assert (schema()["$schema"], schema()["$id"]) == (
            "https://json-schema.org/draft/2020-12/schema",
            "https://pdrs-rules.org/schema/ruleset-1.json",
        )

    def test_is_valid_under_its_draft(self) -> None:
        """The schema itself is a valid schema of the draft it declares."""
        cls = jsonschema.validators.validator_for(schema())
        cls.check_schema(schema())
        assert cls is jsonschema.Draft202012Validator

    def test_is_valid_for_draft_7_editors(self) -> None:
        """The schema is also a valid draft-7 schema, for editors that implement only draft 7."""
        jsonschema.Draft7Validator.check_schema(schema())
        newer = {
            "prefixItems",
            "unevaluatedProperties",
            "unevaluatedItems",
            "dependentRequired",
            "dependentSchemas",
            "$anchor",
            "$dynamicRef",
            "$dynamicAnchor",
            "minContains",
            "maxContains",
        }
        found: set[str] = set()

        def walk(node: Any, in_properties: bool = False) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if not in_properties:
                        found.update({key} & newer)
                    walk(value, in_properties=key in {"properties", "$defs"} and not in_properties)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(schema())
        assert set() == found

    @pytest.mark.parametrize("text", [BASE, ARMAVIR.read_text(encoding="utf-8")])
    def test_valid_rulesets_have_no_errors(self, text: str) -> None:
        """The shipped ruleset and the base example pass the schema."""
        assert schema_errors(text) == []

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                edited("{level: ok, at_least: 30}", "{level: ok, at_leats: 30}"),
                [
                    (
                        "unknown-key",
                        (
                            "unknown key 'at_leats' in $.indicators.iom_share.bands[1]; "
                            "did you mean 'at_least'?"
                        ),
                        15,
                        21,
                        "$.indicators.iom_share.bands[1].at_leats",
                    )
                ],
            ),
            (
                edited("title: Демо\n", "title: Демо\nx: 1\n"),
                [
                    (
                        "unknown-key",
                        (
                            "unknown key 'x' in $; allowed keys: addressees, aggregates, "
                            "conclusions, defaults, description, entity, extends, facts, format, "
                            "group, id, indicators, issuer, levels, locale, markers, "
                            "on_out_of_bounds, parameters, period, scoring, source, title, "
                            "trends, version"
                        ),
                        4,
                        1,
                        "$.x",
                    )
                ],
            ),
            (
                edited('    unit: "%"\n', ""),
                [
                    (
                        "missing-key",
                        "$.indicators.iom_share needs the key 'unit'",
                        9,
                        3,
                        "$.indicators.iom_share",
                    )
                ],
            ),
            (
                edited(
                    "{level: ok, at_least: 30}",
                    "{level: ok, at_least: 30, recommendations: [{to: school_head}]}",
                ),
                [
                    (
                        "missing-key",
                        "$.indicators.iom_share.bands[1].recommendations[0] needs the key 'text'",
                        15,
                        53,
                        "$.indicators.iom_share.bands[1].recommendations[0]",
                    )
                ],
            ),
            (
                edited("title: Демо", "title:"),
                [("type", "$.title must be text, got nothing", 3, 7, "$.title")],
            ),
            (
                edited('version: "1.0"', "version: 1.0"),
                [("type", "$.version must be text, got 1.0 (a number)", 4, 10, "$.version")],
            ),
            (
                edited("formula: share(n, d)", "formula: 5"),
                [
                    (
                        "type",
                        "$.indicators.iom_share.formula must be text, got 5 (a number)",
                        11,
                        14,
                        "$.indicators.iom_share.formula",
                    )
                ],
            ),
            (
                edited("    bands:\n", "    points: true\n    bands:\n"),
                [
                    (
                        "unknown-key",
                        (
                            "unknown key 'points' in $.indicators.iom_share; allowed keys: bands, "
                            "better, description, domain, formula, no_data, not_applicable, "
                            "precision, short, targets, title, unit"
                        ),
                        13,
                        5,
                        "$.indicators.iom_share.points",
                    )
                ],
            ),
            (
                edited("{level: warning, below: 30}", "{level: warning, below: 30, points: yes}"),
                [
                    (
                        "type",
                        (
                            "$.indicators.iom_share.bands[0].points must be a number, "
                            "got true (true/false)"
                        ),
                        14,
                        45,
                        "$.indicators.iom_share.bands[0].points",
                    )
                ],
            ),
            (
                edited("  n: {title: N, type: integer, min: 0}", "  n: [N, integer]"),
                [
                    (
                        "type",
                        "$.facts.n must be a mapping (key: value lines), got a list",
                        6,
                        6,
                        "$.facts.n",
                    )
                ],
            ),
            (
                edited('    unit: "%"', "    unit: percent"),
                [
                    (
                        "bad-value",
                        (
                            "$.indicators.iom_share.unit is 'percent'; "
                            "expected one of: '%', 'count', 'score', 'number', 'boolean'"
                        ),
                        12,
                        11,
                        "$.indicators.iom_share.unit",
                    )
                ],
            ),
            (
                edited("type: integer, min: 0}\n  d", "type: int, min: 0}\n  d"),
                [
                    (
                        "bad-value",
                        (
                            "$.facts.n.type is 'int'; expected one of: 'integer', 'number', "
                            "'boolean', 'string'; did you mean 'integer'?"
                        ),
                        6,
                        23,
                        "$.facts.n.type",
                    )
                ],
            ),
            (
                edited("format: pdrs-rules/1", "format: pdrs-rules/2"),
                [
                    (
                        "bad-value",
                        (
                            "$.format is 'pdrs-rules/2'; expected one of: 'pdrs-rules/1'; "
                            "did you mean 'pdrs-rules/1'?"
                        ),
                        1,
                        9,
                        "$.format",
                    )
                ],
            ),
            (
                edited("id: demo", "id: Demo"),
                [
                    (
                        "bad-value",
                        (
                            "$.id is 'Demo', which does not match the expected form "
                            "'^[a-z0-9][a-z0-9._-]*$'"
                        ),
                        2,
                        5,
                        "$.id",
                    )
                ],
            ),
            (
                edited("  iom_share:", "  iom-share:"),
                [
                    (
                        "bad-name",
                        (
                            "'iom-share' is not a valid identifier in $.indicators: use Latin "
                            "letters, digits and '_', starting with a letter (e.g. iom_share)"
                        ),
                        9,
                        3,
                        '$.indicators["iom-share"]',
                    )
                ],
            ),
            (
                edited("  n: {", "  1n: {"),
                [
                    (
                        "bad-name",
                        (
                            "'1n' is not a valid identifier in $.facts: use Latin "
                            "letters, digits and '_', starting with a letter (e.g. iom_share)"
                        ),
                        6,
                        3,
                        '$.facts["1n"]',
                    )
                ],
            ),
            (
                edited("{level: ok, at_least: 30}", "{level: ok, at_least: 30, above: 30}"),
                [
                    (
                        "conflict",
                        "$.indicators.iom_share.bands[1] may have only one of 'at_least', 'above'",
                        15,
                        35,
                        "$.indicators.iom_share.bands[1].above",
                    )
                ],
            ),
            (
                edited("{level: warning, below: 30}", "{level: warning, at_most: 29, below: 30}"),
                [
                    (
                        "conflict",
                        "$.indicators.iom_share.bands[0] may have only one of 'below', 'at_most'",
                        14,
                        26,
                        "$.indicators.iom_share.bands[0].at_most",
                    )
                ],
            ),
            (
                edited("{level: ok, at_least: 30}", "{level: ok, at_least: 30, is: true}"),
                [
                    (
                        "conflict",
                        "$.indicators.iom_share.bands[1] may have only one of 'is', 'at_least'",
                        15,
                        21,
                        "$.indicators.iom_share.bands[1].at_least",
                    )
                ],
            ),
            (
                edited(
                    "    bands:\n"
                    "      - {level: warning, below: 30}\n"
                    "      - {level: ok, at_least: 30}\n",
                    "    bands: []\n",
                ),
                [
                    (
                        "empty",
                        "$.indicators.iom_share.bands needs at least 1 item",
                        13,
                        12,
                        "$.indicators.iom_share.bands",
                    )
                ],
            ),
            (
                edited('version: "1.0"\n', 'version: "1.0"\nlevels: []\naddressees: {}\n'),
                [
                    ("empty", "$.levels needs at least 1 item", 5, 9, "$.levels"),
                    ("empty", "$.addressees needs at least 1 entry", 6, 13, "$.addressees"),
                ],
            ),
        ],
    )
    def test_error(self, text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
        """Each kind of schema violation has its code, a message in user terms and a location."""
        assert sorted(expected) == sorted(schema_errors(text))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("- a\n- b\n", "$ must be a mapping (key: value lines), got a list"),
            ("hello\n", "$ must be a mapping (key: value lines), got 'hello'"),
            ("42\n", "$ must be a mapping (key: value lines), got 42 (a number)"),
        ],
    )
    def test_top_level_must_be_a_mapping(self, text: str, expected: str) -> None:
        """A document that is not a mapping gets one 'type' error at 1:1."""
        assert [("type", expected, 1, 1, "$")] == schema_errors(text)

    def test_missing_keys_reported_once_each(self) -> None:
        """Every missing required key is one error, located at the mapping, and only one."""
        assert sorted(schema_errors("format: pdrs-rules/1\n")) == [
            ("missing-key", "$ needs the key 'id'", 1, 1, "$"),
            ("missing-key", "$ needs the key 'indicators'", 1, 1, "$"),
            ("missing-key", "$ needs the key 'title'", 1, 1, "$"),
            ("missing-key", "$ needs the key 'version'", 1, 1, "$"),
        ]

    def test_nested_missing_keys_reported_once_each(self) -> None:
        """Two keys missing from one indicator give two errors, not four."""
        text = edited('    formula: share(n, d)\n    unit: "%"\n', "")
        where = "$.indicators.iom_share"
        assert sorted(schema_errors(text)) == [
            ("missing-key", f"{where} needs the key 'formula'", 9, 3, where),
            ("missing-key", f"{where} needs the key 'unit'", 9, 3, where),
        ]

    def test_a_number_above_its_maximum_is_a_bad_value(self) -> None:
        """A number over the schema's maximum names the maximum, under code 'bad-value'."""
        text = edited('    unit: "%"\n', '    unit: "%"\n    precision: 7\n')
        assert schema_errors(text) == [
            (
                "bad-value",
                "$.indicators.iom_share.precision is 7; expected at most 6",
                13,
                16,
                "$.indicators.iom_share.precision",
            )
        ]

    def test_a_formula_too_long_for_the_schema_is_a_bad_value(self) -> None:
        """A formula over the schema's length limit says how long it is and the limit."""
        text = edited("share(n, d)", "share(n, d)" + " + n" * 300)
        [problem] = [p for p in schema_errors(text) if p[0] == "bad-value"]
        assert (
            problem[1]
            == "$.indicators.iom_share.formula has 1211 characters; expected at most 1000"
        )
