"""LETTERHEAD: a letter laid into the department's own Word template (docxtpl, ``[docx]``).

The template is a .docx with ``{{ name }}`` placeholders (listed in :data:`FIELDS`) typed in
Word; ``{{ body }}`` stands alone in a paragraph and becomes the letter's paragraphs. Only
plain placeholders are allowed: no Jinja statements, filters or attribute access, so a
template cannot run anything, and the values are filled in a sandboxed, escaping environment.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pdrs_rules._i18n._typography import typeset
from pdrs_rules._reading import TooLargeError, read_limited
from pdrs_rules.errors import Location, _SingleError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = [
    "DEFAULT_TEMPLATE",
    "FIELDS",
    "LetterTemplate",
    "LetterTemplateError",
    "clean_text",
    "number_for",
]

#: The template that ships: a plain letterhead to copy and fill in with the department's own.
DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "letter.docx"
#: A letterhead is a page or two of Word: far below these. A template is untrusted input, so its
#: bytes and what its zip unpacks to are bounded before anything parses it (as for workbooks).
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 100 * 1024 * 1024
#: The placeholders a template may use, and what fills them.
FIELDS: Mapping[str, str] = {
    "issuer": "who sends the letter (the ruleset's issuer)",
    "date": "--date",
    "number": "--number, with {n} the letter's sequence number and {id} the school's id",
    "addressee": "«Руководителю МБОУ СОШ № 1», or «Кому: …» for the municipality",
    "heading": "«Адресные рекомендации»",
    "subject": "«по итогам мониторинга … за период …»",
    "body": "the letter itself; alone in its paragraph",
    "signature": "the signature line",
    "school": "the school's (or group's) name",
    "period": "the period",
}
#: What an empty date or number shows: a blank to fill in by hand, as on a paper form.
BLANK_DATE = "____________"
BLANK_NUMBER = "________"

# Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE/F):
# lxml refuses them, so a stray control character in a school's name would stop the whole run.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What docxtpl leaves of a placeholder once Word's run boundaries are stripped from it.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PLAIN = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
#: Stands for the body until the letter's paragraphs replace its paragraph.
_BODY_MARK = "\u2063pdrs-rules-body\u2063"


class LetterTemplateError(_SingleError, ValueError):
    """A letter template that cannot be used: not a .docx, or a placeholder letters do not fill."""


def clean_text(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD, so that they stay visible."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n"))


def number_for(pattern: str, index: int, ident: str) -> str:
    """The outgoing number of the ``index``-th letter (1-based): ``{n}`` and ``{id}`` filled."""
    return pattern.replace("{n}", str(index)).replace("{id}", ident)


class LetterTemplate:
    """A checked template, rendered once per letter."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        source = Path(path) if path is not None else DEFAULT_TEMPLATE
        self.file = str(source)
        try:
            self.data = read_limited(source, MAX_TEMPLATE_BYTES)
        except TooLargeError:
            raise self._error(
                f"the template is larger than {MAX_TEMPLATE_BYTES // 1024 // 1024} MB"
            ) from None
        except OSError as exc:
            raise self._error(f"cannot read the template: {exc.strerror or exc}") from None
        self._check()

    def _error(self, message: str) -> LetterTemplateError:
        return LetterTemplateError.make("letter-template", message, Location(self.file))

    def _check(self) -> None:
        """Every placeholder is a plain ``{{ name }}`` of :data:`FIELDS`; there is a body."""
        from docxtpl import DocxTemplate  # noqa: PLC0415 - the optional extra

        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
                if unpacked > MAX_TEMPLATE_UNPACKED:
                    raise self._error(
                        f"the template unpacks to more than "
                        f"{MAX_TEMPLATE_UNPACKED // 1024 // 1024} MB"
                    )
                parts = [
                    archive.read(name).decode("utf-8")
                    for name in archive.namelist()
                    if _PARTS.fullmatch(name)
                ]
        except (zipfile.BadZipFile, UnicodeDecodeError, KeyError):
            raise self._error("the template is not a Word document (.docx)") from None
        if not parts:
            raise self._error("the template is not a Word document (.docx)")
        patch = DocxTemplate(io.BytesIO(self.data)).patch_xml
        names: list[str] = []
        for xml in parts:
            for found in _JINJA.finditer(patch(xml)):
                text = re.sub(r"<[^>]*>", "", found.group())
                plain = _PLAIN.fullmatch(text)
                if plain is None:
                    raise self._error(
                        f"the template has {text!r}; only placeholders such as "
                        "'{{ addressee }}' are allowed"
                    )
                names.append(plain.group(1))
        unknown = [name for name in names if name not in FIELDS]
        if unknown:
            raise self._error(
                f"the template has the placeholder {{{{ {unknown[0]} }}}}, which letters do not "
                f"fill; known: {', '.join(FIELDS)}"
            )
        if names.count("body") != 1:
            raise self._error(
                "the template needs the placeholder {{ body }} exactly once, alone in a paragraph"
            )

    def render(self, values: Mapping[str, str], body: Any) -> Document:
        """The template with ``values`` filled in and ``body(paragraph)`` laying the letter out.

        ``body`` is called with the paragraph that held ``{{ body }}``; it inserts the letter's
        paragraphs before it, and that paragraph is then removed.
        """
        from docxtpl import DocxTemplate  # noqa: PLC0415 - the optional extra
        from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

        template = DocxTemplate(io.BytesIO(self.data))
        context = {name: typeset(clean_text(values.get(name, ""))) for name in FIELDS}
        context["body"] = _BODY_MARK
        template.render(context, SandboxedEnvironment(autoescape=True), autoescape=True)
        document: Document = template.docx
        marks = [p for p in document.paragraphs if _BODY_MARK in p.text]
        if len(marks) != 1 or marks[0].text.strip() != _BODY_MARK:
            raise self._error("the placeholder {{ body }} must be alone in its paragraph")
        mark = marks[0]
        body(mark)
        _keep_with_signature(document, mark, context["signature"])
        element = mark._p  # noqa: SLF001 - python-docx has no public way to remove a paragraph
        element.getparent().remove(element)
        return document


def _keep_with_signature(document: Document, mark: Paragraph, signature: str) -> None:
    """The body's end and any blank lines before the signature keep with it on one page."""
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p._p is mark._p)  # noqa: SLF001
    after = paragraphs[start + 1 :]
    end = next((i for i, p in enumerate(after) if signature and signature in p.text), None)
    if end is None or start == 0:
        return  # a template that signs elsewhere (or not at all) keeps its own layout
    for paragraph in (paragraphs[start - 1], *after[:end]):
        paragraph.paragraph_format.keep_with_next = True
