"""Tests for iter_facts: two passes, every problem before the first school, schools as read."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from pdrs_rules._facts import _keys as _facts_keys
from pdrs_rules._facts._table import FactsStream, iter_facts, load_facts
from pdrs_rules.errors import FactsInvalid
from tests.test_facts import ENTITY, FACTS, HEADER, csv_file

GOOD_CSV = csv_file(
    "023;Гимназия;10;2",
    "024;Лицей;5;",
    "025;;0;0",
)
GOOD_JSON = (
    '[{"Код ОО": "1", "Разработали ИОМ": 3, "Уволено": 1},\n'
    ' {"Код ОО": "2", "Наименование ОО": "Школа", "Разработали ИОМ": 4, "Уволено": 0}]\n'
)
GOOD_YAML = "- {Код ОО: '1', Разработали ИОМ: 3, Уволено: 1}\n- {Код ОО: '2', Разработали ИОМ: 4}\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write a facts file into the test's folder and return its path."""
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def loaded_problems(path: Path) -> list[str]:
    """The problems load_facts reports for a file that must be invalid."""
    with pytest.raises(FactsInvalid) as caught:
        load_facts(path, FACTS, ENTITY)
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("f.csv", GOOD_CSV),
        ("f.csv", b"\xef\xbb\xbf" + GOOD_CSV.encode()),
        ("f.csv", "sep=;\r\n" + GOOD_CSV.replace("\n", "\r\n")),
        ("f.csv", GOOD_CSV.replace(";", ",")),
        ("f.txt", codecs.BOM_UTF16_LE + GOOD_CSV.replace(";", "\t").encode("utf-16-le")),
        ("f.csv", GOOD_CSV.encode("cp1251")),
        ("f.json", GOOD_JSON),
        ("f.yaml", GOOD_YAML),
    ],
)
def test_streams_the_schools_load_facts_reads(tmp_path: Path, name: str, content: str) -> None:
    """iter_facts yields the same schools, in the same order, as load_facts holds."""
    path = write(tmp_path, name, content)
    table = load_facts(path, FACTS, ENTITY)
    stream = iter_facts(path, FACTS, ENTITY)
    assert isinstance(stream, FactsStream)
    assert list(stream) == list(table.schools)
    assert stream.warnings == table.warnings


def test_bad_file_raises_every_problem_before_any_school(tmp_path: Path) -> None:
    """A bad row anywhere raises the same FactsInvalid as load_facts, at the call."""
    path = write(tmp_path, "f.csv", csv_file("1;A;3;1", "2;B;xy;1", "3;C;1;5"))
    expected = loaded_problems(path)
    assert len(expected) == 2
    with pytest.raises(FactsInvalid) as caught:
        iter_facts(path, FACTS, ENTITY)
    assert [str(d) for d in caught.value.diagnostics] == expected


def test_duplicate_schools_are_found(tmp_path: Path) -> None:
    """Duplicate (period, id) keys are reported with both lines, as load_facts reports them."""
    text = "Код ОО;Период;Разработали ИОМ;Уволено\n1;2023;3;1\n1;2024;3;1\n1;2023;4;1\n"
    path = write(tmp_path, "f.csv", text)
    expected = loaded_problems(path)
    assert expected == [
        (
            f"{path}:4: duplicate-school: school '1' appears twice in period '2023': "
            "line 2 and line 4; keep one row per school"
        )
    ]
    with pytest.raises(FactsInvalid) as caught:
        iter_facts(path, FACTS, ENTITY)
    assert [str(d) for d in caught.value.diagnostics] == expected


def test_duplicate_schools_in_a_document_are_found(tmp_path: Path) -> None:
    """In JSON the duplicate's message names both items and their lines."""
    path = write(tmp_path, "f.json", GOOD_JSON.replace('"Код ОО": "2"', '"Код ОО": "1"'))
    expected = loaded_problems(path)
    assert "$[0] (line 1) and $[1] (line 2)" in expected[0]
    with pytest.raises(FactsInvalid) as caught:
        iter_facts(path, FACTS, ENTITY)
    assert [str(d) for d in caught.value.diagnostics] == expected


def test_warnings_come_from_the_first_pass(tmp_path: Path) -> None:
    """Warnings (a column without a header) are known before the first school is asked for."""
    path = write(tmp_path, "f.csv", f"{HEADER};\n1;A;3;1;stray\n")
    stream = iter_facts(path, FACTS, ENTITY)
    assert [w.code for w in stream.warnings] == ["unknown-column"]
    assert [school.id for school in stream] == ["1"]


def test_unreadable_encoding_is_reported_as_load_facts_does(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor cp1251 give the same encoding error."""
    path = write(tmp_path, "f.csv", GOOD_CSV.encode() + b"\x98\xff\n")
    expected = loaded_problems(path)
    with pytest.raises(FactsInvalid) as caught:
        iter_facts(path, FACTS, ENTITY)
    assert [str(d) for d in caught.value.diagnostics] == expected


def codes_of(caught: pytest.ExceptionInfo[FactsInvalid]) -> list[str]:
    """The codes of every problem a FactsInvalid lists."""
    return [d.code for d in caught.value.diagnostics]


def test_file_changed_between_passes_is_refused(tmp_path: Path) -> None:
    """A file whose size changed after the first pass raises changed-during-read."""
    path = write(tmp_path, "f.csv", GOOD_CSV)
    stream = iter_facts(path, FACTS, ENTITY)
    path.write_text(GOOD_CSV + "026;Новая;1;0\n", encoding="utf-8")
    with pytest.raises(FactsInvalid) as caught:
        next(stream)
    assert codes_of(caught) == ["changed-during-read"]
    assert "changed while it was being read" in str(caught.value.diagnostics[0])


def test_file_touched_between_passes_is_refused(tmp_path: Path) -> None:
    """A new modification time alone, with the same size, is a change too."""
    path = write(tmp_path, "f.csv", GOOD_CSV)
    stream = iter_facts(path, FACTS, ENTITY)
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    with pytest.raises(FactsInvalid) as caught:
        list(stream)
    assert codes_of(caught) == ["changed-during-read"]


def test_rows_gone_bad_in_the_second_pass_are_refused(tmp_path: Path) -> None:
    """A change the stamp misses still never yields a row the first pass did not check."""
    path = write(tmp_path, "f.csv", GOOD_CSV)
    status = path.stat()
    stream = iter_facts(path, FACTS, ENTITY)
    path.write_text(GOOD_CSV.replace(";10;", ";xy;"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    with pytest.raises(FactsInvalid) as caught:
        list(stream)
    assert codes_of(caught) == ["changed-during-read"]


def test_many_duplicates_among_other_problems_match_load_facts(tmp_path: Path) -> None:
    """Duplicates found from fingerprints give load_facts's messages, locations and order."""
    rows = [f"{i % 7};Школа {i};{i};0" for i in range(20)]
    rows[5] = "5;Школа;xy;0"
    rows.append("1000;Последняя;1;0")
    rows.append("1000;Последняя;2;0")
    path = write(tmp_path, "f.csv", csv_file(*rows))
    expected = loaded_problems(path)
    assert sum("duplicate-school" in problem for problem in expected) == 14
    with pytest.raises(FactsInvalid) as caught:
        iter_facts(path, FACTS, ENTITY)
    assert [str(d) for d in caught.value.diagnostics] == expected
    assert [d.location for d in caught.value.diagnostics] == [
        d.location for d in _loaded(path).diagnostics
    ]


def test_fingerprint_collisions_are_not_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys with one fingerprint but different ids are checked exactly and pass."""
    monkeypatch.setattr(_facts_keys, "fingerprint", lambda *_: 7)
    path = write(tmp_path, "f.csv", GOOD_CSV)
    assert list(iter_facts(path, FACTS, ENTITY)) == list(load_facts(path, FACTS, ENTITY).schools)


def test_cp1251_file_streams_the_same_schools(tmp_path: Path) -> None:
    """A cp1251 file whose first non-UTF-8 byte is past the first chunk streams as load_facts."""
    long_name = "School " + "x" * 200
    rows = [f"{i};{long_name} {i};{i};0" for i in range(6000)]
    rows.append("6000;Гимназия №1;3;1")
    path = write(tmp_path, "f.csv", csv_file(*rows).encode("cp1251"))
    assert path.stat().st_size > 1 << 20
    table = load_facts(path, FACTS, ENTITY)
    schools = list(iter_facts(path, FACTS, ENTITY))
    assert schools == list(table.schools)
    assert schools[-1].name == "Гимназия №1"


def _loaded(path: Path) -> FactsInvalid:
    """The FactsInvalid load_facts raises for a file that must be invalid."""
    with pytest.raises(FactsInvalid) as caught:
        load_facts(path, FACTS, ENTITY)
    return caught.value
