"""``pdrs-rules explain``: why one school got each of its findings, in plain Russian."""

from __future__ import annotations

import argparse
from typing import IO, Any

from pdrs_rules._authoring._explain import NotFoundError, explain

from ._shared import (
    ExitCode,
    UsageError,
    add_run_arguments,
    facts_source,
    loaded,
    print_warnings,
)

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``explain`` subcommand and its options."""
    parser = sub.add_parser(
        "explain",
        help="explain in Russian why a school got its findings: formula, band, distance to levels",
    )
    add_run_arguments(parser, period="the period to explain (default: the latest of the facts)")
    parser.add_argument("--school", required=True, metavar="ID", help="the school's code")
    parser.add_argument("--indicator", metavar="ID", help="explain only this indicator")


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Load the ruleset, evaluate the facts and print the school's explanation."""
    ruleset, params = loaded(args)
    try:
        explanation = explain(
            ruleset,
            facts_source("explain", args.facts),
            school=args.school,
            indicator=args.indicator,
            period=args.period,
            params=params,
            group_facts=args.group_facts,
        )
    except NotFoundError as exc:
        raise UsageError(f"pdrs-rules explain: error: {exc}") from None
    print_warnings(args, explanation.warnings, stderr)
    stdout.write(explanation.to_text())
    return ExitCode.OK
