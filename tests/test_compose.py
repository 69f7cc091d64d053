"""COMPOSE: ``extends`` merges a ruleset onto its base (RFC 7396), keeping every location."""

from __future__ import annotations

import io
import itertools
import json
import os
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules._load import _compose
from pdrs_rules._load._compose import MAX_EXTENDS, Override, parse_composed, read_composed
from pdrs_rules.cli import ExitCode, run
from pdrs_rules.errors import Diagnostic, Location, RulesetInvalid, Severity

HERE = Path(__file__).parent
COMPOSE = HERE / "compose"
BASE = COMPOSE / "base.yaml"
SOSVA = COMPOSE / "sosva.yaml"
ROW = {"id": "1", "name": "СОШ № 1", "students": 100, "off_profile": 27}


def problems(path: Path | str) -> list[tuple[str, str]]:
    """The errors of a ruleset that does not load, as (file:line:col, code)."""
    with pytest.raises(RulesetInvalid) as info:
        pdrs_rules.load(path)
    return [(str(d.location), d.code) for d in info.value.diagnostics]


def refused_text(text: str, file: Path | str) -> Diagnostic:
    """The one problem of ruleset text that cannot be composed."""
    with pytest.raises(RulesetInvalid) as info:
        pdrs_rules.loads(text, file=str(file))
    (diagnostic,) = info.value.diagnostics
    return diagnostic


def write_chain(folder: Path, links: int) -> Path:
    """A chain of ``links`` extends (top.yaml → l1 → ... → base.yaml); the top file."""
    (folder / "base.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    names = ["top.yaml", *(f"l{i}.yaml" for i in range(1, links)), "base.yaml"]
    for name, base in itertools.pairwise(names):
        (folder / name).write_text(f"extends: {base}\n", encoding="utf-8")
    return folder / "top.yaml"


@pytest.fixture(scope="module")
def sosva() -> pdrs_rules.Ruleset:
    return pdrs_rules.load(SOSVA)


class TestMerge:
    def test_parameter_default_is_overridden(self, sosva: pdrs_rules.Ruleset) -> None:
        """A derived default replaces the base one; the rest of the parameter is inherited."""
        limit = sosva.parameters["off_profile_limit"]
        assert (limit.default, limit.title, limit.maximum) == (
            25,
            "Допустимая доля выбора ЕГЭ не по профилю",
            100,
        )
        assert pdrs_rules.load(BASE).parameters["off_profile_limit"].default == 30

    def test_bands_are_replaced_whole(self, sosva: pdrs_rules.Ruleset) -> None:
        """A list is replaced, not merged item by item: the derived bands are the only bands."""
        bands = sosva.indicators["off_profile_share"].bands
        assert [(b.level, b.points) for b in bands] == [("ok", 2.0), ("critical", 0.0)]
        assert [r.to for r in bands[1].recommendations] == ["authority"]

    def test_null_removes_indicator_fact_and_text(self, sosva: pdrs_rules.Ruleset) -> None:
        """A null deletes an indicator, a fact and an indicator's no_data text."""
        assert "profile_classes_count" not in sosva.indicators
        assert "profile_classes" not in sosva.facts
        assert sosva.indicators["off_profile_share"].no_data is None
        base = pdrs_rules.load(BASE)
        assert "profile_classes_count" in base.indicators
        assert base.indicators["off_profile_share"].no_data is not None

    def test_new_indicator_is_added_after_the_inherited_ones(
        self, sosva: pdrs_rules.Ruleset
    ) -> None:
        """A key the base lacks is added; inherited keys keep their place before it."""
        assert list(sosva.indicators) == ["off_profile_share", "off_profile_count"]

    def test_scalars_override_and_the_rest_is_inherited(self, sosva: pdrs_rules.Ruleset) -> None:
        """Top-level scalars are replaced; keys the derived file omits come from the base."""
        meta = sosva.metadata
        assert (meta.id, meta.version, meta.period) == ("sosva-profile", "1.0", "2023/2024")
        assert meta.issuer.startswith("Министерство образования")

    def test_extends_is_not_in_the_merged_document(self) -> None:
        """The extends key and its marks are gone after merging."""
        doc = read_composed(SOSVA).document
        assert "extends" not in doc.data
        assert ("extends",) not in doc.values
        assert ("extends",) not in doc.keys

    def test_mapping_merged_onto_a_scalar_drops_its_nulls(self, tmp_path: Path) -> None:
        """RFC 7396: a mapping written over a non-mapping is merged onto {}, so nulls vanish."""
        (tmp_path / "base.yaml").write_text("a: 1\nb: {c: 2}\n", encoding="utf-8")
        (tmp_path / "top.yaml").write_text(
            "extends: base.yaml\na: {x: 1, y: null}\nb: {c: null, d: [1, null]}\n",
            encoding="utf-8",
        )
        assert read_composed(tmp_path / "top.yaml").document.data == {
            "a": {"x": 1},
            "b": {"d": [1, None]},
        }

    def test_a_ruleset_without_extends_is_unchanged(self) -> None:
        """Without extends the document is the file's, with no overrides and one file."""
        ruleset = pdrs_rules.load(BASE)
        assert (ruleset.files, ruleset.overrides) == ((str(BASE),), ())

    def test_files_list_the_chain_top_first(self) -> None:
        """Ruleset.files names the loaded file first, then each base, relative paths kept."""
        ruleset = pdrs_rules.load(os.path.relpath(COMPOSE / "chain.yaml"))
        rel = Path(os.path.relpath(COMPOSE))
        names = ("chain.yaml", "municipal/mid.yaml", "sosva.yaml", "base.yaml")
        assert ruleset.files == tuple(str(rel / name) for name in names)
        assert not Path(ruleset.files[0]).is_absolute()
        assert ruleset.version == "3.0"


class TestLocations:
    def test_inherited_values_point_at_the_base(self) -> None:
        """Marks of inherited values carry the base file; overriding ones the derived file."""
        doc = read_composed(SOSVA).document
        param = ("parameters", "off_profile_limit")
        assert str(doc.location((*param, "title"))) == f"{BASE}:29:12"
        assert str(doc.location((*param, "default"))) == f"{SOSVA}:8:14"
        assert str(doc.location(("indicators", "off_profile_count"), key=True)) == f"{SOSVA}:24:3"

    def test_scalar_style_survives_the_merge(self) -> None:
        """The quoting of an inherited scalar is kept, so carets stay under the right spot."""
        mark = read_composed(SOSVA).document.values[("parameters", "off_profile_limit", "unit")]
        assert (mark.line, mark.column, mark.style, mark.file) == (32, 11, '"', str(BASE))

    def test_replaced_list_has_no_base_marks_left(self) -> None:
        """After bands are replaced, no mark under them points at the base."""
        doc = read_composed(SOSVA).document
        prefix = ("indicators", "off_profile_share", "bands")
        under = [m for p, m in doc.values.items() if p[: len(prefix)] == prefix]
        assert under
        assert {m.file for m in under} == {None}

    def test_error_in_an_inherited_value_points_at_the_base(self) -> None:
        """Removing a parameter breaks base bands that use it: the errors are in the base."""
        assert problems(COMPOSE / "drops-parameter.yaml") == [
            (f"{BASE}:47:9", "unknown-name"),
            (f"{BASE}:50:9", "unknown-name"),
        ]

    def test_error_in_an_overriding_value_points_at_the_derived_file(self) -> None:
        """A bad value written in the derived file is reported at its line there."""
        assert problems(COMPOSE / "bad-default.yaml") == [
            (f"{COMPOSE / 'bad-default.yaml'}:5:14", "type")
        ]

    def test_parse_problems_of_both_files_are_kept(self) -> None:
        """Duplicate keys in the base and in the derived file are both reported, each in place."""
        assert problems(COMPOSE / "duplicate-keys.yaml") == [
            (f"{COMPOSE / 'duplicate-base.yaml'}:5:1", "duplicate-key"),
            (f"{COMPOSE / 'duplicate-keys.yaml'}:4:1", "duplicate-key"),
        ]

    def test_syntax_error_in_the_base_points_at_the_base(self, tmp_path: Path) -> None:
        """A base that is not valid YAML is reported at its own line, not the derived one."""
        (tmp_path / "base.yaml").write_text("a: 1\nb: [\n", encoding="utf-8")
        (tmp_path / "top.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
        assert problems(tmp_path / "top.yaml") == [(f"{tmp_path / 'base.yaml'}:3:1", "yaml-syntax")]


class TestChains:
    def test_cycle_is_an_error_naming_the_chain(self) -> None:
        """The cycle a → b → a stops at b's extends, and the message lists it whole."""
        a, b = COMPOSE / "cycle-a.yaml", COMPOSE / "cycle-b.yaml"
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.load(a)
        (diagnostic,) = info.value.diagnostics
        assert (str(diagnostic.location), diagnostic.code) == (f"{b}:2:10", "extends-cycle")
        assert diagnostic.message.endswith(f"{a} → {b} → {a}")

    def test_self_reference_is_a_cycle(self, tmp_path: Path) -> None:
        """A file that extends itself is a cycle of one."""
        (tmp_path / "me.yaml").write_text("# сам себя\nextends: ./me.yaml\n", encoding="utf-8")
        assert problems(tmp_path / "me.yaml") == [(f"{tmp_path / 'me.yaml'}:2:10", "extends-cycle")]

    def test_chain_of_max_links_loads(self, tmp_path: Path) -> None:
        """MAX_EXTENDS links (the top file and MAX_EXTENDS bases) are allowed."""
        ruleset = pdrs_rules.load(write_chain(tmp_path, MAX_EXTENDS))
        assert len(ruleset.files) == MAX_EXTENDS + 1
        assert ruleset.id == "sverdlovsk-profile"

    def test_chain_one_link_too_long_is_refused(self, tmp_path: Path) -> None:
        """One link more than MAX_EXTENDS is an error at the extends that would go too deep."""
        top = write_chain(tmp_path, MAX_EXTENDS + 1)
        last = tmp_path / f"l{MAX_EXTENDS}.yaml"
        assert problems(top) == [(f"{last}:1:10", "extends-too-deep")]

    def test_dotdot_inside_the_top_folder_is_allowed(self) -> None:
        """A base may use .. as long as it stays in the top ruleset's folder."""
        assert pdrs_rules.load(COMPOSE / "chain.yaml").files[2].endswith("sosva.yaml")


class TestRefused:
    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("/etc/passwd.yaml", "extends-refused"),
            (r"C:\rulesets\base.yaml", "extends-refused"),
            (r"'\\server\share\base.yaml'", "extends-refused"),
            ("../casefiles/ruleset.yaml", "extends-refused"),
            ("municipal/../../casefiles/ruleset.yaml", "extends-refused"),
            ("base.json", "extends-refused"),
            ("base.yaml.txt", "extends-refused"),
            ("base", "extends-refused"),
            ("[base.yaml]", "extends-invalid"),
            ('""', "extends-invalid"),
            ("null", "extends-invalid"),
            ("42", "extends-invalid"),
            ("no-such-base.yaml", "extends-missing"),
            ("municipal", "extends-refused"),
            ("municipal.yaml", "extends-missing"),
        ],
    )
    def test_bad_extends_is_a_located_error(self, value: str, code: str) -> None:
        """Absolute, escaping, non-YAML, non-text or missing bases are errors at the value."""
        probe = COMPOSE / "probe.yaml"
        diagnostic = refused_text(f"# проба\nextends: {value}\n", probe)
        assert (str(diagnostic.location), diagnostic.code) == (f"{probe}:2:10", code)
        assert diagnostic.location.path == "$.extends"

    def test_escape_fixture_is_refused_by_check(self) -> None:
        """check() reports the escape as a diagnostic instead of raising."""
        escape = COMPOSE / "escape.yaml"
        [diagnostic] = pdrs_rules.check(escape)
        assert (str(diagnostic.location), diagnostic.code) == (f"{escape}:2:10", "extends-refused")

    def test_middle_file_alone_cannot_reach_its_parent(self) -> None:
        """The folder limit is the loaded file's: municipal/mid.yaml alone may not use ..."""
        mid = COMPOSE / "municipal" / "mid.yaml"
        assert problems(mid) == [(f"{mid}:2:10", "extends-refused")]

    def test_symlink_out_of_the_folder_is_refused(self, tmp_path: Path) -> None:
        """The real path counts: a link inside the folder to a file outside is refused."""
        inside = tmp_path / "inside"
        inside.mkdir()
        try:
            (inside / "link.yaml").symlink_to(BASE)
        except OSError:  # pragma: no cover - no symlinks on this system
            pytest.skip("symlinks are not available")
        (inside / "top.yaml").write_text("extends: link.yaml\n", encoding="utf-8")
        assert problems(inside / "top.yaml") == [(f"{inside / 'top.yaml'}:1:10", "extends-refused")]

    @pytest.mark.parametrize("kind", ["folder", "named pipe"])
    def test_base_that_is_not_a_regular_file(self, tmp_path: Path, kind: str) -> None:
        """A base that is a folder or a named pipe is refused at the extends value, never opened."""
        base = tmp_path / "base.yaml"
        if kind == "folder":
            base.mkdir()
        else:
            os.mkfifo(base)  # opening it to read would wait for a writer for ever
        (tmp_path / "top.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
        [diagnostic] = pdrs_rules.check(tmp_path / "top.yaml", lang="ru")
        assert (diagnostic.location.line, diagnostic.code, diagnostic.message) == (
            1,
            "extends-invalid",
            f"базовый набор правил '{base}' — не обычный файл",
        )

    def test_missing_base_fixture(self) -> None:
        """A base that does not exist is an error at the extends value, naming the path."""
        missing = COMPOSE / "missing.yaml"
        with pytest.raises(RulesetInvalid) as info:
            pdrs_rules.load(missing)
        (diagnostic,) = info.value.diagnostics
        assert (str(diagnostic.location), diagnostic.code) == (f"{missing}:2:10", "extends-missing")
        assert "no-such-base.yaml" in diagnostic.message

    def test_loads_without_a_file_says_how_to_fix_it(self) -> None:
        """loads() with the default file cannot resolve extends, and says to use load or file=."""
        diagnostic = refused_text("extends: base.yaml\n", "<string>")
        assert (str(diagnostic.location), diagnostic.code) == ("<string>:1:10", "extends-no-file")
        assert "load(" in diagnostic.message
        assert "file=" in diagnostic.message

    def test_loads_with_a_file_resolves_relative_to_it(self) -> None:
        """loads(text, file=...) resolves extends relative to that file's folder."""
        ruleset = pdrs_rules.loads("extends: base.yaml\nid: from-text\n", file=str(SOSVA))
        assert (ruleset.id, ruleset.files) == ("from-text", (str(SOSVA), str(BASE)))

    def test_base_that_is_not_a_mapping_is_refused(self, tmp_path: Path) -> None:
        """A base whose top level is a list is refused at the extends value."""
        (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
        (tmp_path / "top.yaml").write_text("extends: list.yaml\n", encoding="utf-8")
        assert problems(tmp_path / "top.yaml") == [
            (f"{tmp_path / 'top.yaml'}:1:10", "extends-invalid")
        ]


class TestOverrides:
    def test_records_of_every_change(self, sosva: pdrs_rules.Ruleset) -> None:
        """Each override, addition and removal is recorded with its kind and JSON path."""
        assert [(o.kind, o.path) for o in sosva.overrides] == [
            ("override", "$.id"),
            ("override", "$.title"),
            ("override", "$.parameters.off_profile_limit.default"),
            ("remove", "$.indicators.profile_classes_count"),
            ("remove", "$.indicators.off_profile_share.no_data"),
            ("override", "$.indicators.off_profile_share.bands"),
            ("add", "$.indicators.off_profile_count"),
            ("remove", "$.facts.profile_classes"),
        ]

    def test_override_str_names_both_places(self, sosva: pdrs_rules.Ruleset) -> None:
        """str() is derived location, kind, the entry by name and title, old → new, the base."""
        default = sosva.overrides[2]
        assert (default.old, default.new) == (30, 25)
        assert str(default) == (
            f"{SOSVA}:8:14: override: parameter 'off_profile_limit' (\"Допустимая доля выбора "
            f'ЕГЭ не по профилю"), default: 30 → 25 (base: {BASE}:31:14)'
        )
        assert default.path == "$.parameters.off_profile_limit.default"

    def test_notes_in_russian_name_the_entry(self, sosva: pdrs_rules.Ruleset) -> None:
        """In Russian: «параметр «x» «Заголовок», default: 30 → 25 (в базовом наборе: …)»."""
        note = sosva.overrides[2].diagnostic().localized("ru")
        assert note.message == (
            "параметр «off_profile_limit» «Допустимая доля выбора ЕГЭ не по профилю», default: "
            f"30 → 25 (в базовом наборе: {BASE}:31:14)"
        )

    def test_add_and_remove_point_at_keys(self, sosva: pdrs_rules.Ruleset) -> None:
        """An addition has no base location; a removal names the removed key in the base."""
        by_path = {o.path: o for o in sosva.overrides}
        added = by_path["$.indicators.off_profile_count"]
        removed = by_path["$.indicators.profile_classes_count"]
        assert (str(added.location), added.base) == (f"{SOSVA}:24:3", None)
        assert (str(removed.location), str(removed.base)) == (f"{SOSVA}:11:3", f"{BASE}:56:3")
        assert str(added).endswith(
            "add: indicator 'off_profile_count' (\"Выпускники, выбравшие ЕГЭ не по профилю\"): "
            "{title, formula, unit, bands}"
        )

    def test_replaced_list_names_the_first_change(self, sosva: pdrs_rules.Ruleset) -> None:
        """A list override says where the two lists first differ."""
        bands = next(o for o in sosva.overrides if o.path.endswith(".bands"))
        assert "2 → 2 items, first change at [0].points: 1 → 2" in bands.message

    def test_rewriting_the_same_value_is_not_an_override(self, tmp_path: Path) -> None:
        """A leaf written with the base's own value changes nothing and is not reported."""
        (tmp_path / "base.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "top.yaml").write_text(
            'extends: base.yaml\nversion: "1.0"\nlocale: ru\n', encoding="utf-8"
        )
        ruleset = pdrs_rules.load(tmp_path / "top.yaml")
        assert [o.path for o in ruleset.overrides] == ["$.locale"]
        assert ruleset.overrides[0].kind == "add"

    def test_type_change_with_equal_python_value_is_an_override(self, tmp_path: Path) -> None:
        """1 and true are equal in Python but not in the file: the change is reported."""
        (tmp_path / "base.yaml").write_text("a: 1\n", encoding="utf-8")
        (tmp_path / "top.yaml").write_text("extends: base.yaml\na: true\n", encoding="utf-8")
        [change] = read_composed(tmp_path / "top.yaml").overrides
        assert (change.kind, change.old, change.new) == ("override", 1, True)

    def test_chain_reports_every_level(self) -> None:
        """Overrides of every link are reported, the loaded file's first."""
        ruleset = pdrs_rules.load(COMPOSE / "chain.yaml")
        versions = [o for o in ruleset.overrides if o.path == "$.version"]
        assert [(o.old, o.new, Path(o.location.file).name) for o in versions] == [
            ("2.0", "3.0", "chain.yaml"),
            ("1.0", "2.0", "mid.yaml"),
        ]
        assert any(Path(o.location.file).name == "sosva.yaml" for o in ruleset.overrides)

    def test_removing_a_missing_key_warns_with_a_suggestion(self, tmp_path: Path) -> None:
        """A null for a key the base lacks does nothing (RFC 7396) but is warned about."""
        (tmp_path / "base.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
        top = tmp_path / "top.yaml"
        top.write_text("extends: base.yaml\nindicators:\n  profile_class_count: null\n", "utf-8")
        ruleset = pdrs_rules.load(top)
        [warning] = ruleset.warnings
        assert (str(warning.location), warning.code) == (f"{top}:3:3", "nothing-to-remove")
        assert "did you mean 'profile_classes_count'?" in warning.message
        assert "profile_classes_count" in ruleset.indicators

    def test_override_is_exported_and_frozen(self, sosva: pdrs_rules.Ruleset) -> None:
        """pdrs_rules.Override is the record class; records are hashable value objects."""
        assert pdrs_rules.Override is Override
        assert "Override" in pdrs_rules.__all__
        assert len(set(sosva.overrides)) == len(sosva.overrides)


class TestCheck:
    def test_check_returns_notes_besides_problems(self) -> None:
        """check() gives the overrides as NOTE diagnostics with codes override/add/remove."""
        diagnostics = pdrs_rules.check(SOSVA)
        assert {d.severity for d in diagnostics} == {Severity.NOTE}
        assert sorted({d.code for d in diagnostics}) == ["add", "override", "remove"]
        assert len(diagnostics) == 8

    def test_check_gives_notes_and_errors_together(self) -> None:
        """A broken derived ruleset has both its errors and its notes."""
        diagnostics = pdrs_rules.check(COMPOSE / "bad-default.yaml")
        assert [(d.code, d.severity) for d in diagnostics] == [
            ("override", Severity.NOTE),
            ("type", Severity.ERROR),
        ]

    def test_note_str_is_like_a_warning(self) -> None:
        """A note prints as file:line:col: code: note: message."""
        note = Diagnostic("override", "$.a: 1 → 2", Location("x.yaml", 3, 4), Severity.NOTE)
        assert str(note) == "x.yaml:3:4: override: note: $.a: 1 → 2"


class TestCli:
    @staticmethod
    def run_check(*argv: str) -> tuple[int, str, str]:
        """Run ``pdrs-rules check`` in process: exit code, stdout, stderr."""
        out, err = io.StringIO(), io.StringIO()
        code = run(["check", "--lang", "en", *argv], out, err)
        return code, out.getvalue(), err.getvalue()

    def test_notes_go_to_stdout_and_do_not_fail(self) -> None:
        """The check command prints one note line per change on stdout and exits 0."""
        code, out, err = self.run_check(str(SOSVA))
        assert (code, err) == (ExitCode.OK, "")
        lines = out.splitlines()
        assert len(lines) == 8
        assert (
            f"{SOSVA}:8:14: override: note: parameter 'off_profile_limit' (\"Допустимая доля "
            f'выбора ЕГЭ не по профилю"), default: 30 → 25 (base: {BASE}:31:14)'
        ) in lines

    def test_quiet_suppresses_notes_only(self) -> None:
        """-q hides notes but not errors, and the exit code still reflects the errors."""
        assert self.run_check("-q", str(SOSVA)) == (ExitCode.OK, "", "")
        code, out, err = self.run_check("--quiet", str(COMPOSE / "bad-default.yaml"))
        assert (code, out) == (ExitCode.INVALID, "")
        assert err.startswith(f"{COMPOSE / 'bad-default.yaml'}:5:14: type: ")

    def test_notes_never_fail_even_with_warnings_as_errors(self) -> None:
        """--warnings-as-errors does not turn notes into failures."""
        code, out, _ = self.run_check("--warnings-as-errors", str(SOSVA))
        assert code == ExitCode.OK
        assert out

    def test_json_includes_notes(self) -> None:
        """--format json lists notes with severity "note"; with -q it lists none."""
        code, out, _ = self.run_check("--format", "json", str(SOSVA))
        items = json.loads(out)
        assert code == ExitCode.OK
        assert {i["severity"] for i in items} == {"note"}
        default = next(i for i in items if i["path"] == "$.parameters.off_profile_limit.default")
        assert (default["file"], default["line"], default["column"], default["code"]) == (
            str(SOSVA),
            8,
            14,
            "override",
        )
        assert json.loads(self.run_check("-q", "--format", "json", str(SOSVA))[1]) == []

    def test_errors_in_the_base_are_printed_at_the_base(self) -> None:
        """A derived ruleset that breaks inherited bands fails with the base's lines."""
        code, _, err = self.run_check(str(COMPOSE / "drops-parameter.yaml"))
        assert code == ExitCode.INVALID
        assert err.splitlines()[0].startswith(f"{BASE}:47:9: unknown-name: ")

    def test_refused_extends_has_no_traceback(self) -> None:
        """An escaping extends is one located line on stderr, exit 3."""
        code, _, err = self.run_check(str(COMPOSE / "escape.yaml"))
        assert code == ExitCode.INVALID
        assert err.startswith(f"{COMPOSE / 'escape.yaml'}:2:10: extends-refused: ")
        assert "Traceback" not in err


class TestEvaluate:
    def test_override_takes_effect(self, sosva: pdrs_rules.Ruleset) -> None:
        """27% is within the base's 30% but over the derived 25%: critical, to the authority."""
        base_finding, *_ = pdrs_rules.load(BASE).evaluate([{**ROW, "profile_classes": 1}]).findings
        assert (base_finding.level, base_finding.points) == ("ok", 1.0)
        share, count = sosva.evaluate([ROW]).findings
        assert (share.indicator, share.level, share.points) == ("off_profile_share", "critical", 0)
        [text] = share.recommendations
        assert (text.to, text.text) == (
            "authority",
            "Рассмотреть профиль обучения в СОШ № 1 (27,0% при пороге 25%).",
        )
        assert (count.indicator, count.value) == ("off_profile_count", 27)

    def test_parse_composed_is_the_same_as_loading(self) -> None:
        """parse_composed on the file's text gives the document read_composed gives."""
        text = SOSVA.read_text(encoding="utf-8")
        assert parse_composed(text, str(SOSVA)).document == read_composed(SOSVA).document
        assert _compose.NO_FILE == "<string>"
