"""Executable examples in Markdown: read, run, compare and rewrite them.

The convention is described in tests/test_docs_examples.py and docs/testing.md; this module
implements it: :func:`parse` reads a document into blocks and directives, :func:`check` runs
them in a scratch folder and returns what differs, :func:`update` writes the new outputs back.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import attrs

from pdrs_rules import cli

__all__ = [
    "Block",
    "Directive",
    "DocError",
    "Document",
    "Mismatch",
    "Result",
    "check",
    "describe",
    "parse",
    "read",
    "run_document",
    "select",
    "update",
]

#: The prefix of every directive: ``<!-- docs-test: NAME ARGS -->``.
PREFIX = "<!-- docs-test:"
#: Stand for the project's folder in ``cp`` (``cp /path/to/pdrs-rules/rulesets/x.yaml .``).
PROJECT = ("/path/to/pdrs-rules/", "/путь/к/pdrs-rules/")
#: The line that stands for left-out lines between the parts ``lines`` selects.
ELISION = "…\n"

#: Directives about the fenced block right below them; the others (``replace``, ``copy``,
#: ``not-checked`` and a ``write`` with its own lines) act where they stand.
BLOCK_DIRECTIVES = frozenset(
    {
        "write",
        "append",
        "splice",
        "run",
        "output",
        "lines",
        "without-module",
        "skip",
        "skip-commands",
    }
)
#: Directives whose reason (the text after ``: ``) is required.
REASONED = frozenset({"skip", "skip-commands", "not-checked"})
#: The number of arguments of each directive: (least, most); None is "any number".
ARITY: dict[str, tuple[int, int | None]] = {
    "write": (1, 1),
    "append": (1, 1),
    "splice": (3, 3),
    "run": (1, None),
    "output": (0, 0),
    "lines": (1, None),
    "without-module": (1, 1),
    "skip": (0, 0),
    "skip-commands": (1, None),
    "replace": (3, 3),
    "copy": (2, None),
    "not-checked": (0, 0),
}
_FENCE = re.compile(r"^(```+)([^`\n]*)$")


class DocError(Exception):
    """A document breaks the convention, or one of its examples cannot run."""


@attrs.frozen
class Directive:
    """One ``<!-- docs-test: ... -->`` comment."""

    name: str
    args: tuple[str, ...]
    reason: str
    line: int
    #: The lines of a multi-line ``write``, which then writes them instead of a block.
    content: str | None = None


@attrs.frozen
class Block:
    """A fenced code block and the directives right above it."""

    info: str
    line: int
    start: int
    end: int
    content: str
    directives: tuple[Directive, ...]

    def directive(self, name: str) -> Directive | None:
        """The block's directive of this name, if it has one."""
        return next((d for d in self.directives if d.name == name), None)

    def named(self, name: str) -> tuple[Directive, ...]:
        """Every directive of this name above the block, in order."""
        return tuple(d for d in self.directives if d.name == name)


@attrs.frozen
class Document:
    """A Markdown file read into blocks and standalone directives, in their order."""

    name: str
    text: str
    items: tuple[Block | Directive, ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The fenced blocks only, in their order."""
        return tuple(item for item in self.items if isinstance(item, Block))


@attrs.frozen
class Mismatch:
    """A block whose shown output is not what its example prints now."""

    block: Block
    actual: str
    what: str

    def report(self, name: str) -> str:
        """``file:line: what`` and a unified diff, documented → actual."""
        shown = self.block.content.splitlines(keepends=True)
        actual = self.actual.splitlines(keepends=True)
        first = next(
            (i for i, (a, b) in enumerate(zip(shown, actual, strict=False)) if a != b),
            min(len(shown), len(actual)),
        )
        line = self.block.line + 1 + first
        diff = difflib.unified_diff(
            shown, actual, f"{name}:{self.block.line + 1} (documented)", "actual", n=2
        )
        return f"{name}:{line}: {self.what} (block at line {self.block.line})\n" + "".join(
            d if d.endswith("\n") else d + "\n" for d in diff
        )


@attrs.frozen
class Result:
    """What checking one document found."""

    document: Document
    mismatches: tuple[Mismatch, ...]
    checked: int
    skipped: int
    #: Why the document could not be run to its end, if it could not.
    error: str | None = None


def _directive(text: str, line: int, name: str) -> Directive:
    head, _, rest = text.partition("\n")
    match = re.fullmatch(r"([a-z-]+)(:?)(.*)", head.strip(), re.DOTALL)
    if match is None or match.group(1) not in ARITY:
        known = ", ".join(sorted(ARITY))
        raise DocError(f"{name}:{line}: unknown docs-test directive {head.strip()!r} ({known})")
    word, colon, args = match.group(1), match.group(2), match.group(3).strip()
    reason = ""
    if word in REASONED:
        args, _, reason = ("", "", args) if colon else args.partition(": ")
        if not reason.strip():
            raise DocError(f"{name}:{line}: docs-test {word} needs a reason: '{word}: why'")
    elif colon:
        raise DocError(f"{name}:{line}: docs-test {word} takes no reason after ':'")
    if word == "run":
        parts: tuple[str, ...] = (args,) if args else ()
    elif word == "lines":
        parts = tuple(args.split())
    else:
        parts = tuple(shlex.split(args))
    least, most = ARITY[word]
    if len(parts) < least or (most is not None and len(parts) > most):
        raise DocError(f"{name}:{line}: docs-test {word}: wrong number of arguments: {parts}")
    content = rest or None
    if content is not None and word != "write":
        raise DocError(f"{name}:{line}: only 'write' takes lines of content")
    return Directive(word, parts, reason.strip(), line, content)


def parse(text: str, name: str) -> Document:
    """Read a Markdown document into its fenced blocks and docs-test directives."""
    items: list[Block | Directive] = []
    pending: list[Directive] = []
    lines = text.splitlines(keepends=True)
    offset, index = 0, 0
    while index < len(lines):
        line, number = lines[index], index + 1
        if line.startswith(PREFIX):
            body, taken = line[len(PREFIX) :], 1
            while "-->" not in body:
                if index + taken >= len(lines):
                    raise DocError(f"{name}:{number}: docs-test comment without its '-->'")
                body += lines[index + taken]
                taken += 1
            inner, _, after = body.partition("-->")
            if after.strip():
                raise DocError(f"{name}:{number}: text after '-->' of a docs-test comment")
            directive = _directive(inner.lstrip(" "), number, name)
            if directive.name in BLOCK_DIRECTIVES and directive.content is None:
                pending.append(directive)
            else:
                if pending:
                    raise DocError(f"{name}:{pending[0].line}: a block must follow right below")
                items.append(directive)
            offset += sum(len(x) for x in lines[index : index + taken])
            index += taken
            continue
        fence = _FENCE.match(line.rstrip("\n"))
        if fence:
            close = next(
                (
                    j
                    for j in range(index + 1, len(lines))
                    if lines[j].rstrip() == fence.group(1) and lines[j].startswith(fence.group(1))
                ),
                None,
            )
            if close is None:
                raise DocError(f"{name}:{number}: fenced block without its closing fence")
            start = offset + len(line)
            content = "".join(lines[index + 1 : close])
            info = fence.group(2).strip()
            items.append(Block(info, number, start, start + len(content), content, tuple(pending)))
            pending = []
            offset = start + len(content) + len(lines[close])
            index = close + 1
            continue
        if pending:
            raise DocError(f"{name}:{pending[0].line}: a block must follow right below")
        offset += len(line)
        index += 1
    if pending:
        raise DocError(f"{name}:{pending[0].line}: a block must follow right below")
    return Document(name, text, tuple(items))


def select(output: str, spec: Sequence[str]) -> str:
    """The lines of ``output`` that ``spec`` names, with ``…`` where lines were left out.

    Each item of ``spec`` is a Python slice of the list of lines (``:4``, ``16:22``, ``-1:``)
    or a regular expression between slashes (``/^rulesets.armavir/``) for the lines it matches.
    """
    lines = output.splitlines(keepends=True)
    chosen: set[int] = set()
    for item in spec:
        if len(item) > 1 and item.startswith("/") and item.endswith("/"):
            pattern = re.compile(item[1:-1])
            chosen.update(i for i, line in enumerate(lines) if pattern.search(line))
            continue
        bounds = item.split(":")
        if len(bounds) != 2:
            raise DocError(f"lines: {item!r} is neither a slice a:b nor a /regex/")
        low, high = (int(b) if b.strip() else None for b in bounds)
        chosen.update(range(len(lines))[low:high])
    parts: list[str] = []
    previous: int | None = None
    for index in sorted(chosen):
        if previous is not None and index != previous + 1:
            parts.append(ELISION)
        parts.append(lines[index])
        previous = index
    return "".join(parts)


def _normal(output: str) -> str:
    """CRLF (CSV) as LF, which Markdown shows; a last line always ends with a newline."""
    output = output.replace("\r\n", "\n")
    return output if not output or output.endswith("\n") else output + "\n"


class _Session:
    """The scratch folder a document runs in, its current folder, Python names and last status."""

    def __init__(self, document: Document, folder: Path, project: Path) -> None:
        self.document = document
        self.root = folder
        self.cwd = folder
        self.project = project
        self.status = 0
        self.namespace: dict[str, object] = {"__name__": "__docs__"}
        self.skip_programs: frozenset[str] = frozenset()
        self.hidden_modules: tuple[str, ...] = ()
        self.last_output: str | None = None
        shutil.copytree(project / "rulesets", folder / "rulesets")

    def where(self, line: int) -> str:
        return f"{self.document.name}:{line}"

    def path(self, name: str) -> Path:
        return self.cwd / name

    # -- files -------------------------------------------------------------------------------

    def replace(self, directive: Directive) -> None:
        name, old, new = directive.args
        target = self.path(name)
        text = target.read_text(encoding="utf-8")
        if text.count(old) != 1:
            found = text.count(old)
            raise DocError(f"{self.where(directive.line)}: {old!r} is in {name} {found} times")
        target.write_text(text.replace(old, new), encoding="utf-8")

    def copy(self, directive: Directive) -> None:
        *sources, target = directive.args
        into = len(sources) > 1 or target.endswith("/") or self.path(target).is_dir()
        for source in sources:
            origin = self.project / source
            destination = self.path(target) / origin.name if into else self.path(target)
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, destination)
            else:
                shutil.copyfile(origin, destination)

    def write(self, directive: Directive, content: str, *, append: bool = False) -> None:
        target = self.path(directive.args[0])
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a" if append else "w", encoding="utf-8", newline="") as stream:
            stream.write(content)

    def splice(self, directive: Directive, content: str) -> None:
        name, first, last = directive.args
        target = self.path(name)
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        begin = next((i for i, x in enumerate(lines) if x.startswith(first)), None)
        end = next(
            (
                i
                for i, x in enumerate(lines)
                if begin is not None and i >= begin and x.startswith(last)
            ),
            None,
        )
        if begin is None or end is None:
            raise DocError(f"{self.where(directive.line)}: no lines {first!r}…{last!r} in {name}")
        lines[begin : end + 1] = [content]
        target.write_text("".join(lines), encoding="utf-8")

    # -- commands ----------------------------------------------------------------------------

    def shell(self, line: str, where: int, *, subshell: bool = False) -> str:
        """Run one command line (``&&`` chains, ``>``/``2>`` redirections); return its output."""
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise DocError(
                f"{self.where(where)}: cannot read the command {line!r}: {error}"
            ) from error
        saved, out = self.cwd, io.StringIO()
        commands: list[list[str]] = [[]]
        for word in words:
            if word == "&&":
                commands.append([])
            else:
                commands[-1].append(word)
        for command in commands:
            self.status = self._one(command, out, where)
            if self.status:
                break
        if subshell:
            self.cwd = saved
        return _normal(out.getvalue())

    def _one(self, words: list[str], terminal: io.StringIO, where: int) -> int:
        if not words:
            raise DocError(f"{self.where(where)}: an empty command")
        words, targets = self._redirections(words, terminal, where)
        program, *args = words
        if program in self.skip_programs:
            return 0
        runner = {
            "pdrs-rules": self._pdrs_rules,
            "pytest": self._pytest,
            "cd": self._cd,
            "mkdir": self._mkdir,
            "cp": self._cp,
            "echo": self._echo,
        }.get(program)
        if runner is None:
            raise DocError(
                f"{self.where(where)}: cannot run {program!r}; commands run here are pdrs-rules,"
                " pytest, cd, mkdir, cp and echo (mark others with 'skip-commands')"
            )
        with contextlib.ExitStack() as stack:
            stdout, stderr = (
                stack.enter_context(target.open("w", encoding="utf-8", newline=""))
                if isinstance(target, Path)
                else target
                for target in targets
            )
            return runner(args, stdout, stderr)

    def _redirections(
        self, words: list[str], terminal: io.StringIO, where: int
    ) -> tuple[list[str], list[IO[str] | Path]]:
        targets: list[IO[str] | Path] = [terminal, terminal]
        kept: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            match = re.fullmatch(r"(2?)>(.*)", word)
            if match is None:
                kept.append(word)
                index += 1
                continue
            name = match.group(2)
            if not name:
                if index + 1 >= len(words):
                    raise DocError(f"{self.where(where)}: a redirection without a file")
                name = words[index + 1]
                index += 1
            stream = 1 if match.group(1) else 0
            targets[stream] = io.StringIO() if name == "/dev/null" else self.path(name)
            index += 1
        return kept, targets

    def _pdrs_rules(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        os.chdir(self.cwd)
        with _without(self.hidden_modules):
            return cli.run(args, stdout, stderr)

    def _pytest(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        del stderr  # a terminal shows both streams as they come; the merged stream is that
        environment = {**os.environ, "COLUMNS": "80", "PYTHONDONTWRITEBYTECODE": "1"}
        environment.pop("PYTEST_ADDOPTS", None)
        done = subprocess.run(  # noqa: S603 - the documented command, with this interpreter
            [sys.executable, "-m", "pytest", *args],
            cwd=self.cwd,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            check=False,
        )
        stdout.write(done.stdout)
        return done.returncode

    def _cd(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        del stdout
        target = (self.cwd / args[0]).resolve() if args else self.root
        if not target.is_dir():
            stderr.write(f"cd: {args[0]}: No such file or directory\n")
            return 1
        self.cwd = target
        return 0

    def _mkdir(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        del stdout, stderr
        parents = "-p" in args
        for name in (a for a in args if a != "-p"):
            self.path(name).mkdir(parents=parents, exist_ok=parents)
        return 0

    def _cp(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        del stdout
        *sources, target = args
        for source in sources:
            placeholder = next((p for p in PROJECT if source.startswith(p)), None)
            origin = (
                self.project / source.removeprefix(placeholder)
                if placeholder
                else self.path(source)
            )
            destination = self.path(target)
            if destination.is_dir():
                destination /= origin.name
            if not origin.is_file():
                stderr.write(f"cp: cannot stat '{source}': No such file or directory\n")
                return 1
            shutil.copyfile(origin, destination)
        return 0

    def _echo(self, args: list[str], stdout: IO[str], stderr: IO[str]) -> int:
        del stderr
        stdout.write(" ".join(str(self.status) if a == "$?" else a for a in args) + "\n")
        return 0

    # -- Python ------------------------------------------------------------------------------

    def python(self, block: Block) -> str:
        """Run a ``python`` block in the document's namespace; return what it printed."""
        code = compile("\n" * block.line + block.content, self.document.name, "exec")
        os.chdir(self.cwd)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), _without(self.hidden_modules):
                exec(code, self.namespace)  # noqa: S102 - the project's own documentation
        except Exception as error:
            raise DocError(
                f"{self.where(block.line)}: the block raised:\n{_trace(error)}"
            ) from error
        return _normal(out.getvalue())

    def statement(self, source: str, line: int, expected: str) -> str:
        """Run one ``>>>`` statement as the interactive interpreter does; return its output."""
        if not "".join(x.split("#")[0] for x in source.splitlines()).strip():
            return ""  # a comment only: the interpreter shows nothing
        code = compile("\n" * (line - 1) + source, self.document.name, "single")
        os.chdir(self.cwd)
        out = io.StringIO()

        def show(value: object) -> None:
            if value is not None:
                out.write(repr(value) + "\n")

        saved, sys.displayhook = sys.displayhook, show
        try:
            with contextlib.redirect_stdout(out):
                exec(code, self.namespace)  # noqa: S102 - the project's own documentation
        except Exception as error:
            if not expected.startswith("Traceback (most recent call last):"):
                raise DocError(
                    f"{self.where(line)}: the statement raised:\n{_trace(error)}"
                ) from error
            last = traceback.format_exception_only(type(error), error)[-1]
            out.write(f"Traceback (most recent call last):\n  ...\n{last}")
        finally:
            sys.displayhook = saved
        return _normal(out.getvalue())


def _trace(error: BaseException) -> str:
    """The traceback from the document's own frames on (this module's are left out)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


@contextlib.contextmanager
def _without(modules: Sequence[str]) -> Iterator[None]:
    """Run as if these modules were not installed: importing them raises ImportError."""
    saved = {name: sys.modules.get(name) for name in modules}
    try:
        for name in modules:
            sys.modules[name] = None  # type: ignore[assignment]
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def _console(session: _Session, block: Block) -> str:
    """Run a console block's ``$`` commands; the block as it reads with today's outputs."""
    lines = block.content.splitlines(keepends=True)
    commands = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    if not commands or commands[0] != 0:
        raise DocError(f"{session.where(block.line + 1)}: a console block starts with '$ command'")
    spec = block.directive("lines")
    if spec is not None and len(commands) != 1:
        raise DocError(f"{session.where(block.line)}: 'lines' needs a block with one command")
    parts: list[str] = []
    for index in commands:
        line = lines[index]
        output = session.shell(line[1:].strip(), block.line + 1 + index)
        parts.append(line + (select(output, spec.args) if spec is not None else output))
    return "".join(parts)


def _pycon(session: _Session, block: Block) -> str:
    """Run a ``>>>`` session; the block as it reads with today's outputs."""
    lines = block.content.splitlines(keepends=True)
    if not lines or not lines[0].startswith(">>>"):
        raise DocError(f"{session.where(block.line + 1)}: a pycon block starts with '>>> '")
    parts: list[str] = []
    index = 0
    while index < len(lines):
        first = index
        source = [lines[index][4:]]
        index += 1
        while index < len(lines) and (lines[index].startswith(("... ", "...\n"))):
            source.append(lines[index][4:])
            index += 1
        expected_start = index
        while index < len(lines) and not lines[index].startswith(">>>"):
            index += 1
        expected = "".join(lines[expected_start:index])
        code = "".join(s if s.endswith("\n") else s + "\n" for s in source)
        output = session.statement(code, block.line + 1 + first, expected)
        parts.append("".join(lines[first:expected_start]) + output)
    return "".join(parts)


def _commands(block: Block) -> list[tuple[int, str]]:
    """The command lines of an ``sh`` block (comments and blank lines left out)."""
    found = []
    for index, line in enumerate(block.content.splitlines()):
        if line.strip() and not line.lstrip().startswith("#"):
            found.append((block.line + 1 + index, line))
    return found


def check(document: Document, folder: Path, project: Path) -> Result:
    """Run every example of ``document`` in ``folder``; say which outputs differ.

    The first example that cannot run ends the run (later ones may depend on it); the
    outputs compared until then are reported with it.
    """
    session = _Session(document, folder, project)
    counts = [0, 0]
    mismatches: list[Mismatch] = []
    try:
        _check(session, mismatches, counts)
    except DocError as error:
        return Result(document, tuple(mismatches), *counts, error=str(error))
    return Result(document, tuple(mismatches), *counts)


def _check(session: _Session, mismatches: list[Mismatch], counts: list[int]) -> None:
    previous: Block | None = None
    for item in session.document.items:
        try:
            _item(session, item, previous, mismatches, counts)
        except OSError as error:
            raise DocError(f"{session.where(item.line)}: {error}") from error
        if isinstance(item, Block):
            previous = item


def _item(
    session: _Session,
    item: Block | Directive,
    previous: Block | None,
    mismatches: list[Mismatch],
    counts: list[int],
) -> None:
    """Carry out one directive, or run one block and compare what it shows."""
    if isinstance(item, Directive):
        if item.name == "replace":
            session.replace(item)
        elif item.name == "copy":
            session.copy(item)
        elif item.name == "write":
            session.write(item, item.content or "")
        return
    block, actual, what = item, None, ""
    session.skip_programs = frozenset(p for d in block.named("skip-commands") for p in d.args)
    session.hidden_modules = tuple(d.args[0] for d in block.named("without-module"))
    if block.directive("skip"):
        counts[1] += 1
    elif block.directive("write"):
        session.write(block.named("write")[0], block.content)
    elif block.directive("append"):
        session.write(block.named("append")[0], block.content, append=True)
    elif block.directive("splice"):
        session.splice(block.named("splice")[0], block.content)
    elif block.directive("run") or block.directive("output"):
        actual, what = _shown(session, block, previous)
    elif block.info == "console":
        actual, what = _console(session, block), "the commands print something else now"
    elif block.info == "pycon":
        actual, what = _pycon(session, block), "the statements give something else now"
    elif block.info == "python":
        session.last_output = session.python(block)
    elif block.info == "text":
        raise DocError(
            f"{session.where(block.line)}: a text block shows output: give it 'run COMMAND',"
            " 'output' (of the block above), or 'skip: why'"
        )
    elif block.info == "sh" and any(line.startswith("$ ") for _, line in _commands(block)):
        raise DocError(f"{session.where(block.line)}: '$ ' prompts belong in console blocks")
    if actual is not None:
        counts[0] += 1
        if actual != block.content:
            mismatches.append(Mismatch(block, actual, what))
    session.skip_programs, session.hidden_modules = frozenset(), ()


def _shown(session: _Session, block: Block, previous: Block | None) -> tuple[str, str]:
    """The output a ``run`` or ``output`` block should show, and what to call a difference."""
    if block.directive("output"):
        if previous is None:
            raise DocError(f"{session.where(block.line)}: 'output' without a block above")
        if previous.info == "python":
            output = session.last_output or ""
        else:
            output = "".join(session.shell(line, number) for number, line in _commands(previous))
        what = f"not what the block at line {previous.line} prints now"
    else:
        runs = block.named("run")
        output = "".join(session.shell(d.args[0], d.line, subshell=True) for d in runs)
        what = "not what " + " and ".join(f"`{d.args[0]}`" for d in runs) + " prints now"
    spec = block.directive("lines")
    return (select(output, spec.args) if spec is not None else output), what


def update(document: Document, mismatches: Sequence[Mismatch]) -> str:
    """The document with the content of each mismatched block replaced by its actual output."""
    text = document.text
    for mismatch in sorted(mismatches, key=lambda m: m.block.start, reverse=True):
        text = text[: mismatch.block.start] + mismatch.actual + text[mismatch.block.end :]
    return text


def read(path: Path, name: str) -> Document:
    """Parse the file at ``path`` (bytes as they are: no newline translation)."""
    return parse(path.read_bytes().decode("utf-8"), name)


def run_document(
    path: Path, name: str, folder: Path, project: Path, *, write: bool = False
) -> Result:
    """Check one document in ``folder``; with ``write``, rewrite its stale outputs in place.

    A document that could not be run to its end is not rewritten: its later outputs are unknown.
    """
    document = read(path, name)
    result = check(document, folder, project)
    if write and result.mismatches and result.error is None:
        path.write_bytes(update(document, result.mismatches).encode("utf-8"))
    return result


def describe(result: Result) -> str:
    """Every mismatch of a result, with its place and diff, then the error that stopped it."""
    parts = [m.report(result.document.name) for m in result.mismatches]
    if result.error:
        parts.append(result.error)
    return "\n".join(parts)
