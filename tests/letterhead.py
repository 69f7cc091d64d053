"""The shipped letter template, built with python-docx: tests/test_letterhead.py keeps it current.

``PDRS_RULES_UPDATE_GOLDEN=1`` rewrites pdrs_rules/templates/letter.docx from this builder, as it
does the golden outputs; otherwise the test checks that the shipped file holds what it builds.
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def build_letter_template() -> bytes:
    """A4, the margins of Russian official letters, Times New Roman 14, Russian spelling.

    A borderless table holds the sender, the date and the number on the left and the addressee
    on the right, as in the seed letters; then the heading, the subject, the body and the
    signature. A department replaces the sender's cell with its letterhead.
    """
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    properties = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    properties.append(lang)
    document.core_properties.author = "pdrs-rules"
    document.core_properties.title = "Бланк письма pdrs-rules"

    head = document.add_table(rows=1, cols=2)
    head.autofit = False
    sender, addressee = head.rows[0].cells
    sender.width, addressee.width = Mm(90), Mm(75)
    issuer = sender.paragraphs[0]
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = issuer.add_run("{{ issuer }}")
    run.bold = True
    run.font.size = Pt(12)
    numbered = sender.add_paragraph()
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    numbered.paragraph_format.space_before = Pt(12)
    numbered.add_run("от {{ date }} № {{ number }}").font.size = Pt(12)
    addressee.paragraphs[0].add_run("{{ addressee }}")

    document.add_paragraph()
    for text in ("{{ heading }}", "{{ subject }}"):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text).bold = True
    document.add_paragraph().paragraph_format.keep_with_next = True
    document.add_paragraph("{{ body }}")
    document.add_paragraph()
    document.add_paragraph("{{ signature }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
