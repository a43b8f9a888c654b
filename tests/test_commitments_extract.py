"""Extraction of toezeggingen and moties: the five seeds against the hand labels
(scored by the shared scorer, run as a program), and documents of our own with
the cases that must NOT count."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.commitments.extract import extract, extract_file
from ocr.model import Block, Document, Page

from conftest import SEEDS, SHARED

SCORER = SHARED / "tools" / "score_commitments.py"
GOLD = SHARED / "gold" / "commitments"


def score(seed: Path, tmp_path: Path) -> dict:
    out = tmp_path / f"{seed.stem}.json"
    out.write_text(json.dumps([c.to_dict() for c in extract_file(seed)], ensure_ascii=False), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SCORER), str(GOLD / f"{seed.stem}.gold.json"), str(out)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def test_seeds_reach_the_bar_together(tmp_path: Path) -> None:
    assert SEEDS, "no seeds found"
    totals = {"gold": 0, "predicted": 0, "matched": 0}
    members = fulfilled = 0.0
    for seed in SEEDS:
        s = score(seed, tmp_path)
        for k in totals:
            totals[k] += s[k]
        members += (s["members_acc"] or 0) * s["matched"]
        fulfilled += (s["fulfilled_acc"] or 0) * s["matched"]
    assert totals["matched"] / totals["predicted"] >= 0.9
    assert totals["matched"] / totals["gold"] >= 0.9
    assert members / totals["matched"] >= 0.9
    assert fulfilled / totals["matched"] >= 0.9


def gold_and_pred(stem: str):
    seed = next(s for s in SEEDS if s.stem.startswith(stem))
    return json.loads((GOLD / f"{seed.stem}.gold.json").read_text()), extract_file(seed)


def test_fields_of_a_footnoted_toezegging() -> None:
    _, pred = gold_and_pred("002")
    pip = next(c for c in pred if c.due == "na het zomerreces")
    assert pip.kamerstuk == "32 824, nr. 386"  # from footnote 2, glued to '2023'
    assert pip.made_on == "2023-04" and pip.made_in == "commissiedebat"
    assert pip.due_date == "2023-09-05"  # the day after the 2023 summer recess
    becker = [c for c in pred if c.members == ["Becker"] and c.kind == "motie"]
    assert becker and becker[0].kamerstuk == "35 925 XV, nr. 17"
    assert "Becker7" in becker[0].quote  # the quote keeps the footnote digit


def test_quotes_are_verbatim_sentences_of_the_source() -> None:
    import re
    for seed in SEEDS:
        raw = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
        for c in extract_file(seed):
            assert re.sub(r"\s+", " ", c.quote) in raw, (seed.name, c.quote[:80])


def test_relative_dates_resolve_against_the_document_date() -> None:
    _, pred = gold_and_pred("000")
    maatoug = next(c for c in pred if c.members == ["Maatoug"])
    assert maatoug.made_on == "2022-09-29"  # '29 september jl.' in a nota of 24 november 2022
    assert maatoug.due == "voor 1 januari 2023" and maatoug.due_date == "2022-12-31"
    becker = next(c for c in pred if c.members == ["Becker"])
    assert becker.made_on == "2021-11"  # month only stays a month


def doc_of(*paragraphs: str, footnotes: tuple[str, ...] = ()) -> Document:
    doc = Document(source="own-test", pages=[Page(1, 595, 842, "plain")],
                   metadata={"date": "2024-03-01"})
    for i, p in enumerate(paragraphs):
        doc.blocks.append(Block(id=f"b{i}", page=1, kind="paragraph", text=p))
    for j, f in enumerate(footnotes):
        doc.blocks.append(Block(id=f"f{j}", page=1, kind="footnote", text=f))
    return doc


NEGATIVES = [
    "Tijdens de NAVO-top in Vilnius heeft Nederland toegezegd de defensie-uitgaven te verhogen.",
    "Op de klimaattop COP28 hebben de lidstaten toegezegd 100 miljard euro bij te dragen.",
    "Het amendement van het lid Van Dijk (Kamerstuk 36 410 XV, nr. 12) is aangenomen.",
    "Op verzoek van de vaste commissie voor Sociale Zaken en Werkgelegenheid informeer ik uw Kamer "
    "voor 1 mei 2024 over de stand van zaken.",
    "Het lid Ceder vroeg of ik kan toezeggen dat de regeling wordt verlengd.",
    "Kan de minister toezeggen dat de Kamer voor de zomer wordt geïnformeerd?",
    "Halfjaarlijks informeer ik uw Kamer over de ontwikkelingen in de ELIP-groep.",
    "Met deze brief informeer ik uw Kamer over de uitkomsten van het onderzoek.",
    "In de uitvoeringsbrief van juli 2023 is uw Kamer daar al over geïnformeerd.",
    "Middels dit schrijven informeer ik tevens de Eerste Kamer voor de zomer over de toets.",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_does_not_fire_on(sentence: str) -> None:
    assert extract(doc_of(sentence)) == []


def test_a_letter_without_commitments_gives_an_empty_list() -> None:
    assert extract(doc_of("De cijfers van DUO laten een stijging zien.", "Bron: DUO")) == []


POSITIVES = [
    ("In het commissiedebat van 12 februari jl. heb ik het lid Bikker (CU) toegezegd voor de zomer "
     "een evaluatie te sturen.", "toezegging", ["Bikker"], "CU", False, False, "voor de zomer"),
    ("Met deze brief voldoe ik aan de toezegging aan het Kamerlid Van der Plas om de regeling te herzien.",
     "toezegging", ["Van der Plas"], None, True, False, None),
    ("De motie-Omtzigt c.s. verzoekt de regering de Kamer in het tweede kwartaal van 2024 te informeren.",
     "motie", ["Omtzigt"], None, False, False, "in het tweede kwartaal van 2024"),
    ("De gewijzigde motie van de leden Van Dijk en Becker (t.v.v. 33885, nr. 18) wordt hiermee afgedaan.",
     "motie", ["Van Dijk", "Becker"], None, True, False, None),
    ("Ik zal uw Kamer voor het zomerreces informeren over de uitkomsten van de pilot.",
     "toezegging", [], None, False, True, "voor het zomerreces"),
]


@pytest.mark.parametrize("sentence,kind,members,party,fulfilled,new,due", POSITIVES)
def test_general_rules_fire_on(sentence, kind, members, party, fulfilled, new, due) -> None:
    got = extract(doc_of(sentence))
    assert len(got) == 1, got
    c = got[0]
    assert (c.kind, c.members, c.party, c.fulfilled_here, c.new_here, c.due) == \
        (kind, members, party, fulfilled, new, due)


def test_anaphoric_fulfilment_attaches_to_the_previous_commitment() -> None:
    got = extract(doc_of("Tijdens het tweeminutendebat van 5 december 2023 heb ik aan het lid Dijk "
                         "toegezegd de cijfers te delen. Hierbij voldoe ik aan de toezegging."))
    assert len(got) == 1 and got[0].fulfilled_here and got[0].made_on == "2023-12-05"


def test_footnote_marked_up_as_superscript() -> None:
    got = extract(doc_of("De motie van het lid Becker<sup>3</sup> verzoekt de regering de termijn te verlengen.",
                         footnotes=("3 Kamerstuk 32 824, nr. 399.",)))
    assert got[0].members == ["Becker"] and got[0].kamerstuk == "32 824, nr. 399"


def test_kamerstuk_from_the_footnote_the_sentence_points_to() -> None:
    got = extract(doc_of("De motie Westerveld/Ellian3 verzoekt de regering de wachttijden te verkorten.",
                         footnotes=("3 Kamerstukken II 2022/23, 32 824, nr. 377.",)))
    assert got[0].members == ["Westerveld", "Ellian"] and got[0].kamerstuk == "32 824, nr. 377"


# -- wordings not in the seeds: the rules are general ---------------------------------
MORE_POSITIVES = [
    # (sentence, kind, members, party, made_on, made_in, kamerstuk, due, fulfilled, new)
    ("Tijdens het commissiedebat Integratie van 8 februari jl. zegde ik het lid Kathmann (GL-PvdA) toe uw "
     "Kamer voor de zomer te informeren over de wachtlijsten.",
     "toezegging", ["Kathmann"], "GL-PvdA", "2024-02-08", "commissiedebat Integratie", None, "voor de zomer",
     False, False),
    ("In antwoord op Kamervragen van het lid Van der Plas heb ik toegezegd de regeling te evalueren.",
     "toezegging", ["Van der Plas"], None, None, "Kamervragen", None, None, False, False),
    ("Met deze brief geef ik invulling aan de toezegging aan het lid Dijk om de cijfers per gemeente te delen.",
     "toezegging", ["Dijk"], None, None, None, None, None, True, False),
    ("De motie Becker (35925-XV-17) verzoekt de regering te monitoren hoe gemeenten de MAP invullen.",
     "motie", ["Becker"], None, None, None, "35 925 XV, nr. 17", None, False, False),
    ("Uw Kamer ontvangt voor het kerstreces een brief over de evaluatie van de Wi2021.",
     "toezegging", [], None, None, None, None, "voor het kerstreces", False, True),
    ("U wordt geadviseerd de motie van de leden Podt en Ceder als afgedaan te beschouwen.",
     "motie", ["Podt", "Ceder"], None, None, None, None, None, True, False),
    ("Ik kom hiermee de toezegging na die ik in het tweeminutendebat van 6 juli 2023 aan het lid Podt heb gedaan.",
     "toezegging", ["Podt"], None, "2023-07-06", "tweeminutendebat", None, None, True, False),
    ("In het Commissiedebat Integratie en Inburgering van 6 februari 2024 heeft de Minister toegezegd om de "
     "Kamer voor de zomer te informeren over de resultaten van de pilot.",
     "toezegging", [], None, "2024-02-06", "Commissiedebat Integratie en Inburgering", None, "voor de zomer",
     False, False),
    ("Het kabinet zal uw Kamer voor het einde van het jaar informeren over de evaluatie.",
     "toezegging", [], None, None, None, None, "voor het einde van het jaar", False, True),
    ("Uw Kamer wordt voor eind 2025 geïnformeerd over de uitkomsten van de evaluatie.",
     "toezegging", [], None, None, None, None, "voor eind 2025", False, True),
    ("Over de uitkomsten stuur ik uw Kamer na de zomer een brief.",
     "toezegging", [], None, None, None, None, "na de zomer", False, True),
]


@pytest.mark.parametrize("row", MORE_POSITIVES, ids=lambda r: r[0][:40])
def test_more_wordings(row) -> None:
    sentence, *expected = row
    got = extract(doc_of(sentence))
    assert len(got) == 1, got
    c = got[0]
    assert [c.kind, c.members, c.party, c.made_on, c.made_in, c.kamerstuk, c.due, c.fulfilled_here,
            c.new_here] == expected


@pytest.mark.parametrize("sentence", [
    "Tijdens het commissiedebat heeft de minister toegezcgd aan het lid Becker om te kijken naar de termijn.",
    "De rnotie Van Dijk c.s. verzoekt de regering om extra middelen.",
])
def test_ocr_damaged_cue_words_still_count(sentence: str) -> None:
    got = extract(doc_of(sentence))
    assert len(got) == 1 and got[0].members in (["Becker"], ["Van Dijk"])


@pytest.mark.parametrize("sentence", [
    "Het kabinet heeft op de EU-top toegezegd extra middelen beschikbaar te stellen.",
    "Het amendement-Omtzigt over de termijn is aangenomen en wordt uitgevoerd.",
    "Uw Kamer heeft in juli de brief ontvangen.",
    "Ik heb uw Kamer op 3 februari jl. geïnformeerd over de stand van zaken.",
    "Op 12 juni heeft het lid Becker schriftelijke vragen gesteld over de taalscholen.",
    "Ik informeer uw Kamer in januari 2024 over de cijfers.",  # a moment before this document: not a promise
    "De motie is op 4 april aangenomen.",  # which motie? a reference, not a commitment of its own
    "Uw Kamer wordt hierbij geïnformeerd over de stand van zaken.",
    "We sturen de brief voor het zomerreces naar de Kamer.",  # planning of this letter
    "Zoals gebruikelijk ontvangt uw Kamer in december de uitvoeringsbrief.",  # routine
])
def test_more_negatives(sentence: str) -> None:
    assert extract(doc_of(sentence)) == []


def test_two_commitments_in_one_sentence() -> None:
    got = extract(doc_of("Daarmee kom ik tegemoet aan de motie van het lid El Idrissi1 en doe ik de toezegging "
                         "af die ik in het commissiedebat van 8 oktober 2023 heb gedaan.2",
                         footnotes=("1 Kamerstuk 32 824, nr. 418.", "2 Kamerstuk 32 824, nr. 421.")))
    assert [(c.kind, c.members, c.kamerstuk, c.fulfilled_here) for c in got] == [
        ("motie", ["El Idrissi"], "32 824, nr. 418", True), ("toezegging", [], "32 824, nr. 421", True)]


def test_same_letter_as_word_and_as_ocr_json(tmp_path: Path) -> None:
    """Any input the document model reads: a .docx made with python-docx, and
    the OCR JSON of the same text."""
    from docx import Document as Word

    text = ["Geachte voorzitter,",
            "In het commissiedebat van 12 februari 2024 heb ik het lid Bikker (CU) toegezegd voor de zomer "
            "een evaluatie te sturen.",
            "Ik zal uw Kamer in de volgende uitvoeringsbrief informeren over de uitkomsten."]
    word = Word()
    for t in text:
        word.add_paragraph(t)
    path = tmp_path / "brief.docx"
    word.save(path)
    from_word = extract_file(path, dt.date(2024, 3, 1))
    assert [(c.kind, c.members, c.new_here) for c in from_word] == [
        ("toezegging", ["Bikker"], False), ("toezegging", [], True)]
    js = tmp_path / "brief.json"
    js.write_text(doc_of(*text).to_json(), encoding="utf-8")
    from_json = extract_file(js)
    assert [c.quote for c in from_json] == [c.quote for c in from_word]


def test_a_list_of_fulfilled_commitments_after_a_colon() -> None:
    doc = doc_of("Met deze brief doe ik de volgende toezeggingen en moties af:")
    items = ["de toezegging aan het lid Bikker over de wachttijden bij DUO;",
             "de motie van het lid Ceder (Kamerstuk 32 824, nr. 401) over vrijwilligerswerk;",
             "het overzicht van de examencapaciteit per regio."]
    for i, t in enumerate(items):
        doc.blocks.append(Block(id=f"l{i}", page=1, kind="list_item", text=t))
    doc.blocks.append(Block(id="p9", page=1, kind="paragraph", text="Ik zie uit naar het debat."))
    got = extract(doc)
    assert [(c.kind, c.members, c.kamerstuk, c.fulfilled_here) for c in got] == [
        ("toezegging", ["Bikker"], None, True), ("motie", ["Ceder"], "32 824, nr. 401", True),
        ("toezegging", [], None, True)]


def test_inline_list_after_a_colon_and_a_nota_bullet() -> None:
    got = extract(doc_of("Met deze brief worden de volgende toezeggingen afgedaan: de evaluatie van de taalmeter, "
                         "het onderzoek naar online lessen en de cijfers over ELIP.",
                         "• Toezegging aan het lid Mutluer (commissiedebat 5 februari 2024): de minister "
                         "informeert de Kamer voor de zomer over de wachttijden."))
    assert [(c.subject, c.fulfilled_here) for c in got[:3]] == [
        ("de evaluatie van de taalmeter", True), ("het onderzoek naar online lessen", True),
        ("de cijfers over ELIP", True)]
    mutluer = got[3]
    assert (mutluer.members, mutluer.made_on, mutluer.made_in, mutluer.due) == (
        ["Mutluer"], "2024-02-05", "commissiedebat", "voor de zomer")


def test_aggregate_topics_link_only_on_real_overlap() -> None:
    got = extract(doc_of(
        "Met het verzenden van deze brief wordt aan enkele moties en toezeggingen voldaan op het vlak van "
        "de huisvesting van statushouders en de wachttijden bij DUO.",
        "In het commissiedebat van 12 februari jl. heeft u het lid Bikker toegezegd de wachttijden bij DUO "
        "in beeld te brengen.",
        "Tijdens het tweeminutendebat van 1 februari jl. heeft u toegezegd het taalaanbod voor statushouders "
        "te onderzoeken."))
    by = {(tuple(c.members), c.made_on): c for c in got}
    assert by[(("Bikker",), "2024-02-12")].fulfilled_here  # 'wachttijden bij DUO'
    assert not by[((), "2024-02-01")].fulfilled_here  # shares only 'statushouders' with a topic
    assert any(c.subject == "de huisvesting van statushouders" and c.fulfilled_here for c in got)


def test_first_person_promise_in_a_letter() -> None:
    got = extract(doc_of("Ik heb eerder toegezegd de regeling voor de zomer van 2024 te evalueren.",
                         "Zoals toegezegd stuur ik u hierbij het onderzoeksrapport."))
    assert [(c.due, c.fulfilled_here) for c in got] == [("voor de zomer van 2024", False), (None, True)]


def test_as_promised_in_this_letter_is_a_fulfilment() -> None:
    got = extract(doc_of("Met deze brief informeer ik uw Kamer, zoals toegezegd in het commissiedebat van "
                         "15 februari jl., over de wachttijden."))
    assert len(got) == 1 and got[0].fulfilled_here and got[0].made_on == "2024-02-15"


def test_hierover_takes_its_subject_from_the_heading() -> None:
    doc = doc_of("DUO onderzoekt hoe de achterstand snel kan worden weggewerkt.",
                 "Ik zal uw Kamer hierover bij de volgende uitvoeringsbrief nader informeren.")
    doc.blocks.insert(0, Block(id="h1", page=1, kind="heading", text="3.5 Achterstanden bij de boeteoplegging"))
    got = extract(doc)
    assert [(c.subject, c.new_here) for c in got] == [("Achterstanden bij de boeteoplegging", True)]


@pytest.mark.parametrize("sentence, status", [
    ("De motie van het lid Bikker over de taaleis is verworpen.", "verworpen"),
    ("De motie-Jansen over taalscholen is in stemming aangehouden.", "aangehouden"),
    ("De motie van de leden Smit en Bos (Kamerstuk 36 100 XV, nr. 7) is ingetrokken.", "ingetrokken"),
])
def test_a_motie_that_was_not_adopted_is_kept_with_its_fate(sentence: str, status: str) -> None:
    """The register records what became of a motie instead of forgetting it; it asks nothing
    of the government, so it is never fulfilled."""
    [c] = extract(doc_of(sentence))
    assert (c.kind, c.motie_status, c.fulfilled_here) == ("motie", status, False)


def test_promises_to_the_eerste_kamer_are_in_scope_with_their_chamber() -> None:
    [c] = extract(doc_of("In de Eerste Kamer heb ik op 3 maart jl. toegezegd de senaat voor de zomer te informeren over de pilot."))
    assert (c.kind, c.chamber, c.made_on) == ("toezegging", "EK", "2023-03-03")


def test_many_documents_extracted_in_parallel_give_the_same_result(tmp_path: Path) -> None:
    """extract_files spreads a large batch over processes; the result is the sequential one."""
    import shutil

    from drafter.commitments.extract import PARALLEL_FROM, extract_files

    dev = sorted((Path(__file__).parent / "data" / "commitments_dev").glob("*.txt"))
    paths = []
    for i in range(PARALLEL_FROM + 2):
        target = tmp_path / f"{i:02d}_{dev[i % len(dev)].name}"
        shutil.copy(dev[i % len(dev)], target)
        paths.append(target)
    one = [[c.to_dict() for c in cs] for cs in extract_files(paths, jobs=1)]
    two = [[c.to_dict() for c in cs] for cs in extract_files(paths, jobs=2)]
    assert one == two and sum(map(len, one)) > 50
