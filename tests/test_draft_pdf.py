"""The drafted letter and nota through LibreOffice: what a reader of the PDF sees.

LibreOffice only serves the test (the tool never needs it); it runs with a
private profile so parallel runs and a desktop session do not interfere.
"""
from __future__ import annotations

import shutil
import subprocess
import zipfile

import pdfplumber
import pytest

from drafter.drafting.compose import draft_files

from conftest import ROOT

pytestmark = pytest.mark.slow
SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
BODY_PT = 9


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("libreoffice is not installed (dev.sh installs libreoffice-writer-nogui)")
    out = tmp_path_factory.mktemp("pdf")
    draft_files(SPEC, out / "brief.docx", out / "nota.docx")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), str(out / "brief.docx"), str(out / "nota.docx")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    paths = {"brief": out / "brief.pdf", "nota": out / "nota.pdf"}
    assert all(p.exists() for p in paths.values()), result.stdout + result.stderr
    with zipfile.ZipFile(out / "brief.docx") as package:
        references = package.read("word/document.xml").decode().count("<w:footnoteReference ")
    return {**paths, "footnotes": references}


def _words(page) -> list[dict]:
    return page.extract_words(extra_attrs=["size"], keep_blank_chars=False)


def test_kenmerkenveld_is_on_the_right_of_page_one(pdfs) -> None:
    with pdfplumber.open(pdfs["brief"]) as pdf:
        page = pdf.pages[0]
        words = _words(page)
        ons = [w for w in words if w["text"] == "Ons" and any(v["text"] == "kenmerk" and abs(v["top"] - w["top"]) < 1
                                                          for v in words)]
        assert ons, "no 'Ons kenmerk' on page 1"
        assert ons[0]["x0"] > 0.6 * page.width
        assert ons[0]["size"] < BODY_PT
        # the addressee and Datum/Betreft are on the left, in that order from the top
        top = {w["text"]: w["top"] for w in words if w["x0"] < 0.3 * page.width}
        assert top["De"] < top["Datum"] < top["Betreft"] < top["Geachte"]
        assert round(page.width / 72 * 25.4) == 210 and round(page.height / 72 * 25.4) == 297
        # later pages repeat sender and Ons kenmerk in the same column, above the body
        later = pdf.pages[1]
        ons = [w for w in _words(later) if w["text"] == "Ons"]
        assert ons and ons[0]["x0"] > 0.6 * later.width and ons[0]["top"] < 48 / 297 * later.height


def test_footnotes_sit_at_the_foot_of_their_page_in_small_type(pdfs) -> None:
    with pdfplumber.open(pdfs["brief"]) as pdf:
        found = 0
        for page in pdf.pages:
            words = _words(page)
            notes = [w for w in words if w["text"] == "Kamerstuk" and w["size"] < 8.5]
            body = [w for w in words if abs(w["size"] - BODY_PT) < 0.3 and w["x0"] < 0.7 * page.width]
            for note in notes:
                found += 1
                assert note["top"] > max(b["bottom"] for b in body), "footnote above the body text"
                assert note["top"] > 0.75 * page.height
        assert found == pdfs["footnotes"] >= 1


def test_tables_with_caption_and_source(pdfs) -> None:
    with pdfplumber.open(pdfs["brief"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Tabel 1: ELIP minstens € 9.500 geleend" in text
    assert "Bron: DUO" in text
    assert "01-05-2022" in text and "2.396" in text and "n.v.t." in text
    assert text.index("Tabel 1:") < text.index("01-05-2022") < text.index("Bron: DUO")
    assert "Pagina 1 van" in text


def test_nota_has_its_own_layout_and_bijlagen_table(pdfs) -> None:
    with pdfplumber.open(pdfs["nota"]) as pdf:
        page = pdf.pages[0]
        words = _words(page)
        referentie = [w for w in words if w["text"] == "referentie"]
        assert referentie and referentie[0]["x0"] > 0.6 * page.width
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        tables = [t for p in pdf.pages for t in p.extract_tables()]
    for heading in ("nota", "Aanleiding", "Geadviseerd besluit", "Kernpunten", "Toelichting", "Bijlagen"):
        assert heading in text
    assert any(t and [c for c in t[0]] == ["Volgnummer", "Naam", "Actie", "Informatie"] for t in tables)
