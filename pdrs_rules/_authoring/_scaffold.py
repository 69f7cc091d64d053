"""``pdrs-rules new``: a municipal ruleset on a base, with its case file and a facts template."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from pdrs_rules._engine._ruleset import Ruleset, load, loads
from pdrs_rules._facts._columns import PERIOD_RU
from pdrs_rules._model import Band, FactSpec, FactValue, Finding, Outcome, ValueType
from pdrs_rules.errors import Location, RulesetError, RulesetInvalid
from pdrs_rules.report._atomic import write_atomically

from ._editor import CASES_COPY, RULESET_COPY, modeline, write_editor_support
from ._passport import parameter_text

__all__ = ["Scaffold", "scaffold", "write_scaffold"]

#: The ruleset id pattern of the schema; the id also names the files, so it must be safe there.
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_SUFFIXES = (".yaml", ".yml")
#: Example rows of the facts template: (code, name, root value, share of a bounding fact).
_ROWS = (("1", "Школа № 1 (пример)", 20, 0.5), ("2", "Школа № 2 (пример)", 40, 1.0))


@attrs.frozen
class Scaffold:
    """The files of a new ruleset, not yet written: (path, text) in the order they are written."""

    ruleset: Ruleset
    files: tuple[tuple[Path, str], ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        """Where the files go: the ruleset, its case file, the facts template."""
        return tuple(path for path, _ in self.files)


def scaffold(
    ruleset_id: str,
    title: str,
    *,
    extends: str | os.PathLike[str] | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> Scaffold:
    """Build (without writing) ``<id>.yaml``, ``<id>.cases.yaml`` and ``<id>.facts.csv``.

    With ``extends`` the ruleset extends that base, written in ``directory`` (by default the
    base's folder), which must hold the base or a folder above it, since ``extends`` only
    reaches files in the ruleset's folder or below. Without it: a minimal standalone ruleset
    with one indicator. Raises ValueError for a bad id or title, RulesetError for a missing
    or unreachable base, and RulesetInvalid for a base that does not load.
    """
    if not _ID.fullmatch(ruleset_id):
        raise ValueError(
            f"the id {ruleset_id!r} is not a ruleset id: expected lower-case Latin letters, "
            "digits, '.', '_' and '-', starting with a letter or digit (myshkin-2026)"
        )
    title = " ".join(title.split())
    if not title:
        raise ValueError("the title is empty: expected the title of the monitoring")
    if extends is None:
        folder = Path(directory if directory is not None else ".")
        text = _standalone(ruleset_id, title)
    else:
        base_path = Path(extends)
        folder = Path(directory) if directory is not None else base_path.parent
        base = _base(base_path, folder)
        _not_a_base(folder / f"{ruleset_id}.yaml", base)
        text = _derived(ruleset_id, title, base, _relative(base_path, folder))
    target = folder / f"{ruleset_id}.yaml"
    ruleset = loads(text, file=str(target))
    rows = _example_rows(ruleset)
    return Scaffold(
        ruleset,
        (
            (target, text),
            (folder / f"{ruleset_id}.cases.yaml", _cases(ruleset, rows)),
            (folder / f"{ruleset_id}.facts.csv", _csv(rows)),
        ),
    )


def write_scaffold(made: Scaffold, *, force: bool = False) -> list[str]:
    """Write the files atomically; refuse (RulesetInvalid, ``file-exists``) to overwrite any.

    The schema copies and ``.vscode/settings.json`` are written beside them (refreshed, not
    refused: see :func:`write_editor_support`); the notes returned say what was left alone.
    """
    existing = [path for path in made.paths if path.exists()]
    if existing and not force:
        raise RulesetInvalid(
            f"{len(existing)} file(s) exist",
            [
                RulesetError.make(
                    "file-exists",
                    "the file exists and was not overwritten; expected a new file "
                    "(give --force to overwrite, or another --id or --dir)",
                    Location(str(path)),
                )
                for path in existing
            ],
        )
    made.paths[0].parent.mkdir(parents=True, exist_ok=True)
    for path, text in made.files:
        write_atomically(path, text)
    return write_editor_support(made.paths[0].parent)


def _base(path: Path, folder: Path) -> Ruleset:
    where = Location(str(path))
    if path.suffix.lower() not in _SUFFIXES:
        raise RulesetError.make(
            "extends-refused", "the base is not a .yaml or .yml ruleset file", where
        )
    if not path.is_file():
        raise RulesetError.make(
            "extends-missing", "the base ruleset does not exist: expected a .yaml file", where
        )
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder)):
        raise RulesetError.make(
            "extends-refused",
            f"the base is outside the folder {str(folder)!r} the new ruleset goes to, and "
            "'extends' only reaches the ruleset's folder and its subfolders; expected the "
            "base in that folder or below (leave out --dir to write beside the base, or copy "
            "the base there)",
            where,
        )
    return load(path)


def _not_a_base(target: Path, base: Ruleset) -> None:
    # With --force the new file would replace a file of its own chain: the base is lost and
    # the new ruleset extends itself.
    chain = {os.path.realpath(file) for file in base.files or (base.file,)}
    if os.path.realpath(target) in chain:
        raise RulesetError.make(
            "extends-cycle",
            "the new ruleset would replace its own base; expected an --id other than the "
            "base's file name",
            Location(str(target)),
        )


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder))).as_posix()


def _q(value: object) -> str:
    """A YAML scalar: JSON's quoted strings, numbers and booleans are valid YAML."""
    return json.dumps(value, ensure_ascii=False)


_HOW_TO = """\
# После правки:
#   pdrs-rules check {id}.yaml           — ошибки и предупреждения (молчит, если всё верно);
#   pdrs-rules test {id}.cases.yaml      — проверочные примеры;
#   pdrs-rules passport {id}.yaml        — паспорт показателей для согласования.
"""


def _derived(ruleset_id: str, title: str, base: Ruleset, relative: str) -> str:
    meta = base.metadata
    lines = [
        modeline(RULESET_COPY),
        "#",
        f"# {title}",
        f"# Муниципальный набор правил на основе базового набора «{' '.join(meta.title.split())}»",
        f"# ({relative}, версия {meta.version}). Создан командой pdrs-rules new.",
        "# Всё, что здесь не написано, берётся из базового набора: факты (столбцы таблицы),",
        "# показатели, полосы, тексты рекомендаций. Правила наследования: docs/composition.md.",
        "#",
        "# Что изменить:",
        "# 1. issuer и source: кто утвердил критерии и каким документом (приказ, письмо).",
        "# 2. Пороговые и целевые значения: default параметров ниже (сейчас как в базовом",
        "#    наборе).",
        "# 3. Полосы и тексты рекомендаций показателя: перепишите его bands целиком — список полос",
        "#    заменяет базовый целиком (пример закомментирован в конце файла).",
        "# 4. Показатель, который в муниципалитете не применяется: «имя: null» в indicators.",
        *_HOW_TO.format(id=ruleset_id).splitlines(),
        f"extends: {_q(relative)}",
        "format: pdrs-rules/1",
        f"id: {ruleset_id}",
        f"title: {_q(title)}",
        'version: "1.0.0"',
    ]
    if meta.period:
        lines.append(f"period: {_q(meta.period)}  # учебный год, на который утверждены критерии")
    lines += [
        "# issuer: Управление образования …     # кто утвердил критерии",
        "# source: Приказ от … № …              # документ-основание",
        "locale: ru",
        "",
    ]
    lines += _parameters(base)
    lines += _indicator_example(base)
    return "\n".join(lines) + "\n"


def _parameters(base: Ruleset) -> list[str]:
    if not base.parameters:
        return ["# В базовом наборе нет параметров: пороги записаны в полосах показателей.", ""]
    lines = ["# Пороговые и целевые значения: исправьте default.", "parameters:"]
    for spec in base.parameters.values():
        default = parameter_text(spec, spec.default)
        lines += [
            f"  # {' '.join(spec.title.split())} (в базовом наборе: {default})",
            f"  {spec.name}:",
            f"    default: {_q(spec.default)}",
        ]
    return [*lines, ""]


def _indicator_example(base: Ruleset) -> list[str]:
    indicators = list(base.indicators.values())
    if not indicators:
        return []
    first = indicators[0]
    lines = [
        "# Чтобы изменить полосы или тексты показателя, раскомментируйте и исправьте",
        "# (полосы базового набора для него заменяются этими целиком):",
        "# indicators:",
        f"#   {first.id}:",
        "#     bands:",
        *(f"#       {line}" for band in first.bands for line in _band_lines(band)),
    ]
    if len(indicators) > 1:
        lines.append(f"#   {indicators[-1].id}: null   # показатель не применяется")
    return lines


def _band_lines(band: Band) -> Iterator[str]:
    yield f"- level: {band.level}"
    if band.equals is not None:
        yield f"  is: {_q(band.equals)}"
    for bound in (band.lower, band.upper):
        if bound is not None:
            value = bound.value if isinstance(bound.value, str) else _number(bound.value)
            yield f"  {bound.key}: {value}"
    if band.points is not None:
        yield f"  points: {_number(band.points)}"
    if band.recommendations:
        yield "  recommendations:"
        for rec in band.recommendations:
            yield f"    - to: {rec.to}"
            yield f"      text: {_q(' '.join(rec.text.split()))}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _standalone(ruleset_id: str, title: str) -> str:
    return _STANDALONE.format(
        modeline=modeline(RULESET_COPY),
        id=ruleset_id,
        title=_q(title),
        comment=title,
        how_to=_HOW_TO.format(id=ruleset_id),
    )


_STANDALONE = """\
{modeline}
#
# {comment}
# Самостоятельный набор правил с одним показателем, созданный командой pdrs-rules new:
# образец, который нужно заменить своими фактами, показателями и текстами.
# Формат: docs/ruleset-format.md. Что изменить:
# 1. issuer, source и period: кто утвердил критерии, каким документом, на какой учебный год.
# 2. facts: столбцы таблицы, которую заполняют ОО (column — заголовок столбца).
# 3. parameters: пороговые и целевые значения (default).
# 4. indicators: формула, полосы (уровни и пороги) и тексты рекомендаций.
{how_to}format: pdrs-rules/1
id: {id}
title: {title}
version: "1.0.0"
# period: 2025/2026                       # учебный год, на который утверждены критерии
# issuer: Управление образования …        # кто утвердил критерии
# source: Приказ от … № …                 # документ-основание
locale: ru

entity:
  title: ОО
  id_column: Код ОО
  name_column: Наименование ОО

defaults:
  no_data:
    to: school_head
    text: Предоставить данные мониторинга ({{missing}}).

facts:
  young:
    title: Молодые педагоги (стаж до 3 лет)
    type: integer
    unit: чел.
    min: 0
    column: Молодые педагоги
  mentored:
    title: Молодые педагоги, закреплённые за наставниками
    type: integer
    unit: чел.
    min: 0
    max: young                            # не больше, чем молодых педагогов
    column: Молодые педагоги с наставником

parameters:
  mentored_target:
    title: Целевая доля молодых педагогов, закреплённых за наставниками
    default: 100                          # целевое значение: исправьте
    unit: "%"
    min: 0
    max: 100

indicators:
  mentored_share:
    title: Доля молодых педагогов, закреплённых за наставниками
    formula: share(mentored, young)
    unit: "%"
    better: higher
    bands:
      - level: warning
        below: mentored_target
        points: 0
        recommendations:
          - to: school_head
            text: >-
              Закрепить наставников ещё за
              {{gap|plural:молодым педагогом,молодыми педагогами,молодыми педагогами}}
              ({{value}} при целевом значении {{threshold}}).
      - level: ok
        at_least: mentored_target
        points: 1
"""


def _example_values(facts: Sequence[FactSpec], root: int, share: float) -> dict[str, FactValue]:
    """Values that keep every min/max, a bounded fact taking ``share`` of its bound."""
    values: dict[str, FactValue] = {}
    pending = [f for f in facts if f.type in {ValueType.INTEGER, ValueType.NUMBER}]
    for fact in facts:
        if fact.type is ValueType.BOOLEAN:
            values[fact.name] = share >= 1
        elif fact.type is ValueType.STRING:
            values[fact.name] = "пример"
    numeric = {f.name for f in pending}
    # A fact bounded by another comes after it; each pass settles at least one level of bounds.
    for _ in range(len(pending) + 1):
        waiting = []
        for fact in pending:
            refs = [b for b in (fact.minimum, fact.maximum) if isinstance(b, str)]
            if any(ref in numeric and ref not in values for ref in refs):
                waiting.append(fact)
                continue
            values[fact.name] = _example_number(fact, values, root, share)
        pending = waiting
    for fact in pending:  # facts that bound each other: no order exists, so take the root
        values[fact.name] = root
    return values


def _example_number(
    fact: FactSpec, values: Mapping[str, FactValue], root: int, share: float
) -> int | float:
    def bound(value: float | str | None) -> float | None:
        if isinstance(value, str):
            found = values.get(value)
            return float(found) if isinstance(found, (int, float)) else None
        return value

    low, high = bound(fact.minimum), bound(fact.maximum)
    value = float(root) if high is None or not isinstance(fact.maximum, str) else high * share
    if fact.type is ValueType.INTEGER:
        value = float(int(value))
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return int(value) if fact.type is ValueType.INTEGER or value.is_integer() else value


def _example_rows(ruleset: Ruleset) -> list[dict[str, FactValue]]:
    entity = ruleset.entity
    facts = [f for f in ruleset.facts.values() if f.level == "school"]
    rows = []
    for code, name, root, share in _ROWS:
        row: dict[str, FactValue] = {entity.id_column: code, entity.name_column: name}
        if ruleset.metadata.period:
            # The default "period" is a name for programs; people filling in the table read
            # Russian, and the Russian header is read as the period column too.
            period = PERIOD_RU if entity.period_column == "period" else entity.period_column
            row[period] = ruleset.metadata.period
        values = _example_values(facts, root, share)
        row.update({f.column: values[f.name] for f in facts})
        rows.append(row)
    return rows


def _cell(value: FactValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def _csv(rows: Sequence[Mapping[str, FactValue]]) -> str:
    out = io.StringIO()
    # ';' and a byte-order mark: what Excel in a Russian locale opens and saves without asking.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(rows[0]))
    writer.writerows([_cell(value) for value in row.values()] for row in rows)
    return "\ufeff" + out.getvalue()


def _cases(ruleset: Ruleset, rows: Sequence[Mapping[str, FactValue]]) -> str:
    ident = ruleset.id
    entity = ruleset.entity
    report = ruleset.evaluate(rows)
    empty = {entity.id_column: "3", entity.name_column: "Школа без данных (пример)"}
    empty_row: dict[str, FactValue] = {
        **empty,
        **{f.column: None for f in ruleset.facts.values() if f.level == "school"},
    }
    no_data = ruleset.evaluate([empty_row])
    lines = [
        modeline(CASES_COPY),
        "#",
        f"# Проверочные примеры для набора {ident}.yaml (формат: docs/testing.md).",
        "# Ожидаемые уровни ниже вычислены по шаблонным данным при создании набора",
        "# (pdrs-rules new), поэтому пока они лишь повторяют набор. Замените шаблонные данные",
        f"# {ident}.facts.csv примерами из документа и запишите уровни и тексты, которых требует",
        "# документ: тогда кейс проверяет набор. Запуск: pdrs-rules test " + f"{ident}.cases.yaml",
        "format: pdrs-rules-cases/1",
        f"ruleset: {_q(ident + '.yaml')}",
        "",
        "cases:",
        "  - name: template-facts",
        f"    description: Шаблонные данные из {ident}.facts.csv.",
        f"    facts: {_q(ident + '.facts.csv')}",
        *_expectations(report.findings, report.conclusions),
        "",
        "  - name: no-data",
        "    description: ОО не заполнила ни одной ячейки — вместо рекомендаций запросы данных.",
        "    facts:",
        "      - {" + ", ".join(f"{_q(k)}: {_q(v)}" for k, v in empty_row.items()) + "}",
        *_expectations(no_data.findings, no_data.conclusions),
    ]
    return "\n".join(lines) + "\n"


def _expectations(findings: Iterable[Finding], conclusions: Iterable[Finding]) -> list[str]:
    lines: list[str] = []
    for key, group in (("expect", findings), ("conclusions", conclusions)):
        by_entity: dict[str, list[Finding]] = {}
        for finding in group:
            by_entity.setdefault(finding.school_id, []).append(finding)
        if not by_entity:
            continue
        lines.append(f"    {key}:")
        for entity, found in by_entity.items():
            lines.append(f"      {_q(entity)}:")
            lines.extend(f"        {f.indicator}: {_expected(f)}" for f in found)
    return lines


def _expected(finding: Finding) -> str:
    if finding.outcome is Outcome.EVALUATED and finding.level is not None:
        return f"{{level: {finding.level}, display: {_q(finding.display)}}}"
    return f"{{outcome: {finding.outcome.value}}}"
