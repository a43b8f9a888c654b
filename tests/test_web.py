"""drafter serve (issue 13): security and the review operations, through Starlette's test client.

Real inputs throughout: the OCR output of the sample scan (read once per session
with Tesseract), a SQLite register of the sample documents, the shipped spec and
figures.  The browser end-to-end run is in test_web_browser.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's test client announces a move to httpx2
    from starlette.testclient import TestClient

from wordfiles import comment_texts_by_paragraph

from drafter.commitments.model import Commitment
from drafter.commitments.tracker import Tracker
from drafter.errors import DrafterError
from drafter.web.app import create_app
from drafter.web.security import CSRF_COOKIE

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "corpus" / "samples" / "nota_voorbeeld_scan.pdf"
SAMPLES = [ROOT / "corpus" / "samples" / "brief_voorbeeld.txt", ROOT / "corpus" / "samples" / "nota_voorbeeld.txt"]
BASE = "http://127.0.0.1:8000"
TOKEN = "a-token-of-some-length-0123456789"
STEM = "nota_voorbeeld_scan"


@pytest.fixture(scope="session")
def ocr_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample scan read by the real pipeline (json, md, docx and crops)."""
    from ocr.batch import run_batch

    out = tmp_path_factory.mktemp("ocr-out")
    report = run_batch([SCAN], out, ("json", "md", "docx"), jobs=1, progress=False)
    assert report.ok, report.summary()
    return out


@pytest.fixture(scope="session")
def sample_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("register") / "register.sqlite"
    Tracker(str(path)).import_documents(SAMPLES)
    return path


@pytest.fixture
def setup(tmp_path: Path, ocr_output: Path, sample_register: Path) -> dict:
    """A fresh copy of the register and of the OCR folder for each test."""
    out = tmp_path / "out"
    shutil.copytree(ocr_output, out)
    db = tmp_path / "register.sqlite"
    shutil.copyfile(sample_register, db)
    return {"out": out, "db": db, "appdir": tmp_path / "app"}


def client_for(setup: dict, **kwargs) -> TestClient:
    app = create_app(str(setup["db"]), setup["out"], appdir=setup["appdir"], who="tester", **kwargs)
    return TestClient(app, base_url=BASE)


@pytest.fixture
def client(setup: dict) -> TestClient:
    return client_for(setup)


def csrf(client: TestClient, url: str = "/") -> str:
    """Visit a page (which hands out the CSRF cookie) and return the value its forms carry."""
    page = client.get(url)
    assert page.status_code == 200
    value = re.search(r'name="csrf" value="([^"]+)"', page.text)
    return value.group(1) if value else client.cookies[CSRF_COOKIE]


# -- safe by default (issue 13 item 5) -------------------------------------------------------------


def test_another_host_than_loopback_needs_a_token(setup: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRAFTER_TOKEN", raising=False)
    with pytest.raises(DrafterError, match="--token"):
        create_app(str(setup["db"]), setup["out"], host="0.0.0.0", appdir=setup["appdir"])
    with pytest.raises(DrafterError, match="16 characters"):
        create_app(str(setup["db"]), setup["out"], host="0.0.0.0", token="short", appdir=setup["appdir"])


def test_without_the_token_every_request_is_refused(setup: dict) -> None:
    client = client_for(setup, host="0.0.0.0", token=TOKEN)
    for url in ("/", "/notas", f"/notas/{STEM}/pagina/1.png", "/toezeggingen/rapport.xlsx", "/static/style.css"):
        assert client.get(url).status_code == 403, url
    assert client.post("/toezeggingen/1/status", data={"status": "lapsed"}).status_code == 403
    assert client.get("/", headers={"x-drafter-token": "wrong-" + TOKEN}).status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    # the link 'drafter serve' prints: the token goes into a cookie and out of the address bar
    first = client.get("/toezeggingen?status=due&token=" + TOKEN, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/toezeggingen?status=due"
    assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
    assert client.get("/notas").status_code == 200
    fresh = client_for(setup, host="0.0.0.0", token=TOKEN)
    assert fresh.get("/notas", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_a_loopback_server_refuses_foreign_host_names(client: TestClient) -> None:
    """DNS rebinding: a page of evil.example that resolves to 127.0.0.1 gets nothing."""
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_every_post_without_the_csrf_field_is_refused_and_changes_nothing(setup: dict, client: TestClient) -> None:
    posts = [r.path for r in client.app.routes if "POST" in (getattr(r, "methods", None) or ())]
    assert len(posts) >= 8
    before = Tracker(str(setup["db"])).get(1)
    csrf(client)  # the cookie is there, the field is not: a cross-site form cannot read the value
    for path in posts:
        url = path.replace("{cid:int}", "1").replace("{stem}", STEM).replace("{note}", "a2")
        data = {"status": "lapsed", "waarom": "x", "ander": "2", "besluit": "bevestigd", "tekst": "x", "anker": "b3",
                "waarde": "ja", "pagina": "1", "x0": "1", "top": "1", "x1": "9", "bottom": "9", "soort": "note"}
        assert client.post(url, data=data).status_code == 403, url
        assert client.post(url, data={**data, "csrf": "forged-value-forged-value-forged-value"}).status_code == 403, url
    after = Tracker(str(setup["db"])).get(1)
    assert after == before
    assert client.get(f"/notas/{STEM}/correcties.json").json() == []


def test_an_upload_named_with_a_path_lands_in_the_app_folder_under_a_generated_name(setup: dict,
                                                                                  client: TestClient) -> None:
    token = csrf(client, "/notas")
    data = SCAN.read_bytes()
    reply = client.post("/notas/upload", data={"csrf": token}, files={"bestand": ("../../x.pdf", data, "application/pdf")},
                        follow_redirects=False)
    assert reply.status_code == 303
    stored = list((setup["appdir"] / "uploads").iterdir())
    assert len(stored) == 1 and re.fullmatch(r"upload-[0-9a-f]{16}\.pdf", stored[0].name)
    assert stored[0].read_bytes() == data
    tmp = setup["out"].parent
    assert not list(tmp.rglob("x.pdf")) and not (tmp.parent / "x.pdf").exists()
    job = client.get(reply.headers["location"])
    assert "../../x.pdf" in job.text  # the officer's name is shown (escaped), never used as a path


def test_the_upload_status_counts_the_pages_read(setup: dict, client: TestClient, tmp_path: Path) -> None:
    """A two-page scan (the sample page twice, not in the OCR cache): the status page says how many
    pages are read, rising one page at a time to all of them, then links the nota."""
    import subprocess
    import time

    two = tmp_path / "twee.pdf"
    subprocess.run(["pdfunite", str(SCAN), str(SCAN), str(two)], check=True)
    token = csrf(client, "/notas")
    reply = client.post("/notas/upload", data={"csrf": token}, files={"bestand": ("twee.pdf", two.read_bytes(),
                                                                                 "application/pdf")},
                        follow_redirects=False)
    assert reply.status_code == 303
    seen = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = client.get(reply.headers["location"]).text
        counted = re.search(r'id="voortgang-tekst">(\d) van (\d) pagina', status)
        if counted:
            seen.append((int(counted.group(1)), int(counted.group(2))))
            assert f'value="{counted.group(1)}" max="2"' in status or "Klaar" in status
        if "Klaar" in status or "Niet gelukt" in status:
            break
        time.sleep(0.05)
    assert "Klaar: " in status and seen[-1] == (2, 2), status
    assert all(total == 2 for _, total in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert (1, 2) in seen  # told after each page (a page takes ~0.7 s here), not only at the end
    stem = re.search(r'href="/notas/([^"]+)" class="knop-link"', status).group(1)
    assert client.get(f"/notas/{stem}?pagina=2").status_code == 200


def test_an_upload_that_is_no_scan_is_refused_by_its_content(setup: dict, client: TestClient) -> None:
    token = csrf(client, "/notas")
    reply = client.post("/notas/upload", data={"csrf": token},
                        files={"bestand": ("nota.pdf", b"<html><script>alert(1)</script>", "application/pdf")})
    assert reply.status_code == 200 and "geen PDF" in reply.text
    assert not (setup["appdir"] / "uploads").exists() or not list((setup["appdir"] / "uploads").iterdir())


def test_a_body_above_the_limit_is_not_read(setup: dict) -> None:
    client = client_for(setup, max_body=64 * 1024)
    token = csrf(client, "/notas")
    reply = client.post("/notas/upload", data={"csrf": token},
                        files={"bestand": ("big.pdf", b"%PDF-" + b"0" * 100_000, "application/pdf")})
    assert reply.status_code == 413
    assert not (setup["appdir"] / "uploads").exists()


def test_a_subject_with_a_script_is_shown_as_text(setup: dict, client: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    tracker = Tracker(str(setup["db"]))
    tracker.store([(Path("evil.txt"), hashlib.sha256(b"evil").hexdigest(),
                    [Commitment(kind="toezegging", subject=evil, quote=f"Ik zeg toe: {evil}", members=[evil])],
                    None)])
    cid = max(c.id for c in tracker.records())
    for url in ("/toezeggingen", f"/toezeggingen/{cid}", "/toezeggingen?q=script"):
        page = client.get(url)
        assert evil not in page.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, url
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]


def test_a_name_that_is_no_document_is_not_found(client: TestClient) -> None:
    for url in ("/notas/..%2F..%2Fetc%2Fpasswd", f"/notas/{STEM}/uitsnede/..%2F..%2Fx.png", "/brief/..%2Fspec",
                "/notas/nope/export/docx", f"/notas/{STEM}/export/exe"):
        assert client.get(url).status_code == 404, url


# -- the review operations -------------------------------------------------------------------------------


def test_corrections_are_logged_and_exported(setup: dict, client: TestClient, tmp_path: Path) -> None:
    from ocr.model import Document

    doc = Document.from_json((setup["out"] / f"{STEM}.json").read_text(encoding="utf-8"))
    note = next(a for a in doc.annotations if a.kind == "note")
    target = next(b for b in doc.body() if b.kind == "paragraph" and b.id != note.anchor)
    drop = next(a for a in doc.annotations if a.id != note.id)
    token = csrf(client, f"/notas/{STEM}")
    assert client.post(f"/notas/{STEM}/opmerking/{note.id}",
                       data={"csrf": token, "tekst": "Graag voor 1 mei", "anker": target.id}).status_code == 200
    assert client.post(f"/notas/{STEM}/opmerking/{drop.id}/geen", data={"csrf": token, "waarde": "ja"}).status_code == 200
    assert client.post(f"/notas/{STEM}/nieuw", data={"csrf": token, "pagina": "1", "x0": "480", "top": "600",
                                                     "x1": "560", "bottom": "630", "soort": "note",
                                                     "tekst": "Gemist", "anker": target.id}).status_code == 200
    log = client.get(f"/notas/{STEM}/correcties.json").json()
    assert [(c["annotation"], c["field"], c["before"], c["after"], c["who"]) for c in log[:3]] == [
        (note.id, "text", note.text, "Graag voor 1 mei", "tester"), (note.id, "anchor", note.anchor, target.id, "tester"),
        (drop.id, "removed", "nee", "ja", "tester")]
    assert log[3]["field"] == "new" and log[3]["annotation"] == "w1"
    # the OCR output itself is untouched; the export carries the corrections
    assert Document.from_json((setup["out"] / f"{STEM}.json").read_text(encoding="utf-8")).to_dict() == doc.to_dict()
    word = client.get(f"/notas/{STEM}/export/docx")
    assert word.status_code == 200 and "gecorrigeerd.docx" in word.headers["content-disposition"]
    saved = tmp_path / "export.docx"
    saved.write_bytes(word.content)
    comments = comment_texts_by_paragraph(saved)
    on_target = comments[" ".join(target.text.split())]
    assert any("Graag voor 1 mei" in c for c in on_target) and any("Gemist" in c for c in on_target)
    assert sum(len(v) for v in comments.values()) == len(doc.annotations)  # one dropped, one added
    exported = Document.from_json(client.get(f"/notas/{STEM}/export/json").text)
    assert drop.id not in {a.id for a in exported.annotations}
    assert (setup["appdir"] / "exports" / STEM / f"{STEM}_crops" / "w1.png").is_file()
    md = client.get(f"/notas/{STEM}/export/md").text
    assert "Graag voor 1 mei" in md and note.text not in md.replace("Graag voor 1 mei", "")


def test_register_operations_go_through_the_tracker(setup: dict, client: TestClient, tmp_path: Path) -> None:
    import openpyxl

    tracker = Tracker(str(setup["db"]))
    kinds = {c.id: c.kind for c in tracker.records()}
    keep, other = [cid for cid, kind in kinds.items() if kind == "toezegging"][:2]
    token = csrf(client, f"/toezeggingen/{keep}")
    client.post(f"/toezeggingen/{keep}/beoordelen", data={"csrf": token, "besluit": "bevestigd", "waarom": "klopt"})
    merged = client.post(f"/toezeggingen/{keep}/samenvoegen", data={"csrf": token, "ander": str(other), "waarom": "dubbel"})
    assert "samengevoegd" in merged.text
    assert other not in {c.id for c in tracker.records()}
    refused = client.post(f"/toezeggingen/{keep}/status", data={"csrf": token, "status": "due", "waarom": "x"})
    assert "Niet gelukt" in refused.text  # the tracker's own rule, its own words
    client.post(f"/toezeggingen/{keep}/status", data={"csrf": token, "status": "lapsed", "waarom": "Kamer akkoord"})
    assert tracker.get(keep)["record"]["status"] == "lapsed"
    assert tracker.history(keep)[1][-1].why == "Kamer akkoord"
    page = client.get("/toezeggingen?beoordeling=bevestigd")
    assert f'href="/toezeggingen/{keep}"' in page.text and page.text.count('class="st-') == 1
    report = client.get("/toezeggingen/rapport.xlsx")
    path = tmp_path / "r.xlsx"
    path.write_bytes(report.content)
    rows = list(openpyxl.load_workbook(path)["Register"].iter_rows(values_only=True))
    assert any(r[0] == keep and "vervallen" in r for r in rows)
    assert not list((setup["appdir"] / "rapporten").iterdir())  # the temporary report file is gone


def test_figures_and_draft_pages_use_the_shipped_data(client: TestClient, tmp_path: Path) -> None:
    figures = client.get("/cijfers")
    assert figures.status_code == 200 and figures.text.count("<svg") >= 2 and "2.157" in figures.text
    draft = client.get("/brief/uitvoeringsbrief-2023-12")
    assert draft.status_code == 200 and 'id="brief"' in draft.text and 'id="nota"' in draft.text
    letter = client.get("/brief/uitvoeringsbrief-2023-12/brief.docx")
    assert letter.status_code == 200
    import docx

    path = tmp_path / "brief.docx"
    path.write_bytes(letter.content)
    assert "Stand van zaken uitvoering inburgering december 2023" in "\n".join(
        p.text for p in docx.Document(str(path)).paragraphs)


def test_a_new_draft_starts_from_the_last_spec(setup: dict, client: TestClient, tmp_path: Path) -> None:
    """'Nieuwe brief op basis van de vorige': same sections and figures, the date given, no kenmerk yet,
    written into the app's folder under a generated name; its page lists what is missing and previews it."""
    import docx
    import yaml

    shipped = yaml.safe_load((ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml").read_text(encoding="utf-8"))
    token = csrf(client, "/brief")
    assert "Nieuwe brief op basis van de vorige" in client.get("/brief").text
    bad = client.post("/brief/nieuw", data={"csrf": token, "datum": "31 juni 2024"})
    assert bad.status_code == 400 and "geen datum" in bad.text
    made = client.post("/brief/nieuw", data={"csrf": token, "datum": "20 juni 2024"}, follow_redirects=False)
    assert made.status_code == 303
    name = made.headers["location"].removeprefix("/brief/")
    written = list((setup["appdir"] / "specs").iterdir())
    assert [p.stem for p in written] == [name] and re.fullmatch(r"nieuw-2024-06-20-[0-9a-f]{6}", name)
    spec = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    assert spec["date"].isoformat() == "2024-06-20" and spec["kenmerk"] == "[[invullen: kenmerk]]"
    assert spec["sections"] == shipped["sections"] and spec["figures"] == shipped["figures"]
    assert spec["onderwerp"] == "Stand van zaken uitvoering inburgering juni 2024"
    view = client.get(f"/brief/{name}")
    assert view.status_code == 200 and 'id="brief"' in view.text and 'id="nota"' in view.text
    assert "kenmerk: nog in te vullen" in view.text and "20 juni 2024" in view.text
    letter = client.get(f"/brief/{name}/brief.docx")
    assert letter.status_code == 200
    path = tmp_path / "nieuw.docx"
    path.write_bytes(letter.content)
    assert "Stand van zaken uitvoering inburgering juni 2024" in "\n".join(
        p.text for p in docx.Document(str(path)).paragraphs)
    # the next one builds on the newest: this new letter, not the shipped one
    assert f"Op basis van <strong>{name}</strong>" in client.get("/brief").text
    today = client.post("/brief/nieuw", data={"csrf": token}, follow_redirects=False)
    assert dt.date.today().isoformat() in today.headers["location"]


def test_figures_check_of_an_uploaded_letter_points_at_the_cell(client: TestClient, shared: Path) -> None:
    """A seed letter whose table the check faults: the same findings as 'figures check', the cell marked."""
    from drafter.figures.check import check_letter

    seeds = [p for p in sorted((shared / "seeds").glob("*.txt")) if "Tabel" in p.read_text(encoding="utf-8")]
    seed, expected = next(((p, f) for p in seeds if (f := check_letter(p))), (None, []))
    if seed is None:
        pytest.skip("no seed letter with a finding")
    token = csrf(client, "/cijfers")
    found = client.post("/cijfers/controle", data={"csrf": token},
                        files={"brief": ("../brief.txt", seed.read_bytes(), "text/plain")})
    assert found.status_code == 200
    rows = re.findall(r"<tr><td>(Tabel \d+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", found.text)
    assert rows == [(f.table, f.row, f.column, f.stated) for f in expected]
    assert "fout-cel" in found.text
    assert [p.name for p in (Path(client.app.state.settings.appdir) / "brieven").iterdir()][0].startswith("brief-")


def test_the_list_shows_a_change_made_outside_the_app(setup: dict, client: TestClient) -> None:
    """The list keeps the register it read until the register changes, e.g. by 'drafter commitments set-status'."""
    first = client.get("/toezeggingen?status=lapsed")
    assert "Geen records bij deze filters" in first.text
    tracker = Tracker(str(setup["db"]))
    cid = tracker.records()[0].id
    tracker.set_status(cid, "lapsed", "iemand anders", "via de opdrachtregel")
    again = client.get("/toezeggingen?status=lapsed")
    assert f'href="/toezeggingen/{cid}"' in again.text
