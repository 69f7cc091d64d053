"""Mistakes caught at check time: look-alikes, scales, unreachable bands, unused names, quotes.

The data-driven part reads tests/lint/*.yaml: each file is a ruleset whose ``# expect:`` comment
lines are exactly what ``pdrs-rules check`` must print for it (first line of each problem, file
names relative to tests/lint/), in order.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import pdrs_rules
from pdrs_rules._cases._casefile import check_cases, is_case_file
from pdrs_rules._i18n._lookalike import (
    latin_spelling,
    lookalike_hint,
    mixed_words,
    russian_spelling,
)
from pdrs_rules._i18n._quotes import lone_quote
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.errors import Severity

ROOT = Path(__file__).parent.parent
LINT = Path(__file__).parent / "lint"
CASES = sorted(LINT.glob("*.yaml"))
SHIPPED = sorted((ROOT / "rulesets").glob("*.yaml"))
SCHEMAS = sorted((ROOT / "pdrs_rules" / "schema").glob("*.json"))
MINIMAL = """\
format: pdrs-rules/1
id: t
title: T
version: "1"
facts:
  teachers: {title: Педагоги, type: integer, min: 0}
  trained: {title: Обучены, type: integer, min: 0, max: teachers}
parameters:
  target: {title: Цель, default: 50, unit: "%"}
indicators:
  trained_share:
    title: Доля
    formula: share(trained, teachers)
    unit: "%"
    better: higher
    bands:
      - {level: warning, below: target}
      - {level: ok, at_least: target}
"""


def _expected(path: Path) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def _shown(path: Path) -> list[str]:
    prefix = f"{LINT}/"
    return [
        str(d).splitlines()[0].replace(prefix, "")
        for d in pdrs_rules.check(path)
        if d.severity is not Severity.NOTE
    ]


class TestDataDriven:
    @pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
    def test_check_prints_the_expected_lines(self, path: Path) -> None:
        """check() reports exactly the `# expect:` lines of the file, in order."""
        expected = _expected(path)
        assert expected, f"{path.name} has no '# expect:' lines"
        assert expected == _shown(path)

    @pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
    def test_warnings_alone_do_not_stop_loading(self, path: Path) -> None:
        """A file with only warnings loads, and carries them; one with errors does not load."""
        diagnostics = [d for d in pdrs_rules.check(path) if d.severity is not Severity.NOTE]
        if any(d.severity is Severity.ERROR for d in diagnostics):
            with pytest.raises(pdrs_rules.RulesetInvalid):
                pdrs_rules.load(path)
        else:
            assert diagnostics == [
                d for d in pdrs_rules.load(path).warnings if d.severity is not Severity.NOTE
            ]

    def test_base_of_the_extends_case_is_clean(self) -> None:
        """The base of unused-extends.yaml uses its fact: the warning is the derived file's."""
        assert pdrs_rules.check(LINT / "bases" / "staff.yaml") == []


class TestCommandLine:
    def _check(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = run(["check", *args], out, err)
        return code, out.getvalue(), err.getvalue()

    def test_warnings_do_not_fail_check(self) -> None:
        """`check` exits 0 on a ruleset with warnings only, and prints them."""
        code, out, err = self._check(str(LINT / "unused.yaml"))
        assert code == ExitCode.OK
        assert "unused-parameter" in out + err

    def test_warnings_as_errors(self) -> None:
        """--warnings-as-errors makes the same warnings fail check with exit 3."""
        code, _, _ = self._check("--warnings-as-errors", str(LINT / "unused.yaml"))
        assert code == ExitCode.INVALID

    def test_russian(self) -> None:
        """--lang ru gives the same code and place, with the message in Russian."""
        _, out, _ = self._check("--lang", "ru", str(LINT / "unused.yaml"))
        assert (
            f"{LINT / 'unused.yaml'}:22:3: unused-parameter: предупреждение: параметр «spare» "
            "объявлен, но его не использует ни одна формула, полоса, агрегат, тренд или текст; "
            "удалите его или используйте"
        ) in out.splitlines()

    def test_json_carries_severity_and_code(self) -> None:
        """--format json lists the warnings with their codes and severity."""
        code, out, _ = self._check("--format", "json", str(LINT / "unreachable.yaml"))
        rows: list[dict[str, Any]] = json.loads(out)
        assert code == ExitCode.OK
        assert [(r["code"], r["line"], r["severity"]) for r in rows] == [
            ("unreachable-band", 24, "warning"),
            ("unreachable-band", 33, "warning"),
            ("unreachable-band", 40, "warning"),
        ]


class TestShippedRulesets:
    @pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
    def test_no_warnings(self, path: Path) -> None:
        """The shipped rulesets and case files have no errors and no warnings."""
        check = check_cases if is_case_file(path) else pdrs_rules.check
        problems = [d for d in check(path) if d.severity is not Severity.NOTE]
        assert problems == []

    @pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
    def test_modeline(self, path: Path) -> None:
        """Every shipped file starts with the modeline of its schema, and that file exists."""
        schema = "pdrs-rules.cases" if path.name.endswith(".cases.yaml") else "pdrs-rules"
        first = path.read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}.schema.json"
        assert (path.parent / first.split("=", 1)[1]).is_file()


class TestSchemaDescriptions:
    @staticmethod
    def _properties(node: Any, where: str = "$") -> list[tuple[str, dict[str, Any]]]:
        found: list[tuple[str, dict[str, Any]]] = []
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"if", "then", "else", "not"} or key.startswith("patch-"):
                    # Conditions that narrow a property described elsewhere, and the merge-patch
                    # forms of the definitions (generated, tests/test_schema_files.py).
                    continue
                if key == "properties" and isinstance(value, dict):
                    found.extend(
                        (f"{where}.{name}", spec)
                        for name, spec in value.items()
                        if isinstance(spec, dict) and ("type" in spec or "$ref" in spec)
                    )
                found.extend(TestSchemaDescriptions._properties(value, f"{where}/{key}"))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                found.extend(TestSchemaDescriptions._properties(item, f"{where}[{i}]"))
        return found

    @pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
    def test_every_property_is_explained_in_both_languages(self, path: Path) -> None:
        """Each property has a title and a "русский / English" description for editor hovers."""
        schema = json.loads(path.read_text("utf-8"))
        defs = schema.get("$defs", {})
        bad = []
        for where, spec in self._properties(schema):
            # A reference is hovered with the referenced definition's words unless it has its own.
            target = defs.get(spec.get("$ref", "").rpartition("/")[2], {})
            title = spec.get("title") or target.get("title")
            description = spec.get("description") or target.get("description", "")
            halves = description.split(" / ")
            if not title or len(halves) < 2 or not all(h.strip() for h in halves):
                bad.append(where)
        assert bad == []

    @pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
    def test_values_of_several_forms_have_examples(self, path: Path) -> None:
        """A property that takes several forms (a number or a name, a path) shows examples."""
        schema = json.loads(path.read_text("utf-8"))
        bad = [
            where
            for where, spec in self._properties(schema)
            if (
                isinstance(spec.get("type"), list)
                or "anyOf" in spec
                or "oneOf" in spec
                or where.endswith(".extends")
            )
            and not spec.get("examples")
        ]
        assert bad == []


class TestLookalikes:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("teachers", None),
            ("teaсhers", "teachers"),  # U+0441
            ("шлюз", None),  # no letter with a Latin twin
            ("тест", "тecт"),  # е and с have one, т does not
            ("оk", "ok"),  # U+043E
        ],
    )
    def test_latin_spelling(self, name: str, expected: str | None) -> None:
        """Cyrillic look-alikes are replaced by their Latin twins; other names give None."""
        assert expected == latin_spelling(name)

    def test_hint_names_the_letter_and_the_declared_name(self) -> None:
        """The hint gives the code point, the Unicode name, the 1-based position and the fix."""
        assert lookalike_hint("teaсhers", ["teachers"]) == (
            "; 'teaсhers' has Cyrillic letters: U+0441 CYRILLIC SMALL LETTER ES at position 4 "
            "looks like the Latin 'c'; did you mean 'teachers', which is declared?"
        )

    def test_hint_for_a_name_that_is_not_all_look_alikes(self) -> None:
        """A name with Cyrillic letters that have no Latin twin is told to use Latin only."""
        assert lookalike_hint("dоля").endswith("; type the name in Latin letters only")

    @pytest.mark.parametrize("name", ["школа", "доля"])
    def test_no_hint_for_russian_words(self, name: str) -> None:
        """A whole Russian word is not a mistyped Latin name: no letter-by-letter hint."""
        assert lookalike_hint(name, ["shkola"]) == ""

    def test_hint_for_a_name_typed_all_in_look_alikes(self) -> None:
        """«сор» typed in Cyrillic reads as the Latin name 'cop'."""
        assert lookalike_hint("сор", ["cop"]).endswith("did you mean 'cop', which is declared?")

    def test_hint_is_empty_for_latin_names(self) -> None:
        """Plain misspellings keep the usual did-you-mean."""
        assert lookalike_hint("teachrs", ["teachers"]) == ""

    @pytest.mark.parametrize(
        ("text", "offsets"),
        [
            ("Уволено", []),
            ("Увoлено", [2]),  # Latin o
            ("ИКТ-компетентность и Wi-Fi", []),
            ("Код OO", []),  # a whole Latin word is left alone
            ("Pазработали ИОМ", [0]),  # Latin P
            ("Всегo пeдагогов", [4, 7]),
            ("Педагоги c ИОМ", [9]),  # the preposition «с» typed in Latin
            ("Ученики 5A класса", [9]),
            ("a", []),  # no Russian around it
        ],
    )
    def test_mixed_words(self, text: str, offsets: list[int]) -> None:
        """Only Latin look-alikes inside Cyrillic words are found."""
        assert offsets == [offset for offset, _ in mixed_words(text)]

    def test_russian_spelling(self) -> None:
        """The fixed header has Cyrillic letters everywhere."""
        fixed = russian_spelling("Всегo пeдагогов")
        assert fixed == "Всего педагогов"
        assert all(not c.isascii() for c in fixed.replace(" ", ""))

    def test_param_override_with_a_cyrillic_letter(self) -> None:
        """--param tаrget=… with a Cyrillic «а» says which letter it is."""
        ruleset = pdrs_rules.loads(MINIMAL)
        with pytest.raises(pdrs_rules.ParameterError) as info:
            ruleset.resolve_params({"tаrget": "40"})
        assert "U+0430 CYRILLIC SMALL LETTER A at position 2" in info.value.message
        assert "did you mean 'target', which is declared?" in info.value.message

    def test_unknown_key_with_a_cyrillic_letter(self) -> None:
        """A key with a Cyrillic «е» (at_lеast) is told apart from a misspelling."""
        text = MINIMAL.replace("at_least: target", "at_lеast: target")
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.loads(text)
        [problem] = [d for d in info.value.diagnostics if d.code == "unknown-key"]
        assert "U+0435 CYRILLIC SMALL LETTER IE at position 5" in problem.message
        assert "did you mean 'at_least', which is an allowed key?" in problem.message

    @pytest.mark.parametrize(
        ("old", "new", "code", "letter"),
        [
            (
                "below: target}",
                'below: target, recommendations: [{to: school_head, text: "{gаp}"}]}',
                "template",
                "U+0430 CYRILLIC SMALL LETTER A at position 2 looks like the Latin 'a'",
            ),
            (
                "below: target}",
                'below: target, recommendations: [{to: sсhool_head, text: "Обучить"}]}',
                "bad-value",
                "U+0441 CYRILLIC SMALL LETTER ES at position 2 looks like the Latin 'c'",
            ),
            (
                "max: teachers}",
                "max: teaсhers}",
                "type",
                "U+0441 CYRILLIC SMALL LETTER ES at position 4 looks like the Latin 'c'",
            ),
        ],
    )
    def test_other_places_names_appear(self, old: str, new: str, code: str, letter: str) -> None:
        """Placeholders, addressees and fact bounds name the Cyrillic letter too."""
        with pytest.raises(pdrs_rules.RulesetInvalid) as info:
            pdrs_rules.loads(MINIMAL.replace(old, new))
        [problem] = info.value.diagnostics
        assert (code, True) == (problem.code, letter in problem.message)


class TestQuotes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("МКУ «Центр „Развитие“ образования»", None),
            ('Письмо "О результатах" аудита', None),
            ("“English” quotes", None),
            ("Аудит «ИОМ", (6, "« is never closed (expected »)")),
            ("ОО»", (2, "» closes a quotation that no « opened")),
            ("«a „b» c", (3, "„ is never closed (expected “)")),
            ('a "b" "c', (6, 'an odd number of " marks: this one has no pair')),
            ("«a» »", (4, "» closes a quotation that no « opened")),
        ],
    )
    def test_lone_quote(self, text: str, expected: tuple[int, str] | None) -> None:
        """The first mark without a pair is found, with its 0-based offset."""
        assert expected == lone_quote(text)


class TestAddresseeLevels:
    def test_default_ids_have_their_levels(self) -> None:
        """Without `addressees`, the head and teachers are school-level, the authority is not."""
        compiled = pdrs_rules.loads(MINIMAL).compiled
        levels = {to: compiled.addressee_level(to) for to in compiled.addressees}
        assert levels == {
            "school_head": "school",
            "deputy_head": "school",
            "teachers": "school",
            "methodical_service": "group",
            "authority": "group",
            "cnppm": "group",
        }

    def test_long_form_gives_title_and_level(self) -> None:
        """`{title, level}` declares both; a bare title of a default id keeps that id's level."""
        text = MINIMAL.replace(
            "facts:",
            "addressees:\n"
            "  authority: управление\n"
            "  imc: {title: ИМЦ, level: group}\n"
            "  school_head: {title: директор, level: school}\n"
            "facts:",
        )
        ruleset = pdrs_rules.loads(text)
        compiled = ruleset.compiled
        assert dict(compiled.addressees) == {
            "authority": "управление",
            "imc": "ИМЦ",
            "school_head": "директор",
        }
        assert [compiled.addressee_level(to) for to in compiled.addressees] == [
            "group",
            "group",
            "school",
        ]
        assert ruleset.warnings == ()

    def test_a_level_outside_school_and_group_is_an_error(self) -> None:
        """The schema refuses `level: region`, naming the key and the two levels."""
        text = MINIMAL.replace("facts:", "addressees:\n  imc: {title: ИМЦ, level: region}\nfacts:")
        with pytest.raises(pdrs_rules.RulesetInvalid) as caught:
            pdrs_rules.loads(text)
        expected = (
            "<string>:6:28: bad-value: $.addressees.imc.level is 'region'; "
            "expected one of: 'school', 'group'"
        )
        assert [str(e) for e in caught.value.exceptions] == [expected]


class TestShortTitles:
    def test_short_is_kept_and_optional(self) -> None:
        """`short` reaches the indicator; an indicator without one has an empty short."""
        with_short = MINIMAL.replace("    title: Доля\n", "    title: Доля\n    short: Обучены\n")
        assert pdrs_rules.loads(with_short).indicators["trained_share"].short == "Обучены"
        assert pdrs_rules.loads(MINIMAL).indicators["trained_share"].short == ""

    def test_a_short_over_forty_characters_is_an_error(self) -> None:
        """The schema caps `short` at 40 characters; 24 to 40 is only a warning."""
        text = MINIMAL.replace("    title: Доля\n", f"    title: Доля\n    short: {'ж' * 41}\n")
        with pytest.raises(pdrs_rules.RulesetInvalid):
            pdrs_rules.loads(text)
        text = MINIMAL.replace("    title: Доля\n", f"    title: Доля\n    short: {'ж' * 25}\n")
        assert [w.code for w in pdrs_rules.loads(text).warnings] == ["short-title"]
