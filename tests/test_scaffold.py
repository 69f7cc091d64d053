"""``pdrs-rules new``: the scaffold checks and tests clean, and never overwrites by accident."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml

import pdrs_rules
from pdrs_rules._authoring._scaffold import scaffold
from pdrs_rules.cli import ExitCode, run

ROOT = Path(__file__).parent.parent
RULESETS = ROOT / "rulesets"
SHIPPED = sorted(p.stem for p in RULESETS.glob("*.yaml") if not p.name.endswith(".cases.yaml"))
#: A base with every fact type, numeric and fact bounds, an optional column, boolean bands.
VARIED = Path(__file__).parent / "scaffold" / "varied.yaml"
NEW = ("myshkin-2026.yaml", "myshkin-2026.cases.yaml", "myshkin-2026.facts.csv")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the shipped rulesets (sosva.yaml needs its base beside it)."""
    for path in RULESETS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def new(folder: Path, base: str = "sverdlovsk-base", *extra: str) -> tuple[int, str, str]:
    return cli(
        "new",
        "--extends",
        str(folder / f"{base}.yaml"),
        "--id",
        "myshkin-2026",
        "--title",
        "Мониторинг профессионального развития педагогов Мышкинского МО",
        *extra,
    )


def assert_checks_and_tests_clean(ruleset: Path) -> None:
    """`check` prints no error or warning and `test` passes every case."""
    cases = ruleset.with_name(ruleset.stem + ".cases.yaml")
    code, out, err = cli("check", "-q", str(ruleset), str(cases))
    assert (code, out, err) == (ExitCode.OK, "", "")
    code, out, err = cli("test", str(cases))
    assert (code, err) == (ExitCode.OK, "")
    # In Russian, the default: «пройдено N, не пройдено 0».
    assert out.endswith(", не пройдено 0\n")
    assert not out.startswith("пройдено 0,")


class TestExtends:
    def test_scaffold_checks_and_tests_clean(self, folder: Path) -> None:
        """The three files appear beside the base, listed on stdout, and pass check and test."""
        code, out, err = new(folder)
        assert (code, err) == (ExitCode.OK, "")
        assert out.splitlines() == [str(folder / name) for name in NEW]
        assert_checks_and_tests_clean(folder / NEW[0])

    def test_ruleset_text(self, folder: Path) -> None:
        """Modeline first, the base by a relative path, locale ru, Russian comments, parameters."""
        new(folder)
        text = (folder / NEW[0]).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (folder / first.split("$schema=")[1]).resolve()
        # A copy of the installed schema beside the files, so the folder can be moved or sent.
        assert schema == (folder / "pdrs-rules.schema.json").resolve()
        shipped = ROOT / "pdrs_rules" / "schema" / "ruleset.schema.json"
        assert schema.read_bytes() == shipped.read_bytes()
        document = yaml.safe_load(text)
        assert document["extends"] == "sverdlovsk-base.yaml"
        assert document["locale"] == "ru"
        assert document["id"] == "myshkin-2026"
        assert document["title"] == "Мониторинг профессионального развития педагогов Мышкинского МО"
        # The base's parameters, repeated with its values so that a methodologist edits them here.
        assert document["parameters"]["federal_pk_target"] == {"default": 20}
        assert document["parameters"]["overload_limit"] == {"default": 25}
        assert (
            "# Целевая доля педагогов с персональным сопровождением ИОМ (в базовом наборе: 15%)"
            in text
        )
        assert "# Что изменить:" in text

    def test_facts_template(self, folder: Path) -> None:
        """The CSV has the code, name and period columns, then every fact's Russian column."""
        new(folder)
        raw = (folder / NEW[2]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads it as UTF-8
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        header, first, second = rows
        # sverdlovsk-base.yaml: entity columns, then its 14 facts' `column:` in file order.
        # The default period column is headed in Russian, and read back as the period.
        assert header[:4] == ["Код ОО", "Наименование ОО", "Период", "Педагогических работников"]
        assert header[-1] == "Нагрузка более 36 часов"
        assert len(header) == 3 + 14
        assert first[:4] == ["1", "Школа № 1 (пример)", "2022/2023", "20"]
        # pk_federal has max: teachers, so the first row takes half of 20 and the second all 40.
        assert first[header.index("ПК в рамках приоритетных федеральных программ")] == "10"
        assert second[header.index("ПК в рамках приоритетных федеральных программ")] == "40"

    def test_cases_expect_what_the_template_gives(self, folder: Path) -> None:
        """The template case expects, e.g., 10 of 20 teachers (50,0%) under the 80% target."""
        new(folder)
        cases = yaml.safe_load((folder / NEW[1]).read_text(encoding="utf-8"))
        template, no_data = cases["cases"]
        # young 10, young_covered 5 (half of young): 50,0% < 80% → warning; row 2: 100% → ok.
        assert template["expect"]["1"]["young_support_share"] == {
            "level": "warning",
            "display": "50,0%",
        }
        assert template["expect"]["2"]["young_support_share"] == {
            "level": "ok",
            "display": "100,0%",
        }
        # Every indicator of the base reads a fact, so an empty row gives nine data requests.
        indicators = pdrs_rules.load(folder / NEW[0]).indicators
        expected = {key: {"outcome": "no_data"} for key in indicators}
        assert len(expected) == 9
        assert no_data["expect"]["3"] == expected

    @pytest.mark.parametrize("base", SHIPPED)
    def test_every_shipped_ruleset_as_base(self, folder: Path, base: str) -> None:
        """Whatever shipped ruleset is the base, the scaffold checks and tests clean."""
        code, _, err = new(folder, base)
        assert (code, err) == (ExitCode.OK, "")
        assert_checks_and_tests_clean(folder / NEW[0])

    def test_base_in_a_subfolder(self, tmp_path: Path) -> None:
        """--dir above the base's folder: extends names the subfolder."""
        (tmp_path / "region").mkdir()
        shutil.copy(RULESETS / "sverdlovsk-base.yaml", tmp_path / "region" / "base.yaml")
        code, _, err = cli(
            "new", "--extends", str(tmp_path / "region" / "base.yaml"),
            "--id", "myshkin-2026", "--title", "Мышкин", "--dir", str(tmp_path),
        )  # fmt: skip
        assert (code, err) == (ExitCode.OK, "")
        assert (
            yaml.safe_load((tmp_path / NEW[0]).read_text("utf-8"))["extends"] == "region/base.yaml"
        )
        assert_checks_and_tests_clean(tmp_path / NEW[0])

    def test_every_fact_type(self, tmp_path: Path) -> None:
        """Booleans, texts, fractional bounds and a minimum above the example value all fit."""
        shutil.copy(VARIED, tmp_path / "varied.yaml")
        code, _, err = new(tmp_path, "varied")
        assert (code, err) == (ExitCode.OK, "")
        assert_checks_and_tests_clean(tmp_path / NEW[0])
        rows = list(
            csv.DictReader(io.StringIO((tmp_path / NEW[2]).read_text("utf-8-sig")), delimiter=";")
        )
        # Worked out from VARIED: rate is capped at 0.5, staff raised to its minimum 25, part
        # takes half (12) and then all (40) of staff; the flag is нет, then да.
        assert [list(r.values()) for r in rows] == [
            ["1", "Школа № 1 (пример)", "нет", "пример", "0,5", "25", "12"],
            ["2", "Школа № 2 (пример)", "да", "пример", "0,5", "40", "40"],
        ]
        assert list(rows[0]) == [
            "id", "name", "Модель наставничества", "Тип", "Ставка", "Штат", "Совместители"
        ]  # fmt: skip
        text = (tmp_path / NEW[0]).read_text("utf-8")
        assert "#         is: false" in text
        assert "#   part_share: null   # показатель не применяется" in text


class TestStandalone:
    def test_minimal_ruleset(self, tmp_path: Path) -> None:
        """Without --extends: one indicator, created with its folder, checks and tests clean."""
        target = tmp_path / "new-folder"
        code, _, err = cli("new", "--id", "solo", "--title", "Наставничество", "--dir", str(target))
        assert (code, err) == (ExitCode.OK, "")
        ruleset = pdrs_rules.load(target / "solo.yaml")
        assert list(ruleset.indicators) == ["mentored_share"]
        assert "extends" not in yaml.safe_load((target / "solo.yaml").read_text("utf-8"))
        assert_checks_and_tests_clean(target / "solo.yaml")

    def test_help_says_so(self) -> None:
        """The help of `new` says what happens without --extends."""
        _, out, _ = cli("new", "--help", "--lang", "en")
        assert "without --extends" in " ".join(out.lower().split())
        assert "minimal standalone ruleset with one indicator" in " ".join(out.split())
        _, out, _ = cli("new", "--help")
        assert "Без --extends — самостоятельный набор с одним показателем" in " ".join(out.split())

    def test_hostile_title_round_trips(self, tmp_path: Path) -> None:
        """Quotes, a colon, a hash and a backslash in the title stay text."""
        title = 'Мониторинг: «ИОМ» # "2026" \\ {school}'
        made = scaffold("solo", title, directory=tmp_path)
        assert made.ruleset.metadata.title == title


class TestRefusals:
    def test_existing_files_are_not_overwritten(self, folder: Path) -> None:
        """A second run lists every existing file, exits 3 and changes nothing."""
        new(folder)
        (folder / NEW[1]).write_text("# мои правки\n", encoding="utf-8")
        code, out, err = new(folder)
        assert (code, out) == (ExitCode.INVALID, "")
        assert err.splitlines() == [
            f"{folder / name}: file-exists: the file exists and was not overwritten; expected a "
            "new file (give --force to overwrite, or another --id or --dir)"
            for name in sorted(NEW)
        ]
        assert (folder / NEW[1]).read_text(encoding="utf-8") == "# мои правки\n"

    def test_force_overwrites(self, folder: Path) -> None:
        """--force writes the files again."""
        new(folder)
        (folder / NEW[1]).write_text("# мои правки\n", encoding="utf-8")
        code, _, err = new(folder, "sverdlovsk-base", "--force")
        assert (code, err) == (ExitCode.OK, "")
        assert (folder / NEW[1]).read_text(encoding="utf-8").startswith("# yaml-language-server")

    def test_base_name_as_id_even_with_force(self, folder: Path) -> None:
        """--id naming the base (or a base of its chain) never overwrites it, --force or not."""
        before = (folder / "sverdlovsk-base.yaml").read_bytes()
        for base in ("sverdlovsk-base", "sosva"):
            code, _, err = cli(
                "new", "--extends", str(folder / f"{base}.yaml"),
                "--id", "sverdlovsk-base", "--title", "Т", "--force",
            )  # fmt: skip
            assert code == ExitCode.INVALID
            assert err == (
                f"{folder / 'sverdlovsk-base.yaml'}: extends-cycle: the new ruleset would replace "
                "its own base; expected an --id other than the base's file name\n"
            )
        assert (folder / "sverdlovsk-base.yaml").read_bytes() == before

    def test_missing_base(self, tmp_path: Path) -> None:
        """A base that does not exist: extends-missing naming it, exit 3, nothing written."""
        code, _, err = new(tmp_path, "nope")
        assert code == ExitCode.INVALID
        assert err == (
            f"{tmp_path / 'nope.yaml'}: extends-missing: the base ruleset does not exist: "
            "expected a .yaml file\n"
        )
        assert list(tmp_path.iterdir()) == []

    def test_base_outside_the_folder(self, folder: Path, tmp_path: Path) -> None:
        """--dir that does not hold the base: extends-refused saying why and what to do."""
        elsewhere = tmp_path / "elsewhere"
        code, _, err = new(folder, "sverdlovsk-base", "--dir", str(elsewhere))
        assert code == ExitCode.INVALID
        assert err.startswith(f"{folder / 'sverdlovsk-base.yaml'}: extends-refused: the base is")
        assert "leave out --dir to write beside the base, or copy the base there" in err
        assert not elsewhere.exists()

    def test_base_that_is_not_yaml(self, folder: Path) -> None:
        """A base that is not a .yaml file is refused before it is read."""
        code, _, err = cli(
            "new", "--extends", str(folder / "sosva.cases.yaml.txt"), "--id", "x", "--title", "Т"
        )
        assert code == ExitCode.INVALID
        assert "extends-refused: the base is not a .yaml or .yml ruleset file" in err

    def test_invalid_base(self, tmp_path: Path) -> None:
        """A base that does not load: its own errors, exit 3, nothing written."""
        (tmp_path / "base.yaml").write_text("format: pdrs-rules/1\nid: b\n", encoding="utf-8")
        code, _, err = new(tmp_path, "base")
        assert code == ExitCode.INVALID
        assert f"{tmp_path / 'base.yaml'}:" in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["base.yaml"]

    @pytest.mark.parametrize("ident", ["Myshkin", "_x", "мышкин", "a/b", "", "a" * 101])
    def test_bad_id(self, tmp_path: Path, ident: str) -> None:
        """An id the format refuses (it also names the files) is a usage error."""
        code, _, err = cli("new", "--id", ident, "--title", "Т", "--dir", str(tmp_path))
        assert code == ExitCode.USAGE
        assert err.startswith(f"pdrs-rules new: error: the id {ident!r} is not a ruleset id")
        assert list(tmp_path.iterdir()) == []

    def test_empty_title(self, tmp_path: Path) -> None:
        """A blank title is a usage error."""
        code, _, err = cli("new", "--id", "x", "--title", "  ", "--dir", str(tmp_path))
        assert code == ExitCode.USAGE
        assert (
            err
            == "pdrs-rules new: error: the title is empty: expected the title of the monitoring\n"
        )

    def test_usage_errors_in_russian(self, tmp_path: Path) -> None:
        """With --lang ru the id and title mistakes are told in Russian."""
        code, _, err = cli("--lang", "ru", "new", "--id", "Мышкин", "--title", "Т")
        assert code == ExitCode.USAGE
        assert err.startswith(
            "pdrs-rules new: ошибка: 'Мышкин' не подходит как id набора правил: нужны строчные "
        )
        code, _, err = cli(
            "new", "--id", "x", "--title", " ", "--dir", str(tmp_path), "--lang", "ru"
        )
        assert err == "pdrs-rules new: ошибка: пустое название: укажите название мониторинга\n"
        assert list(tmp_path.iterdir()) == []
