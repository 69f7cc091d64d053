"""Letters on a letterhead: the shipped template, a department's own, and how pages break.

The page layout is checked by converting letters with LibreOffice (``soffice``) and reading the
pages back with ``pdftotext``; those tests are skipped when either is missing, unless
PDRS_RULES_REQUIRE_LIBREOFFICE=1 (CI, where ``.ci/run`` installs them).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

import pdrs_rules
from pdrs_rules import Letter, LetterKind, render_docx, write_docx
from pdrs_rules._letters._content import AddresseeRecommendations, LetterFinding
from pdrs_rules._letters._letterhead import DEFAULT_TEMPLATE, LetterTemplate, LetterTemplateError
from pdrs_rules._model import Finding, Outcome
from pdrs_rules.cli import ExitCode, run
from tests.letterhead import build_letter_template
from tests.test_docx import ARMAVIR, letter, lines

UPDATE = os.environ.get("PDRS_RULES_UPDATE_GOLDEN") == "1"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
REQUIRED = os.environ.get("PDRS_RULES_REQUIRE_LIBREOFFICE") == "1"


def template(*paragraphs: str | list[str], table: tuple[str, str] | None = None) -> bytes:
    """A .docx whose paragraphs hold these texts; a list is one paragraph cut into runs."""
    document = docx.Document()
    if table is not None:
        left, right = document.add_table(rows=1, cols=2).rows[0].cells
        left.paragraphs[0].add_run(table[0])
        right.paragraphs[0].add_run(table[1])
    for text in paragraphs:
        paragraph = document.add_paragraph()
        for piece in [text] if isinstance(text, str) else text:
            paragraph.add_run(piece).bold = True  # runs of different styles, as Word cuts them
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def written(tmp_path: Path, data: bytes, name: str = "бланк.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


class TestShippedTemplate:
    def test_is_what_the_builder_makes(self) -> None:
        """pdrs_rules/templates/letter.docx holds what tests/letterhead.py builds."""
        built = build_letter_template()
        if UPDATE and _parts(DEFAULT_TEMPLATE.read_bytes()) != _parts(built):
            DEFAULT_TEMPLATE.write_bytes(built)
        assert _parts(DEFAULT_TEMPLATE.read_bytes()) == _parts(built)

    def test_has_every_field_but_school_and_period(self) -> None:
        """The default letterhead shows the sender, date, number, addressee, texts, signature."""
        text = "".join(lines(DEFAULT_TEMPLATE))
        for field in ("issuer", "date", "number", "addressee", "heading", "subject", "body"):
            assert f"{{{{ {field} }}}}" in text
        assert "{{ signature }}" in text


def _parts(data: bytes) -> dict[str, bytes]:
    """The XML parts of a .docx, which unlike the archive do not change with the clock."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".xml", ".rels")) and "core.xml" not in name
        }


class TestOwnTemplate:
    def test_fields_are_filled_also_when_word_cut_them(self, tmp_path: Path) -> None:
        """Placeholders split across runs, in a table and in text, are filled; body replaced."""
        path = written(
            tmp_path,
            template(
                ["Исх. № {{ num", "ber }} от {{ date }}"],
                "{{ heading }} {{ school }} ({{ period }})",
                "{{ body }}",
                "Начальник управления {{ signature }}",
                table=("{{ issuer }}", "{{ addressee }}"),
            ),
        )
        data = render_docx([letter()], template=path, date="01.09.2024", number="12-{id}")
        texts = [t for t in lines(data) if t]
        assert texts[:5] == [
            "Руководителю МБОУ СОШ № 1",
            "Исх. № 12-001 от 01.09.2024",
            "Адресные рекомендации МБОУ СОШ № 1 (2023)",
            "Вступление.",
            "Рекомендации:",
        ]
        assert texts[-1].startswith("Начальник управления ________")
        assert "{{" not in "".join(texts)

    @pytest.mark.parametrize(
        ("paragraphs", "message"),
        [
            (
                ["{{ body }}", "{{ director }}"],
                (
                    "the template has the placeholder {{ director }}, which letters do not fill; "
                    "known: issuer, date, number, addressee, heading, subject, body, signature, "
                    "school, period"
                ),
            ),
            (
                ["{% for x in y %}{{ body }}{% endfor %}"],
                (
                    "the template has '{% for x in y %}'; only placeholders such as "
                    "'{{ addressee }}' are allowed"
                ),
            ),
            (
                ["{{ body }}", "{{ date|upper }}"],
                (
                    "the template has '{{ date|upper }}'; only placeholders such as "
                    "'{{ addressee }}' are allowed"
                ),
            ),
            (
                ["{{ addressee }}"],
                "the template needs the placeholder {{ body }} exactly once, alone in a paragraph",
            ),
            (
                ["{{ body }}", "{{ body }}"],
                "the template needs the placeholder {{ body }} exactly once, alone in a paragraph",
            ),
        ],
    )
    def test_refused(self, tmp_path: Path, paragraphs: list[str], message: str) -> None:
        """Unknown placeholders, Jinja statements and filters, and a missing body are refused."""
        path = written(tmp_path, template(*paragraphs))
        with pytest.raises(LetterTemplateError) as caught:
            LetterTemplate(path)
        assert str(caught.value) == f"{path}: letter-template: {message}"

    def test_body_must_be_alone(self, tmp_path: Path) -> None:
        """Text beside {{ body }} in its paragraph is refused when the letter is laid out."""
        path = written(tmp_path, template("Текст: {{ body }}"))
        with pytest.raises(LetterTemplateError, match=r"must be alone in its paragraph"):
            render_docx([letter()], template=path)

    def test_not_a_word_document(self, tmp_path: Path) -> None:
        """A file that is not a .docx, or is missing, is refused with its name."""
        path = written(tmp_path, b"not a zip")
        with pytest.raises(LetterTemplateError) as caught:
            LetterTemplate(path)
        assert str(caught.value) == (
            f"{path}: letter-template: the template is not a Word document (.docx)"
        )
        with pytest.raises(LetterTemplateError) as caught:
            LetterTemplate(tmp_path / "нет.docx")
        assert str(caught.value) == (
            f"{tmp_path / 'нет.docx'}: letter-template: cannot read the template: "
            "No such file or directory"
        )

    def test_values_cannot_inject(self) -> None:
        """A school named like a placeholder or markup stays text; nothing is evaluated."""
        name = "{{ 7*7 }} <w:p/> & {% raw %}"
        data = render_docx([letter(name=name, text="{{ body }}")])
        assert f"Руководителю {name}" in lines(data)
        assert "1.\t{{ body }}" in lines(data)
        assert "49" not in "".join(lines(data))


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["letters", *argv], out, err)
    return code, err.getvalue()


class TestCommand:
    def test_template_date_and_number(self, tmp_path: Path) -> None:
        """--template, --date and --number reach every letter; {n} counts the letters."""
        path = written(tmp_path, template("№ {{ number }} от {{ date }}", "{{ body }}"))
        out = tmp_path / "all.docx"
        argv = ["--template", str(path), "--date", "24.05.2022", "--number", "768/{n}", "-q"]
        code, err = cli(*ARMAVIR, "-o", str(out), *argv)
        assert (code, err) == (ExitCode.OK, "")
        numbers = [t for t in lines(out) if t.startswith("№ ")]
        assert numbers == [f"№ 768/{n} от 24.05.2022" for n in range(1, 14)]

    def test_bad_template_fails_before_evaluating(self, tmp_path: Path) -> None:
        """A template with an unknown placeholder: exit 3, in Russian, and nothing written."""
        path = written(tmp_path, template("{{ body }}", "{{ director }}"))
        code, err = cli(*ARMAVIR, "-o", str(tmp_path / "out"), "--template", str(path))
        assert code == ExitCode.INVALID
        assert err.startswith(
            f"{path}: letter-template: в шаблоне письма есть подстановка «{{{{ director }}}}», "
            "которую письма не заполняют; известные: issuer, date,"
        )
        assert not (tmp_path / "out").exists()


# -- pages, as LibreOffice lays them out ---------------------------------------------------------


@pytest.fixture
def office() -> tuple[str, str]:
    """LibreOffice and pdftotext; skipped without them unless PDRS_RULES_REQUIRE_LIBREOFFICE=1."""
    if SOFFICE is None or PDFTOTEXT is None:
        if REQUIRED:
            pytest.fail("PDRS_RULES_REQUIRE_LIBREOFFICE=1 but soffice or pdftotext is missing")
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) is not installed")
    return SOFFICE, PDFTOTEXT


def pages(office: tuple[str, str], document: Path) -> list[list[str]]:
    """The document converted to PDF by LibreOffice: each page's non-empty lines."""
    soffice, pdftotext = office
    folder = document.parent
    subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(document),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = document.with_suffix(".pdf")
    text = subprocess.run(  # noqa: S603
        [pdftotext, "-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    return [
        [line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")
    ]


def long_letters() -> list[Letter]:
    """Letters whose findings push «Рекомендации:» and the signature to every spot of a page."""
    result = []
    for count in range(8, 26):
        findings = tuple(
            LetterFinding(
                Finding("r", "1", "1", "Школа", "2023", f"i{n}", Outcome.EVALUATED, 1.0, "1,0%"),
                f"Доля педагогов, прошедших курсы повышения квалификации по теме {n}",
                "требует внимания",
            )
            for n in range(count)
        )
        result.append(
            Letter(
                kind=LetterKind.SCHOOL,
                entity_id=str(count),
                entity_name=f"МБОУ СОШ № {count}",
                period="2023",
                heading="Адресные рекомендации",
                subject="по итогам мониторинга за период 2023",
                addressee=f"Руководителю МБОУ СОШ № {count}",
                intro="В школе мониторинг проведён по 30 показателям; меры требуются по многим:",
                findings=findings,
                recommendations=(
                    AddresseeRecommendations(
                        "school_head",
                        "руководитель ОО",
                        tuple(f"Организовать курсы по теме {n} для педагогов." for n in range(3)),
                    ),
                ),
            )
        )
    return result


def stranded(page_lines: list[list[str]]) -> list[str]:
    """Headings left at the bottom of a page, and signatures alone at the top of one."""
    found = []
    for number, page in enumerate(page_lines, 1):
        if not page:
            continue
        if page[-1] in {"Рекомендации:", "Руководитель ОО:"}:
            found.append(f"page {number} ends with {page[-1]!r}")
        if "подпись" in page[0]:
            found.append(f"page {number} starts with the signature")
    return found


@pytest.mark.libreoffice
class TestPages:
    def test_no_heading_or_signature_is_stranded(
        self, office: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """18 letters, breaking at every spot: none strands a heading or the signature.

        The same letters without keep-with-next strand some: the check can fail.
        """
        letters = long_letters()
        kept = tmp_path / "kept" / "letters.docx"
        kept.parent.mkdir()
        write_docx(letters, kept)
        assert stranded(pages(office, kept)) == []

        # Every keep-with-next the code sets is dropped (the template's own stay).
        monkeypatch.setattr(
            "docx.text.parfmt.ParagraphFormat.keep_with_next",
            property(lambda _self: None, lambda _self, _value: None),
        )
        free = tmp_path / "free" / "letters.docx"
        free.parent.mkdir()
        write_docx(letters, free)
        assert stranded(pages(office, free)) != []

    def test_armavir_letters_print_on_one_page_each(
        self, office: tuple[str, str], tmp_path: Path
    ) -> None:
        """Every Armavir school letter fits one A4 page and starts with its letterhead."""
        ruleset = pdrs_rules.load(ARMAVIR[0])
        letters = pdrs_rules.letters(ruleset.evaluate(ARMAVIR[1]), ruleset=ruleset)
        target = tmp_path / "armavir.docx"
        write_docx(letters[:12], target)
        printed = pages(office, target)
        assert len([p for p in printed if p]) == 12
        assert all(page[0].startswith("МКУ") for page in printed if page)
