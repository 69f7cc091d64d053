"""Tests for JSON and YAML facts documents: shapes, syntax errors and positions."""

from __future__ import annotations

import pytest

from pdrs_rules._facts._formats import _documents as _facts_documents
from pdrs_rules._model import School
from pdrs_rules.errors import Location
from tests.test_facts import facts, problems, read


class TestJson:
    """JSON: a list of objects, or ``{"schools": [...]}``; numbers stay numbers."""

    def test_list_of_objects(self) -> None:
        """Keys are headers or fact names; numbers, strings and null are all accepted."""
        text = """[
  {"Код ОО": 23, "Наименование ОО": "Гимназия", "developed": 10, "Уволено": "2",
   "Доля, %": "12,5", "Наставничество": true, "note": null},
  {"id": "024", "developed": 7.0, "dismissed": null}
]"""
        expected = [
            School(
                "23",
                "Гимназия",
                facts(10, 2, share=12.5, mentoring=True),
                location=Location("f.json", 2, 0, "$[0]"),
            ),
            School("024", "024", facts(7, None), location=Location("f.json", 4, 0, "$[1]")),
        ]
        assert expected == list(read(text, "json").schools)

    def test_wrapped_in_schools(self) -> None:
        """An object holding the list under "schools" is accepted; other keys are ignored."""
        text = '{"ruleset": "x", "schools": [{"id": "1", "developed": 1, "dismissed": 0}]}'
        assert [facts(1, 0)] == [s.facts for s in read(text, "json").schools]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[1, 2", "f.json:1:6: syntax: not valid JSON: Expecting ',' delimiter"),
            ('{"schools": [}', "f.json:1:14: syntax: not valid JSON: Expecting value"),
            ("[]  x", "f.json:1:5: syntax: not valid JSON: Extra data"),
            (
                '{"a": 1}',
                (
                    'f.json:1: syntax: the object has no key "schools"; expected a list of '
                    'objects, one per school, or an object with key "schools" holding that list'
                ),
            ),
            (
                '{"schools": 5}',
                'f.json:1:13: syntax: "schools" is 5; expected a list of objects',
            ),
            (
                '"x"',
                (
                    "f.json:1: syntax: the document is 'x'; expected a list of objects, one per "
                    'school, or an object with key "schools" holding that list'
                ),
            ),
            # The 51st "[" is nested deeper than 50 levels: refused before the parser recurses.
            ("[" * 100_000, "f.json:1:51: too-deep: nesting deeper than 50 levels"),
        ],
    )
    def test_syntax(self, text: str, expected: str) -> None:
        """Bad JSON and wrong shapes are syntax errors with a position where known."""
        assert [expected] == problems(text, "json")

    def test_item_not_an_object(self) -> None:
        """A list item that is not an object is a syntax error at that item."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1},\n"школа"]'
        expected = [
            "f.json:2: syntax: $[1] is 'школа'; expected an object with column headers as keys"
        ]
        assert expected == problems(text, "json")

    def test_too_many_rows(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A list longer than the row limit is refused while it is being read."""
        monkeypatch.setattr(_facts_documents, "MAX_ROWS", 2)
        expected = ["f.json:4: too-large: more than 2 rows; split the file"]
        assert expected == problems('{"schools": [\n{},\n{},\n{}]}', "json")

    def test_empty_list(self) -> None:
        """An empty list of schools is empty."""
        expected = ["f.json: empty: there are no schools; expected one object per school"]
        assert expected == problems("[]", "json")


class TestYaml:
    """YAML: the same shapes as JSON, with line and column of every value."""

    def test_list_and_exact_ids(self) -> None:
        """Plain scalars are read as written: ``023`` stays "023", ``12,5`` is 12.5."""
        text = """\
- Код ОО: 023
  Наименование ОО: Гимназия
  Разработали ИОМ: 10
  Уволено: 2
  Доля, %: 12,5
  Наставничество: да
- id: 24
  developed: 1 234
  dismissed: ~
"""
        expected = [
            School(
                "023",
                "Гимназия",
                facts(10, 2, share=12.5, mentoring=True),
                location=Location("f.yaml", 1, 0, "$[0]"),
            ),
            School("24", "24", facts(1234, None), location=Location("f.yaml", 7, 0, "$[1]")),
        ]
        assert expected == list(read(text, "yaml").schools)

    def test_wrapped_in_schools(self) -> None:
        """A mapping with key "schools" holding the list is accepted."""
        text = "schools:\n  - {id: a, developed: 1, dismissed: 0}\n"
        assert [facts(1, 0)] == [s.facts for s in read(text, "yaml").schools]

    def test_bad_cell_line_and_column(self) -> None:
        """An error points at the value's own line and column."""
        text = "schools:\n  - id: '1'\n    developed: 5\n    dismissed: 12,5 чел.\n"
        expected = [
            (
                "f.yaml:4:16: bad-cell: '12,5 чел.' is not an integer (school '1', "
                "fact 'dismissed', column \"dismissed\"); expected a whole number like 12"
            )
        ]
        assert expected == problems(text, "yaml")

    @pytest.mark.parametrize(
        "text",
        ["[" * 100_000, "".join(f"{'  ' * i}k{i}:\n" for i in range(400))],
        ids=["flow", "block"],
    )
    def test_deep_nesting_is_refused_before_parsing(self, text: str) -> None:
        """100 KB of '[' or 400 block levels: too-deep where it passes 50, no RecursionError."""
        [problem] = problems(text, "yaml")
        assert problem.split(": ", 2)[1:] == ["too-deep", "nesting deeper than 50 levels"]

    def test_lone_surrogate_in_a_text_cell(self) -> None:
        """A name written with a lone surrogate escape is refused: no file could hold it."""
        text = '- {id: "1", name: "Школа \\ud800", developed: 1, dismissed: 0}\n'
        [problem] = problems(text, "yaml")
        assert problem.startswith("f.yaml:1:19: encoding: ")
        assert "half of a character (a lone surrogate) at character 7" in problem

    def test_tags_are_not_constructed(self) -> None:
        """A Python tag is never constructed: the tagged node is only looked at."""
        text = "- {id: !!python/object/apply:os.system ['true'], developed: 1, dismissed: 0}\n"
        expected = [
            (
                'f.yaml:1:8: bad-cell: a list is not text (column "id"); '
                'expected text or a number, like "023"'
            )
        ]
        assert expected == problems(text, "yaml")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "- [",
                (
                    "f.yaml:1:4: syntax: not valid YAML: expected the node content, "
                    "but found '<stream end>'"
                ),
            ),
            (
                "a: 1\n",
                (
                    'f.yaml:1:1: syntax: the mapping has no key "schools"; expected a list of '
                    'mappings, one per school, or a mapping with key "schools" holding that list'
                ),
            ),
            (
                "- 1\n",
                "f.yaml:1:3: syntax: $[0] is '1'; expected a mapping of column headers to values",
            ),
            ("", "f.yaml: empty: the file is empty; expected a list of schools"),
        ],
    )
    def test_syntax(self, text: str, expected: str) -> None:
        """Bad YAML and wrong shapes are syntax (or empty) errors at their mark."""
        assert [expected] == problems(text, "yaml")
