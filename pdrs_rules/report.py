"""REPORT: the findings of one run, and pure renderers to JSON, text and CSV with a stable order."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

import attrs

from ._model import BandRef, Finding, Outcome, ParamValue, Recommendation
from .errors import Diagnostic

__all__ = ["FORMAT", "Report", "RulesetInfo"]

#: The identifier of the findings document format; bumped on incompatible changes.
FORMAT = "pdrs-rules/findings/1"


def _pairs(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(map(tuple, value))  # type: ignore[arg-type]


@attrs.frozen
class RulesetInfo:
    """What a report was computed with: the ruleset's identity and the titles renderers show."""

    id: str
    version: str
    title: str = ""
    period: str = ""
    #: (indicator id, title) in the author's order.
    indicators: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    #: (level id, title) from worst to best.
    levels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)


def _params(value: Mapping[str, ParamValue]) -> Mapping[str, ParamValue]:
    return dict(sorted(value.items()))


@attrs.frozen
class Report:
    """Findings for every school × indicator, sorted by period, school and indicator order."""

    ruleset: RulesetInfo
    parameters: Mapping[str, ParamValue] = attrs.field(factory=dict, converter=_params, hash=False)
    findings: tuple[Finding, ...] = ()
    #: Warnings met while reading the facts (unknown columns, values out of bounds).
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)

    def counts(self) -> dict[str, int]:
        """How many findings have each outcome, and each level among the evaluated ones."""
        counter: Counter[str] = Counter(f.outcome.value for f in self.findings)
        counter.update(f"level:{f.level}" for f in self.findings if f.level)
        return dict(sorted(counter.items()))

    def worst_rank(self, level_ids: list[str]) -> int | None:
        """The rank (0 = worst) of the worst level reached, or None if no finding has a level."""
        ranks = [level_ids.index(f.level) for f in self.findings if f.level in level_ids]
        return min(ranks) if ranks else None

    # -- JSON ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (see docs/findings.md)."""
        return {
            "format": FORMAT,
            "ruleset": {
                "id": self.ruleset.id,
                "version": self.ruleset.version,
                "title": self.ruleset.title,
                "period": self.ruleset.period,
                "indicators": [{"id": i, "title": t} for i, t in self.ruleset.indicators],
                "levels": [{"id": i, "title": t} for i, t in self.ruleset.levels],
            },
            "parameters": dict(self.parameters),
            "findings": [finding_to_dict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        """Stable JSON: sorted keys, UTF-8 text, two-space indent."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report from :meth:`to_dict` output."""
        if data.get("format") != FORMAT:
            raise ValueError(
                f"not a pdrs-rules findings document: format is "
                f"{data.get('format')!r}, expected {FORMAT!r}"
            )
        info = data["ruleset"]
        return cls(
            ruleset=RulesetInfo(
                id=info["id"],
                version=info["version"],
                title=info.get("title", ""),
                period=info.get("period", ""),
                indicators=tuple((i["id"], i["title"]) for i in info.get("indicators", [])),
                levels=tuple((i["id"], i["title"]) for i in info.get("levels", [])),
            ),
            parameters=data.get("parameters", {}),
            findings=tuple(finding_from_dict(f) for f in data.get("findings", [])),
        )

    @classmethod
    def from_json(cls, text: str) -> Report:
        """Rebuild a report from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))

    # -- text ------------------------------------------------------------------------------------

    def to_text(self) -> str:
        """A plain Russian text report, one block per school."""
        titles = dict(self.ruleset.indicators)
        levels = dict(self.ruleset.levels)
        lines = [f"{self.ruleset.title} ({self.ruleset.id} {self.ruleset.version})"]
        if self.ruleset.period:
            lines.append(f"Период: {self.ruleset.period}")
        current: tuple[str, str] | None = None
        for finding in self.findings:
            key = (finding.period, finding.school_id)
            if key != current:
                current = key
                lines += ["", f"{finding.school_name} (код {finding.school_id}, {finding.period})"]
            title = titles.get(finding.indicator, finding.indicator)
            status = levels.get(finding.level, finding.level) if finding.level else ""
            line = f"  {title}: {finding.display}"
            if status:
                line += f" — {status}"
            if finding.reason:
                line += f" ({finding.reason})"
            lines.append(line)
            lines.extend(f"    → {rec.to_title}: {rec.text}" for rec in finding.recommendations)
        counts = self.counts()
        lines += ["", "Итого: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
        return "\n".join(lines) + "\n"

    # -- CSV -------------------------------------------------------------------------------------

    def to_csv(self) -> str:
        """One row per finding; text cells are neutralised against spreadsheet formula injection."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for f in self.findings:
            band = f.band
            writer.writerow(
                [
                    _cell(f.ruleset_id),
                    _cell(f.ruleset_version),
                    _cell(f.period),
                    _cell(f.school_id),
                    _cell(f.school_name),
                    _cell(f.indicator),
                    f.outcome.value,
                    _number(f.value),
                    _cell(f.display),
                    f.level or "",
                    _number(f.points),
                    _number(band.lower if band else None),
                    _number(band.upper if band else None),
                    _cell(" | ".join(f"{r.to_title}: {r.text}" for r in f.recommendations)),
                    _cell(f.explanation),
                    _cell(f.reason),
                ]
            )
        return out.getvalue()


CSV_COLUMNS = (
    "ruleset_id",
    "ruleset_version",
    "period",
    "school_id",
    "school_name",
    "indicator",
    "outcome",
    "value",
    "display",
    "level",
    "points",
    "band_lower",
    "band_upper",
    "recommendations",
    "explanation",
    "reason",
)


def _cell(text: str) -> str:
    # A cell starting with one of these is run as a formula by spreadsheet programs.
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _number(value: float | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data."""
    return {
        "ruleset_id": finding.ruleset_id,
        "ruleset_version": finding.ruleset_version,
        "school_id": finding.school_id,
        "school_name": finding.school_name,
        "period": finding.period,
        "indicator": finding.indicator,
        "outcome": finding.outcome.value,
        "value": finding.value,
        "display": finding.display,
        "level": finding.level,
        "points": finding.points,
        "band": attrs.asdict(finding.band) if finding.band else None,
        "recommendations": [attrs.asdict(r) for r in finding.recommendations],
        "explanation": finding.explanation,
        "reason": finding.reason,
    }


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    """Rebuild a finding from :func:`finding_to_dict` output."""
    band = data.get("band")
    return Finding(
        ruleset_id=data["ruleset_id"],
        ruleset_version=data["ruleset_version"],
        school_id=data["school_id"],
        school_name=data["school_name"],
        period=data["period"],
        indicator=data["indicator"],
        outcome=Outcome(data["outcome"]),
        value=data.get("value"),
        display=data.get("display", ""),
        level=data.get("level"),
        points=data.get("points"),
        band=BandRef(**band) if band else None,
        recommendations=tuple(Recommendation(**r) for r in data.get("recommendations", [])),
        explanation=data.get("explanation", ""),
        reason=data.get("reason", ""),
    )
