"""Word files: a .docx the test builds with python-docx, read back into the model."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ocr import read_document
from ocr.errors import ReadError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def add_footnote(document: docx.Document, paragraph, text: str, note_id: int) -> None:
    """A real footnote: a footnotes part, a note in it, a reference run in the paragraph."""
    part = next((r.target_part for r in document.part.rels.values() if r.reltype == RT.FOOTNOTES), None)
    if part is None:
        xml = (f'<w:footnotes xmlns:w="{W_NS}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
               '</w:r></w:p></w:footnote></w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode(), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    note = etree.SubElement(root, qn("w:footnote"))
    note.set(qn("w:id"), str(note_id))
    run = etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = text
    part._blob = etree.tostring(root)
    ref_run = paragraph.add_run()._r
    ref = etree.SubElement(ref_run, qn("w:footnoteReference"))
    ref.set(qn("w:id"), str(note_id))


@pytest.fixture
def nota_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "Nota voortgang taalcoaching"
    d.core_properties.author = "Directie SI"
    side = d.add_table(rows=3, cols=2)
    for row, (label, value) in zip(side.rows, [("Datum", "3 maart 2026"), ("Onze referentie", "2026-0000412"),
                                               ("Bijlage(n)", "1")]):
        row.cells[0].text, row.cells[1].text = label, value
    d.add_heading("Aanleiding", level=1)
    p = d.add_paragraph("De pilot taalcoaching in Twente loopt een jaar en de Kamer vroeg om een tussenstand.")
    add_footnote(d, p, "Kamerstuk 32 824, nr. 401.", 1)
    d.add_heading("Kernpunten", level=1)
    d.add_paragraph("Deelnemers zijn tevreden over hun coach.", style="List Bullet")
    item = d.add_paragraph("Gemeenten vragen om meer tijd voor de werving.", style="List Bullet")
    d.add_comment(item.runs, text="Hoeveel meer tijd?", author="Minister", initials="M")
    d.add_heading("2.1 Cijfers", level=2)
    table = d.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("Regio", "Deelnemers", "Gestopt"), ("Twente", "1.204", "87")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    d.add_paragraph("De uitval is lager dan verwacht.")
    path = tmp_path / "nota.docx"
    d.save(str(path))
    return path


def test_docx_headings_lists_tables_footnotes_comments_metadata(nota_docx: Path) -> None:
    doc = read_document(nota_docx)
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "Aanleiding") in kinds and ("heading", "Kernpunten") in kinds
    assert doc.metadata["Datum"] == "3 maart 2026"
    assert doc.metadata["Onze referentie"] == "2026-0000412"
    assert doc.metadata["Titel"] == "Nota voortgang taalcoaching"
    assert doc.metadata["Auteur"] == "Directie SI"
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == ["• Deelnemers zijn tevreden over hun coach.",
                                       "• Gemeenten vragen om meer tijd voor de werving."]
    assert all(b.section == "Kernpunten" for b in items)
    note = next(b for b in doc.blocks if b.kind == "footnote")
    assert note.text == "1 Kamerstuk 32 824, nr. 401." and note.section == "Aanleiding"
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.text == "Regio\tDeelnemers\tGestopt\nTwente\t1.204\t87"
    assert table.section == "2.1 Cijfers"
    remark = doc.annotations[0]
    assert remark.kind == "note" and remark.text == "Hoeveel meer tijd?"
    assert doc.block(remark.anchor).text.startswith("• Gemeenten vragen")
    assert not any(b.kind == "metadata" and b.section for b in doc.blocks)


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kapot.docx"
    path.write_text("dit is geen Word-bestand")
    with pytest.raises(ReadError, match="not a Word"):
        read_document(path)


def test_a_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hallo.txt", "hallo")
    with pytest.raises(ReadError, match="not a Word document") as err:
        read_document(path)
    assert "Error" not in str(err.value)  # words, not a library's exception class


def test_a_docx_with_broken_xml_is_named_damaged_in_words(tmp_path: Path) -> None:
    """'XMLSyntaxError: … try XML_PARSE_HUGE' means nothing to an officer."""
    import zipfile

    from docx import Document as Word

    good = tmp_path / "goed.docx"
    Word().save(str(good))
    path = tmp_path / "kapot.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="damaged: the document text") as err:
        read_document(path)
    assert "XMLSyntaxError" not in str(err.value)


def test_letter_header_zone_letterhead_fields_and_addressee(tmp_path: Path) -> None:
    d = docx.Document()
    for line in ("Ministerie van Sociale Zaken en Werkgelegenheid", "Postbus 90801", "Ons kenmerk",
                 "2026-0000999", "> Retouradres Postbus 90801 2509 LV Den Haag",
                 "De voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018",
                 "Datum\t20 maart 2026", "Betreft\tVoortgang taalcoaching", "Geachte voorzitter,"):
        d.add_paragraph(line)
    d.add_paragraph("1. Inleiding", style="Heading 1")
    d.add_paragraph("Met deze brief informeer ik uw Kamer over de pilot taalcoaching op de werkvloer.")
    d.add_paragraph("Hoogachtend,")
    path = tmp_path / "brief.docx"
    d.save(str(path))
    doc = read_document(path)
    assert doc.metadata["Ons kenmerk"] == "2026-0000999"
    assert doc.metadata["Datum"] == "20 maart 2026"
    assert doc.metadata["Betreft"] == "Voortgang taalcoaching"
    assert doc.metadata["Aan"] == "De voorzitter van de Tweede Kamer, der Staten-Generaal, Postbus 20018"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:2] == ["header", "header"] and kinds.count("metadata") == 4
    assert [b.text for b in doc.body() if b.kind != "footnote"] == [
        "Geachte voorzitter,", "1. Inleiding",
        "Met deze brief informeer ik uw Kamer over de pilot taalcoaching op de werkvloer.", "Hoogachtend,"]
    assert next(b for b in doc.blocks if b.text.startswith("Met deze brief")).section == "1 Inleiding"


def test_the_letter_drafter_writes_reads_back(cli_runner, tmp_path: Path) -> None:
    """``drafter draft`` output (python-docx, real footnotes) through this reader."""
    from drafter.cli import cli

    root = Path(__file__).resolve().parent.parent
    spec = root / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
    if not spec.exists():
        pytest.skip("no letter spec in corpus/specs")
    brief, nota = tmp_path / "brief.docx", tmp_path / "nota.docx"
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(brief), "--nota", str(nota)])
    assert result.exit_code == 0, result.output
    letter = read_document(brief)
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}", letter.metadata["Datum"])
    assert "Ons kenmerk" in letter.metadata and "Betreft" in letter.metadata
    assert letter.metadata["Afzender"].startswith("De Minister van ")
    sections = {b.section for b in letter.blocks if b.kind == "heading"}
    assert {"1 Inleiding", "1.1 Leeswijzer"} <= sections
    assert any(b.kind == "footnote" and "Kamerstuk" in b.text for b in letter.blocks)
    assert not any(b.text.startswith(("Datum", "Ons kenmerk", "Postbus")) for b in letter.body())
    memo = read_document(nota)
    order = [s for s in dict.fromkeys(b.section for b in memo.blocks) if s]
    assert order[:3] == ["Aanleiding", "Geadviseerd besluit", "Kernpunten"]
    assert memo.metadata["Aan"] == "Minister van SZW"
