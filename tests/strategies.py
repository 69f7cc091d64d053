"""Hypothesis strategies: valid rulesets as YAML text, with facts rows that fit them.

The rulesets are built as Python dicts and dumped with ``yaml.safe_dump``; the dict is kept
next to the text so that tests can check results against the declaration itself rather than
against the library's compiled model.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

LEVELS = ("critical", "warning", "ok", "good")
FACT_TITLES = (
    "Всего педагогов",
    "Педагоги, прошедшие курсы повышения квалификации",
    "Молодые педагоги (стаж 0–3 года)",
    "Педагоги с наставником",
    "Участники профессиональных конкурсов",
    "Аттестованы на первую или высшую категорию",
    "Вакансии",
)
PARAMETER_TITLES = ("Целевая доля участников конкурсов", "Допустимая доля вакансий")
INDICATOR_TITLES = (
    "Доля педагогов, прошедших курсы",
    "Доля молодых педагогов с наставником",
    "Укомплектованность кадрами",
    "Показатель «Методическая работа»",
)
SCHOOL_NAMES = ("МБОУ-СОШ № 2", "МБОУ гимназия № 1", "МАОУ лицей «Эрудит»", "Школа")
#: Facts shared by the rulesets below; ``flag`` is the boolean one.
BOOLEAN_FACT = "flag"
#: The widest domain a ruleset can declare (its numbers are within ±1e15), so that values are
#: not all out_of_range.
WIDE_DOMAIN = {"min": -1e15, "max": 1e15}
_DEFAULT_DOMAIN = {"%": (0.0, 100.0), "count": (0.0, None)}


@attrs.frozen
class FactDecl:
    """A generated fact: its name, type and lower bound, and values worth hitting exactly."""

    name: str
    type: str
    minimum: float | None = None
    interesting: tuple[float, ...] = ()


@attrs.frozen
class GeneratedRuleset:
    """A generated ruleset: the YAML text, the dict it was dumped from, and its facts."""

    text: str
    data: dict[str, Any]
    facts: tuple[FactDecl, ...]

    @property
    def parameters(self) -> dict[str, float]:
        """Parameter defaults by name."""
        return {name: p["default"] for name, p in self.data.get("parameters", {}).items()}


def dump(data: Mapping[str, Any]) -> str:
    """The YAML text of a ruleset dict."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False)


def domain_of(indicator: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """The (min, max) domain of an indicator declaration, with the unit's default."""
    low, high = _DEFAULT_DOMAIN.get(indicator["unit"], (None, None))
    domain = indicator.get("domain", {})
    return domain.get("min", low), domain.get("max", high)


# -- formulas ---------------------------------------------------------------------------------

_LITERALS = ("0", "1", "2", "3", "10", "50", "100", "0.5", "2.5", "33.3", "0.1")


@st.composite
def numeric_formulas(
    draw: st.DrawFn, names: Sequence[str], booleans: Sequence[str], depth: int = 3
) -> str:
    """A numeric formula over ``names`` (numeric) and ``booleans`` (for conditions)."""
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        leaves = [st.sampled_from(_LITERALS), st.integers(0, 100).map(str)]
        if names:
            leaves = [st.sampled_from(names), st.sampled_from(names), *leaves]
        return draw(st.one_of(leaves))
    sub = numeric_formulas(names, booleans, depth - 1)
    a, b = draw(sub), draw(sub)
    form = draw(
        st.sampled_from(
            ["+", "-", "*", "/", "share", "ratio", "min", "max", "abs", "round", "pow", "neg", "if"]
        )
    )
    if form in {"+", "-", "*", "/"}:
        return f"({a} {form} {b})"
    if form in {"share", "ratio", "min", "max"}:
        return f"{form}({a}, {b})"
    if form == "abs":
        return f"abs({a})"
    if form == "round":
        return f"round({a}, {draw(st.sampled_from([0, 1, 2]))})"
    if form == "pow":
        return f"({a}) ** {draw(st.sampled_from([2, 2, 3, -1]))}"
    if form == "neg":
        return f"(-{a})"
    condition = draw(boolean_formulas(names, booleans, depth - 1))
    return f"({a} if {condition} else {b})"


@st.composite
def boolean_formulas(
    draw: st.DrawFn, names: Sequence[str], booleans: Sequence[str], depth: int = 2
) -> str:
    """A boolean formula: comparisons of numeric formulas, boolean names, and/or/not."""
    numeric = numeric_formulas(names, booleans, max(depth - 1, 0))
    comparison = st.tuples(
        numeric, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numeric
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    leaves = [comparison]
    if booleans:
        leaves.append(st.sampled_from(booleans))
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.one_of(leaves))
    sub = boolean_formulas(names, booleans, depth - 1)
    form = draw(st.sampled_from(["and", "or", "not"]))
    if form == "not":
        return f"(not {draw(sub)})"
    return f"({draw(sub)} {form} {draw(sub)})"


# -- bands ------------------------------------------------------------------------------------


def _threshold_values(low: float | None, high: float | None) -> st.SearchStrategy[float]:
    """Numbers that make readable thresholds: whole numbers and one decimal."""
    # Clamped, so that distinct thresholds stay distinct as floats on the very wide domain.
    lo = -200 if low is None else max(math.ceil(low), -(10**6))
    hi = 1000 if high is None else min(math.floor(high), 10**6)
    return st.one_of(st.integers(lo, hi), st.integers(lo * 10, hi * 10).map(lambda x: x / 10))


@st.composite
def levels_for(draw: st.DrawFn, better: str, count: int) -> list[str]:
    """Band levels, ascending with the value: never worse in the direction of ``better``."""
    ranks = draw(st.lists(st.integers(0, len(LEVELS) - 1), min_size=count, max_size=count))
    if better == "higher":
        ranks.sort()
    elif better == "lower":
        ranks.sort(reverse=True)
    return [LEVELS[r] for r in ranks]


@st.composite
def numeric_bands(
    draw: st.DrawFn,
    indicator: Mapping[str, Any],
    params: Mapping[str, float],
    *,
    share: bool = False,
) -> list[dict[str, Any]]:
    """Bands in ascending order that tile the indicator's domain, with levels following better.

    Thresholds are distinct numbers (or parameter names, by their defaults); each boundary is
    written either ``below: T`` / ``at_least: T`` or ``at_most: T`` / ``above: T``.
    """
    low, high = domain_of(indicator)
    values = draw(st.lists(_threshold_values(low, high), max_size=3, unique=True))
    named: dict[float, str] = {}
    for name, default in params.items():
        if default not in values and draw(st.booleans()):
            values.append(default)
            named[default] = name
    values.sort()
    bounds: list[float | str] = [named.get(v, v) for v in values]
    pairs = [draw(st.sampled_from([("below", "at_least"), ("at_most", "above")])) for _ in bounds]
    better = indicator.get("better", "none")
    levels = draw(levels_for(better, len(bounds) + 1))
    bands: list[dict[str, Any]] = []
    for i, level in enumerate(levels):
        band: dict[str, Any] = {"level": level}
        if i > 0:
            band[pairs[i - 1][1]] = bounds[i - 1]
        elif low is not None and (not values or values[0] > low) and draw(st.booleans()):
            band["at_least"] = int(low) if float(low).is_integer() else low
        if i < len(bounds):
            band[pairs[i][0]] = bounds[i]
        elif high is not None and (not values or values[-1] < high) and draw(st.booleans()):
            band["at_most"] = int(high) if float(high).is_integer() else high
        band.update(draw(_band_extras(band, better, share=share)))
        bands.append(band)
    return bands


@st.composite
def _band_extras(
    draw: st.DrawFn, band: Mapping[str, Any], better: str, *, share: bool
) -> dict[str, Any]:
    """Optional points, title and recommendation of a band, with valid placeholders."""
    extras: dict[str, Any] = {}
    if draw(st.booleans()):
        extras["points"] = draw(st.sampled_from([0, 1, 2, 0.5]))
    if not draw(st.booleans()):
        return extras
    bounded = [k for k in ("at_least", "above", "below", "at_most") if k in band]
    has_threshold = len(bounded) == 1 or (len(bounded) == 2 and better != "none")
    words = ["{school} ({school_id}): {indicator} = {value}."]
    if has_threshold:
        words.append("Порог {threshold}.")
        if share and better != "none":
            words.append("Привлечь ещё {gap|plural:педагога,педагогов,педагогов}.")
    if any(k in band for k in ("at_least", "above")):
        words.append("Нижняя граница {lower}.")
    text = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=3, unique=True)))
    extras["recommendations"] = [
        {
            "to": draw(st.sampled_from(["school_head", "teachers"])),
            "text": "Обеспечить работу: " + text,
        }
    ]
    return extras


@st.composite
def boolean_bands(draw: st.DrawFn, better: str) -> list[dict[str, Any]]:
    """The two bands of a boolean indicator, in either order."""
    low, high = draw(levels_for(better, 2))
    bands = [{"level": low, "is": False}, {"level": high, "is": True}]
    if draw(st.booleans()):
        bands.reverse()
    return bands


# -- rulesets ---------------------------------------------------------------------------------


@st.composite
def facts_sections(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[FactDecl, ...]]:
    """1–5 numeric facts f0..fN (maybe ``min: 0``), and maybe a boolean fact."""
    count = draw(st.integers(1, 5))
    section: dict[str, Any] = {}
    decls: list[FactDecl] = []
    for i in range(count):
        kind = draw(st.sampled_from(["integer", "number"]))
        item: dict[str, Any] = {"title": draw(st.sampled_from(FACT_TITLES)), "type": kind}
        if draw(st.booleans()):
            item["min"] = 0
        section[f"f{i}"] = item
        decls.append(FactDecl(f"f{i}", kind, item.get("min")))
    if draw(st.booleans()):
        section[BOOLEAN_FACT] = {"title": "Есть программа наставничества", "type": "boolean"}
        decls.append(FactDecl(BOOLEAN_FACT, "boolean"))
    return section, tuple(decls)


@st.composite
def parameters_sections(draw: st.DrawFn) -> dict[str, Any]:
    """0–2 number parameters p0, p1 with defaults (usable as % thresholds)."""
    section: dict[str, Any] = {}
    for i in range(draw(st.integers(0, 2))):
        default = draw(st.one_of(st.integers(1, 99), st.integers(1, 999).map(lambda x: x / 10)))
        item: dict[str, Any] = {
            "title": PARAMETER_TITLES[i],
            "type": "number",
            "default": default,
            "unit": "%",
        }
        if draw(st.booleans()):
            item.update({"min": 0, "max": 100})
        section[f"p{i}"] = item
    return section


@st.composite
def indicator_sections(
    draw: st.DrawFn, facts: Sequence[FactDecl], params: Mapping[str, Any]
) -> dict[str, Any]:
    """1–4 indicators i0..iN whose formulas use facts, parameters and earlier indicators."""
    numeric = [f.name for f in facts if f.type != "boolean"] + list(params)
    booleans = [f.name for f in facts if f.type == "boolean"]
    defaults = {name: p["default"] for name, p in params.items()}
    section: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 4))):
        unit = draw(st.sampled_from(["%", "%", "count", "number", "boolean"]))
        better = draw(st.sampled_from(["higher", "lower", "none"]))
        item: dict[str, Any] = {"title": draw(st.sampled_from(INDICATOR_TITLES))}
        if unit == "boolean":
            item["formula"] = draw(boolean_formulas(numeric, booleans))
        elif draw(st.integers(0, 3)) == 0 and len(numeric) >= 2:
            n, d = draw(st.permutations(numeric))[:2]
            item["formula"] = f"share({n}, {d})"
        else:
            item["formula"] = draw(numeric_formulas(numeric, booleans))
        item.update({"unit": unit, "better": better})
        if unit != "boolean" and draw(st.integers(0, 3)) == 0:
            item["domain"] = dict(WIDE_DOMAIN)
        if draw(st.booleans()):
            item["precision"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            item["no_data"] = {
                "to": "school_head",
                "text": "Предоставить данные для {school}: {missing}.",
            }
        if draw(st.booleans()):
            item["not_applicable"] = {"to": "school_head", "text": "{indicator}: не применимо."}
        if unit == "boolean":
            item["bands"] = draw(boolean_bands(better))
        else:
            share = item["formula"].startswith("share(") and item["formula"].count("(") == 1
            item["bands"] = draw(numeric_bands(item, defaults, share=share))
        section[f"i{i}"] = item
        (booleans if unit == "boolean" else numeric).append(f"i{i}")
    return section


def assemble(
    facts: Mapping[str, Any], params: Mapping[str, Any], indicators: Mapping[str, Any]
) -> dict[str, Any]:
    """A ruleset dict around the given sections."""
    data: dict[str, Any] = {
        "format": "pdrs-rules/1",
        "id": "prop-test",
        "title": "Мониторинг кадрового обеспечения",
        "version": "1.0",
        "period": "2023/2024",
        "facts": dict(facts),
    }
    if params:
        data["parameters"] = dict(params)
    data["indicators"] = dict(indicators)
    return data


def _with_interesting(
    decls: Sequence[FactDecl], indicators: Mapping[str, Any], params: Mapping[str, Any]
) -> tuple[FactDecl, ...]:
    """Fact declarations that know the thresholds, so rows can hit them exactly."""
    values: set[float] = set()
    for item in indicators.values():
        for band in item["bands"]:
            for key in ("at_least", "above", "below", "at_most"):
                bound = band.get(key)
                if bound is not None:
                    values.add(params[bound]["default"] if isinstance(bound, str) else bound)
    # Facts files refuse numbers of more than 15 digits, so the wide domain's edges are no use.
    interesting = tuple(sorted(v for v in values if abs(v) < 1e15))
    return tuple(attrs.evolve(d, interesting=interesting) for d in decls)


@st.composite
def rulesets(draw: st.DrawFn) -> GeneratedRuleset:
    """A valid ruleset: facts, parameters, indicators with formulas and tiling bands."""
    facts, decls = draw(facts_sections())
    params = draw(parameters_sections())
    indicators = draw(indicator_sections(decls, params))
    data = assemble(facts, params, indicators)
    return GeneratedRuleset(dump(data), data, _with_interesting(decls, indicators, params))


# -- facts rows -------------------------------------------------------------------------------


def fact_values(decl: FactDecl) -> st.SearchStrategy[Any]:
    """A value of one fact within its bounds, or None (about one in ten)."""
    if decl.type == "boolean":
        values: st.SearchStrategy[Any] = st.booleans()
    else:
        low = 0 if decl.minimum is not None else -1000
        whole = st.one_of(st.just(0), st.integers(max(low, -3), 20), st.integers(low, 1000))
        exact = [v for v in decl.interesting if v >= low]
        if decl.type == "integer":
            exact = [int(v) for v in exact if float(v).is_integer()]
            values = st.one_of(whole, st.sampled_from(exact)) if exact else whole
        else:
            tenths = st.integers(low * 10, 10_000).map(lambda x: x / 10)
            parts = [whole.map(float), tenths, *([st.sampled_from(exact)] if exact else [])]
            values = st.one_of(parts)
    return st.integers(0, 9).flatmap(lambda k: st.none() if k == 0 else values)


def school_ids() -> st.SearchStrategy[str]:
    """School codes as people write them: with leading zeros, or in letters."""
    return st.one_of(
        st.integers(0, 999).map(lambda n: f"{n:03d}"),
        st.integers(0, 99).map(str),
        st.sampled_from(["СОШ-2", "гимн-1", "лицей 3"]),
    )


def facts_rows(facts: Sequence[FactDecl]) -> st.SearchStrategy[dict[str, Any]]:
    """One school's facts: a value (or None) for every declared fact."""
    return st.fixed_dictionaries({decl.name: fact_values(decl) for decl in facts})


@st.composite
def schools_rows(
    draw: st.DrawFn, facts: Sequence[FactDecl], *, min_size: int = 1, max_size: int = 5
) -> list[dict[str, Any]]:
    """Rows of several schools with distinct ids, keyed like a JSON facts file."""
    ids = draw(st.lists(school_ids(), min_size=min_size, max_size=max_size, unique=True))
    return [
        {"id": school_id, "name": draw(st.sampled_from(SCHOOL_NAMES)), **draw(facts_rows(facts))}
        for school_id in ids
    ]


# -- arbitrary input --------------------------------------------------------------------------

#: Anything a caller might put in a row: text, huge numbers, non-finite floats, nesting.
arbitrary_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**14, max_value=10**400),
        st.floats(),
        st.fractions(),
        st.decimals(),
        st.text(),
        st.sampled_from(["", " ", "12,5", "1 000", "да", "nan", "-inf", "1e400", "0x10", "023"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def arbitrary_rows(draw: st.DrawFn, facts: Sequence[FactDecl]) -> dict[str, Any]:
    """A row whose every cell, the id and name included, may hold anything."""
    row: dict[str, Any] = {
        "id": draw(st.one_of(school_ids(), arbitrary_values)),
        "name": draw(st.one_of(st.sampled_from(SCHOOL_NAMES), arbitrary_values)),
    }
    for decl in facts:
        if draw(st.integers(0, 5)) > 0:
            row[decl.name] = draw(st.one_of(fact_values(decl), arbitrary_values))
    if draw(st.integers(0, 4)) == 0:
        row[draw(st.text(max_size=5))] = draw(arbitrary_values)
    return row


_JUNK: st.SearchStrategy[Any] = st.one_of(
    arbitrary_values.filter(lambda v: not isinstance(v, float) or math.isfinite(v)),
    st.sampled_from(
        [
            "string",
            "boolean",
            "integer",
            "number",
            "%",
            "higher",
            "none",
            "share(f0, f0)",
            "{value}",
            "is",
            "below",
            "p0",
            "i0",
            "f0",
            True,
            -1,
        ]
    ),
)
_KEYS = (
    "min",
    "max",
    "type",
    "default",
    "domain",
    "is",
    "at_least",
    "above",
    "below",
    "at_most",
    "precision",
    "unit",
    "better",
    "levels",
    "defaults",
    "on_out_of_bounds",
    "required",
    "column",
    "entity",
    "locale",
    "formula",
    "bands",
    "title",
    "to",
    "text",
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _mutate(draw: st.DrawFn, data: Any, values: st.SearchStrategy[Any] | None = None) -> Any:
    """One random edit: replace a value, delete a key or item, or add a key (``values``: junk)."""
    values = _JUNK if values is None else values
    path = draw(st.sampled_from(_paths(data)))
    if not path:
        return draw(values)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
    target = parent[path[-1]]
    if action == "add" and isinstance(target, dict):
        target[draw(st.sampled_from(_KEYS))] = draw(values)
    elif action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(values)
    return data


@st.composite
def ruleset_texts(draw: st.DrawFn) -> str:
    """Text that may or may not be a ruleset: mutated valid ones, YAML of junk, raw text."""
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "junk", "text"]))
    if kind == "text":
        return draw(st.text())
    if kind == "junk":
        data: Any = draw(
            arbitrary_values.filter(lambda v: not isinstance(v, float) or math.isfinite(v))
        )
    else:
        data = draw(rulesets()).data
        for _ in range(draw(st.integers(1, 3))):
            data = _mutate(draw, data)
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:  # pragma: no cover - e.g. a Fraction, which safe_dump refuses
        return str(data)


def diagnostic_messages() -> st.SearchStrategy[str]:
    """Message-like text: clauses of words, quoted values, brackets and "; " in any mix."""
    piece = st.one_of(
        st.sampled_from(["unknown name", "did you mean", "(", ")", "'", '"', "[", "]", "{", "}"]),
        st.sampled_from(["; ", ": ", ", ", " or ", "?", "$.a.b[0]", "12.5", "\\", "…"]),
        st.text(max_size=8),
    )
    return st.lists(piece, max_size=20).map("".join)


def hostile_texts() -> st.SearchStrategy[str]:
    """Names and ids as untrusted facts may hold them: quotes, markup, control chars, paths."""
    odd = st.sampled_from(
        ["\x00", "\x07", "\x1f", "\ufffe", "\r\n", "\t", "<", "&", '"', "«", "/", "\\", "..", "="]
    )
    return st.lists(st.one_of(odd, st.text(max_size=4)), min_size=1, max_size=8).map("".join)


#: Cells a facts sheet may hold: headers of the test facts, totals, formulas, numbers as text.
_SHEET_WORDS = (
    "Код ОО",
    "Наименование ОО",
    "Разработали ИОМ",
    "Уволено",
    "Период",
    "Показатель",
    "Значение",
    "developed",
    "Итого",
    "1 234",
    "12,5",
    "=1+1",
    "=1/0",
)


def sheet_rows() -> st.SearchStrategy[list[list[object]]]:
    """Rows of cells as a workbook may hold them (openpyxl refuses control characters)."""
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
    cell = st.one_of(
        st.none(),
        st.sampled_from(_SHEET_WORDS),
        text,
        st.integers(-(10**16), 10**16),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
    )
    return st.lists(st.lists(cell, max_size=6), max_size=8)


# -- hostile files for the whole command line (tests/test_fuzz.py) ----------------------------

#: Values no careful author writes and a hostile or careless one may: non-finite and huge
#: numbers, half characters, control characters, long and deep values.
_HOSTILE_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            10**400,
            -(10**20),
            1e300,
            1e15,
            999999999999999,
            "\ud800",
            "a\udfffb",
            "\x00",
            "",
            "9" * 5000,
            "${x}",
            "{school",
            "{{",
            "share(f0, 0)",
            "f0 ** f0",
            "teachers * 1e15 * 1e15",
            "(" * 250 + "1" + ")" * 250,
            "../../etc/passwd",
            "/dev/zero",
        ]
    ),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
)


def _nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = [leaf]
    return leaf


#: A hostile value: a scalar above, the junk of ruleset_texts, or one nested 40 to 120 deep.
hostile_values: st.SearchStrategy[Any] = st.one_of(
    _HOSTILE_SCALARS,
    _JUNK,
    st.builds(_nested, st.integers(40, 120), _HOSTILE_SCALARS),
    st.lists(_HOSTILE_SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(_KEYS), _HOSTILE_SCALARS, max_size=3),
)


@st.composite
def hostile_documents(draw: st.DrawFn, base: Any) -> Any:
    """A deep copy of ``base`` (parsed YAML or JSON) after one to four hostile edits."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        data = _mutate(draw, data, hostile_values)
    return data


def _spliced(draw: st.DrawFn, text: str) -> str:
    """The text, or the text with junk put in at one place (a cut, a quote, bytes of text)."""
    if draw(st.integers(0, 3)) > 0:
        return text
    at = draw(st.integers(0, len(text)))
    pieces = st.sampled_from(["", "\t", '"', "[", "{", ": ", "&a *a", "\n- "])
    junk = draw(st.one_of(pieces, st.text(max_size=5)))
    return text[:at] + junk + text[at + draw(st.integers(0, 3)) :]


@st.composite
def hostile_yaml(draw: st.DrawFn, base: Any) -> str:
    """A hostile edit of a YAML document, written as YAML, maybe with junk spliced in."""
    data = draw(hostile_documents(base))
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    except (yaml.YAMLError, RecursionError):  # pragma: no cover - a value safe_dump refuses
        text = str(data)
    return _spliced(draw, text)


@st.composite
def hostile_json(draw: st.DrawFn, base: Any) -> str:
    """A hostile edit of a JSON document, written as JSON (NaN and long integers included)."""
    data = draw(hostile_documents(base))
    try:
        text = json.dumps(data)
    except (TypeError, ValueError, RecursionError):  # pragma: no cover - nothing JSON can write
        text = str(data)
    return _spliced(draw, text)


@st.composite
def hostile_csv(draw: st.DrawFn, header: Sequence[str], rows: int = 3) -> bytes:
    """A ';' table under ``header`` whose cells are hostile, as UTF-8 or as raw bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    cell = st.one_of(
        _HOSTILE_SCALARS.map(str),
        st.sampled_from(["", "001", "all", "2022", "2023", "true", "12,5", "1 000", '"', ";"]),
    )
    count = draw(st.integers(0, rows))
    lines = [";".join(header), *(";".join(draw(cell) for _ in header) for _ in range(count))]
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def hostile_formulas(names: Sequence[str]) -> st.SearchStrategy[str]:
    """Valid numeric formulas over ``names`` that may pass ±1e15, a float, or divide by zero."""
    literal = st.sampled_from(["0", "1", "2", "-1", "0.5", "1e15", "999999999999999", "1e-15"])
    atom = st.one_of(st.sampled_from(list(names)), literal)

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        operator = st.sampled_from(["+", "-", "*", "/", "//", "%"])
        return st.one_of(
            st.tuples(inner, operator, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, st.integers(-10, 10)).map(lambda t: f"({t[0]}) ** {t[1]}"),
            st.tuples(st.sampled_from(["share", "ratio", "min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            st.tuples(st.sampled_from(["abs", "floor", "ceil", "round"]), inner).map(
                lambda t: f"{t[0]}({t[1]})"
            ),
        )

    return st.recursive(atom, grow, max_leaves=10)


@st.composite
def rulesets_with_formulas(
    draw: st.DrawFn, base: Mapping[str, Any], indicator: str, names: Sequence[str]
) -> str:
    """``base`` (parsed YAML) with the formula of ``indicator`` made hostile; still valid."""
    data = copy.deepcopy(dict(base))
    data["indicators"][indicator]["formula"] = draw(hostile_formulas(names))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
