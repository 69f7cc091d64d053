"""DOCX: letters as Word documents (python-docx, the optional extra ``pdrs-rules[docx]``).

python-docx is imported only when a document is rendered, so the rest of the package works
without it; when it is missing, :class:`MissingExtraError` says which extra to install.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pdrs_rules._arguments import checked
from pdrs_rules.report._atomic import write_atomically

from ._letters import Letter, LetterKind

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = [
    "MissingExtraError",
    "check_docx",
    "clean_text",
    "letter_file_names",
    "render_docx",
    "write_docx",
]

# Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE/F):
# lxml refuses them, so a stray control character in a school's name would stop the whole run.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# File names keep letters, digits, `.`, `_` and `-` of any script; anything else is replaced.
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
# Windows refuses these as file names whatever the extension; letters are sent to Windows users.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED |= {f"LPT{i}" for i in range(1, 10)}
_NAME_LIMIT = 100


class MissingExtraError(ImportError):
    """python-docx, needed to write letters, is not installed."""


def check_docx() -> None:
    """Raise :class:`MissingExtraError` unless python-docx can be imported."""
    try:
        import docx  # noqa: PLC0415, F401 - the optional extra, imported only when used
    except ImportError as exc:
        raise MissingExtraError(
            "writing letters needs python-docx, which is not installed; "
            "install it with: pip install 'pdrs-rules[docx]'"
        ) from exc


def clean_text(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD, so that they stay visible."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n"))


@checked
def render_docx(letters: Sequence[Letter], progress: Callable[[int], None] | None = None) -> bytes:
    """One .docx document holding ``letters`` in order, each starting on a new page.

    ``progress`` is called with the number of letters laid out so far, after each one.
    """
    check_docx()
    import docx  # noqa: PLC0415

    document = docx.Document()
    _setup(document)
    for index, letter in enumerate(letters):
        _letter(document, letter, new_page=index > 0)
        if progress is not None:
            progress(index + 1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_file_names(letters: Sequence[Letter]) -> tuple[str, ...]:
    """A safe, unique file name per letter: the school's id (``МО-`` and the id for a group).

    Names hold no path separators, no ``..`` and no control characters, are at most 100
    characters, and differ from each other even on a case-insensitive file system.
    """
    names: list[str] = []
    taken: set[str] = set()
    for letter in letters:
        ident = unicodedata.normalize("NFC", letter.entity_id)
        stem = _UNSAFE_NAME.sub("_", ident).strip("._")[:_NAME_LIMIT] or "letter"
        if letter.kind is LetterKind.GROUP:
            stem = f"МО-{stem}"
        if stem.upper() in _RESERVED:
            stem += "_"
        name, counter = stem, 1
        while name.casefold() in taken:
            counter += 1
            name = f"{stem}-{counter}"
        taken.add(name.casefold())
        names.append(f"{name}.docx")
    return tuple(names)


@checked
def write_docx(
    letters: Sequence[Letter],
    output: str | os.PathLike[str],
    *,
    progress: Callable[[int], None] | None = None,
) -> tuple[Path, ...]:
    """Write ``letters`` and return the files written; ``progress`` counts the letters done.

    ``output`` ending in ``.docx`` gets one document with every letter; otherwise it is a
    folder (created if missing) that gets one document per letter, named by
    :func:`letter_file_names`. Every document is rendered into a temporary folder first and
    only then moved into place, so a failure while rendering leaves no file behind; files of
    the same names already in the folder are replaced.
    """
    target = Path(output)
    if target.suffix.casefold() == ".docx":
        write_atomically(target, render_docx(letters, progress))
        return (target,)
    target.mkdir(parents=True, exist_ok=True)
    names = letter_file_names(letters)
    staging = Path(tempfile.mkdtemp(prefix=".pdrs-letters-", dir=target))
    try:
        for done, (name, letter) in enumerate(zip(names, letters, strict=True), start=1):
            (staging / name).write_bytes(render_docx([letter]))
            if progress is not None:
                progress(done)
        for name in names:
            (staging / name).replace(target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tuple(target / name for name in names)


def _setup(document: Document) -> None:
    """A4, the margins of Russian official letters, Times New Roman 14, Russian spelling."""
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Mm, Pt  # noqa: PLC0415

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    properties = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    properties.append(lang)
    document.core_properties.author = "pdrs-rules"


def _paragraph(document: Document, text: str = "", *, bold: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    if text:
        paragraph.add_run(clean_text(text)).bold = bold
    return paragraph


def _letter(document: Document, letter: Letter, *, new_page: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Mm  # noqa: PLC0415

    addressee = _paragraph(document, letter.addressee)
    addressee.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    addressee.paragraph_format.page_break_before = new_page
    for text in (letter.heading, letter.subject):
        _paragraph(document, text, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, letter.intro).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for finding in letter.findings:
        document.add_paragraph(clean_text(finding.text), style="List Bullet")
    _paragraph(document, "Рекомендации:", bold=True)
    for group in letter.recommendations:
        _paragraph(document, group.to_title[:1].upper() + group.to_title[1:] + ":", bold=True)
        # Numbers are written as text: Word's list numbering would run on from one addressee's
        # list to the next, and restarting it needs a numbering definition per list.
        for number, text in enumerate(group.texts, start=1):
            item = _paragraph(document, f"{number}. {text}")
            item.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            item.paragraph_format.left_indent = Mm(7)
            item.paragraph_format.first_line_indent = Mm(-7)
    _paragraph(document)
    _paragraph(document, letter.signature)
