"""Seeded generator of a 30-indicator ruleset and of facts for N schools, for the benchmarks.

Each indicator is declared once, with its formula for pdrs-rules and simpleeval and a lambda
written by hand for the baseline, so all three compute the same thing from the same table.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

#: Share of cells left empty: schools that did not submit a fact.
MISSING = 0.02
#: Schools per municipality: Russia has about 40,000 schools in about 2,300 МО.
SCHOOLS_PER_GROUP = 17
PERIODS = tuple(f"{year}/{year + 1}" for year in range(2014, 2024))

# (name, column header). `teachers` bounds every other head count, as a real form does.
FACTS = (
    ("teachers", "Всего педагогов"),
    ("young", "Молодые педагоги (стаж до 3 лет)"),
    ("mentored", "Молодые педагоги с наставником"),
    ("mentors", "Наставники"),
    ("diagnosed", "Прошли диагностику дефицитов"),
    ("iom_developed", "Разработали ИОМ"),
    ("dismissed", "Уволились"),
    ("iom_done", "Реализовали ИОМ полностью"),
    ("courses", "Прошли КПК за 3 года"),
    ("courses_cnppm", "Прошли КПК в ЦНППМ"),
    ("cat_high", "Высшая категория"),
    ("cat_first", "Первая категория"),
    ("contests", "Участвовали в конкурсах"),
    ("winners", "Победители и призёры"),
    ("open_lessons", "Провели открытые уроки"),
    ("publications", "Имеют публикации"),
    ("digital", "Обучены цифровым компетенциям"),
    ("inclusive", "Обучены инклюзивному образованию"),
    ("rmo", "Участвуют в РМО"),
    ("pensioners", "Педагоги пенсионного возраста"),
    ("higher_ed", "Высшее педагогическое образование"),
    ("vacancies", "Вакансии"),
)
# Facts whose upper bound is another fact rather than `teachers`.
_BOUND = {
    "mentored": "young",
    "dismissed": "iom_developed",
    "iom_done": "iom_developed",
    "courses_cnppm": "courses",
    "winners": "contests",
}

PARAMETERS: Mapping[str, tuple[str, float]] = {
    "diag_target": ("Целевая доля педагогов, прошедших диагностику", 70),
    "courses_target": ("Целевая доля педагогов, прошедших КПК", 80),
    "category_target": ("Целевая доля педагогов с квалификационной категорией", 50),
    "contests_target": ("Целевая доля участников конкурсов", 30),
    "mentoring_target": ("Целевая доля молодых педагогов с наставником", 90),
}

Row = Mapping[str, Any]


@attrs.frozen
class Spec:
    """One indicator: the formula, the same formula by hand, and its bands' upper edges."""

    id: str
    title: str
    formula: str
    by_hand: Callable[[Row], float]
    #: "higher" and "lower" are shares in %; "count" and "ratio" are plain numbers.
    kind: str
    low: float | str
    high: float | str


def _share(
    n: str, d: str, title: str, low: float | str, high: float | str, *, lower: bool = False
) -> Spec:
    return Spec(
        f"{n}_share" if d == "teachers" else f"{n}_of_{d}",
        title,
        f"share({n}, {d})",
        lambda f: f[n] * 100 / f[d],
        "lower" if lower else "higher",
        low,
        high,
    )


INDICATORS: tuple[Spec, ...] = (
    _share("young", "teachers", "Доля молодых педагогов", 5, 15),
    _share("mentored", "young", "Доля молодых педагогов с наставником", 50, "mentoring_target"),
    _share("diagnosed", "teachers", "Доля педагогов, прошедших диагностику", 40, "diag_target"),
    _share("iom_developed", "teachers", "Доля педагогов, разработавших ИОМ", 30, 60),
    _share("courses", "teachers", "Доля педагогов, прошедших КПК", 50, "courses_target"),
    _share("courses_cnppm", "courses", "Доля КПК, пройденных в ЦНППМ", 20, 50),
    _share("cat_high", "teachers", "Доля педагогов высшей категории", 15, 30),
    _share("cat_first", "teachers", "Доля педагогов первой категории", 15, 30),
    _share(
        "contests", "teachers", "Доля участников профессиональных конкурсов", 10, "contests_target"
    ),
    _share("winners", "contests", "Доля победителей и призёров среди участников", 10, 30),
    _share("open_lessons", "teachers", "Доля педагогов, проводивших открытые уроки", 20, 50),
    _share("publications", "teachers", "Доля педагогов, имеющих публикации", 10, 25),
    _share("digital", "teachers", "Доля обученных цифровым компетенциям", 30, 60),
    _share("inclusive", "teachers", "Доля обученных инклюзивному образованию", 20, 40),
    _share("rmo", "teachers", "Доля педагогов, участвующих в РМО", 50, 80),
    _share("higher_ed", "teachers", "Доля педагогов с высшим педагогическим образованием", 70, 85),
    _share("pensioners", "teachers", "Доля педагогов пенсионного возраста", 20, 35, lower=True),
    _share(
        "dismissed", "iom_developed", "Доля уволившихся среди разработавших ИОМ", 5, 15, lower=True
    ),
    Spec(
        "iom_done_share",
        "Доля педагогов, реализовавших ИОМ полностью",
        "share(iom_done, iom_developed - dismissed)",
        lambda f: f["iom_done"] * 100 / (f["iom_developed"] - f["dismissed"]),
        "higher",
        30,
        60,
    ),
    Spec(
        "category_share",
        "Доля педагогов с первой или высшей категорией",
        "share(cat_high + cat_first, teachers)",
        lambda f: (f["cat_high"] + f["cat_first"]) * 100 / f["teachers"],
        "higher",
        30,
        "category_target",
    ),
    Spec(
        "vacancy_share",
        "Доля вакансий",
        "share(vacancies, teachers + vacancies)",
        lambda f: f["vacancies"] * 100 / (f["teachers"] + f["vacancies"]),
        "lower",
        5,
        10,
    ),
    Spec(
        "not_diagnosed_share",
        "Доля педагогов, не прошедших диагностику",
        "100 - share(diagnosed, teachers)",
        lambda f: 100 - f["diagnosed"] * 100 / f["teachers"],
        "lower",
        30,
        60,
    ),
    Spec(
        "mentor_load",
        "Молодых педагогов на одного наставника",
        "ratio(mentored, mentors)",
        lambda f: f["mentored"] / f["mentors"],
        "ratio",
        1,
        3,
    ),
    Spec(
        "iom_active",
        "Педагоги, реализующие ИОМ (без уволившихся)",
        "iom_developed - dismissed",
        lambda f: f["iom_developed"] - f["dismissed"],
        "count",
        5,
        20,
    ),
    Spec(
        "staff_gap",
        "Нехватка педагогов с учётом вакансий и пенсионеров",
        "vacancies + max(0, pensioners - young)",
        lambda f: f["vacancies"] + max(0, f["pensioners"] - f["young"]),
        "count",
        3,
        10,
    ),
    Spec(
        "contests_no_prize",
        "Участники конкурсов без призовых мест",
        "abs(contests - winners)",
        lambda f: abs(f["contests"] - f["winners"]),
        "count",
        5,
        15,
    ),
    Spec(
        "courses_per_teacher",
        "КПК на одного педагога",
        "round(ratio(courses, teachers), 2)",
        lambda f: _round(f["courses"] / f["teachers"], 2),
        "ratio",
        0.5,
        0.8,
    ),
    Spec(
        "activity_index",
        "Индекс профессиональной активности",
        "(contests + open_lessons + publications) / teachers",
        lambda f: (f["contests"] + f["open_lessons"] + f["publications"]) / f["teachers"],
        "ratio",
        0.5,
        1,
    ),
    Spec(
        "growth_share",
        "Доля педагогов в программах профессионального роста",
        "share(max(diagnosed, iom_developed), teachers)",
        lambda f: max(f["diagnosed"], f["iom_developed"]) * 100 / f["teachers"],
        "higher",
        40,
        70,
    ),
    Spec(
        "mentor_share",
        "Доля наставников среди педагогов",
        "share(mentors, teachers)",
        lambda f: f["mentors"] * 100 / f["teachers"],
        "higher",
        2,
        5,
    ),
)
assert len(INDICATORS) == 30  # noqa: S101 - the benchmark is defined as 30 indicators


def _round(x: float, digits: int) -> float:
    # Halves away from zero, as the formula language's round() is documented to do.
    scaled = abs(x) * 10**digits
    result = math.floor(scaled + 0.5) / 10**digits
    return math.copysign(result, x)


def resolve(bound: float | str) -> float:
    """A bound's value with the parameters at their defaults."""
    return PARAMETERS[bound][1] if isinstance(bound, str) else bound


def uppers(spec: Spec) -> tuple[tuple[float, bool], ...]:
    """Upper edges of the first two bands, (value, inclusive): the baseline's banding table."""
    inclusive = spec.kind == "lower"
    return ((resolve(spec.low), inclusive), (resolve(spec.high), inclusive))


def domain(spec: Spec) -> tuple[float, float]:
    """The values an indicator can take, as the ruleset format defaults them."""
    if spec.kind in {"higher", "lower"}:
        return (0.0, 100.0)
    if spec.kind == "count":
        return (0.0, math.inf)
    return (-math.inf, math.inf)


# -- the ruleset ------------------------------------------------------------------------------


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bound(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def _bands(spec: Spec) -> list[str]:
    low, high = _bound(spec.low), _bound(spec.high)
    share = spec.formula.startswith("share(") and spec.formula.count("share(") == 1
    if spec.kind == "lower":
        return [
            f"      - {{level: ok, at_most: {low}, points: 2}}",
            (
                f"      - level: warning\n        above: {low}\n        at_most: {high}\n"
                "        points: 1\n        recommendations:\n"
                "          - to: deputy_head\n"
                "            text: >-\n"
                "              Проанализировать причины: в {school} показатель «{indicator}»"
                " составляет {value} при допустимом значении {threshold}."
            ),
            (
                f"      - level: critical\n        above: {high}\n        points: 0\n"
                "        recommendations:\n"
                "          - to: school_head\n"
                "            text: >-\n"
                "              Принять меры: {indicator} в {school} — {value}"
                " (допустимо не более {threshold})"
                + (", превышение на {gap|plural:педагога,педагогов,педагогов}." if share else ".")
            ),
        ]
    if spec.kind in {"count", "ratio"}:
        return [
            f"      - {{level: warning, below: {low}}}",
            f"      - {{level: ok, at_least: {low}, below: {high}}}",
            f"      - {{level: good, at_least: {high}}}",
        ]
    gap = " ещё {gap|plural:педагога,педагогов,педагогов}" if share else ""
    return [
        (
            f"      - level: critical\n        below: {low}\n        points: 0\n"
            "        recommendations:\n"
            "          - to: school_head\n"
            "            text: >-\n"
            f"              Обеспечить охват{gap}: в {{school}} {{indicator}} — {{value}}"
            " при пороге {threshold}.\n"
            "          - to: methodical_service\n"
            "            text: Включить {school} в план адресной методической помощи."
        ),
        (
            f"      - level: warning\n        at_least: {low}\n        below: {high}\n"
            "        points: 1\n        recommendations:\n"
            "          - to: deputy_head\n"
            "            text: Довести показатель до {upper} ({value} сейчас)."
        ),
        f"      - {{level: ok, at_least: {high}, points: 2}}",
    ]


def ruleset_yaml() -> str:
    """The benchmark ruleset: 22 facts, 5 parameters, 30 indicators with 3 bands each."""
    lines = [
        "format: pdrs-rules/1",
        "id: bench-pdrs-30",
        "title: Мониторинг системы обеспечения профессионального развития педагогов",
        'version: "1.0"',
        "period: 2023/2024",
        "entity: {title: ОО, id_column: Код ОО, name_column: ОО, period_column: Учебный год}",
        "group: {title: МО, id_column: Код МО, name_column: МО}",
        "defaults:",
        "  no_data:",
        "    to: school_head",
        "    text: Предоставить недостающие данные ({missing}).",
        "  not_applicable:",
        "    to: methodical_service",
        "    text: Показатель «{indicator}» для {school} не применим.",
        "facts:",
    ]
    for name, column in FACTS:
        bound = _BOUND.get(name, "teachers" if name not in {"teachers", "vacancies"} else None)
        extra = f", max: {bound}" if bound else ""
        lines.append(
            f"  {name}: {{title: {_q(column)}, type: integer, unit: чел., min: 0{extra}, "
            f"column: {_q(column)}}}"
        )
    lines.append("parameters:")
    for name, (title, default) in PARAMETERS.items():
        lines.append(
            f'  {name}: {{title: {_q(title)}, default: {default:g}, unit: "%", min: 0, max: 100}}'
        )
    lines.append("indicators:")
    units = {"higher": '"%"', "lower": '"%"', "count": "count", "ratio": "number"}
    for spec in INDICATORS:
        better = {"higher": "higher", "lower": "lower"}.get(spec.kind, "higher")
        lines += [
            f"  {spec.id}:",
            f"    title: {_q(spec.title)}",
            f"    formula: {spec.formula}",
            f"    unit: {units[spec.kind]}",
            f"    better: {better}",
            "    bands:",
            *_bands(spec),
        ]
    return "\n".join(lines) + "\n"


_MUNICIPAL = """\
aggregates:
  diag_mo: {title: Доля прошедших диагностику по МО, of: diagnosed_share}
  courses_mo: {title: Доля прошедших КПК по МО, of: courses_share}
  diag_mean: {title: Средняя доля по ОО, of: diagnosed_share, method: mean}
  low_diag:
    title: ОО с долей диагностики ниже целевой
    of: diagnosed_share
    where: diagnosed_share < diag_target
  weak_courses: {title: ОО с критическим охватом КПК, of: courses_share, level: critical}
  falling: {title: ОО со снижением доли диагностики, of: diag_trend, rule: decline}
conclusions:
  diag_c:
    title: Доля педагогов МО, прошедших диагностику
    formula: diag_mo
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: diag_target
        points: 0
        recommendations:
          - to: authority
            text: Диагностику прошли {value} педагогов; ниже целевой — {low_diag.count} ОО.
      - {level: ok, at_least: diag_target, points: 1}
  falling_c:
    title: ОО со снижением доли диагностики
    formula: falling
    unit: count
    better: lower
    bands:
      - {level: ok, at_most: 0, points: 1}
      - level: warning
        above: 0
        points: 0
        recommendations:
          - to: methodical_service
            text: Снижение доли диагностики в {value|plural:ОО,ОО,ОО}.
trends:
  diag_trend:
    title: Динамика доли педагогов, прошедших диагностику
    of: diagnosed_share
    periods: 3
    rules:
      - {id: stable_high, title: стабильно высокая, stable_at_least: 70, level: good, points: 2}
      - id: decline
        title: снижение два года подряд
        falling: 2
        level: warning
        points: 0
        recommendations:
          - to: school_head
            text: "Доля снижается ({series}): проанализировать причины."
      - {id: steady, title: без существенных изменений, level: ok, points: 1}
  diag_mo_trend:
    title: Динамика доли по МО
    of: diag_mo
    periods: 2
    rules:
      - {id: up, title: рост, change_above: 0, level: good}
      - {id: flat, title: без роста, level: ok}
scoring:
  levels:
    - {level: critical, below: 50}
    - {level: warning, below: 75}
    - {level: ok, at_least: 75}
"""


def municipal_ruleset_yaml() -> str:
    """The benchmark ruleset with a municipality level: aggregates, trends, conclusions, scores."""
    return ruleset_yaml().replace("id: bench-pdrs-30", "id: bench-pdrs-30-mo") + _MUNICIPAL


# -- facts ------------------------------------------------------------------------------------


def school_rows(schools: int, seed: int, *, periods: int = 1) -> Iterator[dict[str, Any]]:
    """Rows keyed by fact name: realistic head counts, zeros, and ~2% empty (None) cells."""
    rng = random.Random(seed)
    for p in range(periods):
        for i in range(schools):
            teachers = 0 if rng.random() < 0.003 else rng.randint(4, 140)
            group = i // SCHOOLS_PER_GROUP + 1
            row: dict[str, Any] = {
                "id": f"{i + 1:05d}",
                "name": f"МБОУ СОШ № {i + 1}",
                "group": f"МО{group:04d}",
                "group_name": f"Муниципальный район № {group}",
                "period": PERIODS[-periods + p],
                "teachers": teachers,
            }
            for name, _ in FACTS[1:]:
                if name == "vacancies":
                    row[name] = rng.choice((0, 0, 0, 1, 2, 5))
                    continue
                limit = row.get(_BOUND.get(name, "teachers"))
                limit = teachers if limit is None else limit
                # Some schools have none of a group at all: the zeros that make shares undefined.
                row[name] = 0 if rng.random() < 0.05 else rng.randint(0, limit)
            for name, _ in FACTS:
                if rng.random() < MISSING:
                    row[name] = None
            yield row


def write_facts(path: Path, schools: int, seed: int, *, periods: int = 1) -> int:
    """Write the facts CSV (`;`-separated, as Excel saves it); return the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        header = ["Код ОО", "ОО", "Код МО", "МО", "Учебный год"]
        writer.writerow([*header, *(column for _, column in FACTS)])
        for row in school_rows(schools, seed, periods=periods):
            cells = ["" if row[name] is None else row[name] for name, _ in FACTS]
            places = [row["id"], row["name"], row["group"], row["group_name"], row["period"]]
            writer.writerow([*places, *cells])
            count += 1
    return count


def main(argv: list[str]) -> int:
    """`python benchmarks/generate.py DIR [SCHOOLS]`: write bench.yaml and bench.facts.csv."""
    folder = Path(argv[0] if argv else "benchmarks/out")
    schools = int(argv[1]) if len(argv) > 1 else 40_000
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.yaml").write_text(ruleset_yaml(), encoding="utf-8")
    rows = write_facts(folder / "bench.facts.csv", schools, seed=2024)
    print(f"wrote {folder / 'bench.yaml'} and {rows} rows to {folder / 'bench.facts.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
