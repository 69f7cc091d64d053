"""Tests for iter_facts: two passes, every problem before the first school, schools as read."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pdrs_rules._facts import FactsStream, iter_facts, load_facts
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
    path = write(tmp_path, "f.csv", csv_file("1;A;3;1", "2;B;x;1", "3;C;1;5"))
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
