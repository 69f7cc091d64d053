"""Every error and warning in Russian and English: the catalog, localized diagnostics, --lang."""

from __future__ import annotations

import functools
import importlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

import pdrs_rules
from pdrs_rules import cli
from pdrs_rules._cases._casefile import check_cases
from pdrs_rules._i18n._catalog import CATALOG
from pdrs_rules._i18n._translate import (
    MissingTranslationError,
    clauses,
    peek_language,
    translate,
    untranslated,
)
from pdrs_rules.errors import (
    Diagnostic,
    FactsInvalid,
    Location,
    ParameterError,
    PdrsRulesError,
    RulesetError,
    RulesetInvalid,
    Severity,
)

from .strategies import SETTINGS, diagnostic_messages

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CORPUS: list[dict[str, Any]] = yaml.safe_load((TESTS / "i18n" / "corpus.yaml").read_text("utf-8"))
CASEFILES = TESTS / "casefiles"
MINI = CASEFILES / "ruleset.yaml"
MUNICIPAL_CASES_HEAD = (
    "format: pdrs-rules-cases/1\nfacts: municipal.facts.csv\ngroup_facts: municipal.group.csv\n"
)
MINI_FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"


def _write(path: Path, entry: dict[str, Any], key: str) -> Path:
    text: str = entry[key] + "#" * entry.get("pad", 0)
    if "repeat" in entry:
        row, count = entry["repeat"]["row"], entry["repeat"]["count"]
        text += "".join(row.format(n=n) for n in range(1, count + 1))
    path.write_bytes(text.encode(entry.get("encoding", "utf-8")))
    return path


def _municipal(extra: str, *, bare: bool = False) -> str:
    """The municipal ruleset of test_municipal's load-error tests, with ``extra`` sections."""
    from .test_municipal import ERROR_BASE, FACTS, HEAD, SHARE  # noqa: PLC0415 - one source

    base: str = FACTS + SHARE if bare else ERROR_BASE.replace("PERIODS", "2")
    return f"{HEAD}{base}{extra}"


def _loads(text: str, file: str = "<string>") -> list[Diagnostic]:
    try:
        pdrs_rules.loads(text, file=file)
    except RulesetInvalid as group:
        return list(group.diagnostics)
    return []


def _facts(entry: dict[str, Any], folder: Path) -> list[Diagnostic]:
    """Evaluate a facts file (or resolve parameters): its errors, or its warnings."""
    ruleset_path = MINI
    if "ruleset_file" in entry:
        for path in CASEFILES.glob("municipal.*"):
            shutil.copy(path, folder / path.name)
        ruleset_path = folder / entry["ruleset_file"]
    ruleset = pdrs_rules.load(ruleset_path)
    try:
        if "params" in entry:
            ruleset.resolve_params(entry["params"])
            return []
        facts: Any
        if "facts_file" in entry:
            facts = folder / entry["facts_file"]
        elif "facts_list" in entry:
            facts = [
                _write(folder / f"{n}.csv", {"facts": text}, "facts")
                for n, text in enumerate(entry["facts_list"])
            ]
        elif "by_period" in entry:
            facts = {
                period: _write(folder / f"{n}.csv", {"facts": text}, "facts")
                for n, (period, text) in enumerate(entry["by_period"].items())
            }
        else:
            facts = _write(folder / entry.get("file", "facts.csv"), entry, "facts")
        group = (
            _write(folder / "group.csv", entry, "group_facts") if "group_facts" in entry else None
        )
        report = ruleset.evaluate(facts, group_facts=group, period=entry.get("period"))
    except (FactsInvalid, RulesetInvalid) as problems:
        return list(problems.diagnostics)
    except (RulesetError, ParameterError) as error:
        return [error.diagnostic]
    return list(report.warnings)


def _diagnostics_of(entry: dict[str, Any], folder: Path) -> list[Diagnostic]:
    """Run one corpus entry: whatever it breaks, the diagnostics it gets."""
    for name, text in entry.get("files", {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    if "constant" in entry:
        module, name = entry["constant"]
        return [Diagnostic(entry["code"], getattr(importlib.import_module(module), name))]
    if "message" in entry:
        return [Diagnostic(entry["code"], entry["message"])]
    if "cases" in entry:
        shutil.copy(MINI, folder / "mini.yaml")
        (folder / "facts.csv").write_text(MINI_FACTS, encoding="utf-8")
        return check_cases(_write(folder / "mini.cases.yaml", entry, "cases"))
    if "municipal_cases" in entry:
        for path in CASEFILES.glob("municipal.*"):
            shutil.copy(path, folder / path.name)
        path = folder / "municipal.cases.yaml"
        path.write_text(MUNICIPAL_CASES_HEAD + entry["municipal_cases"], encoding="utf-8")
        return check_cases(path)
    if any(key in entry for key in ("facts", "params", "facts_file", "by_period", "facts_list")):
        return _facts(entry, folder)
    if "loads" in entry:
        return _loads(entry["loads"])
    if "municipal" in entry:
        return _loads(_municipal(entry["municipal"]), file="x.yaml")
    if "municipal_bare" in entry:
        return _loads(_municipal(entry["municipal_bare"], bare=True), file="x.yaml")
    if entry.get("missing"):
        return pdrs_rules.check(folder / "no-such-ruleset.yaml")
    if "path" in entry:
        return pdrs_rules.check(entry["path"])
    return pdrs_rules.check(_write(folder / "r.yaml", entry, "ruleset"))


def _data_driven(tmp: Path) -> Iterator[tuple[str, Diagnostic]]:
    """The broken inputs the other tests already have: rulesets, case files, compositions."""
    for number, case in enumerate(yaml.safe_load((TESTS / "cases" / "invalid.yaml").read_text())):
        path = tmp / f"invalid-{number}.yaml"
        path.write_text(case["ruleset"], encoding="utf-8")
        yield from ((f"cases/invalid.yaml: {case['name']}", d) for d in pdrs_rules.check(path))
    casefiles = yaml.safe_load((TESTS / "casefiles" / "invalid.yaml").read_text("utf-8"))
    for number, case in enumerate(casefiles):
        folder = tmp / f"casefile-{number}"
        folder.mkdir()
        found = _diagnostics_of({"cases": case["cases"]}, folder)
        yield from ((f"casefiles/invalid.yaml: {case['name']}", d) for d in found)
    for name in ("compose", "lint", "municipal"):
        for path in sorted((TESTS / name).rglob("*.yaml")):
            yield from ((str(path.relative_to(TESTS)), d) for d in pdrs_rules.check(path))
    for path in sorted((ROOT / "rulesets").glob("*.yaml")):
        if not path.name.endswith(".cases.yaml"):
            yield from ((str(path.relative_to(ROOT)), d) for d in pdrs_rules.check(path))


@functools.cache
def corpus(tmp: Path) -> tuple[tuple[str, Diagnostic], ...]:
    """Every diagnostic of the corpus, with where it came from: built once per session."""
    found = list(_data_driven(tmp))
    for number, entry in enumerate(CORPUS):
        folder = tmp / f"corpus-{number}"
        folder.mkdir()
        found.extend(
            (f"i18n/corpus.yaml: {entry['name']}", d) for d in _diagnostics_of(entry, folder)
        )
    return tuple(found)


@pytest.fixture(scope="session")
def diagnostics(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[str, Diagnostic], ...]:
    """The corpus, collected once."""
    return corpus(tmp_path_factory.mktemp("i18n"))


def _documented_codes() -> set[str]:
    """The codes in the first column of the tables of docs/errors.md."""
    codes: set[str] = set()
    for line in (ROOT / "docs" / "errors.md").read_text("utf-8").splitlines():
        if line.startswith("| `"):
            codes.update(re.findall(r"`([a-z0-9*-]+)`", line.split("|")[1]))
    return codes


class TestCorpus:
    """Every diagnostic of a large corpus of broken inputs, in both languages."""

    def test_each_entry_gives_its_code(self, tmp_path: Path) -> None:
        """Every corpus entry produces the code it is written for (the corpus does not rot)."""
        wrong = []
        for number, entry in enumerate(CORPUS):
            folder = tmp_path / str(number)
            folder.mkdir()
            codes = {d.code for d in _diagnostics_of(entry, folder)}
            if entry["code"] not in codes:
                wrong.append(f"{entry['name']}: expected {entry['code']}, got {sorted(codes)}")
        assert wrong == []

    def test_every_documented_code_is_produced(
        self, diagnostics: tuple[tuple[str, Diagnostic], ...]
    ) -> None:
        """Each code of docs/errors.md comes out of the corpus, so its Russian is checked."""
        produced = {d.code for _, d in diagnostics}
        missing = {
            code
            for code in _documented_codes()
            if not (code.endswith("*") and any(p.startswith(code[:-1]) for p in produced))
            and code not in produced
        }
        assert missing == set(), "add inputs that produce them to tests/i18n/corpus.yaml"

    def test_every_message_is_translated(
        self, diagnostics: tuple[tuple[str, Diagnostic], ...]
    ) -> None:
        """No clause of any message stays in English in Russian (strict mode)."""
        missing = sorted(
            {
                f"{d.code}: {clause!r} (from {source})"
                for source, d in diagnostics
                for clause in untranslated(d.message)
            }
        )
        assert missing == [], "\n".join(missing)

    def test_russian_keeps_code_location_and_severity(
        self, diagnostics: tuple[tuple[str, Diagnostic], ...]
    ) -> None:
        """A localized diagnostic is the same problem at the same place; only words change."""
        for _, english in diagnostics:
            russian = english.localized("ru")
            assert (russian.code, russian.location, russian.severity, russian.detail) == (
                english.code,
                english.location,
                english.severity,
                english.detail,
            )
            prefix = f"{english.location}: {english.code}: "
            assert str(russian).startswith(prefix)
            assert str(english).startswith(prefix)
            # Notes list changed keys and values: there may be no English word in them at all.
            if english.severity is not Severity.NOTE:
                assert russian.message != english.message

    def test_english_is_unchanged(self, diagnostics: tuple[tuple[str, Diagnostic], ...]) -> None:
        """localized("en") is the diagnostic itself: the English text tools match on."""
        for _, english in diagnostics:
            assert english.localized("en") is english
            assert translate(english.message, "en") == english.message

    def test_quoted_values_are_carried_over(
        self, diagnostics: tuple[tuple[str, Diagnostic], ...]
    ) -> None:
        """Every quoted user value of the English message appears in the Russian one."""
        for _, english in diagnostics:
            russian = english.localized("ru").message
            for quoted in re.findall(r"(?<![\w'])'([^'\\\n]+)'(?![\w'])", english.message):
                assert f"«{quoted}»" in russian or f"'{quoted}'" in russian, (quoted, russian)


class TestTranslate:
    """The clause splitter and the template conversions."""

    def test_clauses(self) -> None:
        """Messages split at "; " outside brackets and quoted values."""
        message = "a 'x; y' (b; c); did you mean 'z'?"
        assert clauses(message) == ["a 'x; y' (b; c)", "did you mean 'z'?"]

    def test_apostrophe_is_not_a_quote(self) -> None:
        """The apostrophe in "ruleset's" does not hide the "; " after it."""
        assert clauses("the ruleset's file; use 'a'") == ["the ruleset's file", "use 'a'"]

    def test_shared_clause_and_guillemets(self) -> None:
        """A suggestion is translated once for every message and shows the name in «»."""
        english = (
            "unknown name 'teachrs': not a declared fact, parameter or indicator; "
            "did you mean 'teachers'?"
        )
        expected = (
            "неизвестное имя «teachrs»: это не объявленный факт, параметр или показатель; "
            "возможно, имелось в виду «teachers»?"
        )
        assert expected == translate(english, "ru")

    def test_plural_and_decimal_comma(self) -> None:
        """Counts agree with their noun; numbers get a decimal comma."""
        assert translate("nesting deeper than 52 levels", "ru") == "вложенность глубже 52 уровней"
        assert translate("nesting deeper than 21 levels", "ru") == "вложенность глубже 21 уровня"
        assert (
            translate("the file is 51.5 MB; the limit is 50 MB", "ru")
            == "размер файла 51,5 МБ; предел — 50 МБ"
        )

    def test_recursive_fragments(self) -> None:
        """The "must be …, got …" fragments are translated in turn."""
        english = "$.a must be a number or true or false, got 'x'"
        assert (
            translate(english, "ru")
            == "$.a должно быть: число или true или false (да/нет); получено: 'x'"
        )

    def test_strict_names_the_untranslated_clause(self) -> None:
        """Strict mode fails naming the clause; the lenient one keeps it in English."""
        message = "unknown name 'x'; the moon is made of cheese"
        with pytest.raises(MissingTranslationError) as info:
            translate(message, "ru", strict=True)
        assert info.value.clauses == ("the moon is made of cheese",)
        assert translate(message, "ru") == "неизвестное имя «x»; the moon is made of cheese"

    def test_catalog_entries_compile(self) -> None:
        """Every pattern is a valid regex and every template field names one of its groups."""
        for pattern, template in CATALOG:
            groups = set(re.compile(pattern).groupindex)
            fields = set(re.findall(r"(?<!\{)\{(\w+)", template))
            assert fields <= groups, (pattern, template)

    @SETTINGS
    @given(diagnostic_messages())
    def test_never_crashes(self, message: str) -> None:
        """Any text at all translates to some text, and untranslated clauses come from it."""
        text = translate(message, "ru")
        assert isinstance(text, str)
        assert all(clause in message for clause in untranslated(message))


class TestDiagnostic:
    """Diagnostic.localized and the exceptions' localized()."""

    def test_severity_word(self) -> None:
        """Warnings and notes say so in Russian; the code stays."""
        warning = Diagnostic(
            "unknown-column",
            'column "X" matches no fact and is ignored',
            Location("f.csv", 1, 3),
            Severity.WARNING,
        )
        expected = (
            'f.csv:1:3: unknown-column: предупреждение: столбец "X" не соответствует ни одному '
            "факту и не учитывается"
        )
        assert expected == str(warning.localized("ru"))
        assert str(warning).startswith("f.csv:1:3: unknown-column: warning: ")

    def test_exception_keeps_english(self) -> None:
        """The exception's message stays English; localized() gives a Russian copy."""
        error = RulesetError.make(
            "unknown-level", "unknown level 'warnig'", Location("r.yaml", 4, 2)
        )
        group = RulesetInvalid("bad", [error])
        assert (
            str(group.localized("ru")) == "r.yaml:4:2: unknown-level: неизвестный уровень «warnig»"
        )
        assert error.message == "unknown level 'warnig'"
        assert error.localized("ru").code == "unknown-level"
        assert PdrsRulesError("x").localized("ru").args == ("x",)

    def test_check_lang(self, tmp_path: Path) -> None:
        """pdrs_rules.check(path, lang="ru") gives the same diagnostics in Russian."""
        path = tmp_path / "r.yaml"
        path.write_text(BROKEN.format(locale="en"), encoding="utf-8")
        [english] = pdrs_rules.check(path)
        [russian] = pdrs_rules.check(path, lang="ru")
        assert russian == english.localized("ru")
        assert russian.message.startswith("неизвестное имя «teacher»")

    def test_unknown_language(self) -> None:
        """Only ru and en exist; a Russian diagnostic cannot be turned back."""
        diagnostic = Diagnostic("io", "the file is empty")
        with pytest.raises(ValueError, match="'de'"):
            diagnostic.localized("de")
        with pytest.raises(ValueError, match="only English"):
            diagnostic.localized("ru").localized("en")


class TestLanguageChoice:
    """peek_language: --lang, else the ruleset's locale, else Russian; English if unreadable."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("locale: en\n", "en"), ("locale: ru\n", "ru"), ("id: x\n", "ru"), ("[broken\n", "ru")],
    )
    def test_locale(self, tmp_path: Path, text: str, expected: str) -> None:
        """The top-level locale decides; none means ru, the schema's default."""
        path = tmp_path / "r.yaml"
        path.write_text(text, encoding="utf-8")
        assert expected == peek_language(path)

    def test_unreadable_is_english(self, tmp_path: Path) -> None:
        """No ruleset read at all: English."""
        assert peek_language(tmp_path / "missing.yaml") == "en"

    def test_extends(self, tmp_path: Path) -> None:
        """A ruleset without a locale takes its base's."""
        (tmp_path / "base.yaml").write_text("locale: en\n", encoding="utf-8")
        (tmp_path / "r.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
        assert peek_language(tmp_path / "r.yaml") == "en"


BROKEN = """\
format: pdrs-rules/1
id: t
title: T
version: "1"
locale: {locale}
facts:
  teachers: {{title: Педагоги, type: integer}}
indicators:
  a: {{title: A, formula: teacher + 1, unit: count, bands: [{{level: ok}}]}}
"""


def _run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


class TestCli:
    """--lang before or after the subcommand, the ruleset's locale, JSON with message_en."""

    def test_check_in_russian_and_english(self, tmp_path: Path) -> None:
        """locale: ru prints Russian, --lang en English, with the same prefix."""
        path = tmp_path / "r.yaml"
        path.write_text(BROKEN.format(locale="ru"), encoding="utf-8")
        code, _, russian = _run("check", path)
        assert code == cli.ExitCode.INVALID
        prefix = f"{path}:9:26: unknown-name: "
        assert russian.startswith(prefix + "неизвестное имя «teacher»")
        for argv in (("--lang", "en", "check", path), ("check", path, "--lang", "en")):
            code, _, english = _run(*argv)
            assert code == cli.ExitCode.INVALID
            assert english.startswith(prefix + "unknown name 'teacher'")

    def test_locale_en_and_lang_ru(self, tmp_path: Path) -> None:
        """locale: en prints English unless --lang ru."""
        path = tmp_path / "r.yaml"
        path.write_text(BROKEN.format(locale="en"), encoding="utf-8")
        assert "unknown name 'teacher'" in _run("check", path)[2]
        assert "неизвестное имя «teacher»" in _run("check", "--lang", "ru", path)[2]

    def test_json(self, tmp_path: Path) -> None:
        """Check --format json: message in the chosen language, message_en always English."""
        path = tmp_path / "r.yaml"
        path.write_text(BROKEN.format(locale="ru"), encoding="utf-8")
        [item] = json.loads(_run("check", "--format", "json", path)[1])
        assert item["message"].startswith("неизвестное имя «teacher»")
        assert item["message_en"].startswith("unknown name 'teacher'")
        assert (item["code"], item["line"], item["column"]) == ("unknown-name", 9, 26)

    def test_evaluate_facts_errors_in_russian(self, tmp_path: Path) -> None:
        """Facts errors of evaluate use the ruleset's language; warnings too."""
        facts = tmp_path / "f.csv"
        facts.write_text(
            "id;Всего педагогов;diagnosed;Лишний\n001;двадцать;5;1\n", encoding="utf-8"
        )
        code, _, err = _run("evaluate", MINI, facts)
        assert code == cli.ExitCode.INVALID
        assert f"{facts}:2:" in err
        assert (
            "bad-cell: «двадцать» — не целое число" in err
            or "bad-cell: 'двадцать' — не целое число" in err
        )
        code, _, err = _run("evaluate", MINI, facts, "--lang", "en")
        assert "bad-cell: 'двадцать' is not an integer" in err

    def test_evaluate_warning_in_russian(self, tmp_path: Path) -> None:
        """An unknown column is a warning, printed with the Russian severity word."""
        facts = tmp_path / "f.csv"
        facts.write_text("id;Всего педагогов;diagnosed;Лишний\n001;20;5;1\n", encoding="utf-8")
        code, _, err = _run("evaluate", MINI, facts, "--format", "json")
        assert code == cli.ExitCode.OK
        assert 'unknown-column: предупреждение: столбец "Лишний" не соответствует' in err

    def test_streamed_warning_in_russian(self, tmp_path: Path) -> None:
        """--format jsonl reads the facts in two passes; its warnings are localized too."""
        facts = tmp_path / "f.csv"
        facts.write_text("id;Всего педагогов;diagnosed;Лишний\n001;20;5;1\n", encoding="utf-8")
        assert "предупреждение: столбец" in _run("evaluate", MINI, facts, "--format", "jsonl")[2]

    def test_case_file_in_russian(self, tmp_path: Path) -> None:
        """`test` prints an invalid case file's problems in Russian unless --lang en."""
        shutil.copy(MINI, tmp_path / "mini.yaml")
        path = tmp_path / "mini.cases.yaml"
        path.write_text("format: pdrs-rules-cases/1\ncase: []\n", encoding="utf-8")
        code, _, err = _run("test", tmp_path)
        assert code == cli.ExitCode.INVALID
        assert f"{path}:2:1: unknown-key: неизвестный ключ «case» в $" in err
        assert (
            f"{path}:2:1: unknown-key: unknown key 'case' in $"
            in _run("test", tmp_path, "--lang", "en")[2]
        )

    def test_unknown_lang_is_a_usage_error(self) -> None:
        """--lang takes ru or en."""
        code, _, err = _run("--lang", "de", "schema")
        assert code == cli.ExitCode.USAGE
        assert "--lang" in err
