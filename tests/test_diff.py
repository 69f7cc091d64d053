"""Impact diff: ``diff_rulesets`` and ``pdrs-rules diff`` between two versions of a ruleset."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules.cli import ExitCode, run

OLD = """\
format: pdrs-rules/1
id: staff
title: Кадры
version: "1.0"
period: 2023/2024
facts:
  teachers: {title: Всего педагогов, type: integer, min: 0}
  diagnosed: {title: Прошли диагностику, type: integer, min: 0}
  contests: {title: Участники конкурсов, type: integer, min: 0}
parameters:
  target: {title: Целевая доля, default: 30, unit: "%"}
indicators:
  diag_share:
    title: Доля прошедших диагностику
    formula: share(diagnosed, teachers)
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: target
        points: 0
        recommendations:
          - {to: school_head, text: "Обеспечить диагностику ({value})."}
      - {level: ok, at_least: target, points: 1}
  contests_share:
    title: Доля участников конкурсов
    formula: share(contests, teachers)
    unit: "%"
    bands:
      - {level: ok, at_least: 0}
"""
FACTS = """\
id,name,teachers,diagnosed,contests
001,Школа № 1,50,14,5
002,Школа № 2,50,17,5
003,Школа № 3,40,20,4
004,Школа № 4,0,0,0
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _diff(tmp_path: Path, new: str, *args: str, old: str = OLD) -> tuple[int, str, str]:
    paths = [
        _write(tmp_path, "old.yaml", old),
        _write(tmp_path, "new.yaml", new),
        _write(tmp_path, "facts.csv", FACTS),
    ]
    out, err = io.StringIO(), io.StringIO()
    code = run(["diff", *paths, *args], out, err)
    return code, out.getvalue(), err.getvalue()


def _api(tmp_path: Path, new: str, **options: float) -> pdrs_rules.RulesetDiff:
    old_rs = pdrs_rules.loads(OLD, file="old.yaml")
    new_rs = pdrs_rules.loads(new, file="new.yaml")
    return pdrs_rules.diff_rulesets(old_rs, new_rs, _write(tmp_path, "facts.csv", FACTS), **options)


class TestDiffRulesets:
    def test_same_ruleset_has_no_differences(self, tmp_path: Path) -> None:
        """A ruleset compared with itself differs nowhere."""
        result = _api(tmp_path, OLD)
        assert not result.differs
        assert result.changes == ()
        assert {i.status for i in result.indicators} == {"same"}
        assert result.schools == 4

    def test_threshold_change_moves_schools(self, tmp_path: Path) -> None:
        """Lowering the target from 30 to 28 lifts school 001 (28%) from warning to ok."""
        result = _api(tmp_path, OLD.replace("default: 30", "default: 28"))
        moved = [(c.school_id, c.old.level, c.new.level) for c in result.changes]
        assert moved == [("001", "warning", "ok")]
        (change,) = result.changes
        assert change.fields == ("level", "points", "recommendations")
        assert (change.old.points, change.new.points) == (0, 1)
        assert [r.text for r in change.removed] == ["Обеспечить диагностику (28,0%)."]
        assert change.added == ()
        summary = result.indicators[0]
        assert (summary.indicator, summary.status, summary.changed) == ("diag_share", "changed", 1)
        assert summary.counts["level"] == 1
        assert summary.counts["value"] == 0

    def test_text_change(self, tmp_path: Path) -> None:
        """A reworded recommendation is one text removed and one added, level unchanged."""
        new = OLD.replace("Обеспечить диагностику", "Организовать диагностику")
        result = _api(tmp_path, new)
        assert [c.school_id for c in result.changes] == ["001"]
        (change,) = result.changes
        assert change.fields == ("recommendations",)
        assert [r.text for r in change.added] == ["Организовать диагностику (28,0%)."]
        assert [r.text for r in change.removed] == ["Обеспечить диагностику (28,0%)."]

    def test_points_change(self, tmp_path: Path) -> None:
        """Changing the points of the ok band changes points for the schools in it only."""
        result = _api(tmp_path, OLD.replace("points: 1}", "points: 2}"))
        assert [(c.school_id, c.fields) for c in result.changes] == [
            ("002", ("points",)),
            ("003", ("points",)),
        ]

    def test_indicator_added_and_removed(self, tmp_path: Path) -> None:
        """Renaming an indicator shows one removed and one added, with no per-school noise."""
        result = _api(tmp_path, OLD.replace("contests_share:", "contest_share:"))
        assert result.added_indicators == ("contest_share",)
        assert result.removed_indicators == ("contests_share",)
        assert result.changes == ()
        assert result.differs

    def test_near_threshold_count(self, tmp_path: Path) -> None:
        """Schools at 28% and 34% are near 30% with near=4, none with the default 1."""
        default = _api(tmp_path, OLD)
        wide = _api(tmp_path, OLD, near=4)
        assert default.indicators[0].near == ()
        assert default.near == 1.0
        assert wide.indicators[0].near == ("001", "002")
        assert wide.indicators[0].thresholds == (30.0,)
        # The only bound of contests_share is the edge of its domain: not a threshold.
        assert wide.indicators[1].thresholds == ()
        assert wide.indicators[1].near == ()

    def test_near_is_inclusive(self, tmp_path: Path) -> None:
        """A value exactly near away from the threshold counts (28% with near 2)."""
        assert _api(tmp_path, OLD, near=2).indicators[0].near == ("001",)

    def test_negative_near_is_refused(self, tmp_path: Path) -> None:
        """A negative distance is a ValueError naming the value."""
        with pytest.raises(ValueError, match="near must be a number of at least 0, got -1"):
            _api(tmp_path, OLD, near=-1)

    def test_rows_are_read_once(self) -> None:
        """Rows given as a generator are evaluated by both versions alike."""
        old_rs = pdrs_rules.loads(OLD)
        new_rs = pdrs_rules.loads(OLD.replace("default: 30", "default: 28"))
        rows = ({"id": i, "teachers": 50, "diagnosed": 14, "contests": 0} for i in ["a"])
        result = pdrs_rules.diff_rulesets(old_rs, new_rs, rows)
        assert [c.school_id for c in result.changes] == ["a"]


class TestDiffCommand:
    def test_no_differences_exit_0(self, tmp_path: Path) -> None:
        """The same ruleset twice: exit 0 and «различий нет»."""
        code, out, err = _diff(tmp_path, OLD)
        assert (code, err) == (ExitCode.OK, "")
        assert out.endswith("Итого: различий нет.\n")

    def test_differences_exit_1_with_russian_numbers(self, tmp_path: Path) -> None:
        """Differences exit 1; the text uses decimal commas and level titles."""
        code, out, _ = _diff(tmp_path, OLD.replace("default: 30", "default: 28"), "--near", "2,5")
        assert code == ExitCode.FINDINGS
        assert "Школа № 1 (код 001, 2023/2024)" in out
        assert "  Доля прошедших диагностику: 28,0%; уровень: требует внимания → норма" in out
        assert "    − руководитель ОО: Обеспечить диагностику (28,0%)." in out
        assert "у порога (±2,5 п. п. от 28%): 1 ОО" in out
        assert "изменения у 1 ОО: уровень 1, баллы 1, тексты 1" in out
        assert out.endswith(
            "Итого: изменения у 1 ОО по 1 показателю; показателей добавлено 0, удалено 0.\n"
        )

    def test_json_format(self, tmp_path: Path) -> None:
        """--format json gives the diff document with changes and summaries."""
        code, out, _ = _diff(tmp_path, OLD.replace("points: 1}", "points: 2}"), "--format", "json")
        data = json.loads(out)
        assert code == ExitCode.FINDINGS
        assert data["format"] == "pdrs-rules/diff/1"
        assert data["differs"] is True
        assert [c["school_id"] for c in data["changes"]] == ["002", "003"]
        assert data["changes"][0]["old"]["points"] == 1
        assert data["changes"][0]["new"]["points"] == 2
        assert data["indicators"][0]["near"] == {"count": 0, "schools": []}
        assert data["indicators"][0]["counts"]["points"] == 2

    def test_added_indicator_in_text(self, tmp_path: Path) -> None:
        """Added and removed indicators are listed with their titles."""
        code, out, _ = _diff(tmp_path, OLD.replace("contests_share:", "contest_share:"))
        assert code == ExitCode.FINDINGS
        assert "Добавлены показатели: contest_share (Доля участников конкурсов)" in out
        assert "Удалены показатели: contests_share (Доля участников конкурсов)" in out

    @pytest.mark.parametrize("near", ["-1", "abc", "inf"])
    def test_bad_near_is_usage_error(self, tmp_path: Path, near: str) -> None:
        """--near takes a finite number of at least 0; anything else exits 2."""
        code, out, err = _diff(tmp_path, OLD, "--near", near)
        assert (code, out) == (ExitCode.USAGE, "")
        assert "--near" in err

    def test_invalid_ruleset_exit_3(self, tmp_path: Path) -> None:
        """A broken NEW ruleset exits 3 with its problems on standard error."""
        code, out, err = _diff(tmp_path, OLD.replace("share(diagnosed, teachers)", "share(x)"))
        assert (code, out) == (ExitCode.INVALID, "")
        assert "new.yaml:" in err

    def test_missing_facts_file_exit_3(self, tmp_path: Path) -> None:
        """A facts file that does not exist exits 3."""
        old = _write(tmp_path, "old.yaml", OLD)
        out, err = io.StringIO(), io.StringIO()
        code = run(["diff", old, old, str(tmp_path / "nope.csv")], out, err)
        assert code == ExitCode.INVALID
        assert "nope.csv" in err.getvalue()
