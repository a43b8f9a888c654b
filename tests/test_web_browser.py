"""drafter serve end to end in a real browser: Debian's Chromium driven by Selenium (issue 13).

The server runs with uvicorn on a free loopback port over a temporary SQLite
register of the sample documents and the real OCR output of a devset scan (read
once per session).  The officer's path: open the nota, correct a remark and move
it to another paragraph, export the .docx and find the comment there; confirm a
commitment, merge two, set a status and find it in the downloaded xlsx; draft the
letter from the shipped spec and download it.  Every page is saved as a
screenshot in test-output/web/ (or $DRAFTER_TEST_OUTPUT).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
    if os.environ.get("DRAFTER_REQUIRE_ALL"):  # .ci/run: nothing may be skipped
        raise RuntimeError("DRAFTER_REQUIRE_ALL is set but /usr/bin/chromium or /usr/bin/chromedriver is missing")
    pytest.skip("needs Debian's chromium and chromium-driver (./dev.sh test installs them)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402
from wordfiles import comment_texts_by_paragraph  # noqa: E402

from drafter.commitments.tracker import Tracker  # noqa: E402

from conftest import SHARED  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "corpus" / "samples" / "brief_voorbeeld.txt", ROOT / "corpus" / "samples" / "nota_voorbeeld.txt"]
DEVSET_SCAN = SHARED / "devset" / "scans" / "nota_2025_dev.pdf"
SCAN = DEVSET_SCAN if DEVSET_SCAN.is_file() else ROOT / "corpus" / "samples" / "nota_voorbeeld_scan.pdf"
SHOTS = Path(os.environ.get("DRAFTER_TEST_OUTPUT", ROOT / "test-output")) / "web"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """The app on a free loopback port: the OCR output of a devset scan and a fresh register."""
    import uvicorn

    from drafter.web.app import create_app
    from ocr.batch import run_batch

    base = tmp_path_factory.mktemp("serve")
    out = base / "out"
    report = run_batch([SCAN], out, ("json", "md", "docx"), progress=False)
    assert report.ok, report.summary()
    db = base / "register.sqlite"
    Tracker(str(db)).import_documents(SAMPLES)
    app = create_app(str(db), out, appdir=base / "app", who="tester")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "out": out, "db": db, "stem": SCAN.stem}
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1100",
                "--disable-gpu", "--lang=nl"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:  # noqa: ANN001 - a WebDriver
    """Save the whole page (not only the window) as test-output/web/<name>.png."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1440, min(max(1100, height), 6000))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(1440, 1100)


def downloaded(folder: Path, suffix: str, timeout: float = 20) -> Path:
    """Wait for the browser to finish the download of one file ending in ``suffix``; move it aside."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not list(folder.glob("*.crdownload")):
            target = folder.parent / f"{folder.name}-{done[0].name}"
            shutil.move(done[0], target)
            return target
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}")


def says(driver, text: str, timeout: float = 15) -> None:  # noqa: ANN001 - a WebDriver
    """Wait until the page after a form's redirect shows ``text`` in its message line."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    def shown(d) -> bool:  # noqa: ANN001
        try:
            return text in d.find_element(By.CLASS_NAME, "melding").text
        except (NoSuchElementException, StaleElementReferenceException):
            return False

    WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(shown)


def test_correct_a_remark_and_export_it_in_word(served: dict, browser, downloads: Path) -> None:  # noqa: ANN001
    from ocr.model import Document

    stem = served["stem"]
    doc = Document.from_json((served["out"] / f"{stem}.json").read_text(encoding="utf-8"))
    note = next(a for a in doc.annotations if a.kind == "note" and a.page == 1)
    target = next(b for b in doc.body() if b.kind == "paragraph" and b.page == 1 and b.id != note.anchor)
    browser.get(served["url"] + "/notas")
    shot(browser, "01-notas")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/notas/{stem}"]').click()
    assert browser.find_element(By.ID, "pagina").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "rect.box.remark")) >= 1
    shot(browser, "02-nota-pagina")

    remark = browser.find_element(By.ID, note.id)
    field = remark.find_element(By.CSS_SELECTOR, "input.tekst")
    field.clear()
    field.send_keys("Wat kost dit precies, per jaar?")
    Select(remark.find_element(By.CSS_SELECTOR, "select.anker")).select_by_value(target.id)
    remark.find_element(By.CSS_SELECTOR, "form.correctie button").click()
    says(browser, "transcriptie en anker opgeslagen")
    moved = browser.find_element(By.ID, target.id).find_element(By.ID, note.id)  # now under its new paragraph
    assert moved.find_element(By.CSS_SELECTOR, "input.tekst").get_attribute("value") == "Wat kost dit precies, per jaar?"
    shot(browser, "03-nota-gecorrigeerd")

    browser.find_element(By.ID, "export-docx").click()
    word = downloaded(downloads, ".docx")
    comments = comment_texts_by_paragraph(word)
    assert any("Wat kost dit precies, per jaar?" in c for c in comments[" ".join(target.text.split())])
    assert not any("Wat kost dit precies" in c for p, cs in comments.items() if p != " ".join(target.text.split())
                   for c in cs)


def test_confirm_merge_and_set_status_then_find_it_in_the_xlsx(served: dict, browser, downloads: Path) -> None:  # noqa: ANN001
    import openpyxl

    tracker = Tracker(str(served["db"]))
    keep, other = [c.id for c in tracker.records() if c.kind == "toezegging"][:2]
    browser.get(served["url"] + "/toezeggingen")
    shot(browser, "04-register")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/toezeggingen/{keep}"]').click()
    browser.find_element(By.ID, "bevestig").click()
    says(browser, "bevestigd")
    browser.find_element(By.ID, "ander").send_keys(str(other))
    browser.find_element(By.ID, "samen-waarom").send_keys("zelfde toezegging")
    browser.find_element(By.ID, "samenvoegen").click()
    says(browser, "samengevoegd")
    Select(browser.find_element(By.ID, "status-keuze")).select_by_value("lapsed")
    browser.find_element(By.ID, "status-waarom").send_keys("Kamer akkoord met vervallen")
    browser.find_element(By.ID, "status-opslaan").click()
    says(browser, "Status gewijzigd")
    shot(browser, "05-record")
    assert other not in {c.id for c in tracker.records()}
    assert len(tracker.get(keep)["mentions"]) >= 2

    browser.get(served["url"] + "/toezeggingen")
    browser.find_element(By.ID, "rapport-xlsx").click()
    rows = list(openpyxl.load_workbook(downloaded(downloads, ".xlsx"))["Register"].iter_rows(values_only=True))
    mine = [r for r in rows if r[0] == keep]
    assert mine and "vervallen" in mine[0]
    assert not [r for r in rows if r[0] == other]


def test_draft_the_letter_from_the_shipped_spec(served: dict, browser, downloads: Path) -> None:  # noqa: ANN001
    import docx

    browser.get(served["url"] + "/brief")
    shot(browser, "06-specs")
    browser.find_element(By.CSS_SELECTOR, 'a[href="/brief/uitvoeringsbrief-2023-12"]').click()
    assert browser.find_element(By.ID, "brief").is_displayed() and browser.find_element(By.ID, "nota").is_displayed()
    shot(browser, "07-brief")
    browser.find_element(By.ID, "download-brief").click()
    letter = docx.Document(str(downloaded(downloads, ".docx")))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Stand van zaken uitvoering inburgering december 2023" in text and "Geachte voorzitter," in text
    # the next letter from this one: a new date, its own spec, what is missing, the preview
    browser.get(served["url"] + "/brief")
    browser.find_element(By.ID, "nieuwe-datum").send_keys("20 juni 2024")
    browser.find_element(By.ID, "nieuwe-brief").click()
    assert "kenmerk: nog in te vullen" in browser.find_element(By.CLASS_NAME, "ontbreekt").text
    assert "nieuw-2024-06-20-" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.ID, "brief").is_displayed() and browser.find_element(By.ID, "nota").is_displayed()
    shot(browser, "07b-nieuwe-brief")


def test_figures_page(served: dict, browser) -> None:  # noqa: ANN001
    browser.get(served["url"] + "/cijfers")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 2
    shot(browser, "08-cijfers")
    browser.get(served["url"] + "/")
    shot(browser, "00-overzicht")
