"""The bad-input suite: hostile or careless inputs and signals, each run as the command runs.

Every case of tests/badinput/cases.yaml is a folder of files and one or more command lines
(``runs``). All of them run in one worker process (tests/badinput/worker.py) that forks once
per run, so the suite costs one interpreter start, and measures each run with ``resource``.
Each run must:

- exit with a documented code (``pdrs_rules.cli.ExitCode``), the one the case expects;
- print no ``Traceback``, and the words the case expects on standard error;
- leave its inputs unchanged and no hidden temporary file anywhere, and nothing in the output
  folder ``out/`` unless it succeeded;
- stay under ``CPU_SECONDS`` of CPU time and ``MEMORY_MIB`` of memory growth.

``TestApi`` calls the Python API with arguments of the wrong type (the ``api`` list of
cases.yaml) and checks that results do not depend on what ran before. Signals and pipes need
a real process and a clock: ``TestSignals`` runs ``pdrs-rules``. docs/testing.md says how to
add a case.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import pdrs_rules
from pdrs_rules.cli import ExitCode

HERE = Path(__file__).parent
DATA = HERE / "badinput"
CASEFILES = HERE / "casefiles"
WORKER = DATA / "worker.py"
SUITE: dict[str, Any] = yaml.safe_load((DATA / "cases.yaml").read_text("utf-8"))

#: Limits per run (docs/security.md). The costliest run here takes about 0.7 s of CPU time
#: (a case file of a thousand cases) and a few MiB; parsing 100 KB of "[" the old way took
#: minutes, and reading a link to /dev/zero took gigabytes.
CPU_SECONDS = 3.0
MEMORY_MIB = 250
#: The exit codes a run may end with at all.
DOCUMENTED = {code.value for code in ExitCode}
#: The smallest suite this file accepts, so that it cannot shrink unnoticed.
MIN_RUNS = 150

MINI_FACTS = "id;name;Всего педагогов;diagnosed\n001;Школа 1;20;5\n002;Школа 2;10;5\n"
CASES_FILE = (
    "format: pdrs-rules-cases/1\nruleset: r.yaml\nfacts: f.csv\ncases:\n"
    "  - name: first\n    expect:\n      '001': {diag_share: {level: warning}}\n"
)
MUNICIPAL_CASES_FILE = (
    "format: pdrs-rules-cases/1\nruleset: r.yaml\nfacts: f.csv\ngroup_facts: g.csv\ncases:\n"
    "  - name: first\n    expect:\n      '002': {iom_share: {level: warning}}\n"
)
DERIVED = "extends: base.yaml\nid: derived\ntitle: Производный\n"


@attrs.frozen
class Run:
    """One command line of one case, with what it must give."""

    name: str
    kind: str
    case: Mapping[str, Any] = attrs.field(hash=False)
    argv: tuple[str, ...]
    exits: frozenset[int]
    stderr: tuple[str, ...]


def _exits(spec: int | list[int] | dict[str, int], run: str) -> frozenset[int]:
    """The exit codes a case allows for one of its runs."""
    if isinstance(spec, dict):
        spec = spec[run]
    return frozenset(spec if isinstance(spec, list) else [spec])


def _runs() -> list[Run]:
    templates: dict[str, list[str]] = SUITE["runs"]
    runs = []
    for case in SUITE["cases"]:
        wanted = case.get("stderr", [])
        for run in case.get("runs", ["argv"]):
            argv = case["argv"] if run == "argv" else templates[run]
            runs.append(
                Run(
                    name=f"{case['class']}: {case['name']} [{run}]",
                    kind=case["class"],
                    case=case,
                    argv=tuple(argv),
                    exits=_exits(case["exit"], run),
                    stderr=tuple([wanted] if isinstance(wanted, str) else wanted),
                )
            )
    return runs


RUNS = _runs()


# -- building the folders --------------------------------------------------------------------


def _findings(period: str) -> str:
    """A findings document of the mini ruleset for one period, as ``evaluate`` writes it."""
    ruleset = pdrs_rules.load(CASEFILES / "ruleset.yaml")
    rows = [
        {"id": "001", "name": "Школа 1", "period": period, "Всего педагогов": 20, "diagnosed": 5},
        {"id": "002", "name": "Школа 2", "period": period, "Всего педагогов": 10, "diagnosed": 9},
    ]
    return ruleset.evaluate(rows).to_json()


def _defaults(base: str) -> dict[str, str]:
    """The files every case folder starts with: valid ones, which a case replaces."""
    if base == "municipal":
        return {
            "r.yaml": (CASEFILES / "municipal.yaml").read_text("utf-8"),
            "f.csv": (CASEFILES / "municipal.facts.csv").read_text("utf-8"),
            "g.csv": (CASEFILES / "municipal.group.csv").read_text("utf-8"),
            "c.cases.yaml": MUNICIPAL_CASES_FILE,
        }
    ruleset = (CASEFILES / "ruleset.yaml").read_text("utf-8")
    return {
        "r.yaml": ruleset,
        "base.yaml": ruleset,
        "d.yaml": DERIVED,
        "f.csv": MINI_FACTS,
        "c.cases.yaml": CASES_FILE,
        "a.json": _findings("2022"),
        "b.json": _findings("2023"),
    }


def _content(spec: Any, defaults: Mapping[str, str], name: str) -> str | bytes:
    """The text or bytes a file spec of cases.yaml stands for."""
    if isinstance(spec, str):
        return spec
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "staircase" in spec:
        return "".join(f"{'  ' * i}{spec['staircase']}\n" for i in range(spec["times"]))
    text = spec["text"] if "text" in spec else defaults[spec.get("from", name)]
    for old, new in spec.get("replace", {}).items():
        assert old in text, f"{name}: {old!r} is not in the file it edits"
        text = text.replace(old, new)
    text += spec.get("repeat", "") * spec.get("times", 1) + spec.get("append", "")
    for mark, (piece, times) in spec.get("expand", {}).items():
        text = text.replace(mark, piece * times)
    return text


def _make(path: Path, spec: Any, defaults: Mapping[str, str]) -> None:
    """Write one file of a case: text, bytes, or something that is not a regular file."""
    special = spec.get("special") if isinstance(spec, dict) else None
    path.parent.mkdir(parents=True, exist_ok=True)
    if special is None:
        content = _content(spec, defaults, path.name)
        # Escapes such as \ud800 are written as text: the file holds the six characters.
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        path.write_bytes(data)
    elif special == "fifo":
        os.mkfifo(path)
    elif special == "dir":
        path.mkdir()
    elif special == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
    elif special == "missing":
        pass
    elif special.startswith("/"):
        path.symlink_to(special)
    elif special.startswith("link:"):
        path.symlink_to(special.removeprefix("link:"))
    elif special.startswith("hardlink:"):
        path.hardlink_to(path.parent / special.removeprefix("hardlink:"))
    elif special == "xlsx-entities":
        _entity_workbook(path)
    elif special.startswith("sparse:"):
        with path.open("wb") as stream:
            stream.truncate(int(special.removeprefix("sparse:")))
    else:  # pragma: no cover - a typo in cases.yaml
        raise AssertionError(f"unknown special file {special!r}")


def _entity_workbook(path: Path) -> None:
    """A workbook whose school name is an XML entity that expands to 10⁹ characters."""
    import openpyxl  # noqa: PLC0415 - the xlsx extra, installed for the tests

    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "name", "Всего педагогов", "diagnosed"])
    workbook.active.append(["001", "NAME", 20, 5])
    workbook.save(path)
    with zipfile.ZipFile(path) as packed:
        parts = {name: packed.read(name) for name in packed.namelist()}
    levels = "".join(f'<!ENTITY e{i + 1} "{f"&e{i};" * 10}">' for i in range(8))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY e0 "xxxxxxxxxx">{levels}]>'
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8").replace("NAME", "&e8;")
    parts["xl/worksheets/sheet1.xml"] = (doctype + sheet).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, data in parts.items():
            packed.writestr(name, data)


#: Files larger than this are told apart by size and modification time, not read and hashed.
_HASHED_BYTES = 16 * 1024 * 1024


def _inputs(folder: Path) -> dict[str, str]:
    """What each input is: a hash of a regular file's bytes, the kind of anything else."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if name == "out" or name.startswith("out/"):
            continue
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and info.st_size <= _HASHED_BYTES:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISREG(info.st_mode):
            found[name] = f"{info.st_size} bytes, changed at {info.st_mtime_ns}"
        elif stat.S_ISLNK(info.st_mode):
            found[name] = f"link to {path.readlink()}"
        else:
            found[name] = stat.filemode(info.st_mode)
    return found


@attrs.frozen
class Result:
    """What one run did."""

    exit: int
    timed_out: bool
    cpu_seconds: float
    memory_mib: float
    stdout: str
    stderr: str
    inputs_before: dict[str, str]
    inputs_after: dict[str, str]
    outputs: tuple[str, ...]
    temporaries: tuple[str, ...]


def _worker(request: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The measurements of tests/badinput/worker.py for a request, run in one process."""
    worker = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [sys.executable, str(WORKER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    measured: list[dict[str, Any]] = json.loads(worker.stdout)
    return measured


@pytest.fixture(scope="session")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Every run of the suite, run once in the worker: its result by run name."""
    root = tmp_path_factory.mktemp("badinput")
    defaults = {base: _defaults(base) for base in ("mini", "municipal")}
    prepared = []
    for number, run in enumerate(RUNS):
        folder = root / f"{number:03d}"
        folder.mkdir()
        (folder / "out").mkdir()
        files = defaults[run.case.get("base", "mini")]
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        for name, spec in run.case.get("files", {}).items():
            target = folder / name
            if target.exists() or target.is_symlink():
                target.unlink()
            _make(target, spec, files)
        prepared.append((run, folder, _inputs(folder)))
    request = [
        {
            "name": run.name,
            "cwd": str(folder),
            "argv": list(run.argv),
            "stdout": str(root / f"{number:03d}.stdout"),
            "stderr": str(root / f"{number:03d}.stderr"),
        }
        for number, (run, folder, _) in enumerate(prepared)
    ]
    warm_up = []
    for base, files in defaults.items():
        folder = root / f"warm-up-{base}"
        (folder / "out").mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        grouped = [argv for name, argv in SUITE["runs"].items() if name.startswith("group")]
        plain = [argv for argv in SUITE["runs"].values() if argv not in grouped]
        warm_up.append({"cwd": str(folder), "argvs": grouped if base == "municipal" else plain})
    # Two at a time: runs are measured one by one (wait4), whatever runs beside them.
    parallel = min(2, os.cpu_count() or 1)
    payload = {"warm_up": warm_up, "runs": request, "parallel": parallel}
    measured = {m["name"]: m for m in _worker(payload)}
    out: dict[str, Result] = {}
    for item, (run, folder, before) in zip(request, prepared, strict=True):
        m = measured[run.name]
        out[run.name] = Result(
            exit=m["exit"],
            timed_out=m["timed_out"],
            cpu_seconds=m["cpu_seconds"],
            memory_mib=m["memory_mib"],
            stdout=Path(item["stdout"]).read_text("utf-8", errors="replace"),
            stderr=Path(item["stderr"]).read_text("utf-8", errors="replace"),
            inputs_before=before,
            inputs_after=_inputs(folder),
            outputs=tuple(
                str(p.relative_to(folder)) for p in (folder / "out").rglob("*") if p.is_file()
            ),
            temporaries=tuple(
                str(p.relative_to(folder))
                for p in folder.rglob("*")
                if p.name.startswith(".") and (p.name.endswith(".tmp") or "pdrs-" in p.name)
            ),
        )
    return out


def _unwritten(inputs: Mapping[str, str], writes: tuple[str, ...]) -> dict[str, str]:
    """The inputs outside the paths (files or folders) a run may write."""
    return {
        name: kind
        for name, kind in inputs.items()
        if not any(name == path or name.startswith(f"{path}/") for path in writes)
    }


class TestBadInput:
    @pytest.mark.parametrize("run", RUNS, ids=[run.name for run in RUNS])
    def test_run(self, results: dict[str, Result], run: Run) -> None:
        """A documented exit code, no traceback, inputs intact, no stray files, within limits."""
        result = results[run.name]
        shown = f"exit {result.exit}\n--- stderr:\n{result.stderr[-2000:]}"
        assert not result.timed_out, shown
        assert result.exit in DOCUMENTED, shown
        assert result.exit in run.exits, shown
        assert "Traceback" not in result.stdout + result.stderr, shown
        for words in run.stderr:
            assert words in result.stderr, shown
        # Files the command writes besides out/ (snapshots, with --update) may change.
        writes = tuple(run.case.get("writes", []))
        assert _unwritten(result.inputs_after, writes) == _unwritten(result.inputs_before, writes)
        assert result.temporaries == ()
        if result.exit not in {ExitCode.OK, ExitCode.FINDINGS}:
            assert result.outputs == (), shown
        if "outputs" in run.case:
            assert sorted(result.outputs) == run.case["outputs"], shown
        assert result.cpu_seconds <= CPU_SECONDS, shown
        assert result.memory_mib <= MEMORY_MIB, shown


class TestSuite:
    def test_size(self) -> None:
        """The suite has at least 150 runs, and every class of input has several."""
        per_class = Counter(run.kind for run in RUNS)
        assert len(RUNS) >= MIN_RUNS
        assert min(per_class.values()) >= 5, per_class

    def test_names_are_unique(self) -> None:
        """Each run has its own name, so each has its own folder and result."""
        names = [run.name for run in RUNS]
        assert sorted(names) == sorted(set(names))

    def test_every_expected_exit_is_documented(self) -> None:
        """Cases only expect exit codes ExitCode documents."""
        assert {code for run in RUNS for code in run.exits} <= DOCUMENTED

    def test_the_limits_can_fail(self, tmp_path: Path) -> None:
        """The worker sees a run's memory and CPU time: 300 MiB and 3.5 s pass the limits."""
        runs = [
            {"name": "idle", "argv": ["--version"]},
            {"name": "heavy", "argv": ["--version"], "ballast_mib": 300, "burn_seconds": 3.5},
        ]
        for run in runs:
            run.update(cwd=str(tmp_path), stdout=os.devnull, stderr=os.devnull)
        idle, heavy = _worker({"warm_up": [], "runs": runs})
        assert (idle["exit"], heavy["exit"]) == (ExitCode.OK, ExitCode.OK)
        assert idle["memory_mib"] < MEMORY_MIB < heavy["memory_mib"]
        assert idle["cpu_seconds"] < CPU_SECONDS < heavy["cpu_seconds"]


# -- the Python API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the mini ruleset (r.yaml) and its facts (f.csv)."""
    folder = tmp_path_factory.mktemp("api")
    (folder / "r.yaml").write_text((CASEFILES / "ruleset.yaml").read_text("utf-8"), "utf-8")
    (folder / "f.csv").write_text(MINI_FACTS, encoding="utf-8")
    return folder


def _api_value(value: Any, folder: Path) -> Any:
    """A value of an api case: "$ruleset", "$report" and "$finding" stand for objects."""
    if isinstance(value, str) and value.startswith("$"):
        ruleset = pdrs_rules.load(folder / "r.yaml")
        report = ruleset.evaluate(folder / "f.csv")
        return {"$ruleset": ruleset, "$report": report, "$finding": report.findings[0]}[value]
    return value


def _api_function(case: Mapping[str, Any], folder: Path) -> Any:
    if "self" in case:
        return getattr(_api_value(case["self"], folder), case["call"])
    module, _, name = case["call"].rpartition(".")
    if module == "pdrs_rules.Report":
        return getattr(pdrs_rules.Report, name)
    return getattr(importlib.import_module(module), name)


class TestApi:
    @pytest.mark.parametrize("case", SUITE["api"], ids=[case["error"] for case in SUITE["api"]])
    def test_wrong_type(
        self, case: Mapping[str, Any], api_folder: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A wrong type is a TypeError naming the function, the parameter and what it must be."""
        monkeypatch.chdir(api_folder)
        function = _api_function(case, api_folder)
        args = [_api_value(value, api_folder) for value in case["args"]]
        kwargs = {
            key: _api_value(value, api_folder) for key, value in case.get("kwargs", {}).items()
        }
        with pytest.raises(TypeError) as raised:
            function(*args, **kwargs)
        assert str(raised.value) == case["error"]

    @pytest.mark.parametrize(
        ("first", "second"), [(30, 30.0), (30.0, 30), ("30", 30.0), (30.0, "30")]
    )
    def test_results_do_not_depend_on_what_ran_before(
        self, api_folder: Path, first: object, second: object
    ) -> None:
        """A ruleset gives for target=30.0 what a fresh one gives, whatever it ran before."""
        ruleset = pdrs_rules.load(api_folder / "r.yaml")
        ruleset.evaluate(api_folder / "f.csv", params={"target": first})
        after = ruleset.evaluate(api_folder / "f.csv", params={"target": second})
        fresh = pdrs_rules.load(api_folder / "r.yaml").evaluate(
            api_folder / "f.csv", params={"target": second}
        )
        assert after.to_json() == fresh.to_json()
        # "30" is read as a facts cell reads it: the integer 30.
        assert type(after.parameters["target"]) is (int if second == "30" else type(second))

    @pytest.mark.parametrize(
        ("text", "value"),
        [("30", 30), (" 30 ", 30), ("27,5", 27.5), ("27.5", 27.5), ("3e1", 30.0), ("0,0", 0.0)],
    )
    def test_parameter_text_read_as_a_facts_cell(
        self, api_folder: Path, text: str, value: float
    ) -> None:
        """A parameter given as text is a number written as a facts cell may write one."""
        ruleset = pdrs_rules.load(api_folder / "r.yaml")
        resolved = ruleset.resolve_params({"target": text})["target"]
        assert (resolved, type(resolved)) == (value, type(value))

    @pytest.mark.parametrize("text", ["٣٠", "３０", "1_0", "nan", "inf", "0x1e", "30%", ""])
    def test_parameter_text_refused_as_in_a_facts_cell(self, api_folder: Path, text: str) -> None:
        """Digits other than ASCII, underscores, nan and inf are refused, as in facts cells."""
        ruleset = pdrs_rules.load(api_folder / "r.yaml")
        with pytest.raises(pdrs_rules.ParameterError) as raised:
            ruleset.resolve_params({"target": text})
        assert raised.value.code == "bad-parameter"


# -- signals and pipes: a real process ------------------------------------------------------


def _big_facts(folder: Path, rows: int) -> Path:
    """A facts file large enough that evaluating it takes a noticeable moment."""
    path = folder / "big.csv"
    lines = [f"{i:06d};Школа {i};{20 + i % 7};{i % 9}" for i in range(rows)]
    path.write_text("id;name;Всего педагогов;diagnosed\n" + "\n".join(lines) + "\n", "utf-8")
    return path


def _command(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - the package's own command
        [sys.executable, "-m", "pdrs_rules", *args], **kwargs
    )


@contextlib.contextmanager
def _killed_on_exit(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    try:
        yield process
    finally:
        if process.poll() is None:  # pragma: no cover - only when the test fails
            process.kill()
            process.wait()


def _wait_for(folder: Path, pattern: str, process: subprocess.Popen[bytes]) -> list[Path]:
    """The files matching ``pattern`` in ``folder``, once there are some (the run is writing)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = list(folder.glob(pattern))
        if found:
            return found
        time.sleep(0.005)
    return []  # pragma: no cover - only when the test fails


class TestSignals:
    @pytest.mark.parametrize(
        ("signum", "code", "line"),
        [
            (signal.SIGINT, ExitCode.INTERRUPTED, "pdrs-rules: прервано (Ctrl-C)\n"),
            (signal.SIGTERM, ExitCode.TERMINATED, "pdrs-rules: остановлено (SIGTERM)\n"),
        ],
        ids=["ctrl-c", "sigterm"],
    )
    def test_stopped_while_writing(
        self, tmp_path: Path, signum: signal.Signals, code: int, line: str
    ) -> None:
        """Stopped while -o is being written: one line, the documented code, no file at all."""
        facts = _big_facts(tmp_path, 30_000)
        out = tmp_path / "out"
        out.mkdir()
        argv = ["evaluate", str(CASEFILES / "ruleset.yaml"), str(facts), "--format", "jsonl"]
        process = _command(*argv, "-o", str(out / "x.jsonl"), stderr=subprocess.PIPE)
        with _killed_on_exit(process):
            # The temporary file appears once every row is checked and the lines are written.
            assert _wait_for(out, ".x.jsonl.*.tmp", process) != []
            process.send_signal(signum)
            _, err = process.communicate(timeout=60)
        assert (process.returncode, err.decode("utf-8"), list(out.iterdir())) == (code, line, [])

    @pytest.mark.parametrize(
        ("output", "first_line"),
        [
            (["--format", "jsonl"], '{"band": {"equals": null, "index": 0, "lower": null,'),
            (["--format", "text"], "Диагностика (mini 1)"),
            (["--format", "csv"], "\ufeffНабор правил;Версия набора;Код ОО;"),
        ],
        ids=["jsonl", "text", "csv"],
    )
    def test_broken_pipe(self, tmp_path: Path, output: list[str], first_line: str) -> None:
        """`pdrs-rules evaluate … | head -1`: exit 0 and nothing on standard error."""
        facts = _big_facts(tmp_path, 5_000)
        argv = ["evaluate", str(CASEFILES / "ruleset.yaml"), str(facts), *output]
        process = _command(*argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with _killed_on_exit(process):
            assert process.stdout is not None
            first = process.stdout.readline()
            process.stdout.close()  # what `head -1` does once it has its line
            _, err = process.communicate(timeout=60)
        assert first.decode("utf-8").startswith(first_line)
        assert (process.returncode, err) == (ExitCode.OK, b"")
