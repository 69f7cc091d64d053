"""``pdrs-rules new``: scaffold a ruleset, its case file and a facts template."""

from __future__ import annotations

import argparse
from typing import IO, Any

from pdrs_rules._authoring._scaffold import scaffold, write_scaffold
from pdrs_rules.errors import PdrsRulesError

from ._shared import ExitCode, UsageError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``new`` subcommand and its options."""
    new = sub.add_parser(
        "new",
        help="scaffold a municipal ruleset that extends a base, with a case file and a facts "
        "template; without --extends, a minimal standalone ruleset with one indicator",
        description="Write DIR/ID.yaml, DIR/ID.cases.yaml and DIR/ID.facts.csv, and beside them "
        "copies of the schemas and .vscode/settings.json. With --extends the ruleset extends "
        "BASE by a relative path and repeats its parameters for editing. Without --extends: a "
        "minimal standalone ruleset with one indicator. Existing files are not overwritten "
        "without --force.",
    )
    new.add_argument(
        "--extends",
        metavar="BASE",
        help="the base ruleset; it must be in DIR or below, since 'extends' reaches no further",
    )
    new.add_argument(
        "--id", required=True, dest="ruleset_id", metavar="ID", help="e.g. myshkin-2026"
    )
    new.add_argument("--title", required=True, help="the title of the monitoring")
    new.add_argument(
        "--dir",
        dest="directory",
        metavar="DIR",
        help="where to write the files (default: the base's folder, or the current one)",
    )
    new.add_argument("--force", action="store_true", help="overwrite existing files")


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Build the files, refuse to overwrite unless --force, write them and list them."""
    try:
        made = scaffold(args.ruleset_id, args.title, extends=args.extends, directory=args.directory)
    except PdrsRulesError:
        raise  # a base that is missing or does not load: cli.run prints it, exit 3
    except ValueError as exc:  # a bad --id or --title
        raise UsageError(f"pdrs-rules new: error: {exc}") from None
    notes = write_scaffold(made, force=args.force)
    for path in made.paths:
        stdout.write(f"{path}\n")
    for note in notes:
        stderr.write(f"{note}\n")
    return ExitCode.OK
