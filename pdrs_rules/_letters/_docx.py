"""DOCX: letters as Word documents on a letterhead (python-docx and docxtpl, ``pdrs-rules[docx]``).

The libraries are imported only when a document is rendered, so the rest of the package works
without them; when one is missing, :class:`MissingExtraError` says which extra to install.
"""

from __future__ import annotations

import copy
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pdrs_rules._arguments import checked
from pdrs_rules._i18n._typography import typeset
from pdrs_rules.report._atomic import safe_stems, staged_folder, write_atomically

from ._content import Letter, LetterKind
from ._letterhead import BLANK_DATE, BLANK_NUMBER, LetterTemplate, clean_text, number_for

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


class MissingExtraError(ImportError):
    """python-docx or docxtpl, needed to write letters, is not installed."""


def check_docx() -> None:
    """Raise :class:`MissingExtraError` unless python-docx and docxtpl can be imported."""
    try:
        import docx  # noqa: PLC0415, F401 - the optional extra, imported only when used
        import docxtpl  # noqa: PLC0415, F401
    except ImportError as exc:
        raise MissingExtraError(
            f"writing letters needs {'docxtpl' if exc.name == 'docxtpl' else 'python-docx'}, "
            "which is not installed; install it with: pip install 'pdrs-rules[docx]'"
        ) from exc


@checked
def render_docx(
    letters: Sequence[Letter],
    progress: Callable[[int], None] | None = None,
    *,
    template: str | os.PathLike[str] | None = None,
    date: str = "",
    number: str = "",
) -> bytes:
    """One .docx document holding ``letters`` in order, each starting on a new page.

    ``template`` is a .docx letterhead (the shipped default when None); ``date`` and
    ``number`` fill its date and outgoing number (``{n}`` in ``number`` is the letter's
    sequence number, ``{id}`` the school's id). ``progress`` is called with the number of
    letters laid out so far, after each one.
    """
    check_docx()
    letterhead = LetterTemplate(template)
    documents = []
    for index, letter in enumerate(letters, start=1):
        documents.append(_render(letterhead, letter, index, date, number))
        if progress is not None:
            progress(index)
    out = io.BytesIO()
    _joined(documents).save(out)
    return out.getvalue()


def letter_file_names(letters: Sequence[Letter]) -> tuple[str, ...]:
    """A readable, safe, unique file name per letter: «02 МБОУ-СОШ № 2.docx», «МО город.docx».

    Names hold no path separators, no ``..``, no control characters and no marks Windows
    refuses, are at most 100 characters, and differ from each other even on a
    case-insensitive file system (:func:`~pdrs_rules.report._atomic.safe_stems`).
    """
    texts = [
        " ".join(
            part
            for part in (
                (letter.group_title, letter.entity_name or letter.entity_id)
                if letter.kind is LetterKind.GROUP
                else (letter.entity_id, letter.entity_name)
            )
            if part
        )
        for letter in letters
    ]
    return tuple(f"{stem}.docx" for stem in safe_stems(texts))


@checked
def write_docx(
    letters: Sequence[Letter],
    output: str | os.PathLike[str],
    *,
    progress: Callable[[int], None] | None = None,
    template: str | os.PathLike[str] | None = None,
    date: str = "",
    number: str = "",
) -> tuple[Path, ...]:
    """Write ``letters`` and return the files written; ``progress`` counts the letters done.

    ``output`` ending in ``.docx`` gets one document with every letter; otherwise it is a
    folder (created if missing) that gets one document per letter, named by
    :func:`letter_file_names`. Every document is rendered into a temporary folder first and
    only then moved into place, so a failure while rendering leaves no file behind; files of
    the same names already in the folder are replaced. ``template``, ``date`` and ``number``
    are as for :func:`render_docx`; a letter's ``{n}`` is its place among ``letters``.
    """
    target = Path(output)
    if target.suffix.casefold() == ".docx":
        data = render_docx(letters, progress, template=template, date=date, number=number)
        write_atomically(target, data)
        return (target,)
    check_docx()
    letterhead = LetterTemplate(template)  # a bad template fails before the folder is made
    names = letter_file_names(letters)
    with staged_folder(target) as staging:
        for index, (name, letter) in enumerate(zip(names, letters, strict=True), start=1):
            _render(letterhead, letter, index, date, number).save(str(staging / name))
            if progress is not None:
                progress(index)
    return tuple(target / name for name in names)


def _render(
    letterhead: LetterTemplate, letter: Letter, index: int, date: str, number: str
) -> Document:
    values = {
        "issuer": letter.issuer,
        "date": date or BLANK_DATE,
        "number": number_for(number, index, letter.entity_id) if number else BLANK_NUMBER,
        "addressee": letter.addressee,
        "heading": letter.heading,
        "subject": letter.subject,
        "signature": letter.signature,
        "school": letter.entity_name,
        "period": letter.period,
    }
    return letterhead.render(values, lambda mark: _body(mark, letter))


def _joined(documents: Sequence[Document]) -> Document:
    """The documents one after another in the first, each ending in a next-page section break.

    They all come from one template, so their relationships (a logo, a header) are the same
    and their body XML can be moved as it is.
    """
    from docx.oxml import OxmlElement  # noqa: PLC0415 - the optional extra

    first, *rest = documents
    body = first.element.body
    section = body.sectPr
    for document in rest:
        breaker = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        properties.append(copy.deepcopy(section))
        breaker.append(properties)
        section.addprevious(breaker)
        for child in list(document.element.body):
            if child.tag != section.tag:
                section.addprevious(child)
    return first


def _paragraph(before: Paragraph, text: str = "", *, bold: bool = False) -> Paragraph:
    paragraph = before.insert_paragraph_before()
    if text:
        paragraph.add_run(typeset(clean_text(text))).bold = bold
    return paragraph


def _body(mark: Paragraph, letter: Letter) -> None:
    """The letter's paragraphs, inserted before ``mark``; headings keep with what follows."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 - the optional extra
    from docx.shared import Mm  # noqa: PLC0415

    def item(text: str) -> None:
        # Dashes and numbers are written as text: Word's list numbering would run on from
        # one addressee's list to the next, and a template need not define a list style.
        paragraph = _paragraph(mark, text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.left_indent = Mm(7)
        paragraph.paragraph_format.first_line_indent = Mm(-7)

    intro = _paragraph(mark, letter.intro)
    intro.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    intro.paragraph_format.keep_with_next = True
    for finding in letter.findings:
        item(f"–\t{finding.text}")
    _paragraph(mark, "Рекомендации:", bold=True).paragraph_format.keep_with_next = True
    for group in letter.recommendations:
        title = group.to_title[:1].upper() + group.to_title[1:] + ":"
        _paragraph(mark, title, bold=True).paragraph_format.keep_with_next = True
        for number, text in enumerate(group.texts, start=1):
            item(f"{number}.\t{text}")
