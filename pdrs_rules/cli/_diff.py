"""``pdrs-rules diff``: what changes for each school between two versions of a ruleset."""

from __future__ import annotations

import argparse
import math
from typing import IO, Any

from pdrs_rules._authoring._diff import DEFAULT_NEAR, diff_rulesets
from pdrs_rules._engine._ruleset import load

from ._shared import ExitCode, language

__all__ = ["add_parser", "run"]


def _distance(text: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number like 1 or 0,5, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, got {text!r}")
    return value


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``diff`` subcommand and its options."""
    diff = sub.add_parser(
        "diff",
        help="compare two versions of a ruleset on the same facts; exit 1 if results differ",
    )
    diff.add_argument("old", metavar="OLD", help="the ruleset as it was")
    diff.add_argument("new", metavar="NEW", help="the ruleset as it is now")
    diff.add_argument("facts", metavar="FACTS", help="CSV, JSON or YAML facts file")
    diff.add_argument("--format", choices=["text", "json"], default="text")
    diff.add_argument(
        "--near",
        type=_distance,
        default=DEFAULT_NEAR,
        metavar="PP",
        help="count schools this close to a threshold of NEW, in the indicator's units "
        "(percentage points for shares; default 1)",
    )


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Evaluate both versions, print the differences, and exit 1 if there are any."""
    result = diff_rulesets(load(args.old), load(args.new), args.facts, near=args.near)
    lang = language(args, args.new)
    for warning in result.warnings:
        stderr.write(f"{warning.localized(lang)}\n")
    stdout.write(result.to_json() if args.format == "json" else result.to_text())
    return ExitCode.FINDINGS if result.differs else ExitCode.OK
