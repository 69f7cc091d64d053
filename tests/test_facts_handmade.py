"""Tables made by hand: header aliases, footer rows, markers in number cells, ids Excel stripped."""

from __future__ import annotations

import re

import attrs
import pytest

from pdrs_rules._facts._ids import IdForm, id_regex, reconcile
from pdrs_rules._facts._table import read_facts_text
from pdrs_rules._model import EntitySpec, Markers, School
from pdrs_rules.errors import FactsInvalid
from tests.test_facts import ENTITY, FACTS, HEADER, csv_file, facts, read

TEACHERS = attrs.evolve(
    FACTS["developed"], aliases=("Всего педагогов", "Количество педагогических работников")
)


def read_with(text: str, **options: object) -> tuple[list[School], list[str]]:
    """Schools and warnings (as str) of a CSV read with changed facts or entity."""
    entity = options.pop("entity", ENTITY)
    specs = {**FACTS, "developed": TEACHERS} if options.pop("aliases", False) else FACTS
    table = read_facts_text(
        text,
        file="f.csv",
        format="csv",
        facts=specs,
        entity=entity,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    return list(table.schools), [str(w) for w in table.warnings]


class TestHeaders:
    """Headers are compared without case, spaces, line breaks, ё/е and a trailing unit."""

    @pytest.mark.parametrize(
        "header",
        ["Разработали ИОМ, чел.", "разработали\nИОМ (чел.)", "РАЗРАБОТАЛИ  ИОМ,чел"],
    )
    def test_spelling_and_unit_do_not_matter(self, header: str) -> None:
        """A unit, a line break, case and doubled spaces still name the declared column."""
        text = f'Код ОО;"{header}";Уволено\n1;5;1\n'
        schools, warnings = read_with(text)
        assert ([facts(5, 1)], []) == ([s.facts for s in schools], warnings)

    def test_yo_is_e(self) -> None:
        """«ё» in a file matches «е» in the ruleset, and the other way round."""
        specs = {**FACTS, "dismissed": attrs.evolve(FACTS["dismissed"], column="Ушёл")}
        text = "Код ОО;Разработали ИОМ;Ушел\n1;5;1\n"
        table = read_facts_text(text, file="f.csv", format="csv", facts=specs, entity=ENTITY)
        assert [facts(5, 1)] == [s.facts for s in table.schools]

    def test_an_alias_is_accepted_with_a_warning(self) -> None:
        """A column headed by an alias is the fact; the warning names the alias and the column."""
        text = "Код ОО;Количество педагогических работников, чел.;Уволено\n1;20;1\n"
        schools, warnings = read_with(text, aliases=True)
        assert [facts(20, 1)] == [s.facts for s in schools]
        assert warnings == [
            (
                'f.csv:1:2: column-alias: warning: column "Количество педагогических работников, '
                "чел.\" is read as fact 'developed' by its alias \"Количество педагогических "
                'работников"; expected the header "Разработали ИОМ"'
            )
        ]

    def test_two_columns_that_differ_only_by_unit_stay_apart(self) -> None:
        """«Доля, %» and «Доля, чел.» declared both: neither is read by its bare form."""
        specs = {
            **FACTS,
            "share": attrs.evolve(FACTS["share"], column="Доля, %"),
            "note": attrs.evolve(FACTS["note"], column="Доля, чел."),
        }
        text = "Код ОО;Разработали ИОМ;Уволено;Доля\n1;5;1;7\n"
        table = read_facts_text(text, file="f.csv", format="csv", facts=specs, entity=ENTITY)
        assert [w.code for w in table.warnings] == ["unknown-column"]


class TestFooterRows:
    """Signatures, notes and contact lines under the schools are left out with a warning."""

    @pytest.mark.parametrize(
        "row",
        [
            "Исполнитель: Иванова И.И., тел. 8-900-000-00-00;;;",
            ";Примечание: данные на 01.09;;",
            "Подпись;;______;",
            "М.П.;;;",
            "Иванова И.И.;;;",
        ],
    )
    def test_a_footer_is_not_a_school(self, row: str) -> None:
        """The row gives no school and one footer-row warning naming it."""
        schools, warnings = read_with(csv_file("1;А;5;1", row))
        assert [s.id for s in schools] == ["1"]
        assert len(warnings) == 1
        assert warnings[0].startswith("f.csv:3: footer-row: warning: row 3 (")

    def test_a_footer_in_an_unnamed_first_column(self) -> None:
        """A note in a numbering column, with no id, name or facts, is a footer too."""
        text = "№;Код ОО;Наименование ОО;Разработали ИОМ;Уволено\n1;1;А;5;1\nСоставил: Петров;;;;\n"
        schools, warnings = read_with(text)
        assert [s.id for s in schools] == ["1"]
        # The numbering column "№" is unknown, as in any table.
        assert [w.split(": ")[1] for w in warnings] == ["unknown-column", "footer-row"]

    @pytest.mark.parametrize("footer", ["М.П.;;;;", "Исполнитель: Иванова;;;;", ";;;;"])
    def test_in_the_long_layout(self, footer: str) -> None:
        """A footer under a long table is left out as under a wide one, not an unknown fact."""
        text = (
            "Код ОО;Наименование ОО;Период;Показатель;Значение\n"
            "1;А;2023;developed;5\n1;А;2023;dismissed;1\n" + footer + "\n"
        )
        schools, warnings = read_with(text)
        assert [s.id for s in schools] == ["1"]
        # A row of bare ';' is blank and skipped without a word.
        assert [w.split(": ")[1] for w in warnings] == ([] if footer == ";;;;" else ["footer-row"])

    def test_a_school_with_every_fact_missing_is_kept(self) -> None:
        """An id and a name with empty facts is a school with no data, not a footer."""
        schools, warnings = read_with(csv_file("1;А;5;1", "2;Школа № 2;;"))
        assert ([s.id for s in schools], warnings) == (["1", "2"], [])
        assert schools[1].facts == facts(None, None)

    def test_a_code_alone_is_a_school(self) -> None:
        """An id that is a code (no words) with no facts is still a school."""
        schools, _ = read_with(csv_file("1;А;5;1", "17;;;"))
        assert [s.id for s in schools] == ["1", "17"]


class TestMarkers:
    """Dashes and words in number cells are read by the ruleset's markers, counted once."""

    def test_defaults(self) -> None:
        """«-», «нет» are 0; «н/д», «x» are no data; one warning per meaning counts them."""
        text = csv_file("1;А;-;нет", "2;Б;н/д;–", "3;В;5;x")
        schools, warnings = read_with(text)
        assert [s.facts for s in schools] == [facts(0, 0), facts(None, 0), facts(5, None)]
        assert warnings == [
            (
                'f.csv:2:3: cell-marker: warning: 3 number cells hold "-" (1), "нет" (1), "–" (1) '
                'and are read as 0 (first: row 2, column "Разработали ИОМ"); the ruleset\'s '
                "markers say what such cells mean"
            ),
            (
                'f.csv:3:3: cell-marker: warning: 2 number cells hold "н/д" (1), "x" (1) and are '
                'read as empty (no data) (first: row 3, column "Разработали ИОМ"); the ruleset\'s '
                "markers say what such cells mean"
            ),
        ]

    def test_declared_markers_replace_the_defaults(self) -> None:
        """With no_data: ['-'], a dash is no data, and «нет» is no marker at all."""
        markers = Markers(no_data=("-",), zero=("ноль",))
        schools, _ = read_with(csv_file("1;А;-;ноль"), markers=markers)
        assert [s.facts for s in schools] == [facts(None, 0)]
        with pytest.raises(FactsInvalid) as caught:
            read_with(csv_file("1;А;нет;0"), markers=markers)
        assert "'нет' is not an integer" in caught.value.diagnostics[0].message

    def test_a_zero_marker_still_meets_the_bounds(self) -> None:
        """A zero read from «-» is checked against max: developed like any 0."""
        schools, _ = read_with(csv_file("1;А;-;-"))
        assert schools[0].facts == facts(0, 0)

    def test_markers_in_the_ruleset(self) -> None:
        """A ruleset's markers reach the reader; one marker in both lists is an error."""
        import pdrs_rules  # noqa: PLC0415

        text = """\
format: pdrs-rules/1
id: m
title: M
version: "1"
markers: {no_data: ["-"], zero: ["0", "-"]}
facts:
  n: {title: N, type: integer}
indicators:
  a: {title: A, formula: n, unit: count, bands: [{level: ok}]}
"""
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        assert [d.code for d in caught.value.diagnostics] == ["conflict"]
        ruleset = pdrs_rules.loads(text.replace('"0", "-"', '"ноль"'))
        report = ruleset.evaluate([{"id": "1", "n": "-"}, {"id": "2", "n": "ноль"}])
        assert [f.outcome.value for f in report.findings] == ["no_data", "evaluated"]


class TestIds:
    """Ids Excel stripped of leading zeros are padded to the declared form, with one warning."""

    def test_width(self) -> None:
        """With id_width 3, «1» and «23» become «001» and «023»; «004» is kept."""
        entity = attrs.evolve(ENTITY, id_width=3)
        schools, warnings = read_with(csv_file("1;А;5;1", "23;Б;5;1", "004;В;5;1"), entity=entity)
        assert [s.id for s in schools] == ["001", "023", "004"]
        assert warnings == [
            (
                "f.csv:2: id-normalised: warning: 2 school ids are padded with leading zeros to "
                "the ruleset's id form: '1' → '001', '23' → '023'; Excel drops the zeros of a code "
                "stored as a number"
            )
        ]

    def test_many_ids_are_counted_and_the_first_shown(self) -> None:
        """Seven padded ids: all counted, five shown; seven misfits: five shown, 2 more."""
        entity = attrs.evolve(ENTITY, id_width=3)
        rows = [f"{n};Ш{n};5;1" for n in range(1, 8)] + [f"x{n};Ш;5;1" for n in range(7)]
        _, warnings = read_with(csv_file(*rows), entity=entity)
        padded, misfits = warnings
        assert "7 school ids are padded" in padded
        assert "'5' → '005', …; Excel" in padded
        assert "'6' → '006'" not in padded
        assert misfits.count("'x") == 5
        assert " and 2 more; expected ids like the others" in misfits

    def test_padded_ids_meet_as_duplicates(self) -> None:
        """«1» and «001» in one file are one school twice."""
        entity = attrs.evolve(ENTITY, id_width=3)
        with pytest.raises(FactsInvalid) as caught:
            read_with(csv_file("1;А;5;1", "001;Б;5;1"), entity=entity)
        assert [d.code for d in caught.value.diagnostics] == ["duplicate-school"]

    def test_pattern_and_an_id_that_cannot_fit(self) -> None:
        """A pattern with letters pads the digits; an id that cannot fit is warned about."""
        entity = attrs.evolve(ENTITY, id_pattern=r"0\d{2}")
        schools, warnings = read_with(csv_file("7;А;5;1", "Школа;Б;5;1"), entity=entity)
        assert [s.id for s in schools] == ["007", "Школа"]
        assert [w.split(": ")[1] for w in warnings] == ["id-normalised", "id-form"]

    def test_a_row_with_words_for_an_id_and_a_declared_form(self) -> None:
        """With a declared form, an id that cannot fit and no facts is a footer."""
        entity = attrs.evolve(ENTITY, id_width=3)
        schools, warnings = read_with(csv_file("1;А;5;1", "тел.8900;;;"), entity=entity)
        assert [s.id for s in schools] == ["001"]
        # Sorted by row: the padded id is on row 2, the footer on row 3.
        assert [w.split(": ")[1] for w in warnings] == ["id-normalised", "footer-row"]

    @pytest.mark.parametrize(
        ("pattern", "problem"),
        [
            ("(0|1)+", "'(' is not allowed"),
            (r"\d+", "'+' is not allowed"),
            (r"\d{99}", "{99} is not a count from 0 to 30"),
            (r"\w", r"'\w' is not allowed"),
            ("?1", "repeats nothing"),
            ("12\\", "the pattern ends with '\\'"),
            ("[0-9", "a '[' has no ']'"),
            ("[]1", "the class [] is empty or nested"),
            ("1{x}", "expected {n} or {n,m} at 2"),
            ("[z-a]", "not a valid pattern: bad character range z-a"),
        ],
    )
    def test_only_linear_patterns(self, pattern: str, problem: str) -> None:
        """Groups, alternatives and unbounded repeats are refused: a ruleset is untrusted."""
        with pytest.raises(ValueError, match=re.escape(problem)):
            id_regex(pattern)

    def test_form_of_an_entity(self) -> None:
        """The pattern wins over the width; no declaration pads nothing."""
        assert IdForm.of(EntitySpec(id_width=2, id_pattern=r"[АБ]\d")).normalised("7") is None
        assert IdForm.of(EntitySpec(id_width=2)).normalised("7") == "07"
        assert IdForm.of(EntitySpec()).normalised("7") is None

    def test_reconcile_with_another_file(self) -> None:
        """Ids of another file written with zeros: «1» → «001»; an ambiguous or known id stays."""
        schools = [School("1", "1"), School("2", "Б"), School("5", "В"), School("009", "Г")]
        fixed, renamed = reconcile(schools, ["001", "002", "05", "005", "009"])
        assert [s.id for s in fixed] == ["001", "002", "5", "009"]
        assert [s.name for s in fixed] == ["001", "Б", "В", "Г"]
        assert renamed == {"1": "001", "2": "002"}


def test_header_line() -> None:
    """The header the shared helpers write is the one these tests assume."""
    assert HEADER == "Код ОО;Наименование ОО;Разработали ИОМ;Уволено"
    assert read(csv_file("1;А;5;1")).schools[0].id == "1"
