r"""Every output shown in README.md and docs/*.md is what the code prints now.

Each document is run from top to bottom, like a reader at a terminal, in a scratch folder that
holds a copy of ``rulesets/`` (so commands that write files litter nothing); files, the current
folder (``cd``), the last exit status and Python names carry over from block to block. A
document whose shown output differs fails with ``file:line`` and a diff; ``make docs`` (that is,
``pytest tests/test_docs_examples.py --update-docs``) writes today's outputs into the documents
instead, changing nothing but the outputs, so the diff is the review.

The convention, by the fenced block's info string:

``console``
    Lines starting with ``$ `` are commands; the lines after one, up to the next ``$ ``, are
    what it prints, standard output and standard error together as a terminal shows them.
    ``pdrs-rules ...`` runs in-process through ``pdrs_rules.cli.run``; ``echo $?`` prints the
    exit status of the command before it (the way to show an exit code); ``cd``, ``mkdir [-p]``
    and ``cp`` work on the scratch folder (``/path/to/pdrs-rules/`` and ``/путь/к/pdrs-rules/``
    stand for the project); ``pytest ...`` runs in a subprocess. ``&&``, ``> FILE``,
    ``2> FILE`` and ``/dev/null`` work as in a shell. Any other program is an error, unless the
    block says ``skip-commands``.
``pycon``
    A ``>>>`` session (``...`` continues a statement): each statement runs as the interactive
    interpreter runs it, and the lines after it are its output (the ``repr`` of an expression,
    what it prints). An expected exception is shown as ``Traceback (most recent call
    last):``, ``  ...`` and its last line; any other exception fails the document.
``python``
    Runs in the document's namespace (shared with its ``pycon`` blocks); what it prints is not
    compared, unless the block after it is marked ``output``. Any exception fails the document.
``text``
    Shows output, so it must say whose (``run`` or ``output``), be a file (``write``), or say
    why it is not checked (``skip``).
``sh`` and the rest
    Not run: command lines that show no output, and files. ``$ `` prompts belong in
    ``console`` blocks.

Directives are HTML comments, invisible on GitHub, ``<!-- docs-test: NAME ARGS -->``, each on
its own line(s). Those about a block sit right above its opening fence (no blank line):

- ``run COMMAND``: the block is what ``COMMAND`` prints (a command line as in ``console``;
  a ``cd`` in it lasts for this command only). Several ``run`` lines: their outputs in order.
- ``output``: the block is what the block above it prints (the commands of an ``sh`` or
  ``console`` block, or what a ``python`` block printed).
- ``lines ITEM...``: show only these lines of the output: Python slices of the list of lines
  (``:4``, ``16:22``, ``-1:``) and ``/regex/`` (the lines it matches; no spaces in it);
  a line ``…`` stands where lines were left out between two shown ones.
- ``write FILE``, ``append FILE``: the block is (the end of) a file the reader makes.
- ``splice FILE "FIRST" "LAST"``: the block replaces the lines of FILE from the first one
  starting with FIRST through the next one starting with LAST (an edit the reader makes).
- ``without-module NAME``: run as if the Python module NAME were not installed.
- ``skip-commands PROGRAM...: why``: these programs are not run (installing, for example).
- ``skip: why``: the block is not run or compared (an abridged or schematic output).

Others act where they stand, in order:

- ``write FILE`` with the file's lines below it, up to ``-->``: a file the text assumes exists;
- ``replace FILE "OLD" "NEW"``: an edit the text describes (OLD must occur exactly once);
- ``copy SRC... DEST``: files or folders from the project into the scratch folder;
- ``not-checked: why``: results outside code blocks that are deliberately not checked.

The only normalisation is of line ends (``\r\n``, which CSV output uses, is compared as
``\n``) and a final newline; nothing else is ignored. See docs/testing.md, "Examples in the
documentation", for contributors.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

import pdrs_rules
from pdrs_rules.cli import run
from tests import docexamples
from tests.docexamples import DocError, parse, run_document, select

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
STALE = Path(__file__).parent / "docs" / "stale.md"


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("document", DOCUMENTS, ids=_name)
def test_the_document_shows_what_its_examples_print(
    document: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Every example of the document runs, and its shown output is today's (--update-docs)."""
    monkeypatch.chdir(tmp_path)
    update = bool(request.config.getoption("--update-docs"))
    result = run_document(document, _name(document), tmp_path / "run", ROOT, write=update)
    if result.error or (result.mismatches and not update):
        hint = "" if update else "\nRun `make docs` to write today's outputs, and review the diff."
        pytest.fail(docexamples.describe(result) + hint, pytrace=False)


def _cli(*argv: str) -> str:
    out = io.StringIO()
    run(list(argv), out, out)
    return out.getvalue()


def _stale(tmp_path: Path) -> Path:
    copy = tmp_path / "docs" / "stale.md"
    copy.parent.mkdir()
    shutil.copyfile(STALE, copy)
    return copy


class TestUpdate:
    """``--update-docs`` rewrites the outputs, and only them."""

    def test_stale_outputs_are_rewritten_and_nothing_else(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each stale output becomes today's; prose, commands and directives stay byte for byte."""
        monkeypatch.chdir(tmp_path)
        document = _stale(tmp_path)
        before = document.read_bytes().decode("utf-8")
        result = run_document(document, "stale.md", tmp_path / "run", ROOT, write=True)
        missing = _cli("check", "-q", "--lang", "en", "missing.yaml")
        expected = (
            before.replace("pdrs-rules 0.0.0\n", f"pdrs-rules {pdrs_rules.__version__}\n")
            .replace("missing.yaml\n$ echo $?\n0\n", f"missing.yaml\n{missing}$ echo $?\n3\n")
            .replace(">>> 6 * 7\n41\n", ">>> 6 * 7\n42\n")
            .replace(
                "Период: 1999/2000\n", "Период: 2022/2023\n…\nМБОУ-СОШ № 23 (код 023, 2022/2023)\n"
            )
        )
        assert (len(result.mismatches), result.error) == (3, None)
        assert document.read_bytes().decode("utf-8") == expected

    def test_a_second_update_changes_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After an update the document passes, and updating again leaves its bytes alone."""
        monkeypatch.chdir(tmp_path)
        document = _stale(tmp_path)
        run_document(document, "stale.md", tmp_path / "first", ROOT, write=True)
        updated = document.read_bytes()
        again = run_document(document, "stale.md", tmp_path / "second", ROOT, write=True)
        assert (again.mismatches, again.error, again.checked) == ((), None, 4)
        assert document.read_bytes() == updated

    def test_a_document_that_cannot_run_is_not_rewritten(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A statement that raises stops the run; no output of the document is written."""
        monkeypatch.chdir(tmp_path)
        document = tmp_path / "broken.md"
        text = "```pycon\n>>> 1 + 1\n3\n```\n\n```pycon\n>>> 1 / 0\n0\n```\n"
        document.write_text(text, encoding="utf-8")
        result = run_document(document, "broken.md", tmp_path / "run", ROOT, write=True)
        assert result.error is not None
        assert "broken.md:7: the statement raised" in result.error
        assert "ZeroDivisionError" in result.error
        assert document.read_text(encoding="utf-8") == text


class TestFailures:
    """A stale output fails with the document's file and line and a readable diff."""

    def test_a_wrong_output_is_reported_at_its_line_with_a_diff(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The report names stale.md and the line of the wrong output, then a unified diff."""
        monkeypatch.chdir(tmp_path)
        result = run_document(STALE, "docs/stale.md", tmp_path / "run", ROOT)
        report = docexamples.describe(result)
        lines = STALE.read_text(encoding="utf-8").splitlines()
        wrong = lines.index("pdrs-rules 0.0.0") + 1
        assert f"docs/stale.md:{wrong}: the commands print something else now" in report
        assert "--- docs/stale.md:" in report
        assert "\n-pdrs-rules 0.0.0\n" in report
        assert f"\n+pdrs-rules {pdrs_rules.__version__}\n" in report
        assert f"docs/stale.md:{lines.index('41') + 1}: the statements give" in report
        assert "\n-41\n+42\n" in report

    def test_the_stale_fixture_fails_the_document_test(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without --update-docs, a stale document is a failure, not a rewrite."""
        monkeypatch.chdir(tmp_path)
        document = _stale(tmp_path)
        before = document.read_bytes()
        result = run_document(document, "stale.md", tmp_path / "run", ROOT)
        assert len(result.mismatches) == 3
        assert document.read_bytes() == before


class TestConvention:
    """Documents that break the convention are refused with their place."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("<!-- docs-test: frobnicate -->\n```text\nx\n```\n", "x.md:1: unknown docs-test"),
            ("<!-- docs-test: run pdrs-rules -->\n\n```text\nx\n```\n", "x.md:1: a block must"),
            ("<!-- docs-test: skip -->\n```text\nx\n```\n", "x.md:1: docs-test skip needs a"),
            ("<!-- docs-test: lines :4\n```text\n", "x.md:1: docs-test comment without"),
            ("```console\n$ true\n", "x.md:1: fenced block without its closing fence"),
            ("<!-- docs-test: replace a b -->\n", "x.md:1: docs-test replace: wrong number"),
        ],
    )
    def test_malformed_markers_are_refused(self, text: str, message: str) -> None:
        """Unknown directives, a directive away from its block, a missing reason or end."""
        with pytest.raises(DocError, match=re.escape(message)):
            parse(text, "x.md")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("Text.\n\n```text\nsome output\n```\n", "x.md:3: a text block shows output"),
            ("```console\n$ ls\n```\n", "x.md:2: cannot run 'ls'"),
            ("```sh\n$ pdrs-rules check\n```\n", "x.md:1: '$ ' prompts belong"),
            ("```console\nno prompt\n```\n", "x.md:2: a console block starts with"),
            ("```python\nraise ValueError('x')\n```\n", "x.md:1: the block raised"),
            ("<!-- docs-test: output -->\n```text\n```\n", "x.md:2: 'output' without a block"),
        ],
    )
    def test_examples_that_cannot_run_are_errors(
        self, text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An output without a command, an unknown program, a prompt in sh, a raising block."""
        monkeypatch.chdir(tmp_path)
        result = docexamples.check(parse(text, "x.md"), tmp_path / "run", ROOT)
        assert result.error is not None
        assert message in result.error

    def test_skipped_commands_and_blocks_are_counted_not_run(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``skip-commands`` and ``skip`` leave those out; the rest of the block is compared."""
        monkeypatch.chdir(tmp_path)
        text = (
            "<!-- docs-test: skip-commands pip: installing -->\n"
            "```console\n$ pip install .\n$ echo $?\n0\n```\n\n"
            "<!-- docs-test: skip: schematic -->\n```text\n{ … }\n```\n"
        )
        result = docexamples.check(parse(text, "x.md"), tmp_path / "run", ROOT)
        assert (result.checked, result.skipped, result.mismatches, result.error) == (1, 1, (), None)

    def test_without_module_hides_an_installed_module(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``without-module`` makes importing the module fail for that block only."""
        monkeypatch.chdir(tmp_path)
        text = (
            "<!-- docs-test: without-module json -->\n"
            "```python\ntry:\n    import json\nexcept ImportError:\n    print('no json')\n```\n"
            "<!-- docs-test: output -->\n```text\nno json\n```\n"
            "```pycon\n>>> import json\n>>> json.dumps(1)\n'1'\n```\n"
        )
        result = docexamples.check(parse(text, "x.md"), tmp_path / "run", ROOT)
        assert (result.checked, result.mismatches, result.error) == (2, (), None)


class TestSelect:
    """``lines`` keeps the named lines and marks the gaps."""

    OUTPUT = "".join(f"line {n}\n" for n in range(10))

    @pytest.mark.parametrize(
        ("spec", "shown"),
        [
            ((":2",), "line 0\nline 1\n"),
            ((":2", "-1:"), "line 0\nline 1\n…\nline 9\n"),
            (("/[35]$/",), "line 3\n…\nline 5\n"),
            (("3:5", "/4/"), "line 3\nline 4\n"),
            (("8:", "2:3"), "line 2\n…\nline 8\nline 9\n"),
        ],
    )
    def test_slices_and_patterns(self, spec: tuple[str, ...], shown: str) -> None:
        """Slices and patterns combine, in the output's order, with ``…`` between gaps."""
        assert select(self.OUTPUT, spec) == shown

    def test_a_bad_item_is_an_error(self) -> None:
        """An item that is neither a slice nor a /regex/ is refused."""
        with pytest.raises(DocError, match="neither a slice"):
            select(self.OUTPUT, ("3",))
