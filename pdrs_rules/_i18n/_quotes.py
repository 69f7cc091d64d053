"""Quotation marks that do not pair up: «ёлочки», „лапки“, “English” and straight ``"``."""

from __future__ import annotations

__all__ = ["lone_quote"]

#: Each opening mark with its closing one. „ is closed by “ in Russian typography, and “ opens
#: English quotes closed by ”; which one a “ is depends on what is open.
_PAIRS = {"«": "»", "„": "“", "“": "”"}
_CLOSERS = {"»": "«", "”": "“"}


def lone_quote(text: str) -> tuple[int, str] | None:
    """The first quotation mark without its pair: (offset, what is wrong); None if all pair up."""
    stack: list[tuple[int, str]] = []
    for offset, char in enumerate(text):
        if char == "“" and stack and stack[-1][1] == "„":
            stack.pop()
        elif char in _PAIRS:
            stack.append((offset, char))
        elif char in _CLOSERS:
            if not stack:
                return offset, f"{char} closes a quotation that no {_CLOSERS[char]} opened"
            if stack[-1][1] != _CLOSERS[char]:
                # «a „b» c: the inner quotation is the one left open.
                return _unclosed(*stack[-1])
            stack.pop()
    if stack:
        return _unclosed(*stack[-1])
    straight = [i for i, char in enumerate(text) if char == '"']
    if len(straight) % 2:
        return straight[-1], 'an odd number of " marks: this one has no pair'
    return None


def _unclosed(offset: int, char: str) -> tuple[int, str]:
    return offset, f"{char} is never closed (expected {_PAIRS[char]})"
