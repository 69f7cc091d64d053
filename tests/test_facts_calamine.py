"""Facts from .xls and .ods workbooks, read with python-calamine under the rules of every sheet."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from pdrs_rules._facts._formats import _xlsx as _facts_xlsx
from pdrs_rules._facts._table import load_facts
from pdrs_rules.cli import ExitCode, run
from tests.test_facts import ENTITY, FACTS, facts, problems, read

FILES = Path(__file__).parent / "facts_files"


@pytest.mark.parametrize("name", ["facts.xls", "facts.ods"])
class TestOldWorkbooks:
    def test_schools_as_from_an_xlsx(self, name: str) -> None:
        """Title row, merged two-row header, totals and footer rows: the same three schools."""
        table = load_facts(FILES / name, FACTS, ENTITY)
        assert [(s.id, s.name) for s in table.schools] == [
            ("023", "Гимназия № 1"),
            ("024", "СОШ № 2"),
            ("25", "СОШ № 3"),
        ]
        # «12» stored as text is read like a CSV cell, «-» is 0 by the default markers.
        assert [s.facts for s in table.schools] == [facts(12, 2), facts(12, 0), facts(7, 1)]
        assert [w.code for w in table.warnings] == [
            "title-rows",
            "cell-marker",
            "totals-row",
            "footer-row",
        ]
        assert str(table.warnings[2]).startswith(
            f"{FILES / name}:7: totals-row: warning: row 7 of sheet Данные is a totals row"
        )

    def test_a_named_sheet(self, name: str) -> None:
        """--sheet picks a sheet by name, ignoring case; an unknown one lists the sheets."""
        data = (FILES / name).read_bytes()
        fmt = name.rpartition(".")[2]
        assert len(read(data, fmt, sheet="данные").schools) == 3  # type: ignore[arg-type]
        expected = [
            (
                f'f.{fmt}: unknown-sheet: the workbook has no sheet "Итоги"; expected one of '
                '"Данные", "Другой"'
            )
        ]
        assert expected == problems(data, fmt, sheet="Итоги")  # type: ignore[arg-type]

    def test_without_the_extra(self, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without python-calamine the file is refused, naming the pip command."""
        monkeypatch.setitem(sys.modules, "python_calamine", None)
        fmt = name.rpartition(".")[2]
        expected = [
            (
                f"f.{fmt}: missing-extra: reading .{fmt} files needs the python-calamine package; "
                "expected it installed: pip install 'pdrs-rules[xls]'"
            )
        ]
        assert expected == problems((FILES / name).read_bytes(), fmt)  # type: ignore[arg-type]

    def test_evaluate_reads_it(self, name: str, tmp_path: Path) -> None:
        """`evaluate` takes the file by its extension."""
        ruleset = tmp_path / "r.yaml"
        ruleset.write_text(
            "format: pdrs-rules/1\nid: r\ntitle: R\nversion: '1'\n"
            "entity: {id_column: Код ОО, name_column: Наименование ОО}\n"
            "facts:\n  developed: {title: D, type: integer, column: Разработали ИОМ}\n"
            "indicators:\n  d: {title: D, formula: developed, unit: count, bands: [{level: ok}]}\n",
            encoding="utf-8",
        )
        out, err = io.StringIO(), io.StringIO()
        code = run(["evaluate", str(ruleset), str(FILES / name), "--format", "csv", "-q"], out, err)
        assert (code, err.getvalue()) == (ExitCode.OK, "")
        assert len(out.getvalue().splitlines()) == 4  # the header and three schools


class TestBroken:
    @pytest.mark.parametrize("fmt", ["xls", "ods"])
    def test_not_a_workbook(self, fmt: str) -> None:
        """Bytes that are not a workbook are a syntax error naming the format."""
        found = problems(b"not a workbook at all", fmt)  # type: ignore[arg-type]
        assert len(found) == 1
        assert f"syntax: not a valid .{fmt} workbook" in found[0]

    def test_an_ods_zip_bomb_is_refused_unread(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An .ods whose parts unpack past the limit (1 MB here) is refused before parsing."""
        monkeypatch.setattr(_facts_xlsx, "MAX_UNPACKED", 1024 * 1024)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("content.xml", b"<" + b" " * (2 * 1024 * 1024))
        found = problems(buffer.getvalue(), "ods")
        assert found == ["f.ods: too-large: the workbook unpacks to 2.0 MB; the limit is 1 MB"]
