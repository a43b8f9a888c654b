"""The phrasings of other ministries, both chambers and the Kamer's own documents.

Every text here is written by us in the forms the real documents use (Handelingen, a motie
document, an annex listing moties, letters of several ministries); each rule is shown on at
least two differently shaped texts.  Which real documents of ``../shared/realcorpus`` exercise
each rule is listed in ``RULE_SOURCES`` and checked in the last test.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drafter.commitments.extract import extract_file

SHARED = Path(os.environ.get("DRAFTER_SHARED", Path(__file__).resolve().parents[2] / "shared"))

HANDELINGEN = """12 Arbeidsmarktbeleid

Aan de orde is het tweeminutendebat Arbeidsmarktbeleid (CD d.d. 02/03).

De voorzitter:

Het woord is aan mevrouw De Boer namens GroenLinks-PvdA.

Mevrouw De Boer (GL-PvdA):

Dank u wel, voorzitter. Werkgevers willen statushouders aannemen, maar weten hen niet te vinden, en de statushouders weten de werkgevers niet te vinden. In het debat hebben we daar lang over gesproken. Daarom heb ik één motie, die ik indien samen met de heer Van Veen.

Motie

De Kamer,

gehoord de beraadslaging,

constaterende dat veel werkgevers statushouders niet weten te vinden;

verzoekt de regering samen met de werkgevers een loket in te richten en de Kamer daarover voor de zomer van 2024 te berichten,

en gaat over tot de orde van de dag.

De voorzitter:

Deze motie is voorgesteld door de leden De Boer en Van Veen. Naar mij blijkt, wordt de indiening ervan voldoende ondersteund.

Zij krijgt nr. 88 (29544).
"""

MOTIE_DOCUMENT = """29 544 Arbeidsmarktbeleid

Nr. 89 MOTIE VAN HET LID VAN DER LAAN

Voorgesteld 5 maart 2024

De Kamer,

gehoord de beraadslaging,

overwegende dat taalles op de werkvloer werkt;

roept de regering op taalles op de werkvloer te stimuleren,

en gaat over tot de orde van de dag.

Van der Laan
"""

ANNEX = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 14 mei 2024

Hierbij stuur ik u het overzicht van de stand van zaken van de openstaande moties en toezeggingen, zoals uw commissie voor Sociale Zaken en Werkgelegenheid vroeg in haar brief van 2 april jl. Het overzicht omvat alle moties die sinds het begin van deze kabinetsperiode zijn aangenomen.

BIJLAGE 1

CDA

Motie van het lid Jansen c.s. (Kamerstuk 31 322, nr. 400)

Verzoekt de regering de regels voor kinderopvang te vereenvoudigen,

Deze motie is ingediend bij het tweeminutendebat Kinderopvang.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_motie_in_the_handelingen_is_quoted_by_its_dictum(tmp_path: Path) -> None:
    [c] = extract_file(write(tmp_path, "hand.txt", HANDELINGEN))
    assert c.kind == "motie"
    assert c.quote.startswith("verzoekt de regering samen met de werkgevers") and c.quote.endswith("te berichten,")
    assert c.members == ["De Boer", "Van Veen"]
    assert (c.party, c.kamerstuk, c.due) == ("GL-PvdA", "29 544, nr. 88", "voor de zomer van 2024")
    assert c.made_in == "tweeminutendebat Arbeidsmarktbeleid"


def test_a_motie_document_gives_its_signatories_and_date(tmp_path: Path) -> None:
    [c] = extract_file(write(tmp_path, "motie.txt", MOTIE_DOCUMENT))
    assert (c.kind, c.members, c.made_on) == ("motie", ["Van der Laan"], "2024-03-05")
    assert c.quote == "roept de regering op taalles op de werkvloer te stimuleren,"


def test_an_annex_entry_is_one_motie_and_an_overview_sentence_is_none(tmp_path: Path) -> None:
    [c] = extract_file(write(tmp_path, "annex.txt", ANNEX))
    assert (c.kind, c.members, c.kamerstuk, c.party) == ("motie", ["Jansen"], "31 322, nr. 400", "CDA")
    assert c.quote.startswith("Verzoekt de regering de regels")
    assert c.made_in == "tweeminutendebat Kinderopvang"


LETTER = "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDatum 1 maart 2024\n\n{}\n"


@pytest.mark.parametrize("sentence, due, recurrence", [
    ("Ik ben voornemens uw Kamer voortaan twee keer per jaar te informeren over de voortgang.", "twee keer per jaar", "twee keer per jaar"),
    ("Wij zullen de Kamer jaarlijks een overzicht sturen van de wachttijden.", "jaarlijks", "jaarlijks"),
    ("Ik streef ernaar u in de tweede helft van oktober 2024 te informeren over de pilot.", "in de tweede helft van oktober 2024", None),
    ("Ik verwacht u voor de kerst te kunnen berichten over de uitkomst.", "voor de kerst", None),
    ("Ik zal uw Kamer zo spoedig mogelijk na ontvangst van het advies informeren.", "zo spoedig mogelijk na ontvangst van het advies", None),
    ("Ik zal uw Kamer binnen drie weken een reactie sturen op het rapport.", "binnen drie weken", None),
    ("Uw Kamer wordt uiterlijk september 2024 geïnformeerd over de uitkomsten.", "uiterlijk september 2024", None),
])
def test_new_promises_with_their_moment_or_recurrence(tmp_path: Path, sentence: str, due: str, recurrence: str | None) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.new_here, c.due, c.recurrence) == ("toezegging", True, due, recurrence)
    assert c.due_date or recurrence  # a recurring promise has no single date


@pytest.mark.parametrize("sentence", [
    "Halfjaarlijks informeer ik uw Kamer over de voortgang van de inburgering.",
    "Zoals gebruikelijk informeer ik u jaarlijks over de cijfers.",
    "In deze brief ga ik in op de voortgang van de openstaande toezeggingen en aangenomen moties.",
])
def test_routine_and_overviews_are_no_items(tmp_path: Path, sentence: str) -> None:
    assert extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence))) == []


def test_u_is_the_minister_in_a_nota(tmp_path: Path) -> None:
    nota = "Nota\n\nAan: Minister van SZW\n\nDatum 1 maart 2024\n\nIk verwacht u voor de zomer te kunnen informeren over de pilot.\n"
    assert extract_file(write(tmp_path, "nota.txt", nota)) == []


@pytest.mark.parametrize("sentence", [
    "De minister heeft toegezegd, de Kamer voor 1 juni 2024 te informeren over de resultaten.",
    "De staatssecretaris zegt toe de regeling in het najaar te evalueren en de Kamer daarover te berichten.",
])
def test_a_promise_reported_in_the_third_person(tmp_path: Path, sentence: str) -> None:
    [c] = extract_file(write(tmp_path, "verslag.txt", "Verslag van een commissiedebat\n\nDatum 1 maart 2024\n\n" + sentence + "\n"))
    assert c.kind == "toezegging" and c.due


def test_a_letter_to_the_eerste_kamer_gives_its_chamber(tmp_path: Path) -> None:
    text = ("Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDatum 1 maart 2024\n\n"
            "Zoals toegezegd tijdens de plenaire behandeling op 6 februari jl. stuur ik uw Kamer hierbij het rapport.\n")
    [c] = extract_file(write(tmp_path, "ek.txt", text))
    assert (c.kind, c.chamber, c.fulfilled_here) == ("toezegging", "EK", True)


#: Which documents of the development part of ../shared/realcorpus exercise each rule (besides
#: our own texts above); the held-back part is never listed here.
RULE_SOURCES = {
    "motie dictum": ["jv_hand_vao_tolken_2020", "szw_hand_vao_inburgering_2019", "szw_motie_32824-214_2018",
                     "eli_33000-XIII-168_2012"],
    "chamber EK": ["ek_cxxiv-G_2017"],
    "u is the Kamer": ["ienm_33400-A-105_2013", "szw_24515-455_2018"],
}


@pytest.mark.parametrize("rule", sorted(RULE_SOURCES))
def test_each_rule_fires_on_the_real_documents_it_is_for(rule: str) -> None:
    corpus = SHARED / "realcorpus"
    if not corpus.is_dir():
        pytest.skip(f"no realcorpus at {corpus} (../shared is absent)")
    for stem in RULE_SOURCES[rule]:
        gold = json.loads((corpus / f"{stem}.gold.json").read_text(encoding="utf-8"))
        got = extract_file(corpus / f"{stem}.txt")
        quotes = {" ".join(c.quote.split()) for c in got}
        if rule == "motie dictum":
            wanted = [g for g in gold if g["kind"] == "motie"]
            assert all(" ".join(g["quote"].split()) in quotes for g in wanted), stem
        elif rule == "chamber EK":
            assert got and all(c.chamber == "EK" for c in got), stem
        else:
            assert any(" ".join(g["quote"].split()) in quotes for g in gold if g["kind"] == "toezegging"), stem


@pytest.mark.parametrize("text, members, party", [
    ("Stemmingen moties Vreemdelingen- en asielbeleid", [], None),
    ("De heer Dassen (Volt) vroeg de minister een reactie toe te zeggen.", ["Dassen"], "Volt"),
    ("Mevrouw Van der Plas (BBB) heeft een motie ingediend.", ["Van der Plas"], "BBB"),
    ("de motie Van Meenen/Paternotte", ["Van Meenen", "Paternotte"], None),
])
def test_members_are_persons_never_words_of_a_title(text: str, members: list[str], party: str | None) -> None:
    from drafter.commitments.fields import find_members

    assert find_members(text) == (members, party)


REGISTER_PAGE = """Toezeggingen Eerste Kamer

Evaluatie van de Wet inburgering (T03012)

De minister van Sociale Zaken en Werkgelegenheid zegt de Kamer, naar aanleiding van een vraag van het lid Jansen (GL), toe de Kamer te informeren over de uitkomsten van de evaluatie van de wet.

Kamerstukken: Wet inburgering 20.. (35 483)
Status: openstaand
Datum toezegging: 25 november 2020
Deadline: 1 januari 2023
Verantwoordelijke: Minister van Sociale Zaken en Werkgelegenheid
Kamerleden: E.M. Jansen (GL)
Soort activiteit: Plenaire behandeling
"""


def test_a_register_page_gives_date_and_deadline_from_its_field_lines(tmp_path: Path) -> None:
    """The Eerste Kamer's register prints a toezegging's date and deadline as labelled lines."""
    [c] = extract_file(write(tmp_path, "ek_register.txt", REGISTER_PAGE))
    assert (c.kind, c.chamber, c.members, c.party) == ("toezegging", "EK", ["Jansen"], "GL")
    assert (c.made_on, c.due, c.due_date) == ("2020-11-25", "1 januari 2023", "2023-01-01")


def test_field_lines_are_read_only_on_a_register_page(tmp_path: Path) -> None:
    """One 'Status:' line in a letter is no register: the letter's own moment stays."""
    text = LETTER.format("Ik zal uw Kamer voor de zomer informeren over de pilot.\n\nStatus: in uitvoering")
    [c] = extract_file(write(tmp_path, "brief.txt", text))
    assert c.due == "voor de zomer"


def test_the_addressee_line_decides_the_chamber(tmp_path: Path) -> None:
    """A letter to the Eerste Kamer that mentions the Tweede Kamer in its opening is still to the EK."""
    text = ("35 999 Wet voorbeeld\n\nG BRIEF VAN DE MINISTER\n\nAan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\n"
            "Den Haag, 3 maart 2024\n\nNa de behandeling in de Tweede Kamer stuur ik uw Kamer hierbij, zoals toegezegd "
            "tijdens de plenaire behandeling op 6 februari jl., het rapport.\n")
    [c] = extract_file(write(tmp_path, "ek_brief.txt", text))
    assert (c.chamber, c.fulfilled_here) == ("EK", True)


@pytest.mark.parametrize("sentence, statuses, fulfilled", [
    ("De motie van het lid Jansen (VVD) over taalscholen en de motie van het lid Smit (SP) over werkgevers zijn op 3 februari jl. aangenomen.",
     ["aangenomen", "aangenomen"], False),
    ("Met deze brief geef ik uitvoering aan de motie-Jansen en de motie-Smit over de taaleis.", [None, None], True),
])
def test_two_moties_in_one_sentence_are_two_items(tmp_path: Path, sentence: str, statuses: list, fulfilled: bool) -> None:
    got = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert [c.members for c in got] == [["Jansen"], ["Smit"]]
    assert [c.motie_status for c in got] == statuses and all(c.fulfilled_here == fulfilled for c in got)


@pytest.mark.parametrize("sentence, due", [
    ("Zodra bekend is wanneer de commissie haar rapport oplevert, wordt uw Kamer hierover geïnformeerd.",
     "zodra bekend is wanneer de commissie haar rapport oplevert"),
    ("Zodra de resultaten van het onderzoek bekend zijn, zal ik uw Kamer informeren.",
     "zodra de resultaten van het onderzoek bekend zijn"),
])
def test_a_promise_on_a_condition_keeps_the_condition_as_its_moment(tmp_path: Path, sentence: str, due: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.new_here, c.due, c.due_date) == ("toezegging", True, due, None)


STEMMINGEN_TK = """Handeling

Tweede Kamer der Staten-Generaal2025-2026nr. 31, item 7

7 Stemmingen moties Begroting Landbouw

Aan de orde zijn de stemmingen over moties, ingediend bij het debat over de begroting van Landbouw,

te weten:

  • -de motie-Van Dalen over bodemdaling (36800-XIV, nr. 14);

  • -de motie-Van Dalen over weidevogels (36800-XIV, nr. 15);

  • -de motie-Jan de Groot over het mestfonds (36800-XIV, nr. 16).

De voorzitter:

Op verzoek van de heer Van Dalen stel ik voor zijn moties (36800-XIV, nrs. 14 en 15) aan te houden.

Daartoe wordt besloten.

De voorzitter:

De motie-Jan de Groot (36800-XIV, nr. 16) is in die zin gewijzigd dat zij thans is ondertekend door de leden Jan de Groot en Tielen, en luidt:

Motie

De Kamer,

gehoord de beraadslaging,

verzoekt de regering, een mestfonds op te richten en de Kamer hierover voor de zomer te informeren,

en gaat over tot de orde van de dag.
"""

STEMMING_EK = """Handeling

Eerste Kamer der Staten-Generaal2025-2026nr. 12, item 4

4 Stemming motie Erfgoedwet

Aan de orde is de stemming over een aangehouden motie, ingediend bij het debat over de Erfgoedwet,

te weten:

  • -de motie-Veldhuis c.s. over archeologische vondsten (36410, letter F).

De voorzitter:

Aangezien de motie-Veldhuis (36410, letter F) is ingetrokken, maakt zij geen onderwerp van behandeling meer uit.
"""


def test_a_stemmingen_item_gives_each_motie_its_number_status_and_signatories(tmp_path: Path) -> None:
    """Handelingen of either chamber: the item's title is no motie; the chair's lines give status (by number or
    by name); a changed motie keeps its number and takes its new signatories; 'Jan de Groot' is one member."""
    got = extract_file(write(tmp_path, "tk.txt", STEMMINGEN_TK))
    assert [(c.members, c.kamerstuk, c.motie_status) for c in got] == [
        (["Van Dalen"], "36 800 XIV, nr. 14", "aangehouden"),
        (["Van Dalen"], "36 800 XIV, nr. 15", "aangehouden"),
        (["Jan de Groot", "Tielen"], "36 800 XIV, nr. 16", None)]
    assert got[2].quote.startswith("verzoekt de regering, een mestfonds") and got[2].due == "voor de zomer"
    [ek] = extract_file(write(tmp_path, "ek.txt", STEMMING_EK))
    assert (ek.members, ek.motie_status, ek.chamber) == (["Veldhuis"], "ingetrokken", "EK")


def test_an_eerste_kamer_register_page_printed_without_colons(tmp_path: Path) -> None:
    """eerstekamer.nl prints 'Deadline 1 juli 2027' (no colon) and numbers its toezeggingen 'T01234'."""
    text = ("Toezegging Evaluatie van de Jeugdwet (36123) (T03412)\n\n"
            "De minister voor Jeugd zegt de Kamer toe de evaluatie van de Jeugdwet voor 1 juli 2027 aan de Kamer te "
            "sturen.\n\nKerngegevens\n\nNummer T03412\nStatus openstaand\nDatum toezegging 3 februari 2026\n"
            "Deadline 1 juli 2027\nKamerleden J.P. Veldhuis (VVD)\nSoort activiteit Plenaire vergadering\n")
    [c] = extract_file(write(tmp_path, "t03412.txt", text))
    assert (c.kind, c.chamber, c.members, c.made_on) == ("toezegging", "EK", ["Veldhuis"], "2026-02-03")


def test_a_list_of_named_commitments_in_one_sentence_is_one_item_each(tmp_path: Path) -> None:
    text = ("Geachte voorzitter,\n\nIn deze brief ga ik in op de toezegging tijdens het commissiedebat Water van "
            "4 maart jl. over de dijkversterking, de motie Bakker over zoetwater (Kamerstuk 27 625, nr. 601) en de "
            "toezegging aan het lid De Vries over grondwater.\n")
    got = extract_file(write(tmp_path, "brief.txt", text))
    assert sorted(c.kind for c in got) == ["motie", "toezegging", "toezegging"]


@pytest.mark.parametrize("text, expect", [
    # a letter to the Kamer: the preposition repeated before the second item
    (LETTER.format("In deze brief ga ik in op de toezegging van 5 februari 2023 inzake de wachtlijsten bij de "
                   "taalscholen, en op de motie van het lid Jansen over de kinderopvang."),
     [("toezegging", [], "2023-02-05", False), ("motie", ["Jansen"], None, False)]),
    # another ministry: one fulfilling verb, the second item after ' en aan', a participle clause after the noun
    (LETTER.format("Met deze brief geef ik uitvoering aan de motie van de leden Kops en Bontenbal (32 813, nr. 1200) "
                   "en aan de toezegging, gedaan tijdens het wetgevingsoverleg van 20 november 2023, om uw Kamer te "
                   "informeren over de netcongestie."),
     [("motie", ["Kops", "Bontenbal"], None, True), ("toezegging", [], "2023-11-20", True)]),
])
def test_each_item_of_a_list_keeps_its_own_fields(tmp_path: Path, text: str, expect: list) -> None:
    """Two named commitments in one sentence are two items; a date of one never becomes the other's."""
    got = extract_file(write(tmp_path, "brief.txt", text))
    assert [(c.kind, c.members, c.made_on, c.fulfilled_here) for c in got] == expect


@pytest.mark.parametrize("text", [
    # the Eerste Kamer's register: 'zegt …, naar aanleiding van de motie …, toe'
    "Toezegging Hervorming (36100) (T03500)\n\nDe minister zegt de Kamer, naar aanleiding van de motie-Van Dijk "
    "(36 100, nr. 12), toe de Kamer jaarlijks te informeren over de voortgang van de hervorming.\n",
    # a verslag of a Tweede Kamer debate: 'heeft in reactie op de motie … toegezegd'
    "Verslag van een commissiedebat\n\nDatum 1 maart 2024\n\nDe staatssecretaris heeft in reactie op de motie van "
    "het lid Bikker (36 200 XV, nr. 31) toegezegd de Kamer voor de zomer te informeren over de taaleis.\n",
])
def test_a_promise_made_on_a_motie_is_the_motie_and_a_toezegging(tmp_path: Path, text: str) -> None:
    got = extract_file(write(tmp_path, "entry.txt", text))
    assert sorted(c.kind for c in got) == ["motie", "toezegging"]
    promise = next(c for c in got if c.kind == "toezegging")
    assert promise.due in ("jaarlijks", "voor de zomer")


@pytest.mark.parametrize("text, due", [
    # a motie's dictum in the Handelingen asks for a recurring report
    ("Motie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering de Kamer maandelijks te informeren over "
     "het aantal aanvragen,\n\nen gaat over tot de orde van de dag.\n\nJansen\n", "maandelijks"),
    # an earlier toezegging in a letter of another shape
    (LETTER.format("In het schriftelijk overleg van 3 mei 2023 heb ik toegezegd uw Kamer elk half jaar te rapporteren "
                   "over de wachttijden."), "elk half jaar"),
])
def test_the_recurrence_of_an_earlier_commitment_is_its_moment(tmp_path: Path, text: str, due: str) -> None:
    [c] = extract_file(write(tmp_path, "doc.txt", text))
    assert (c.due, c.recurrence, c.new_here) == (due, due, False)


@pytest.mark.parametrize("text, due", [
    (LETTER.format("Tijdens het commissiedebat van 12 januari 2024 heb ik toegezegd uw Kamer te informeren over de "
                   "resultaten van de pilot. Ik streef ernaar dat voor het zomerreces te doen."), "voor het zomerreces"),
    ("Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDatum 1 maart 2024\n\nBij de behandeling van de "
     "wet op 6 februari jl. heb ik toegezegd uw Kamer de evaluatie te sturen. Dat zal gebeuren in het najaar van 2025.\n",
     "in het najaar van 2025"),
])
def test_a_next_sentence_about_doing_it_gives_the_moment(tmp_path: Path, text: str, due: str) -> None:
    """'Ik streef ernaar dat … te doen', 'Dat zal gebeuren …': 'dat' is the promise before, not a new one."""
    [c] = extract_file(write(tmp_path, "brief.txt", text))
    assert (c.kind, c.new_here, c.due) == ("toezegging", False, due)


@pytest.mark.parametrize("text", [
    LETTER.format("Tijdens het notaoverleg op 7 november 2022 heb ik het lid Van der Plas (BBB) toegezegd om in gesprek "
                  "te gaan met de provincies en uw Kamer over de uitkomst te informeren. Met deze brief doe ik dat."),
    LETTER.format("In het commissiedebat van 2 maart jl. heb ik uw Kamer toegezegd de evaluatie te sturen. Ik voldoe "
                  "hiermee aan die toezegging."),
    "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDatum 1 maart 2024\n\nBij de behandeling van de wet "
    "op 6 februari jl. heb ik toegezegd uw Kamer het advies van de Raad te sturen. Hiermee kom ik die belofte na.\n",
])
def test_a_short_sentence_after_a_promise_says_this_letter_keeps_it(tmp_path: Path, text: str) -> None:
    """'Met deze brief doe ik dat.', 'Ik voldoe hiermee aan die toezegging.': the promise before is fulfilled."""
    [c] = extract_file(write(tmp_path, "brief.txt", text))
    assert (c.kind, c.fulfilled_here) == ("toezegging", True)


@pytest.mark.parametrize("text", [
    LETTER.format("Verder wijs ik u op de volgende toezegging. In het commissiedebat Mest van 9 februari 2023 heeft de "
                  "staatssecretaris toegezegd de Kamer te informeren over de derogatie."),
    "Verslag van een schriftelijk overleg\n\nDatum 1 maart 2024\n\nOnderstaande moties zijn nog niet uitgevoerd. "
    "De motie van het lid Grinwis over het spoor (Kamerstuk 29 984, nr. 1100) verzoekt de regering een plan te maken.\n",
])
def test_a_pointer_to_the_commitment_that_follows_is_no_item(tmp_path: Path, text: str) -> None:
    [c] = extract_file(write(tmp_path, "doc.txt", text))
    assert c.members or c.made_on  # the named one, not the sentence pointing to it


@pytest.mark.parametrize("text, members", [
    # a ministry's annex of moties: 'Motie van de leden X en Y over <subject> (Kamerstuk …)'
    ("Bijlage 2 Overzicht van moties\n\nMotie van de leden Van Kent en Maatoug over onderzoek naar de bestaanszekerheid "
     "(Kamerstuk 36 200 XV, nr. 45)\nVerzoekt de regering de resultaten van het onderzoek voor de zomer met de Kamer "
     "te delen.\n", ["Van Kent", "Maatoug"]),
    # a motie document's own title in another shape: 'inzake'
    ("36 410 Begroting\n\nNr. 61 MOTIE VAN HET LID PALLAND inzake schuldhulpverlening\n\nVoorgesteld 8 november 2023\n\n"
     "De Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering met gemeenten een plan te maken,\n\nen gaat over "
     "tot de orde van de dag.\n\nPalland\n", ["Palland"]),
])
def test_the_subject_after_the_names_in_a_motie_header_is_no_name(tmp_path: Path, text: str, members: list[str]) -> None:
    [c] = extract_file(write(tmp_path, "moties.txt", text))
    assert (c.kind, c.members) == ("motie", members)


@pytest.mark.parametrize("fields", [
    "Kerngegevens\n\nNummer T03111\nStatus voldaan\nDatum toezegging 10 mei 2022\nDeadline Jaarlijks\n"
    "Kamerleden Van Apeldoorn (SP), Karimi (GL)\n",
    "Nummer: T03112\nStatus: voldaan\nDatum toezegging: 10 mei 2022\nDeadline: 1 juni 2023\nKamerleden: J. Karimi (GL)\n",
])
def test_the_field_lines_of_a_register_entry_are_no_item_of_their_own(tmp_path: Path, fields: str) -> None:
    text = ("Toezegging Evaluatie van de wet (36.001) (T03111)\n\nDe regering zegt toe, in antwoord op vragen van de "
            "leden Van Apeldoorn (SP) en Karimi (GL), om de Eerste Kamer jaarlijks een voortgangsrapportage te sturen.\n\n"
            + fields)
    [c] = extract_file(write(tmp_path, "t03111.txt", text))
    assert (c.kind, c.chamber, c.made_on) == ("toezegging", "EK", "2022-05-10")
    assert c.fulfilled_here  # 'Status voldaan': the register records it as kept


def test_a_footnote_number_after_a_full_stop_ends_the_sentence(tmp_path: Path) -> None:
    """'… uitgevoerd.1 In de brief is toegezegd …': two sentences, so two items, each with its own fields."""
    text = LETTER.format("Bij brief van 29 januari 2024 heb ik uw Kamer geïnformeerd over de wijze waarop de motie Jansen "
                         "c.s. wordt uitgevoerd.1 In de brief is toegezegd dat uw Kamer jaarlijks vóór het zomerreces zal "
                         "worden geïnformeerd over de voortgang.2")
    motie, promise = extract_file(write(tmp_path, "brief.txt", text))
    assert (motie.kind, motie.fulfilled_here, motie.due) == ("motie", False, None)  # an earlier letter's work
    assert (promise.kind, promise.due, promise.fulfilled_here) == ("toezegging", "jaarlijks vóór het zomerreces", False)


@pytest.mark.parametrize("sentence", [
    "Bij brief van 3 maart 2023 heb ik uw Kamer laten weten hoe de motie van het lid Bikker wordt uitgevoerd.",
    "In mijn brief van 12 mei 2022 heb ik de motie van het lid Kuzu afgedaan.",
])
def test_a_fulfilment_reported_of_an_earlier_letter_is_not_one_here(tmp_path: Path, sentence: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.fulfilled_here) == ("motie", False)


@pytest.mark.parametrize("sentence, due", [
    ("In het debat over de regeringsverklaring heeft de minister-president half februari een brief toegezegd over de "
     "ondersteuning.", "half februari"),
    ("Tijdens het wetgevingsoverleg heeft de staatssecretaris eind maart een reactie toegezegd op het advies.", "eind maart"),
])
def test_a_moment_just_before_the_promising_verb(tmp_path: Path, sentence: str, due: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.due) == ("toezegging", due)


@pytest.mark.parametrize("sentence, due", [
    ("Wanneer er meer bekend is, zal het kabinet de Kamer direct informeren.", "wanneer er meer bekend is"),
    ("Zodra het advies van de Raad binnen is, zal de regering uw Kamer daarover informeren.", "zodra het advies van de Raad binnen is"),
])
def test_the_cabinet_promising_on_a_condition(tmp_path: Path, sentence: str, due: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.new_here, c.due) == ("toezegging", True, due)


@pytest.mark.parametrize("text, kamerstuk", [
    (MOTIE_DOCUMENT, "29 544, nr. 89"),
    ("36 410 XV Vaststelling van de begrotingsstaten\n\nNr. 61 MOTIE VAN HET LID PALLAND\n\nVoorgesteld 8 november 2023"
     "\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering met gemeenten een plan te maken,\n\nen gaat over "
     "tot de orde van de dag.\n\nPalland\n", "36 410 XV, nr. 61"),
])
def test_a_motie_document_takes_its_number_from_the_printed_page(tmp_path: Path, text: str, kamerstuk: str) -> None:
    [c] = extract_file(write(tmp_path, "motie.txt", text))
    assert c.kamerstuk == kamerstuk


VOTES_TK = """8 Stemmingen moties Schoolgebouwen

Aan de orde zijn de stemmingen over moties, ingediend bij het tweeminutendebat Schoolgebouwen,

te weten:

- de motie-Kwint over ventilatie in scholen (31293, nr. 600);
- de motie-Van Meenen/Bisschop over asbest in scholen (31293, nr. 601).

De voorzitter:

Op verzoek van de heer Van Meenen stel ik voor, zijn motie (31293, nr. 601) aan te houden.

Daartoe wordt besloten.

In stemming komt de motie-Kwint (31293, nr. 600).

Ik constateer dat de aanwezige leden van de fracties van de SP en GroenLinks voor deze motie hebben gestemd en de aanwezige leden van de overige fracties ertegen, zodat zij is verworpen.
"""

VOTES_EK = """Stemmingen

Aan de orde zijn de stemmingen over de moties ingediend bij de behandeling van het wetsvoorstel Wet inburgering.

In stemming komt de motie-Nanninga c.s. over de taaleis (35 483, H).

De voorzitter:

Ik constateer dat deze motie met algemene stemmen is aangenomen.

In stemming komt de motie-Karimi over de leenfaciliteit (35 483, I).

De voorzitter:

Ik constateer dat de leden van de fracties van GroenLinks en de SP voor deze motie hebben gestemd en de leden van de overige fracties ertegen, zodat zij is verworpen.

Motie

De Eerste Kamer,

gehoord de beraadslaging,

verzoekt de regering de taaleis te evalueren,

en gaat over tot de orde van de dag.

Nanninga

Motie

De Eerste Kamer,

gehoord de beraadslaging,

verzoekt de regering de leenfaciliteit te verruimen,

en gaat over tot de orde van de dag.

Karimi
"""


@pytest.mark.parametrize("text, expect", [
    (VOTES_TK, {("Kwint",): "verworpen", ("Van Meenen", "Bisschop"): "aangehouden"}),
    (VOTES_EK, {("Nanninga",): "aangenomen", ("Karimi",): "verworpen"}),
])
def test_each_motie_put_to_the_vote_gets_the_chairs_finding(tmp_path: Path, text: str, expect: dict) -> None:
    """'In stemming komt de motie-X (…, nr. N).' then '… zodat zij is verworpen': by number, or by member
    where the Eerste Kamer's moties carry letters; the chair's 'zijn motie (…, nr. 601) aan te houden' is
    that motie, not another."""
    got = extract_file(write(tmp_path, "stemmingen.txt", text))
    assert {tuple(c.members): c.motie_status for c in got} == expect


@pytest.mark.parametrize("head, status", [
    ("Drie moties werden aangenomen, namelijk:", "aangenomen"),
    ("De volgende moties zijn door uw Kamer verworpen:", "verworpen"),
])
def test_a_list_under_a_line_with_a_status_gives_each_motie_that_status(tmp_path: Path, head: str, status: str) -> None:
    text = (f"Uitslag van de stemmingen\n\n{head}\n\n • de motie-Kox c.s. over de zorgbonus;\n"
            " • de motie-Otten over uitstel van belastingbetaling.\n")
    got = extract_file(write(tmp_path, "uitslag.txt", text))
    assert [(c.members, c.motie_status) for c in got] == [(["Kox"], status), (["Otten"], status)]


@pytest.mark.parametrize("text", [
    "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\nDatum 2 maart 2016\n\nIn reactie op uw brief van 28 "
    "oktober 2014 en toezegging in mijn brief van 31 december 2014 (34 000 XIII, H) doe ik u deze brief toekomen. De "
    "toezegging is dat ik u eind 2016 informeer over de uitwerking van het actieplan.\n",
    LETTER.format("Tijdens het commissiedebat van 4 april 2023 (Kamerstuk 36 200 XV, nr. 80) heb ik een toezegging "
                  "gedaan. Die toezegging luidde dat ik uw Kamer voor de zomer informeer over de pilot."),
])
def test_a_sentence_that_says_what_the_toezegging_was_is_that_toezegging(tmp_path: Path, text: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", text))
    assert c.kind == "toezegging" and not c.new_here and c.kamerstuk and c.due
    assert c.quote.startswith(("De toezegging is", "Die toezegging luidde"))


@pytest.mark.parametrize("text, kamerstuk", [
    ("zoals toegezegd in mijn brief van 31 december 2014 (34 000 XIII, H)", "34 000 XIII, H"),
    ("de toezegging uit de memorie van antwoord (Kamerstukken I 2019/20, 35 300, D)", "35 300, D"),
])
def test_a_lettered_eerste_kamer_stuk_is_a_kamerstuk(text: str, kamerstuk: str) -> None:
    from drafter.commitments.fields import find_kamerstuk
    assert find_kamerstuk(text) == kamerstuk


@pytest.mark.parametrize("sentence", [
    "Ik ben blij dat de minister een toezegging heeft gedaan, namelijk dat honden niet worden afgemaakt.",
    "De staatssecretaris heeft in het debat daarover de toezegging gedaan dat de regeling wordt verlengd.",
])
def test_a_toezegging_reported_as_done_by_the_minister(tmp_path: Path, sentence: str) -> None:
    text = "Handelingen\n\nDe voorzitter:\n\nHet woord is aan de heer Graus.\n\n" + sentence + "\n"
    [c] = extract_file(write(tmp_path, "hand.txt", text))
    assert c.kind == "toezegging"


@pytest.mark.parametrize("text, chamber", [
    ("Korte aantekeningen van de vergadering van de vaste commissie voor Sociale Zaken van de Eerste Kamer\n\n"
     "De senatoren bespreken de brief. De minister heeft toegezegd de commissie voor 1 mei 2024 te informeren over de "
     "uitvoering. De Eerste Kamer wacht die brief af.\n", "EK"),
    ("Verslag van een commissiedebat van de vaste commissie voor Sociale Zaken\n\nDe Kamerleden bespreken de brief. "
     "De minister heeft toegezegd de commissie voor 1 mei 2024 te informeren over de uitvoering. Ook de Eerste Kamer "
     "krijgt een afschrift.\n", "TK"),
])
def test_minutes_without_an_addressee_take_the_chamber_they_name(tmp_path: Path, text: str, chamber: str) -> None:
    [c] = extract_file(write(tmp_path, "notes.txt", text))
    assert (c.kind, c.chamber) == ("toezegging", chamber)


@pytest.mark.parametrize("text, numbers", [
    ("Handelingen\n\nDe voorzitter:\n\nIk stel voor, hedenmiddag ook te stemmen over de aangehouden moties-Voortman "
     "(19637, nrs. 32, 33 en 35) en de aangehouden motie-Graus (31936, nr. 176).\n", ["nr. 32", "nr. 33", "nr. 35", "nr. 176"]),
    (LETTER.format("De moties-Bikker (36 200 XV, nrs. 12 en 14) over laaggeletterdheid zijn aangenomen."), ["nr. 12", "nr. 14"]),
])
def test_one_members_moties_by_several_numbers_are_one_item_each(tmp_path: Path, text: str, numbers: list[str]) -> None:
    got = extract_file(write(tmp_path, "doc.txt", text))
    assert [c.kamerstuk.split(", ")[-1] for c in got] == numbers and all(c.kind == "motie" for c in got)


OVERVIEW_TABLE = """Bijlage 3: Moties en toezeggingen

Tabel 12 Door de Staten-Generaal aanvaarde moties die zijn afgerond

Omschrijving van de motie

Vindplaats

Stand van zaken

De motie van de leden Jansen en De Vries{sep} Verzoeken de regering, in overleg met de gemeenten een plan te maken voor de opvang.

Kamerstukken II 2022/23, 36200 VII, nr. 21

Afgedaan. De Tweede Kamer is op 3 juli 2023 per brief geïnformeerd.

De motie van het lid Bakker c.s.{sep} Verzoekt de regering de Kamer voor de zomer te informeren over de wachtlijsten.

Kamerstukken II 2022/23, 36200 VII, nr. 30

In uitvoering.
"""


@pytest.mark.parametrize("sep", [".", ";"])
def test_a_row_of_an_overview_table_of_moties(tmp_path: Path, sep: str) -> None:
    """'De motie van het lid X. Verzoekt …' with its Kamerstuk and 'Afgedaan.' in the next cells, under a
    title of adopted moties: quoted by its dictum, numbered, adopted, settled where the row says so."""
    got = extract_file(write(tmp_path, "bijlage.txt", OVERVIEW_TABLE.format(sep=sep)))
    assert [(c.members, c.kamerstuk, c.motie_status, c.fulfilled_here) for c in got] == [
        (["Jansen", "De Vries"], "36 200 VII, nr. 21", "aangenomen", True),
        (["Bakker"], "36 200 VII, nr. 30", "aangenomen", False)]
    assert got[0].quote.startswith("Verzoeken de regering")


@pytest.mark.parametrize("lines, fulfilled", [
    ("- de status van toezegging T01031 wordt gewijzigd in deels voldaan;\n- de status van toezegging T01154 wordt "
     "gewijzigd in voldaan;\n- de status van toezegging T01224 blijft ongewijzigd (openstaand).\n", [False, True, False]),
    ("T02152: de toezegging staat nog open.\nT02695: de toezegging was reeds als voldaan aangemerkt.\nT02696: de "
     "toezegging is voldaan.\n", [False, False, True]),
])
def test_each_t_number_in_committee_minutes_is_a_toezegging(tmp_path: Path, lines: str, fulfilled: list[bool]) -> None:
    """The Eerste Kamer's committees settle toezeggingen by number: one item each, kept only where the
    minutes say so now (not 'deels voldaan', not 'reeds als voldaan aangemerkt')."""
    text = ("Korte aantekeningen vergadering commissie Sociale Zaken van de Eerste Kamer\n\nDe commissie besluit als "
            "volgt:\n" + lines)
    got = extract_file(write(tmp_path, "ka.txt", text))
    assert [(c.kind, c.chamber, c.fulfilled_here) for c in got] == [("toezegging", "EK", f) for f in fulfilled]


REGISTER_PAGE_QUOTED = """Toezegging Evalueren werking wetsvoorstel (32.890) (T01615)

De minister van Veiligheid en Justitie zegt de Kamer, naar aanleiding van vragen van het lid Van Bijsterveld, toe de werking van het wetsvoorstel in de praktijk te analyseren.

Kerngegevens

Nummer T01615
Status {status}
Datum toezegging 6 november 2012
Deadline 1 januari 2021
Verantwoordelijke(n) Minister van Justitie en Veiligheid
Kamerleden prof. dr. S.C. van Bijsterveld (CDA)

Uit de stukken

Handelingen I 2012-2013, nr. 6

Mevrouw Van Bijsterveld (CDA): Wij zijn tevreden met de toezegging van de regering om de werking van dit voorstel te analyseren.

Minister Opstelten:

Mevrouw Van Bijsterveld heeft gevraagd hoe het door mij toegezegde evaluatieonderzoek vorm kan krijgen. Maar ik wil toezeggen dat de Kamer het rapport van het WODC ontvangt.
"""


@pytest.mark.parametrize("status, fulfilled", [("voldaan", True), ("openstaand", False)])
def test_an_eerste_kamer_register_page_is_one_toezegging_plus_what_is_promised_in_its_quotes(
        tmp_path: Path, status: str, fulfilled: bool) -> None:
    """The entry's title, text and the quotes that refer back to it are one toezegging (its Kamerstuk from
    the title, 'Status voldaan' kept); 'Maar ik wil toezeggen …', said by the minister, is another."""
    entry, spoken = extract_file(write(tmp_path, "t01615.txt", REGISTER_PAGE_QUOTED.format(status=status)))
    assert entry.quote.startswith("De minister van Veiligheid en Justitie zegt de Kamer")
    assert (entry.kamerstuk, entry.members, entry.due, entry.fulfilled_here, entry.chamber) == (
        "32 890", ["Van Bijsterveld"], "1 januari 2021", fulfilled, "EK")
    assert spoken.quote.startswith("Maar ik wil toezeggen") and not spoken.fulfilled_here


@pytest.mark.parametrize("sentence", [
    "Tijdens commissievergaderingen van de Tweede Kamer worden er door bewindspersonen regelmatig toezeggingen gedaan.",
    "Naar aanleiding van het halfjaarlijkse toezeggingenrappel besluit de commissie over een aantal toezeggingen nader "
    "overleg met de minister te voeren.",
])
def test_toezeggingen_in_general_are_no_item(tmp_path: Path, sentence: str) -> None:
    assert extract_file(write(tmp_path, "doc.txt", "Brief van het Presidium\n\n" + sentence + "\n")) == []


def test_a_motie_named_in_a_sentence_is_not_a_printed_motie(tmp_path: Path) -> None:
    """'De motie van de leden X en Y (…) verzoekt de regering …. Ik heb …' is prose: the next sentence is read."""
    text = LETTER.format("De motie van de leden Bontenbal en Omtzigt (Kamerstuk 36 200 XV, nr. 43) verzoekt de regering "
                         "in kaart te brengen welke gemeenten achterblijven. Ik heb uw Kamer in maart toegezegd deze "
                         "inventarisatie voor Prinsjesdag te sturen.")
    got = extract_file(write(tmp_path, "brief.txt", text))
    assert [c.kind for c in got] == ["motie", "toezegging"]
    assert got[0].quote.startswith("De motie van de leden")


def test_an_eerste_kamer_motie_is_numbered_by_its_letter() -> None:
    from drafter.commitments.fields import find_kamerstuk
    assert find_kamerstuk("de motie-Otten c.s. over een gekozen minister-president (34430, letter Q);") == "34 430, Q"


VERSLAG = """Verslag van een commissiedebat

De vaste commissie voor Sociale Zaken en Werkgelegenheid heeft op 14 maart 2024 overleg gevoerd met de minister van Sociale Zaken en Werkgelegenheid over inburgering.

Toezeggingen

- De minister zal de Kamer voor het zomerreces informeren over de uitkomsten van het onderzoek naar de leerroutes.
- De minister stuurt de Kamer in het najaar van 2024 een brief over de taaleis, naar aanleiding van een vraag van het lid Podt (D66).
- De staatssecretaris komt voor de begrotingsbehandeling terug op de vragen van het lid Ceder over de maatschappelijke begeleiding.
"""

CHAIR_READS_OUT = """Handelingen

Aan de orde is het commissiedebat Armoedebeleid.

De voorzitter:

Dank u wel. Ik heb de volgende toezeggingen genoteerd.

De minister stuurt de Kamer voor 1 juli 2024 een brief over de energietoeslag.

De minister informeert de Kamer in de eerstvolgende voortgangsbrief over de schuldhulp, naar aanleiding van een vraag van het lid Kwint.

Daarmee zijn we aan het einde gekomen van dit debat.
"""


@pytest.mark.parametrize("text, dues", [
    (VERSLAG, ["voor het zomerreces", "in het najaar van 2024", "voor de begrotingsbehandeling"]),
    (CHAIR_READS_OUT, ["voor 1 juli 2024", "in de eerstvolgende voortgangsbrief"]),
])
def test_a_list_of_toezeggingen_made_in_a_debate(tmp_path: Path, text: str, dues: list[str]) -> None:
    """A verslag's list under 'Toezeggingen', or the chair's 'Ik heb de volgende toezeggingen genoteerd':
    each item is a toezegging made in that debate (not new here), whatever its wording."""
    got = extract_file(write(tmp_path, "verslag.txt", text))
    assert [(c.kind, c.new_here, c.due) for c in got] == [("toezegging", False, d) for d in dues]


@pytest.mark.parametrize("sentence", [
    "Met deze brief geven wij tevens gevolg aan de motie Van Campen c.s. over de mestmarkt.",
    "Ook geef ik opvolging aan de gewijzigde motie-Van der Graaf/Bouchallikht over de circulaire economie.",
    "Verder wordt in deze brief, mede ter uitvoering van de motie van het lid Dassen, ingegaan op de Europese verkiezingen.",
])
def test_other_verbs_of_fulfilment(tmp_path: Path, sentence: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.fulfilled_here) == ("motie", True)


@pytest.mark.parametrize("sentence", [
    "Naar aanleiding van mijn toezegging tijdens het Algemeen Overleg Raad Algemene Zaken van 3 oktober j.l., informeer "
    "ik u hierbij over mijn aanwezigheid bij de Raden.",
    "Hierbij ontvangt uw Kamer mijn reguliere voortgangsbrief politie, zoals ik in mijn brief van 23 november jl. heb "
    "toegezegd.1 Hierbij ga ik ook in op de aanbevelingen van de Rekenkamer.",
])
def test_this_letter_keeps_the_promise_it_names(tmp_path: Path, sentence: str) -> None:
    """'Naar aanleiding van mijn toezegging …, informeer ik u hierbij', 'zoals ik in mijn brief van 23 november jl.
    heb toegezegd' ('jl.' before a small letter ends no sentence; 'toegezegd.1' is the cue with its footnote)."""
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.fulfilled_here, c.new_here) == ("toezegging", True, False)


@pytest.mark.parametrize("sentence, kinds, due", [
    ("Uw Kamer zal naar verwachting begin december de kabinetsappreciatie over het werkprogramma ontvangen.",
     ["toezegging"], "begin december"),
    ("Conform de motie van het lid Van der Lee, zal het kabinet uw Kamer hier voor 1 april nader over informeren.",
     ["motie", "toezegging"], "voor 1 april"),
])
def test_new_promises_in_other_shapes(tmp_path: Path, sentence: str, kinds: list[str], due: str) -> None:
    got = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert sorted(c.kind for c in got) == kinds
    promise = next(c for c in got if c.kind == "toezegging")
    assert (promise.new_here, promise.due) == (True, due)


@pytest.mark.parametrize("text", [
    "Verslag van de Landbouw- en Visserijraad\n\nDatum 20 maart 2018\n\nOok gaat zij in op haar toezegging over de "
    "aanpassing van de Nationale Strategie voor groenten en fruit.\n",
    LETTER.format("In de bijlage ga ik in op mijn toezegging om de regels voor de jacht te vereenvoudigen."),
])
def test_the_ministers_own_toezegging_named_by_its_subject(tmp_path: Path, text: str) -> None:
    [c] = extract_file(write(tmp_path, "doc.txt", text))
    assert c.kind == "toezegging"


@pytest.mark.parametrize("sentence, expect", [
    ("Ik ga hierbij in op de moties Kamerstuk 32 793, nr. 176 (Dik-Faber), Kamerstuk 32 793, nr. 181 (Wolbert) en "
     "Kamerstuk 32 793, nr. 185 (Wolbert).",
     [(["Dik-Faber"], "32 793, nr. 176"), (["Wolbert"], "32 793, nr. 181"), (["Wolbert"], "32 793, nr. 185")]),
    ("De moties Kamerstuk 36 200 XV, nr. 12 (Bikker) en Kamerstuk 36 200 XV, nr. 14 (Podt) zijn aangenomen.",
     [(["Bikker"], "36 200 XV, nr. 12"), (["Podt"], "36 200 XV, nr. 14")]),
])
def test_moties_listed_by_kamerstuk_with_their_member_in_brackets(tmp_path: Path, sentence: str, expect: list) -> None:
    got = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert [(c.members, c.kamerstuk) for c in got] == expect


@pytest.mark.parametrize("speaker, member", [("De heer Potters (VVD):", "Potters"), ("Mevrouw Van Brenk (50PLUS):", "Van Brenk")])
def test_a_motie_read_out_in_the_handelingen_is_the_speakers(tmp_path: Path, speaker: str, member: str) -> None:
    """An excerpt of the Handelingen cut before the chair's 'voorgesteld door': the member who read it out; a second
    dictum ('verzoekt de regering tevens, …') gives its moment."""
    text = (f"Handelingen\n\n{speaker}\n\nVoorzitter. Ik heb één motie.\n\nMotie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\n"
            "verzoekt de regering, te komen met een voorstel voor het betaalsysteem,\n\nverzoekt de regering tevens, de Kamer "
            "hierover uiterlijk op 1 oktober 2016 te informeren,\n\nen gaat over tot de orde van de dag.\n")
    [c] = extract_file(write(tmp_path, "hand.txt", text))
    assert (c.kind, c.members, c.due) == ("motie", [member], "uiterlijk op 1 oktober 2016")


@pytest.mark.parametrize("text, expect", [
    ("Korte aantekeningen vergadering gezamenlijke commissies van de Eerste Kamer\n\nDe commissies nemen kennis van de "
     "brief van 23 maart jl. en besluiten de toezeggingen T03050, T03051 en T03053 als voldaan aan te merken. De "
     "toezeggingen T03052 en T03054 blijven als openstaand geregistreerd staan.\n", [True, True, True, False, False]),
    ("Korte aantekeningen vergadering commissie OCW van de Eerste Kamer\n\n1. T01974 - Monitoren invulling wettelijke "
     "burgerschapstaak\n\n2. Toezegging T02333 - Invulling hoofdlijnen begroting\n\nDe commissie besluit toezegging "
     "T02333 als voldaan aan te merken.\n", [False, True]),
])
def test_every_t_number_is_one_toezegging_however_it_is_written(tmp_path: Path, text: str, expect: list[bool]) -> None:
    """Several numbers in one decision are one toezegging each; a number alone on an agenda line is one; two
    mentions of one number are one, quoted by the fuller of the two."""
    got = extract_file(write(tmp_path, "ka.txt", text))
    assert [(c.kind, c.chamber, c.fulfilled_here) for c in got] == [("toezegging", "EK", f) for f in expect]
    assert not any(c.quote.startswith("2. Toezegging") for c in got)


@pytest.mark.parametrize("text", [
    "Toezegging Toezending conceptrichtlijn (22.112) (T01237)\n\nDe staatssecretaris voor Europese Zaken zegt de Kamer, "
    "naar aanleiding van een verzoek van de commissie voor Binnenlandse Zaken en de Hoge Colleges van Staat / Algemene "
    "Zaken en Huis van de Koning, toe de conceptversie van de richtlijn aan de Kamer toe te zenden zodra die beschikbaar is.\n",
    "Verslag van een commissiedebat\n\nDatum 1 maart 2024\n\nDe minister zegt, op verzoek van de commissie voor Financiën, "
    "toe de Kamer voor de zomer een overzicht te sturen van de fiscale regelingen.\n",
])
def test_a_promise_made_at_a_committees_request_is_a_toezegging(tmp_path: Path, text: str) -> None:
    """A committee's request is no promise, but 'zegt …, naar aanleiding van een verzoek van de commissie, toe' is one."""
    [c] = extract_file(write(tmp_path, "doc.txt", text))
    assert c.kind == "toezegging" and c.quote.startswith("De ")


@pytest.mark.parametrize("sentence, due", [
    ("Ik zal uw Kamer spoedig schriftelijk verslag doen van mijn bezoek aan de regio.", "spoedig"),
    ("Ik zal uw Kamer voor het zomerreces een reactie op het rapport, mede namens de minister van IenW, doen toekomen.",
     "voor het zomerreces"),
    ("Onze planning is nu om de opzet medio april naar de Kamer te sturen.", "medio april"),
])
def test_more_ways_to_promise_a_letter(tmp_path: Path, sentence: str, due: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert (c.kind, c.new_here, c.due) == ("toezegging", True, due)


def test_a_notas_own_planning_is_no_promise(tmp_path: Path) -> None:
    nota = ("Nota\n\nAan: Minister van SZW\n\nDatum 1 maart 2024\n\nDe planning is om de brief medio april naar de "
            "Kamer te sturen.\n")
    assert extract_file(write(tmp_path, "nota.txt", nota)) == []


@pytest.mark.parametrize("sentence", [
    "De leden Van Hattem (PVV) en Verkerk (ChristenUnie) overwegen naar aanleiding van enkele niet-uitgevoerde moties en "
    "openstaande toezeggingen een brief aan de regering.",
    "Mede namens de minister stuur ik u de stand van zaken van de moties en toezeggingen die zijn gedaan aan de Kamer.",
])
def test_moties_and_toezeggingen_in_general_are_no_item(tmp_path: Path, sentence: str) -> None:
    assert extract_file(write(tmp_path, "doc.txt", LETTER.format(sentence))) == []


@pytest.mark.parametrize("text, members", [
    ("Bijlage Overzicht moties\n\nMotie van Haverkamp over het benadrukken van politiespecifieke elementen in de "
     "functiewaardering (Kamerstuk 29 628, nr. 100).\n", ["Haverkamp"]),
    ("Bijlage Overzicht moties\n\nMotie van Van der Staaij c.s. over de zondagsrust (Kamerstuk 33 000 VI, nr. 12).\n",
     ["Van der Staaij"]),
])
def test_an_annex_motie_named_without_het_lid(tmp_path: Path, text: str, members: list[str]) -> None:
    [c] = extract_file(write(tmp_path, "bijlage.txt", text))
    assert (c.kind, c.members) == ("motie", members)


def test_a_changed_motie_that_now_reads(tmp_path: Path) -> None:
    """'De motie-X (…, nr. 14) is in die zin gewijzigd dat zij thans luidt:' is the motie that follows, not another."""
    text = ("Handelingen\n\nDe voorzitter:\n\nDe motie-Schouw/Voortman (33047, nr. 14) is in die zin gewijzigd dat zij thans "
            "luidt:\n\nMotie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering de Kamer voor 1 juni 2013 te "
            "informeren over de decentralisatie,\n\nen gaat over tot de orde van de dag.\n\nZij krijgt nr. 22, was nr. 14 "
            "(33047).\n")
    [c] = extract_file(write(tmp_path, "hand.txt", text))
    assert (c.kind, c.members, c.due) == ("motie", ["Schouw", "Voortman"], "voor 1 juni 2013")


@pytest.mark.parametrize("text", [
    "Verslag van een algemeen overleg\n\nDatum 1 april 2010\n\nDe commissie besprak de brief van de minister in reactie "
    "op ingediende moties inzake de spoorweginfrastructuur d.d. 30 maart 2010 (32 123 XII, nr. 48).\n",
    LETTER.format("Over de aangenomen moties uit het notaoverleg (Kamerstuk 31 322, nr. 500) bericht ik u apart."),
])
def test_moties_in_the_plural_without_a_name_are_no_item(tmp_path: Path, text: str) -> None:
    """The number is that of a letter or a verslag; no motie is named."""
    assert extract_file(write(tmp_path, "doc.txt", text)) == []


@pytest.mark.parametrize("sentence", [
    "Ik ga hierbij ook in op de toezeggingen om de Kamer periodiek te informeren over de voortgang van het akkoord.",
    "Deze brief bevat de voortgang van de toezeggingen over de wachtlijsten in de jeugdzorg, zoals u gevraagd heeft.",
])
def test_toezeggingen_named_by_their_content_are_not_an_overview(tmp_path: Path, sentence: str) -> None:
    [c] = extract_file(write(tmp_path, "brief.txt", LETTER.format(sentence)))
    assert c.kind == "toezegging"


@pytest.mark.parametrize("member_line", [
    "Het gaat om de motie op stuk nr. 157 over beschut werk van mevrouw Vermeij en mijzelf.",
    "Ik wil de motie op stuk nr. 157 aanhouden, die is ingediend bij het tweeminutendebat Participatiewet.",
])
def test_a_motie_named_by_its_number_on_the_list_and_by_the_chair_is_one(tmp_path: Path, member_line: str) -> None:
    text = ("Regeling van werkzaamheden\n\nDe heer Kerstens (PvdA):\n\nVoorzitter. " + member_line + "\n\nDe voorzitter:\n\n"
            "Op verzoek van mevrouw Vermeij stel ik voor, haar motie (30545, nr. 157) aan te houden.\n\nDaartoe wordt "
            "besloten.\n")
    [c] = extract_file(write(tmp_path, "hand.txt", text))
    assert (c.kind, c.kamerstuk, c.motie_status) == ("motie", "30 545, nr. 157", "aangehouden")


@pytest.mark.parametrize("text", [
    "Korte aantekeningen commissie OCW van de Eerste Kamer\n\nNaar aanleiding van het verslag van een schriftelijk "
    "overleg van 23 september 2019 inzake het halfjaarlijks toezeggingenrappel (35000 VIII, D) besluit de commissie "
    "nader schriftelijk overleg te voeren.\n",
    LETTER.format("Bijgaand ontvangt u het toezeggingenoverzicht van het ministerie (Kamerstuk 31 066, nr. 5), zoals "
                  "de commissie vroeg."),
])
def test_a_set_of_toezeggingen_with_a_number_is_still_no_item(tmp_path: Path, text: str) -> None:
    assert extract_file(write(tmp_path, "doc.txt", text)) == []
