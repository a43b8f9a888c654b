"""JSON, Markdown and Word outputs of a read document: schema, remarks beside paragraphs, real Word comments."""
from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import jsonschema
import pytest
from PIL import Image, ImageDraw
from wordfiles import comments_by_paragraph

from ocr.model import Annotation, Block, Document, Page, load_schema
from ocr.output import atomic_write, write_outputs
from ocr.output.docx import COMMENT_AUTHOR
from ocr.output.markdown import render_markdown


def _crop(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (220, 60), "white")
    ImageDraw.Draw(image).text((8, 20), text, fill=(20, 40, 160))
    image.save(path)


@pytest.fixture
def nota(tmp_path: Path) -> Document:
    """A nota as the pipeline delivers it: side column, sections, three remarks on two paragraphs."""
    _crop(tmp_path / "nota_crops" / "a1.png", "Termijn?")
    blocks = [
        Block("b1", 1, "metadata", "Datum 3 maart 2022", (460, 100, 560, 110)),
        Block("b2", 1, "heading", "Nota over de voortgang", (90, 100, 300, 115)),
        Block("b3", 1, "heading", "Aanleiding", (90, 130, 160, 142), section="Aanleiding"),
        Block("b4", 1, "paragraph", "De gemeenten melden meer aanmeldingen dan verwacht.", (90, 150, 450, 190),
              section="Aanleiding", confidence=0.97),
        Block("b5", 1, "heading", "1. Vroege start", (90, 200, 200, 212), section="1. Vroege start"),
        Block("b6", 1, "list_item", "Eerste punt van de lijst.", (100, 220, 450, 232), section="1. Vroege start"),
        Block("b7", 1, "paragraph", "1. Een alinea die met een nummer begint en geen lijst is.", (90, 240, 450, 270),
              section="1. Vroege start"),
        Block("b8", 1, "footnote", "1 Kamerstuk 32 824, nr. 390.", (90, 780, 300, 790)),
        Block("b9", 1, "page_number", "Pagina 1 van 1", (480, 800, 560, 810)),
    ]
    annotations = [
        Annotation("a1", 1, "note", "Termijn?", (460, 150, 540, 180), anchor="b4", confidence=0.72,
                   image="nota_crops/a1.png"),
        Annotation("a2", 1, "tick", "", (60, 150, 80, 170), anchor="b4", confidence=0.9),
        Annotation("a3", 1, "underline", "", (90, 262, 300, 268), anchor="b7", confidence=0.55),
        Annotation("a4", 1, "mark", "?", (20, 500, 40, 520), anchor=None, confidence=None),
    ]
    return Document(
        source=str(tmp_path / "nota.pdf"),
        pages=[Page(1, 595.3, 841.9, "ocr")],
        metadata={"Datum": "3 maart 2022", "Onze referentie": "2022-0000012345"},
        blocks=blocks,
        annotations=annotations,
    )


def test_json_output_is_valid_against_the_schema_and_round_trips(tmp_path: Path, nota: Document) -> None:
    paths = write_outputs(nota, tmp_path, "nota", ["json"])
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema())
    assert Document.from_dict(data) == Document.from_json(nota.to_json())


def test_markdown_shows_each_remark_under_its_paragraph_with_kind_confidence_and_crop(nota: Document) -> None:
    text = render_markdown(nota)
    assert text.startswith("# Nota over de voortgang\n")
    assert "| Onze referentie | 2022-0000012345 |" in text
    assert "## Aanleiding" in text and "### 1. Vroege start" in text
    assert "- Eerste punt van de lijst." in text
    assert "\\1. Een alinea" in text  # body text does not become a Markdown list
    paragraph = text.index("De gemeenten melden")
    note = text.index("> ✍ **Notitie** (pagina 1, zekerheid 72%): “Termijn?” — [origineel](nota_crops/a1.png)")
    tick = text.index("> ✍ **Vinkje** (pagina 1, zekerheid 90%)")
    next_heading = text.index("### 1. Vroege start")
    assert paragraph < note < next_heading and paragraph < tick < next_heading
    assert text.index("1. Een alinea") < text.index("**Onderstreping** (pagina 1, zekerheid 55%)")
    loose = text.index("## Opmerkingen zonder ankerparagraaf")
    assert loose < text.index("**Markering** (pagina 1, zekerheid onbekend): “?”")
    assert "Pagina 1 van 1" not in text and "Datum 3 maart 2022" not in text  # not body text


def test_word_output_puts_every_remark_as_a_comment_on_its_paragraph(tmp_path: Path, nota: Document) -> None:
    path = write_outputs(nota, tmp_path, "nota", ["docx"])["docx"]
    attached = comments_by_paragraph(path)
    body = "De gemeenten melden meer aanmeldingen dan verwacht."
    assert [author for author, _ in attached[body]] == [COMMENT_AUTHOR, COMMENT_AUTHOR]
    texts = [text for _, text in attached[body]]
    assert texts[0].startswith("Notitie (pagina 1, zekerheid 72%): Termijn?")
    assert texts[1].startswith("Vinkje (pagina 1, zekerheid 90%)")
    numbered = "1. Een alinea die met een nummer begint en geen lijst is."
    assert attached[numbered][0][1].startswith("Onderstreping (pagina 1, zekerheid 55%)")
    assert sum(len(v) for v in attached.values()) == len(nota.annotations)
    assert any(text.startswith("Markering") for v in attached.values() for _, text in v)

    word = docx.Document(str(path))
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["Nota over de voortgang"] == "Title"
    assert styles["Aanleiding"] == "Heading 1" and styles["1. Vroege start"] == "Heading 2"
    assert styles["Eerste punt van de lijst."] == "List Bullet"
    table = word.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["Onze referentie", "2022-0000012345"]
    assert round(word.sections[0].page_width.mm) == 210
    # the crop of the handwriting travels inside the comment
    comments_part = next(p for p in word.part.package.iter_parts() if p.partname.endswith("comments.xml"))
    assert any(rel.reltype.endswith("/image") for rel in comments_part.rels.values())


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "nota.docx"
    target.write_text("old result")

    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_text() == "old result"
    assert [p.name for p in tmp_path.iterdir()] == ["nota.docx"]


def test_markdown_keeps_ordinary_punctuation_in_paragraphs(nota: Document) -> None:
    nota.blocks.append(Block("b10", 1, "paragraph", "Kosten | baten: 18% meer dan in 2021.", None))
    text = render_markdown(nota)
    assert re.search(r"^Kosten \| baten: 18% meer dan in 2021\.$", text, re.M)


def test_heading_levels_follow_the_numbering_of_letters_and_the_sections_of_a_nota() -> None:
    from ocr.output.markdown import heading_levels

    def doc(*titles: str) -> Document:
        return Document("x.txt", blocks=[Block(f"h{i}", 1, "heading", t) for i, t in enumerate(titles)])

    letter = doc("Brief", "1. Inleiding", "2. Uitvoering", "2.3 Vroege start", "3 Vervolg")
    assert list(heading_levels(letter).values()) == [2, 2, 3, 2]
    nota = doc("Nota", "Aanleiding", "Kernpunten", "1. Wet inburgering 2021", "2. Leningen", "Toelichting")
    assert list(heading_levels(nota).values()) == [2, 2, 3, 3, 2]
