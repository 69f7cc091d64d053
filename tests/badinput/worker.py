"""Run many command lines of pdrs-rules in one process, measuring each with ``resource``.

tests/test_badinput.py starts this once (``python worker.py < runs.json > results.json``).
The package and what it imports lazily are imported here once, and valid command lines are run
in-process to fill the caches (schema validators, message catalogs); each run is then a forked
child (``parallel`` of them at a time) that calls ``pdrs_rules.cli.main(argv)`` in its own
folder, with its standard input empty and its standard output and
error in files, exactly as the ``pdrs-rules`` command would print them (a traceback that
escaped would be printed as the interpreter does). ``os.wait4`` gives the child's own CPU time
and peak resident memory; the resident memory it started with (the parent's, shared at fork)
is subtracted. A run over its wall-clock budget is killed and reported as timed out.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import pkgutil
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import attrs
import docx  # noqa: F401 - imported once here, not once per forked run
import openpyxl  # noqa: F401 - ditto

from pdrs_rules import cli

#: Wings whose modules import optional extras at the top; they load on first use instead.
_OPTIONAL = ("pdrs_rules._columnar",)


def _package_modules() -> list[str]:
    """Every module of the package (so the lazily imported ones too), found on disk."""
    import pdrs_rules  # noqa: PLC0415

    return [
        info.name
        for info in pkgutil.walk_packages(pdrs_rules.__path__, "pdrs_rules.")
        if not info.name.startswith(_OPTIONAL) and not info.name.endswith("__main__")
    ]


#: A run that has not ended after this many seconds is killed (its CPU limit is lower).
_WALL_SECONDS = 30.0
#: The CPU time after which the kernel stops a runaway run (SIGXCPU), far above the test's limit.
_CPU_HARD_SECONDS = 20
#: The address space past which a runaway run's allocations fail, far above the test's limit:
#: a run that reads gigabytes must not take the machine with it.
_ADDRESS_SPACE_BYTES = 4 * 1024**3


def _resident_kib() -> int:
    """The resident memory of this process now, in KiB (the peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:  # pragma: no cover - not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _child(run: dict[str, Any]) -> None:
    """In the forked child: run one command line and leave with its exit status."""
    code = 1
    try:
        os.chdir(run["cwd"])
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.close(nothing)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(run[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        resource.setrlimit(resource.RLIMIT_CPU, (_CPU_HARD_SECONDS, _CPU_HARD_SECONDS + 5))
        resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE_BYTES, _ADDRESS_SPACE_BYTES))
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _load(run)
        code = cli.main(run["argv"])
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:  # noqa: BLE001 - printed as the interpreter would, then exit 1
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _load(run: dict[str, Any]) -> None:
    """Work a run asks for besides its command line: the suite's check that limits can fail."""
    ballast = bytearray(run.get("ballast_mib", 0) * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so that it is resident
    deadline = time.process_time() + run.get("burn_seconds", 0)
    while time.process_time() < deadline:
        pass


@attrs.define
class _Running:
    """A forked run: where its result goes, when it started, the memory it started with."""

    index: int
    run: dict[str, Any]
    started: float
    start_kib: int


def _measure(runs: list[dict[str, Any]], parallel: int) -> list[dict[str, Any]]:
    """Fork each run, ``parallel`` at a time: its exit status, CPU seconds and memory growth.

    ``wait4`` reports each child's own usage, so runs side by side do not share their numbers.
    """
    results: list[dict[str, Any]] = [{} for _ in runs]
    pending = list(enumerate(runs))
    running: dict[int, _Running] = {}
    while pending or running:
        while pending and len(running) < parallel:
            index, run = pending.pop(0)
            start_kib = _resident_kib()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child never returns
                _child(run)
            running[pid] = _Running(index, run, time.monotonic(), start_kib)
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        timed_out = False
        if pid == 0:
            late = [p for p, r in running.items() if time.monotonic() - r.started > _WALL_SECONDS]
            if not late:
                time.sleep(0.002)
                continue
            pid = late[0]
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            timed_out = True
        done = running.pop(pid)
        results[done.index] = {
            "name": done.run["name"],
            "exit": os.waitstatus_to_exitcode(status),
            "timed_out": timed_out,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "memory_mib": max(0, usage.ru_maxrss - done.start_kib) / 1024,
            "wall_seconds": time.monotonic() - done.started,
        }
    return results


def _warm_up(folder: str, argvs: list[list[str]]) -> None:
    """Run valid command lines here, once: caches (schemas, catalogs) are then inherited."""
    os.chdir(folder)
    with Path(os.devnull).open("w", encoding="utf-8") as nowhere:
        for argv in argvs:
            cli.run(argv, nowhere, nowhere)


def main() -> None:
    """Read the runs from standard input, write their measurements to standard output."""
    # Everything imported before the first fork, so that no run pays for an import.
    for module in _package_modules():
        importlib.import_module(module)
    request = json.load(sys.stdin)
    for warm in request["warm_up"]:
        _warm_up(warm["cwd"], warm["argvs"])
    # The collector of a forked child would walk, and so copy, every page of the parent's
    # objects: frozen, they stay shared.
    gc.freeze()
    results = _measure(request["runs"], request.get("parallel", 1))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
