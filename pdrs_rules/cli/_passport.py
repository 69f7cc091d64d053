"""``pdrs-rules passport``: the indicator passport of a ruleset, as Markdown or HTML."""

from __future__ import annotations

import argparse
from typing import IO, Any

from pdrs_rules._authoring._passport import passport, passport_format_for
from pdrs_rules._engine._ruleset import load
from pdrs_rules.report._atomic import write_atomically

from ._shared import ExitCode, language, refuse_output_onto_inputs, run_inputs

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Declare the ``passport`` subcommand and its options."""
    command = sub.add_parser(
        "passport",
        help="write the indicator passport: formulas in words and symbols, data sources, "
        "thresholds, levels, texts, source document",
    )
    command.add_argument("ruleset", metavar="RULESET")
    command.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output"
    )
    command.add_argument(
        "--format",
        choices=["md", "html"],
        help="md (Markdown, the default) or html (one printable page); "
        "an -o FILE ending in .html implies html",
    )
    command.add_argument(
        "--ids",
        action="store_true",
        help="also the identifiers of facts, parameters, indicators and levels, the formulas "
        "as written and the texts' templates (for the ruleset's authors)",
    )


def run(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> ExitCode:
    """Load the ruleset (exit 3 if it is invalid) and write its passport."""
    ruleset = load(args.ruleset)
    refuse_output_onto_inputs("passport", args.output, run_inputs(args, ruleset))
    lang = language(args, args.ruleset)
    for warning in ruleset.warnings:
        stderr.write(f"{warning.localized(lang)}\n")
    text = passport(ruleset, passport_format_for(args.output, args.format), ids=args.ids)
    if args.output:
        write_atomically(args.output, text)
    else:
        stdout.write(text)
    return ExitCode.OK
