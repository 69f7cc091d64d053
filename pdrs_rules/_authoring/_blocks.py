"""A small document model (headings, paragraphs, tables, lists) rendered as Markdown or HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import attrs

from pdrs_rules._formula._slots import Slot
from pdrs_rules._i18n._typography import typeset
from pdrs_rules.report._style import BASE_CSS, PAGE_CSP

__all__ = [
    "Code",
    "Heading",
    "Items",
    "Paragraph",
    "Slot",
    "Table",
    "Text",
    "to_html",
    "to_markdown",
]


@attrs.frozen
class Code:
    """An identifier or a formula as written: monospace, never reinterpreted as markup."""

    text: str


#: Inline content: plain text, code, and the slots of a sample sentence («[значение]»), in order.
Text = tuple[str | Code | Slot, ...]


@attrs.frozen
class Heading:
    """A section heading; ``level`` 1 is the document's title."""

    level: int
    text: Text


@attrs.frozen
class Paragraph:
    """One paragraph of inline content."""

    text: Text


@attrs.frozen
class Table:
    """A table with a header row; every row has as many cells as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]


@attrs.frozen
class Items:
    """A bulleted list."""

    items: tuple[Text, ...]


Block = Heading | Paragraph | Table | Items

# Characters that Markdown could read as markup, escaped only where they could be: `_` at a
# word's edge (intraword underscores, iom_active, are left alone by GitHub Markdown), `<`
# before a tag name, `]` (without it no link can form, so the `[` of «[30; 50)» stays).
_MD_SPECIAL = re.compile(r"([\\`*\]|#~]|<(?=[A-Za-z/!?])|(?<!\w)_|_(?!\w))")


def _md_text(text: str) -> str:
    # Spaces are collapsed, not stripped: a fragment's edge space separates it from code.
    return _MD_SPECIAL.sub(r"\\\1", typeset(re.sub(r"\s+", " ", text)))


def _md_code(text: str) -> str:
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    # A code span cannot hold a table's pipe unescaped; GitHub accepts \| inside it.
    body = text.replace("|", "\\|")
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _md_part(part: str | Code | Slot) -> str:
    if isinstance(part, Code):
        return _md_code(part.text)
    if isinstance(part, Slot):
        return f"*\\[{_md_text(part.label)}\\]*"
    return _md_text(part)


def _md_inline(text: Text) -> str:
    return "".join(_md_part(p) for p in text)


def _md_block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + _md_inline(block.text)
    if isinstance(block, Paragraph):
        return _md_inline(block.text)
    if isinstance(block, Items):
        return "\n".join("- " + _md_inline(item) for item in block.items)
    lines = [
        "| " + " | ".join(_md_text(cell) for cell in block.header) + " |",
        "|" + "|".join(" --- " for _ in block.header) + "|",
    ]
    lines.extend(
        "| " + " | ".join(_md_inline(cell) or " " for cell in row) + " |" for row in block.rows
    )
    return "\n".join(lines)


def to_markdown(blocks: Iterable[Block]) -> str:
    """The document as GitHub-flavoured Markdown, one blank line between blocks."""
    return "\n\n".join(_md_block(block) for block in blocks) + "\n"


def _html_part(part: str | Code | Slot) -> str:
    if isinstance(part, Code):
        return f"<code>{html.escape(part.text)}</code>"
    if isinstance(part, Slot):
        return f'<span class="slot">[{html.escape(typeset(part.label))}]</span>'
    return html.escape(typeset(part))


def _html_inline(text: Text) -> str:
    return "".join(_html_part(p) for p in text)


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.text)}</p>"
    if isinstance(block, Items):
        items = "".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    head = "".join(f"<th>{html.escape(typeset(cell))}</th>" for cell in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row) + "</tr>"
        for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{rows}</tbody>\n</table>"


# The report's look (fonts, measure, tables, print on A4: report/_style.py) and what only a
# passport has: each indicator starts a block that is kept with its tables where they fit.
_STYLE = """
table { page-break-inside: avoid; break-inside: avoid; }
h3 { margin-top: 16pt; }
.slot { font-style: italic; color: #17324d; white-space: nowrap; }
"""


def to_html(blocks: Iterable[Block], title: str) -> str:
    """The document as one self-contained, printable HTML page; every text is escaped."""
    body = "\n".join(_html_block(block) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{BASE_CSS}{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
