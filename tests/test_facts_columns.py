"""Tests for matching headers to facts: aliases, unknown, repeated and missing columns."""

from __future__ import annotations

from pdrs_rules._facts._table import read_facts_text
from pdrs_rules.errors import Diagnostic, Location, Severity
from tests.test_facts import facts, problems, read


class TestHeaders:
    """Headers match fact columns, fact names and the id, name and period columns."""

    def test_header_aliases(self) -> None:
        """Headers match by fact name or column, ignoring case and extra spaces; id/name too."""
        text = "ID; NAME ;developed;  уволено   \n1;Школа;5;1\n"
        table = read(text)
        assert [("1", "Школа", facts(5, 1))] == [(s.id, s.name, s.facts) for s in table.schools]

    def test_russian_period_header_without_a_declared_column(self) -> None:
        """With the default period column ("period"), a column headed «Период» is the period."""
        from pdrs_rules._model import EntitySpec  # noqa: PLC0415
        from tests.test_facts import FACTS  # noqa: PLC0415

        text = "id;Период;developed;dismissed\n1;2023;5;1\n"
        table = read_facts_text(text, file="f.csv", format="csv", facts=FACTS, entity=EntitySpec())
        assert [(s.id, s.period) for s in table.schools] == [("1", "2023")]

    def test_missing_column(self) -> None:
        """A required fact without a column is one error, with a did-you-mean."""
        text = "Код ОО;Разработали ИОМ;Уволен\n1;5;1\n"
        expected = [
            (
                "f.csv:1: missing-column: required fact 'dismissed' (Уволились) has no column: "
                'expected a column headed "Уволено"; did you mean "Уволен"?'
            )
        ]
        assert expected == problems(text)

    def test_missing_column_without_suggestion(self) -> None:
        """With no similar header there is no did-you-mean."""
        text = "Код ОО;Разработали ИОМ\n1;5\n"
        expected = [
            (
                "f.csv:1: missing-column: required fact 'dismissed' (Уволились) has no column: "
                'expected a column headed "Уволено"'
            )
        ]
        assert expected == problems(text)

    def test_missing_id_column(self) -> None:
        """A table without the id column is one error, however many rows it has."""
        text = "Код  00;Разработали ИОМ;Уволено\n1;5;1\n2;5;1\n"
        expected = [
            (
                "f.csv:1: missing-id-column: there is no school id column: expected a column "
                'headed "Код ОО" (or "id"); did you mean "Код  00"?'
            )
        ]
        assert expected == problems(text)

    def test_missing_id_in_one_object(self) -> None:
        """An object without the id key is a missing id when other objects have one."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1},\n{"developed": 5, "dismissed": 1}]'
        expected = ['f.json:2: missing-id: $[1] has no school id; expected a value for "Код ОО"']
        assert expected == problems(text, "json")


class TestUnknownColumns:
    """Headers that match nothing are warnings with a did-you-mean."""

    def test_unknown_column_warning(self) -> None:
        """A header that matches nothing is a warning with a did-you-mean, not dropped silently."""
        text = "Код ОО;Разработали ИОМ;Уволено;Наставнчество\n1;5;1;да\n"
        table = read(text)
        expected = (
            Diagnostic(
                "unknown-column",
                'column "Наставнчество" matches no fact and is ignored; '
                'did you mean "Наставничество"?',
                Location("f.csv", 1, 4, 'row 1, column "Наставнчество"'),
                Severity.WARNING,
            ),
        )
        shown = (
            'f.csv:1:4: unknown-column: warning: column "Наставнчество" matches no fact and is '
            'ignored; did you mean "Наставничество"?'
        )
        assert (expected, shown) == (table.warnings, str(table.warnings[0]))

    def test_unknown_key_warning(self) -> None:
        """An unknown key is warned about once, at its first object."""
        rows = [f'{{"id": "{n}", "developed": 5, "dismissed": 1, "dismised": 1}}' for n in (1, 2)]
        text = "[" + ",\n".join(rows) + "]"
        expected = [
            (
                'f.json:1: unknown-column: warning: column "dismised" matches no fact and is '
                'ignored; did you mean "dismissed"?'
            )
        ]
        warnings = read(text, "json").warnings
        assert expected == [str(w) for w in warnings]
        paths = ['$[0]["dismised"]']
        assert paths == [w.location.path for w in warnings]


class TestDuplicateColumns:
    """Two columns or keys for the same fact are an error at the second."""

    def test_duplicate_column(self) -> None:
        """Two headers for the same fact are an error at the second one."""
        text = "Код ОО;Разработали ИОМ;Уволено;dismissed\n1;5;1;1\n"
        expected = [
            (
                'f.csv:1:4: duplicate-column: columns 3 and 4 ("Уволено" and "dismissed") both '
                "hold fact 'dismissed'; keep one of them"
            )
        ]
        assert expected == problems(text)

    def test_duplicate_column_same_header(self) -> None:
        """The same header twice is an error too, also for the id."""
        text = "Код ОО;Разработали ИОМ;Уволено;код оо\n1;5;1;1\n"
        expected = [
            (
                'f.csv:1:4: duplicate-column: columns 1 and 4 are both headed "код оо" '
                "(the school id); keep one of them"
            )
        ]
        assert expected == problems(text)

    def test_duplicate_json_key(self) -> None:
        """A key repeated in one object is a duplicate column, not silently overwritten."""
        text = '[{"id": "1", "developed": 5, "dismissed": 1, "dismissed": 2}]'
        expected = [
            (
                'f.json:1: duplicate-column: key "dismissed" appears twice in $[0] '
                "(fact 'dismissed'); keep one of them"
            )
        ]
        assert expected == problems(text, "json")

    def test_duplicate_yaml_key(self) -> None:
        """A key given twice in one mapping is a duplicate column at the second one."""
        text = "- id: '1'\n  developed: 5\n  dismissed: 1\n  Уволено: 2\n"
        expected = [
            (
                'f.yaml:4:12: duplicate-column: keys "dismissed" and "Уволено" in $[0] both '
                "hold fact 'dismissed'; keep one of them"
            )
        ]
        assert expected == problems(text, "yaml")
