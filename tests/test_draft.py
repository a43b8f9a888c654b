"""Drafting: the letter and nota as real .docx files, reopened with python-docx."""
from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document

from drafter.cli import cli
from drafter.drafting.compose import check_spec, draft_files
from drafter.figures.letter_tables import letter_text, parse_tables

from conftest import ROOT, SHARED

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("draft")
    draft_files(SPEC, out / "brief.docx", out / "nota.docx")
    return out / "brief.docx", out / "nota.docx"


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_letter_reopens_in_house_style(drafted) -> None:
    letter = Document(str(drafted[0]))
    section = letter.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not Letter
    assert letter.styles["Normal"].font.name == "Verdana"
    text = _text(letter)
    for expected in ("De voorzitter van de Tweede Kamer", "Postbus 20018", "Datum\t15 december 2023",
                     "Betreft\tStand van zaken", "Geachte voorzitter,", "Ons kenmerk", "2023-0000000001",
                     "Hoogachtend,", "De Minister van Sociale Zaken en Werkgelegenheid,",
                     "C.E.G. van Gennip", "1. Inleiding", "3.1 Einde lening", "Tabel 1: ELIP minstens",
                     "Bron: DUO", "Ten slotte"):
        assert expected in text, expected
    assert "Bijlage(n)" not in text and "DE MINISTER" not in text  # house style: no empty field, normal case
    # the kenmerkenveld is a frame anchored to the page, right of the body text
    frames = [p for p in letter.paragraphs if p._p.pPr is not None and p._p.pPr.find(f"{W}framePr") is not None]
    assert "Ons kenmerk" in [p.text for p in frames]
    x = int(frames[0]._p.pPr.find(f"{W}framePr").get(f"{W}x"))
    assert x / 1440 * 25.4 > 0.6 * 210
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Pagina" in footer


def test_letter_has_real_word_footnotes(drafted) -> None:
    with zipfile.ZipFile(drafted[0]) as package:
        notes = package.read("word/footnotes.xml").decode()
        body = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        types = package.read("[Content_Types].xml").decode()
    assert 'w:id="-1"' in notes and 'w:id="0"' in notes and "w:separator" in notes
    assert "Kamerstuk 32 824, nr. " in notes
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert references == [str(i) for i in range(1, len(references) + 1)] and len(references) >= 1
    assert len(re.findall(r'<w:footnote w:id="\d+">', notes)) == len(references)
    assert "relationships/footnotes" in rels and "footnotes+xml" in types


def test_previous_letter_from_the_index_or_the_spec(drafted, tmp_path: Path) -> None:
    """By default the index of known letters names the previous uitvoeringsbrief; the spec may name it."""
    text = _text(Document(str(drafted[0])))
    # the letter records (corpus/letters.csv): the September 2023 letter was for a debate, not an uitvoeringsbrief
    assert "volgt op mijn uitvoeringsbrief van 13 juli jl." in text
    assert "de vorige dateert van 13 juli jl." in _text(Document(str(drafted[1])))
    assert "Bijlage(n)" not in text  # house style: no field when there are no bijlagen
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data["sections"][0] = {"inleiding": {"vorige_brief": {"datum": date(2023, 7, 13), "kamerstuk": "32 824, nr. 390"}}}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    draft_files(spec, tmp_path / "b.docx")
    assert "volgt op mijn uitvoeringsbrief van 13 juli jl." in _text(Document(str(tmp_path / "b.docx")))
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        assert "Kamerstuk 32 824, nr. 390." in package.read("word/footnotes.xml").decode()


def test_table_counts_come_from_the_store(drafted) -> None:
    letter = Document(str(drafted[0]))
    table = letter.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][0] == "Peildatum" and rows[0][-1] == "Totaal"
    assert rows[1][0] == "01-05-2022" and rows[1][-1] == "2.396"
    assert rows[3][-1] == "2.436"  # our sum of the cohorts (the September 2023 letter printed 2.341)
    assert rows[-1][0] == "Verschil" and rows[-1][-2] == "n.v.t."


def test_commitments_due_come_from_the_tracker(drafted) -> None:
    """Without a list in the spec, the letter answers what the tracker says falls due."""
    from drafter.commitments.registerview import due_for_letter

    due = due_for_letter(None, date(2023, 12, 15))
    assert due, "the shipped register has commitments due in December 2023"
    letter, nota = Document(str(drafted[0])), Document(str(drafted[1]))
    text = _text(letter)
    assert text.count("[in te vullen: hoe deze brief aan de") == len(due)
    for commitment in due:
        assert f"nr. {commitment.id} in het register" in text
    assert f"Met deze brief wordt voldaan aan {len(due)}" in _text(nota)


def test_commitment_stubs_name_member_debate_date_and_kamerstuk(tmp_path: Path) -> None:
    spec = _spec(tmp_path, commitments=[
        {"kind": "motie", "subject": "te monitoren hoe gemeenten de praktijkervaring invullen", "member": "Becker",
         "kamerstuk": "35 925 XV, nr. 17"},
        {"kind": "toezegging", "subject": "u te informeren over de doorstroom", "member": "Podt",
         "debate": "wetgevingsoverleg", "date": date(2023, 11, 21), "kamerstuk": "Kamerstuk 36 200 XV, nr. 85."}])
    draft_files(spec, tmp_path / "b.docx", tmp_path / "n.docx")
    text = _text(Document(str(tmp_path / "b.docx")))
    assert "Motie van het lid Becker" in text
    assert "De motie van het lid Becker, verzoekt de regering te monitoren" not in text  # no comma before the verb
    assert "Tijdens het wetgevingsoverleg van 21 november jl. heb ik het lid Podt toegezegd u te informeren" in text
    assert text.count("[in te vullen: hoe deze brief aan de") == 2
    with zipfile.ZipFile(tmp_path / "b.docx") as package:
        notes = package.read("word/footnotes.xml").decode()
    assert "Kamerstuk 35 925 XV, nr. 17." in notes and "Kamerstuk 36 200 XV, nr. 85." in notes
    nota = Document(str(tmp_path / "n.docx"))
    nota_text = _text(nota)
    for heading in ("Aanleiding", "Geadviseerd besluit", "Kernpunten", "Toelichting", "Bijlagen"):
        assert heading in nota_text
    assert "motie van het lid Becker" in nota_text and "Met deze brief wordt voldaan aan 2" in nota_text
    bijlagen = nota.tables[-1]
    assert [c.text for c in bijlagen.rows[0].cells] == ["Volgnummer", "Naam", "Actie", "Informatie"]
    assert bijlagen.rows[1].cells[2].text == "Verzenden aan TK"


def test_properties_record_templates_and_figures(drafted) -> None:
    props = Document(str(drafted[0])).core_properties
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", props.version)
    assert re.fullmatch(r"figures-sha256:[0-9a-f]{16}", props.identifier)
    assert Document(str(drafted[1])).core_properties.identifier == props.identifier


def _spec(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_december_2021_elip_table_rebuilt_in_a_draft(tmp_path: Path) -> None:
    """The counts of Tabel 3 of the December 2021 letter, with Verschil by our rule."""
    series = "elip-minstens-9500-geleend-per-cohort-asielmigranten"
    spec = _spec(tmp_path, figures={"elip": {"series": series, "peildata": [date(2021, 5, 1), date(2021, 11, 1)]}},
                 correcties={series: {date(2021, 11, 1): "gebruik_berekend"}})
    draft_files(spec, tmp_path / "b.docx")
    # the docx keeps sign and number together with a no-break space
    rows = [[c.text.replace("\xa0", " ") for c in r.cells] for r in Document(str(tmp_path / "b.docx")).tables[0].rows]
    printed = parse_tables(letter_text(SHARED / "seeds" / "003_46b2f2c4559ad58e.txt"))[2]
    assert rows[0][1:] == printed.columns
    for drafted_row, printed_row in zip(rows[1:3], printed.rows[:2]):
        assert drafted_row == [printed_row.label] + [c.text for c in printed_row.cells]
    assert rows[3] == ["Verschil", "0%", "– 17%", "– 26%", "– 34%", "– 30%", "+ 34%", "+ 156%", "+ 60%",
                       "n.v.t.", "– 18%"]


def test_a_verschil_that_differs_from_the_published_one_stops_or_is_corrected(cli_runner, tmp_path: Path) -> None:
    """The December 2021 letter printed – 16% for cohort 2014 where its own counts give – 17% by the
    rounding rule: a draft of those peildata stops naming both, unless the spec declares the
    correction, and then the letter says so."""
    series = "elip-minstens-9500-geleend-per-cohort-asielmigranten"
    figures = {"elip": {"series": series, "peildata": [date(2021, 5, 1), date(2021, 11, 1)]}}
    result = cli_runner.invoke(cli, ["draft", str(_spec(tmp_path, figures=figures)), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Verschil since 2021-05-01 for cohort 2014 of – 17%" in result.output and "published – 16%" in result.output
    spec = _spec(tmp_path, figures=figures, correcties={series: {date(2021, 11, 1): "gebruik_berekend"}})
    draft_files(spec, tmp_path / "b.docx")
    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs).replace("\xa0", " ")
    assert "voor cohort 2014 een verschil van – 16%; berekend uit dezelfde aantallen is het – 17%" in text


def test_missing_figure_stops_with_one_line_and_no_file(cli_runner, tmp_path: Path) -> None:
    spec = _spec(tmp_path, figures={"elip": {"series": "elip-minstens-9500-geleend-per-cohort-asielmigranten",
                                             "peildata": [date(2023, 7, 1), date(2024, 1, 1)]}})
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "brief.docx"),
                                     "--nota", str(tmp_path / "nota.docx")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "elip-minstens-9500" in lines[0] and "2024-01-01" in lines[0] and "brief/elip.md.j2:" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]  # nothing written, no temp file left


def test_check_lists_every_missing_value_and_writes_nothing(cli_runner, tmp_path: Path) -> None:
    spec = _spec(tmp_path, figures={"elip": {"series": "elip-minstens-9500-geleend-per-cohort-asielmigranten",
                                             "peildata": [date(2023, 7, 1), date(2024, 1, 1)]}})
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slotte.md.j2").write_text(
        '{% extends "default:brief/ten_slotte.md.j2" %}\n{% block afsluiting %}\n'
        "Met dank aan {{ sectie.partners }}.\n{% endblock %}\n", encoding="utf-8")
    missing = check_spec(spec, user_dir=tmp_path / "own")
    assert "brief/ten_slotte.md.j2:3:partners" in missing
    assert any(m.startswith("brief/elip.md.j2:") and m.endswith("@2024-01-01") for m in missing)
    assert any(m.startswith("nota/kernpunten.md.j2:") for m in missing)
    result = cli_runner.invoke(cli, ["draft", str(spec), "--check", "-o", str(tmp_path / "b.docx"),
                                     "--templates", str(tmp_path / "own")])
    assert result.exit_code == 1 and not (tmp_path / "b.docx").exists()
    assert result.output.strip().splitlines() == missing


def test_an_officer_overrides_one_section(tmp_path: Path) -> None:
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slotte.md.j2").write_text(
        '{% extends "default:brief/ten_slotte.md.j2" %}\n{% block afsluiting %}\n'
        "Ik dank alle partners voor hun inzet in {{ brief.datum.year }}.\n{% endblock %}\n", encoding="utf-8")
    draft = draft_files(SPEC, tmp_path / "b.docx", user_dir=tmp_path / "own")
    text = _text(Document(str(tmp_path / "b.docx")))
    assert "Ik dank alle partners voor hun inzet in 2023." in text
    assert "[in te vullen: afsluitende boodschap]" not in text
    assert "Ik informeer uw Kamer in de zomer van 2024" in text  # the rest of the default section stays
    assert "1. Inleiding" in text  # other sections are the built-ins
    assert draft.template_version != draft_files(SPEC, None).template_version


@pytest.mark.parametrize("expression", ["cijfers.__class__.__mro__", "cijfers._store.root", "''.__class__"])
def test_templates_cannot_reach_python(cli_runner, tmp_path: Path, expression: str) -> None:
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slotte.md.j2").write_text("# Ten slotte\n\n{{ " + expression + " }}\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"),
                                     "--templates", str(tmp_path / "own")])
    assert result.exit_code == 2 and "brief/ten_slotte.md.j2:3" in result.output and "not allowed" in result.output
    assert not (tmp_path / "b.docx").exists()


def test_bad_spec_is_one_line(cli_runner, tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    del data["date"]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and "'date' is missing" in result.output and str(spec) in result.output
    data["date"], data["sections"] = "15-12-2023", [{"inleiding": ["not", "a", "mapping"]}]
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and "sections[0]" in result.output and "Traceback" not in result.output
    spec.write_text("date: [unclosed\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and "not valid YAML" in result.output


def test_existing_output_is_untouched_when_drafting_fails(tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    target.write_bytes(b"previous version")
    spec = _spec(tmp_path, figures={"elip": {"series": "geen-reeks", "peildata": [date(2023, 7, 1)]}})
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError):
        draft_files(spec, target)
    assert target.read_bytes() == b"previous version"


def test_added_xml_keeps_the_schema_order_word_requires(drafted) -> None:
    """Word refuses elements out of schema order even where LibreOffice does not."""
    with zipfile.ZipFile(drafted[0]) as package:
        settings = package.read("word/settings.xml").decode()
        body = package.read("word/document.xml").decode()
    assert settings.index("<w:footnotePr>") < settings.index("<w:compat>")
    assert re.search(r"<w:pPr><w:pStyle w:val=\"Kenmerk\"/><w:framePr ", body)
    assert body.index("<w:tblCellMar>") < body.index("<w:tblLook ")


def test_unwritable_output_is_one_line(cli_runner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(blocker / "brief.docx")])
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output
