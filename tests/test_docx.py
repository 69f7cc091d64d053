"""Letters as .docx: opened back with python-docx; safe file names; the ``letters`` command."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION
from hypothesis import given

import pdrs_rules
from pdrs_rules import Letter, LetterKind, letters, render_docx, write_docx
from pdrs_rules._i18n._typography import typeset
from pdrs_rules._letters._content import AddresseeRecommendations, LetterFinding
from pdrs_rules._letters._docx import MissingExtraError, clean_text, letter_file_names
from pdrs_rules.cli import ExitCode, run
from tests.strategies import SETTINGS, hostile_texts

ROOT = Path(__file__).parent.parent
ARMAVIR = [str(ROOT / "rulesets" / "armavir-iom-2023.yaml")]
ARMAVIR.append(str(ROOT / "rulesets" / "armavir-iom-2023.facts.csv"))
ZHIRNOVSKY = [str(ROOT / "rulesets" / "zhirnovsky-2022.yaml")]
ZHIRNOVSKY.append(str(ROOT / "rulesets" / "zhirnovsky-2022.facts.csv"))


def letter(ident: str = "001", name: str = "МБОУ СОШ № 1", text: str = "Сделать.") -> Letter:
    return Letter(
        kind=LetterKind.SCHOOL,
        entity_id=ident,
        entity_name=name,
        period="2023",
        heading="Адресные рекомендации",
        subject="по итогам мониторинга «М» за период 2023",
        addressee=f"Руководителю {name}",
        intro="Вступление.",
        findings=(),
        recommendations=(AddresseeRecommendations("school_head", "руководитель ОО", (text,)),),
    )


def lines(data: bytes | Path) -> list[str]:
    """Every paragraph of the document, those in table cells too, in order; NBSP as spaces."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    document = docx.Document(source)
    found = []
    for element in document.element.body.iter():
        if element.tag.endswith("}p"):
            texts = []
            for node in element.iter():
                if node.tag.endswith("}t"):
                    texts.append(node.text or "")
                elif node.tag.endswith("}tab"):
                    texts.append("\t")
            found.append("".join(texts).replace("\xa0", " "))
    return found


def paragraphs(data: bytes | Path) -> list[str]:
    """The body's paragraphs (not in tables), as python-docx reads them; NBSP as spaces."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return [p.text.replace("\xa0", " ") for p in docx.Document(source).paragraphs]


@pytest.fixture(scope="module")
def armavir() -> tuple[Letter, ...]:
    ruleset = pdrs_rules.load(ARMAVIR[0])
    return letters(ruleset.evaluate(ARMAVIR[1]), ruleset=ruleset)


class TestRender:
    def test_school_letter_reads_back(self, armavir: tuple[Letter, ...]) -> None:
        """School 001's letter: letterhead, addressee, heading, findings, numbered list."""
        texts = [t for t in lines(render_docx(armavir[:1], date="24.05.2022", number="7/{n}")) if t]
        assert texts[:5] == [
            "МКУ «Центр развития образования и оценки качества», г. Армавир",
            "от 24.05.2022 № 7/1",
            "Руководителю МБОУ гимназия № 1",
            "Адресные рекомендации",
            (
                "по итогам мониторинга «Внутренний аудит реализации индивидуальных образовательных "
                "маршрутов педагогов» за период 2022/2023"
            ),
        ]
        assert texts[5] == (
            "В МБОУ гимназия № 1 мониторинг проведён по 9 показателям; меры требуются по "
            "3 показателям:"
        )
        assert texts[6:9] == [
            "–\tДоля педагогов, реализовавших ИОМ менее чем на 50%: 8,6% — требует внимания",
            (
                "–\tДоля педагогов, принявших участие в профессиональных конкурсах: 34,3% — "
                "требует внимания"
            ),
            (
                "–\tДоля педагогов, прошедших аттестацию на первую или высшую категорию: 28,6% — "
                "требует внимания"
            ),
        ]
        assert texts[9:11] == ["Рекомендации:", "Руководитель ОО:"]
        numbered = texts[11:14]
        assert [t[:3] for t in numbered] == ["1.\t", "2.\t", "3.\t"]
        assert "у 3 педагогов (8,6%)" in numbered[0]
        assert "подпись" in texts[-1]

    def test_blanks_without_date_and_number(self, armavir: tuple[Letter, ...]) -> None:
        """Without --date and --number the letterhead has blanks to fill in by hand."""
        assert "от ____________ № ________" in lines(render_docx(armavir[:1]))

    def test_no_break_spaces(self, armavir: tuple[Letter, ...]) -> None:
        """«№ 1», «г. Армавир» and «3 показателям» do not break across lines."""
        document = docx.Document(io.BytesIO(render_docx(armavir[:1])))
        xml = document.element.xml
        for kept in ("№\xa01", "г.\xa0Армавир", "9\xa0показателям", "8,6%\xa0—"):
            assert kept in xml

    def test_headings_and_the_signature_keep_with_what_follows(
        self, armavir: tuple[Letter, ...]
    ) -> None:
        """«Рекомендации:», addressee titles and the last recommendation keep with the next."""
        document = docx.Document(io.BytesIO(render_docx(armavir[:1])))
        kept = [
            p.text.replace("\xa0", " ")
            for p in document.paragraphs
            if p.paragraph_format.keep_with_next
        ]
        assert "Рекомендации:" in kept
        assert "Руководитель ОО:" in kept
        last = next(p for p in document.paragraphs if p.text.startswith("3."))
        assert last.paragraph_format.keep_with_next
        signature = next(p for p in document.paragraphs if "подпись" in p.text)
        assert not signature.paragraph_format.keep_with_next

    def test_one_document_one_section_per_letter(self, armavir: tuple[Letter, ...]) -> None:
        """In one document every letter ends with a next-page section break."""
        document = docx.Document(io.BytesIO(render_docx(armavir, number="{n}")))
        assert len(document.sections) == len(armavir)
        assert {s.start_type for s in document.sections[1:]} == {WD_SECTION.NEW_PAGE}
        numbers = [t for t in lines(render_docx(armavir, number="5-{n}")) if t.startswith("от ")]
        assert numbers == [f"от ____________ № 5-{n}" for n in range(1, 14)]

    def test_a4_and_russian(self) -> None:
        """The page is A4 and the text is marked as Russian for spelling."""
        document = docx.Document(io.BytesIO(render_docx([letter()])))
        section = document.sections[0]
        width, height = section.page_width, section.page_height
        assert width is not None
        assert height is not None
        assert (width.mm, height.mm) == pytest.approx((210, 297), abs=0.05)
        assert 'w:val="ru-RU"' in document.styles["Normal"].element.xml

    def test_odd_characters_in_names(self) -> None:
        """Control characters become U+FFFD; quotes and markup are kept as plain text."""
        name = 'МБОУ "СОШ" <№ 1> & \x00\x07\ufffe'
        texts = lines(render_docx([letter(name=name, text="=1+1 <b> {{ x }}")]))
        assert 'Руководителю МБОУ "СОШ" <№ 1> & \ufffd\ufffd\ufffd' in texts
        assert "1.\t=1+1 <b> {{ x }}" in texts

    @SETTINGS
    @given(name=hostile_texts(), text=hostile_texts())
    def test_any_text_renders(self, name: str, text: str) -> None:
        """Whatever a facts file holds, the letter renders and reads back cleaned."""
        texts = lines(render_docx([letter(name=name, text=text)]))
        expected = typeset(clean_text(f"Руководителю {name}")).replace("\xa0", " ")
        # python-docx reads a line break back as "\n" and a tab as "\t"; a cell's text
        # with a line break is one paragraph here too.
        assert expected.replace("\r", "\n").replace("\n", "").replace("\t", "") in [
            t.replace("\n", "").replace("\t", "") for t in texts
        ]

    def test_missing_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without python-docx or docxtpl the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "docx", None)
        with pytest.raises(MissingExtraError, match=r"pip install 'pdrs-rules\[docx\]'"):
            render_docx([letter()])
        monkeypatch.setitem(sys.modules, "docx", docx)
        monkeypatch.setitem(sys.modules, "docxtpl", None)
        with pytest.raises(MissingExtraError, match=r"needs docxtpl"):
            render_docx([letter()])


class TestFileNames:
    @pytest.mark.parametrize(
        ("ident", "name", "expected"),
        [
            ("02", "МБОУ-СОШ № 2", "02 МБОУ-СОШ № 2.docx"),
            ("001", 'МБОУ "СОШ № 1" г. Жирновска', "001 МБОУ _СОШ № 1_ г. Жирновска.docx"),
            ("1", "МБОУ «Лицей» (корпус 2)", "1 МБОУ «Лицей» (корпус 2).docx"),
            ("../../etc/passwd", "", "etc_passwd.docx"),
            ("a/b\\c", "x:y*z?", "a_b_c x_y_z.docx"),
            ("..", "", "letter.docx"),
            ("", "", "letter.docx"),
            ("con", "", "con_.docx"),
            ("con", "школа", "con школа.docx"),
            ("nul.txt", "", "nul.txt_.docx"),
            ("шк 1\x00", "", "шк 1.docx"),
            ("1", "  много   пробелов\tи\nстрок ", "1 много пробелов и строк.docx"),
        ],
    )
    def test_safe_and_readable(self, ident: str, name: str, expected: str) -> None:
        """The id and the name, with no separators, controls, Windows marks or device names."""
        assert letter_file_names([letter(ident, name)]) == (expected,)

    def test_long_names_are_cut(self) -> None:
        """A name is at most 100 characters before its extension."""
        (name,) = letter_file_names([letter("1", "Ш" * 300)])
        assert name == "1 " + "Ш" * 98 + ".docx"

    def test_unique_case_insensitively(self) -> None:
        """Names that clash (also by case or after cleaning) get numbered."""
        names = letter_file_names(
            [letter("A", ""), letter("a", ""), letter("a/", ""), letter("a_", "")]
        )
        assert names == ("A.docx", "a-2.docx", "a-3.docx", "a-4.docx")

    def test_group_letter_is_named_by_the_group(self, armavir: tuple[Letter, ...]) -> None:
        """The municipality letter is named «МО» and the group's name, apart from the schools."""
        assert letter_file_names(armavir[-1:]) == (
            "МО муниципальное образование город Армавир.docx",
        )

    @SETTINGS
    @given(idents=hostile_texts().map(lambda t: [t, t.upper(), t + "/"]))
    def test_any_ids(self, idents: list[str]) -> None:
        """Any ids give plain, distinct names."""
        names = letter_file_names([letter(i) for i in idents])
        assert len({n.casefold() for n in names}) == len(names)
        for name in names:
            assert "/" not in name
            assert "\\" not in name
            assert not name.startswith((".", " "))
            assert not set(name) & set('<>:"|?*')
            assert name.endswith(".docx")
            assert name == clean_text(name)


class TestWrite:
    def test_folder(self, tmp_path: Path, armavir: tuple[Letter, ...]) -> None:
        """A folder gets one file per letter and nothing else."""
        written = write_docx(armavir, tmp_path / "out")
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
            p.name for p in written
        )
        assert len(written) == 13
        assert "Руководителю МБОУ-СОШ № 2" in lines(tmp_path / "out" / "002 МБОУ-СОШ № 2.docx")

    def test_single_file(self, tmp_path: Path, armavir: tuple[Letter, ...]) -> None:
        """A .docx path gets one document with every letter."""
        target = tmp_path / "all.DOCX"
        assert write_docx(armavir, target) == (target,)
        texts = lines(target)
        assert texts.count("Адресные рекомендации") == 12
        assert [p.name for p in tmp_path.iterdir()] == ["all.DOCX"]

    def test_failure_leaves_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A failure while rendering the second letter leaves no file and no temporary folder."""
        from pdrs_rules._letters import _docx  # noqa: PLC0415

        real = _docx._render
        calls: list[int] = []

        def failing(*args: object) -> object:
            calls.append(1)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(_docx, "_render", failing)
        with pytest.raises(OSError, match="No space left"):
            write_docx([letter("1"), letter("2")], tmp_path)
        assert list(tmp_path.iterdir()) == []

    def test_progress_counts_letters(self, tmp_path: Path) -> None:
        """The progress callback is told after every letter, in both layouts."""
        seen: list[int] = []
        write_docx([letter("1"), letter("2")], tmp_path, progress=seen.append)
        write_docx([letter("1"), letter("2")], tmp_path / "x.docx", progress=seen.append)
        assert seen == [1, 2, 1, 2]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["letters", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


class TestCommand:
    def test_folder_and_summary(self, tmp_path: Path) -> None:
        """Zhirnovsky: 20 schools with recommendations and the district's letter."""
        code, out, err = cli(*ZHIRNOVSKY, "-o", str(tmp_path))
        assert (code, out) == (ExitCode.OK, "")
        files = sorted(p.name for p in tmp_path.iterdir())
        assert len(files) == 21
        assert "МО Жирновский муниципальный район.docx" in files
        assert "001 МБОУ «СОШ № 1» г. Жирновска.docx" in files
        assert err == f"pdrs-rules letters: 21 письмо, 21 файл в {tmp_path}\n"

    def test_schools_without_letters_are_named(self, tmp_path: Path) -> None:
        """Schools left without a letter are counted and named on stderr."""
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path / "a.docx"), "--addressee", "authority")
        assert code == ExitCode.OK
        assert err.startswith(
            f"pdrs-rules letters: 1 письмо, 1 файл в {tmp_path / 'a.docx'}; "
            "нет рекомендаций (письмо не написано): 12 ОО"
        )
        assert err.endswith("12 ОО\n")  # more than 10 schools: counted, not named
        assert "Кому: управление образования" in lines(tmp_path / "a.docx")

    def test_school_option(self, tmp_path: Path) -> None:
        """--school writes only that school's letter."""
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path), "--school", "003", "-q")
        assert (code, err) == (ExitCode.OK, "")
        assert [p.name for p in tmp_path.iterdir()] == ["003 МБОУ-СОШ № 3.docx"]

    def test_nothing_to_write(self, tmp_path: Path) -> None:
        """When no school has a recommendation, no file is written and stderr says why."""
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path / "x"), "--addressee", "teachers")
        assert code == ExitCode.OK
        assert err.startswith("pdrs-rules letters: 0 писем; нет рекомендаций")
        assert not (tmp_path / "x").exists()

    @pytest.mark.parametrize(
        ("option", "message"),
        [
            (
                ["--addressee", "school_hed"],
                (
                    "addressee 'school_hed' is not known (addressees: school_head, teachers, "
                    "methodical_service, authority); did you mean 'school_head'?"
                ),
            ),
            (
                ["--period", "2022"],
                "period '2022' is not known (periods: 2022/2023); did you mean '2022/2023'?",
            ),
            (["--school", "xyz"], "school 'xyz' is not known (schools: 001, 002, 003, 004,"),
            (["--param", "nope"], "--param takes NAME=VALUE, got 'nope'"),
            (["--param", "nope=1"], "the ruleset has no parameter 'nope'"),
        ],
    )
    def test_usage_errors(self, tmp_path: Path, option: list[str], message: str) -> None:
        """Unknown addressees, periods, schools and parameters are usage errors, exit 2."""
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path / "x"), *option, "--lang", "en")
        assert code == ExitCode.USAGE
        assert message in err
        assert not (tmp_path / "x").exists()

    def test_usage_errors_in_russian(self, tmp_path: Path) -> None:
        """With the ruleset's locale ru, the same errors are in Russian."""
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path / "x"), "--school", "xyz")
        assert code == ExitCode.USAGE
        assert err.startswith("pdrs-rules letters: ошибка: ОО «xyz» не найдена (ОО: 001, 002,")

    def test_xlsx_sheet(self, tmp_path: Path) -> None:
        """--sheet reads the named sheet of a workbook, as evaluate does."""
        import openpyxl  # noqa: PLC0415

        workbook = openpyxl.Workbook()
        workbook.active.title = "Титул"
        sheet = workbook.create_sheet("Данные")
        for line in Path(ARMAVIR[1]).read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(";"))
        workbook.save(tmp_path / "facts.xlsx")
        argv = [ARMAVIR[0], str(tmp_path / "facts.xlsx"), "-o", str(tmp_path / "out"), "-q"]
        code, _, err = cli(*argv, "--sheet", "Данные", "--school", "002")
        assert (code, err) == (ExitCode.OK, "")
        assert "Руководителю МБОУ-СОШ № 2" in lines(tmp_path / "out" / "002 МБОУ-СОШ № 2.docx")

    def test_missing_extra(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without python-docx the command fails at once with exit 3, naming the extra."""
        monkeypatch.setitem(sys.modules, "docx", None)
        code, _, err = cli(*ARMAVIR, "-o", str(tmp_path / "x"))
        assert code == ExitCode.INVALID
        assert err == (
            "pdrs-rules letters: missing-extra: writing letters needs python-docx, which is not "
            "installed; install it with: pip install 'pdrs-rules[docx]'\n"
        )

    def test_unwritable_output(self, tmp_path: Path) -> None:
        """A file where the folder should be is reported as an I/O problem, exit 3."""
        blocker = tmp_path / "file"
        blocker.write_text("x")
        code, _, err = cli(*ARMAVIR, "-o", str(blocker / "sub"))
        assert code == ExitCode.INVALID
        assert err.startswith("pdrs-rules: ")


def test_letter_finding_text_is_used(armavir: tuple[Letter, ...]) -> None:
    """The bullet lines are exactly the model's LetterFinding.text."""
    first: LetterFinding = armavir[0].findings[0]
    assert "–\t" + first.text in lines(render_docx(armavir[:1]))
