"""Options of the test suite: ``--update-docs`` rewrites the outputs shown in the documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-docs``: write today's outputs into README.md and docs/*.md (``make docs``)."""
    parser.addoption(
        "--update-docs",
        action="store_true",
        help="rewrite the outputs of the examples in README.md and docs/*.md instead of failing",
    )
