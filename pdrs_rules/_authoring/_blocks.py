"""A small document model (headings, paragraphs, tables, lists) rendered as Markdown or HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import attrs

__all__ = ["Code", "Heading", "Items", "Paragraph", "Table", "Text", "to_html", "to_markdown"]


@attrs.frozen
class Code:
    """An identifier or a formula as written: monospace, never reinterpreted as markup."""

    text: str


#: Inline content: plain text and code, in order.
Text = tuple[str | Code, ...]


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
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _md_code(text: str) -> str:
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    # A code span cannot hold a table's pipe unescaped; GitHub accepts \| inside it.
    body = text.replace("|", "\\|")
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _md_inline(text: Text) -> str:
    return "".join(_md_code(p.text) if isinstance(p, Code) else _md_text(p) for p in text)


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


def _html_inline(text: Text) -> str:
    return "".join(
        f"<code>{html.escape(p.text)}</code>" if isinstance(p, Code) else html.escape(p)
        for p in text
    )


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_inline(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.text)}</p>"
    if isinstance(block, Items):
        items = "".join(f"<li>{_html_inline(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row) + "</tr>"
        for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{rows}</tbody>\n</table>"


# Printable on A4 as it is: no scripts, fonts or images to fetch, tables kept on one page
# where they fit, and each indicator starting its own block.
_STYLE = """\
body { font-family: "PT Serif", "Times New Roman", serif; font-size: 11pt; margin: 2em; }
h1 { font-size: 16pt; } h2 { font-size: 14pt; margin-top: 1.5em; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: 0.2em 0.4em; vertical-align: top; text-align: left; }
th { background: #eee; }
code { font-family: "PT Mono", "Courier New", monospace; font-size: 95%; }
h3 { page-break-after: avoid; }
@page { size: A4; margin: 1.5cm; }
@media print { body { margin: 0; } }
"""


def to_html(blocks: Iterable[Block], title: str) -> str:
    """The document as one self-contained, printable HTML page; every text is escaped."""
    body = "\n".join(_html_block(block) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
