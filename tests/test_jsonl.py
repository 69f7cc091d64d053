"""Tests for the JSON Lines fast path: finding_to_dict's key order and the reused encoder."""

from __future__ import annotations

import json
import math

import attrs

from pdrs_rules._model import BandRef, Finding, Outcome, Recommendation
from pdrs_rules.cli._evaluate import line_encoder as _line_encoder
from pdrs_rules.report import finding_to_dict

FINDING = Finding(
    ruleset_id="r",
    ruleset_version="1",
    school_id="023",
    school_name="Гимназия «№ 5»",
    period="2023",
    indicator="share",
    outcome=Outcome.EVALUATED,
    value=33.3,
    display="33,3 %",
    level="low",
    points=1.5,
    band=BandRef(index=0, lower=None, upper=50.0, equals=None),
    recommendations=(Recommendation("school", "Школа", 'Текст с "кавычками"\tи табом'),),
    explanation="100 * a / b = 33,3 %",
)


def test_finding_to_dict_matches_attrs_asdict() -> None:
    """The hand-written dict holds what attrs.asdict of its parts held."""
    data = finding_to_dict(FINDING)
    assert data["band"] == attrs.asdict(FINDING.band)
    assert data["recommendations"] == [attrs.asdict(r) for r in FINDING.recommendations]
    assert data["outcome"] == "evaluated"
    assert set(data) == {f.name for f in attrs.fields(Finding)}


def test_finding_to_dict_keys_are_sorted_at_every_level() -> None:
    """Keys come sorted, so the JSON Lines encoder need not sort them again."""
    data = finding_to_dict(FINDING)
    assert list(data) == sorted(data)
    assert list(data["band"]) == sorted(data["band"])
    assert all(list(r) == sorted(r) for r in data["recommendations"])


def test_line_encoder_writes_what_json_dumps_writes() -> None:
    """The reused encoder gives json.dumps(ensure_ascii=False, sort_keys=True) byte for byte."""
    encode = _line_encoder()
    for finding in (FINDING, attrs.evolve(FINDING, band=None, value=math.inf, points=None)):
        data = finding_to_dict(finding)
        assert encode(data) == json.dumps(data, ensure_ascii=False, sort_keys=True)
