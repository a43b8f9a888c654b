"""Letters in the central-government house style, one per ministry: our own Dutch texts.

Each letter is a list of items: ("h", heading), ("p", paragraph; ``[n]`` marks
footnote n), ("b", bullet item), ("table", caption, rows, source),
("figure", top box, boxes below).  All names, numbers and references are made up.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ministry:
    key: str
    wordmark: tuple[str, ...]  # the lines beside the logo's blue bar
    sender: tuple[str, ...]  # the side column's first lines (first one bold)
    retour: str
    url: str
    fields: tuple[tuple[str, str], ...]  # (label as this ministry prints it, value)
    minister: tuple[str, ...]  # closing lines under 'Hoogachtend,'
    page_in_column: bool = True  # 'Pagina 1 van 3' under the fields, else at the page foot
    bar_height: float = 70.0


@dataclass
class Letter:
    ministry: Ministry
    datum: str
    betreft: str
    items: list[tuple] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


MINISTRIES: dict[str, Ministry] = {m.key: m for m in (
    Ministry("ienw", ("Ministerie van Infrastructuur", "en Waterstaat"),
             ("Directoraat-generaal Mobiliteit", "Rijnstraat 8", "2515 XP Den Haag", "Postbus 20901",
              "2500 EX Den Haag"),
             "> Retouradres Postbus 20901 2500 EX Den Haag", "www.rijksoverheid.nl/ienw",
             (("Ons kenmerk", "IENW/BSK-2026/41822"), ("Uw kenmerk", "2026Z01734"), ("Bijlage(n)", "2")),
             ("DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT,", "", "M.J. de Wit")),
    Ministry("bzk", ("Ministerie van Binnenlandse Zaken en", "Koninkrijksrelaties"),
             ("DG Volkshuisvesting en Bouwen", "Turfmarkt 147", "Den Haag", "Postbus 20011", "2500 EA Den Haag"),
             "> Retouradres Postbus 20011 2500 EA Den Haag", "www.rijksoverheid.nl/bzk",
             (("Onze referentie", "2026-0000183407"), ("Uw referentie", "-"), ("Bijlage(n)", "1")),
             ("DE MINISTER VAN VOLKSHUISVESTING EN RUIMTELIJKE ORDENING,", "", "A.B. Verhoeven"),
             page_in_column=False, bar_height=62.0),
    Ministry("ocw", ("Ministerie van Onderwijs, Cultuur en", "Wetenschap"),
             ("Directie Leraren", "Rijnstraat 50", "Den Haag", "Postbus 16375", "2500 BJ Den Haag"),
             "> Retouradres Postbus 16375 2500 BJ Den Haag", "www.rijksoverheid.nl",
             (("Onze referentie", "50311276"), ("Bijlagen", "3")),
             ("de minister van Onderwijs, Cultuur en Wetenschap,", "", "drs. K.L. Postma")),
    Ministry("vws", ("Ministerie van Volksgezondheid,", "Welzijn en Sport"),
             ("Directie Curatieve Zorg", "Parnassusplein 5", "2511 VX Den Haag", "T 070 340 79 11",
              "www.rijksoverheid.nl"),
             "> Retouradres Postbus 20350 2500 EJ Den Haag", "www.rijksoverheid.nl/vws",
             (("Kenmerk", "4120577-1083322-CZ"), ("Uw brief", "12 januari 2026"), ("Bijlage(n)", "geen")),
             ("De minister van Volksgezondheid,", "Welzijn en Sport,", "", "J.P. Smits"),
             page_in_column=False, bar_height=78.0),
    Ministry("fin", ("Ministerie van Financiën",),
             ("Directie Algemene Fiscale Politiek", "Korte Voorhout 7", "2511 CW Den Haag", "Postbus 20201",
              "2500 EE Den Haag"),
             "> Retouradres Postbus 20201 2500 EE Den Haag", "www.rijksoverheid.nl/fin",
             (("Ons kenmerk", "2026-0000051288"), ("Uw kenmerk", "2025Z22130"), ("Bijlagen", "1")),
             ("de staatssecretaris van Financiën", "- Fiscaliteit en Belastingdienst,", "", "R. van Leeuwen")),
    Ministry("jenv", ("Ministerie van Justitie en Veiligheid",),
             ("Directoraat-Generaal Straffen", "en Beschermen", "Turfmarkt 147", "2511 DP Den Haag",
              "Postbus 20301", "2500 EH Den Haag"),
             "> Retouradres Postbus 20301 2500 EH Den Haag", "www.rijksoverheid.nl/jenv",
             (("Ons kenmerk", "6712045"), ("Bijlage(n)", "2")),
             ("De Minister van Justitie en Veiligheid,", "", "H.C. Brouwer"),
             page_in_column=True, bar_height=66.0),
    Ministry("kgg", ("Ministerie van Klimaat en", "Groene Groei"),
             ("Directie Elektriciteit", "Bezuidenhoutseweg 73", "2594 AC Den Haag", "Postbus 20401",
              "2500 EK Den Haag", "www.rijksoverheid.nl/kgg"),
             "> Retouradres Postbus 20401 2500 EK Den Haag", "www.rijksoverheid.nl/kgg",
             (("Ons kenmerk", "DGKE-E / 96311452"), ("Uw kenmerk", "2026Z00981"), ("Bijlage(n)", "1")),
             ("De Minister van Klimaat en Groene Groei,", "", "S.A. Kramer"),
             page_in_column=False, bar_height=58.0),
)}

#: Ministries whose letters were looked at while tuning; the others are for evaluation only.
TUNING_MINISTRIES = ("ienw", "bzk", "ocw")
EVALUATION_MINISTRIES = ("vws", "fin", "jenv", "kgg")

REMARKS = ("Termijn?", "Eens", "Graag toelichten", "Klopt dit?", "Check met DG", "Te vaag", "Waarom nu?",
           "Bron?", "Akkoord", "Kan korter", "Cijfers 2025?", "Goed punt", "Wie betaalt?", "Navragen")

LETTERS: dict[str, Letter] = {}


def _letter(key: str, datum: str, betreft: str, items: list[tuple], footnotes: list[str]) -> None:
    LETTERS[key] = Letter(MINISTRIES[key], datum, betreft, items, footnotes)


_letter("ienw", "12 maart 2026", "Voortgang onderhoud spoorbruggen", [
    ("p", "Geachte voorzitter,"),
    ("p", "Met deze brief informeer ik uw Kamer over de voortgang van het onderhoud aan de spoorbruggen "
     "in het hoofdrailnet, zoals ik heb toegezegd tijdens het commissiedebat Spoor van oktober.[1] "
     "Ik ga in op de staat van de bruggen, de planning van de werkzaamheden en de gevolgen voor reizigers."),
    ("h", "1. Staat van de bruggen"),
    ("p", "ProRail heeft in het afgelopen jaar alle beweegbare bruggen opnieuw geïnspecteerd. Bij zeven "
     "bruggen is achterstallig onderhoud aangetroffen aan het draaimechanisme. Deze bruggen krijgen "
     "voorrang in de planning voor de komende twee jaar."),
    ("table", "Tabel 1: Geïnspecteerde bruggen per regio", [
        ["Regio", "Bruggen", "Achterstand", "Gereed"],
        ["Noord", "14", "2", "2027"],
        ["Oost", "9", "1", "2026"],
        ["Zuid", "11", "3", "2028"],
        ["West", "17", "1", "2027"]], "Bron: ProRail, inspectieronde 2025"),
    ("p", "De kosten van het extra onderhoud worden geraamd op 86 miljoen euro. Dit bedrag past binnen "
     "het bestaande budget voor beheer en onderhoud.[2]"),
    ("h", "2. Aanpak en samenwerking"),
    ("p", "De aanpak wordt gestuurd door een stuurgroep waarin het ministerie, ProRail en de vervoerders "
     "samenwerken. De figuur hieronder laat zien hoe de taken zijn verdeeld."),
    ("figure", "Stuurgroep", ["ProRail", "Vervoerders", "Regio's"]),
    ("p", "Reizigers worden ruim van tevoren geïnformeerd over buitendienststellingen. Waar mogelijk worden "
     "werkzaamheden gecombineerd, zodat het aantal hinderperiodes beperkt blijft."),
    ("b", "• de eerste vier bruggen worden in de zomer van 2026 aangepakt;"),
    ("b", "• de overige bruggen volgen in 2027 en 2028."),
    ("h", "3. Tot slot"),
    ("p", "Ik informeer uw Kamer in het najaar opnieuw over de voortgang, samen met de jaarlijkse "
     "rapportage over de prestaties van ProRail.[3]"),
], ["Kamerstuk 29 984, nr. 1102.",
    "Zie ook https://www.rijksoverheid.nl/documenten/kamerstukken/2025/09/17/begroting-ienw",
    "Kamerstukken II 2025/26, 29 984, nr. 1120."])

_letter("bzk", "4 februari 2026", "Stand van zaken woningbouwimpuls", [
    ("p", "Geachte voorzitter,"),
    ("p", "Hierbij stuur ik uw Kamer de derde voortgangsrapportage van de woningbouwimpuls. In deze brief "
     "licht ik de belangrijkste uitkomsten toe en geef ik aan welke stappen ik het komende halfjaar zet."),
    ("h", "Uitkomsten van de derde tranche"),
    ("p", "In de derde tranche hebben 41 gemeenten een bijdrage ontvangen voor in totaal ruim 23.000 woningen. "
     "Twee derde daarvan is betaalbaar voor huishoudens met een middeninkomen.[1]"),
    ("table", "Tabel 1: Toegekende bijdragen per tranche", [
        ["Tranche", "Gemeenten", "Woningen", "Bijdrage"],
        ["Eerste", "32", "18.400", "€ 290 mln"],
        ["Tweede", "38", "21.900", "€ 340 mln"],
        ["Derde", "41", "23.050", "€ 365 mln"]], "Bron: RVO, januari 2026"),
    ("p", "Gemeenten geven aan dat de regeling helpt om plannen sneller rond te krijgen. Tegelijk blijft de "
     "netcongestie in een aantal regio's een knelpunt voor de start van de bouw."),
    ("h", "Vervolg"),
    ("p", "Ik werk samen met provincies en gemeenten aan een vierde tranche. De verdeling tussen de regio's "
     "loopt via de woondeals, zoals in de figuur is weergegeven."),
    ("figure", "Woondeal", ["Provincie", "Gemeenten", "Corporaties"]),
    ("p", "Ik verwacht uw Kamer voor de zomer te informeren over de openstelling van de vierde tranche en "
     "over de evaluatie van de eerste twee tranches.[2]"),
], ["Kamerstuk 32 847, nr. 1190.",
    "Evaluatie op https://www.volkshuisvestingnederland.nl/onderwerpen/woningbouwimpuls"])

_letter("ocw", "20 januari 2026", "Aanpak lerarentekort in het primair onderwijs", [
    ("p", "Geachte voorzitter,"),
    ("p", "Het lerarentekort in het primair onderwijs is de afgelopen jaren licht gedaald, maar de verschillen "
     "tussen regio's en tussen scholen blijven groot. Met deze brief informeer ik u over de aanpak."),
    ("h", "Het tekort in cijfers"),
    ("p", "Het totale tekort wordt voor dit schooljaar geraamd op ruim negenduizend voltijdsbanen. In de vijf "
     "grote steden is het tekort bijna twee keer zo hoog als gemiddeld.[1]"),
    ("table", "Tabel 1: Geraamd tekort in voltijdsbanen", [
        ["Schooljaar", "Landelijk", "G5", "Overig"],
        ["2023/24", "9.700", "2.600", "7.100"],
        ["2024/25", "9.300", "2.500", "6.800"],
        ["2025/26", "9.100", "2.450", "6.650"]], "Bron: arbeidsmarktramingen OCW"),
    ("h", "Maatregelen"),
    ("p", "Ik zet in op drie sporen: meer mensen opleiden voor het beroep, leraren behouden voor het onderwijs "
     "en de regio's met de grootste tekorten gericht ondersteunen."),
    ("figure", "Regionale aanpak", ["Opleiden", "Behouden", "Ondersteunen"]),
    ("p", "De regionale aanpak wordt uitgevoerd door samenwerkingsverbanden van schoolbesturen en "
     "lerarenopleidingen. Zij ontvangen hiervoor een bijdrage voor vier jaar.[2]"),
    ("p", "Ik informeer uw Kamer in het voorjaar over de eerste resultaten van de regionale aanpak."),
], ["Kamerstuk 27 923, nr. 488.",
    "Zie https://www.rijksoverheid.nl/onderwerpen/werken-in-het-onderwijs/lerarentekort"])

_letter("vws", "9 maart 2026", "Wachttijden in de geestelijke gezondheidszorg", [
    ("p", "Geachte voorzitter,"),
    ("p", "In deze brief informeer ik uw Kamer over de ontwikkeling van de wachttijden in de geestelijke "
     "gezondheidszorg en over de afspraken die ik met zorgverzekeraars en aanbieders heb gemaakt."),
    ("h", "Ontwikkeling van de wachttijden"),
    ("p", "De gemiddelde wachttijd tot behandeling is in 2025 gedaald van veertien naar twaalf weken. Voor "
     "complexe zorg blijven de wachttijden echter ruim boven de treeknorm.[1]"),
    ("table", "Tabel 1: Gemiddelde wachttijd in weken", [
        ["Zorgvorm", "2023", "2024", "2025"],
        ["Basis-ggz", "8", "7", "6"],
        ["Specialistisch", "15", "14", "12"],
        ["Complex", "24", "23", "22"]], "Bron: NZa, wachttijdenmonitor"),
    ("p", "Zorgverzekeraars hebben in alle regio's een wachttijdbemiddeling ingericht. Het aantal verzoeken "
     "om bemiddeling is in het afgelopen jaar met een kwart gestegen."),
    ("h", "Afspraken"),
    ("p", "Met de partijen in het hoofdlijnenakkoord heb ik afgesproken dat de regionale "
     "samenwerking verder wordt versterkt. De rolverdeling staat in de figuur hieronder."),
    ("figure", "Regiotafel", ["Verzekeraars", "Aanbieders", "Gemeenten"]),
    ("b", "• verzekeraars kopen meer zorg in voor complexe problematiek;"),
    ("b", "• aanbieders melden hun wachttijden maandelijks bij de NZa."),
    ("p", "Ik stuur uw Kamer voor het zomerreces de volgende voortgangsrapportage.[2]"),
], ["Kamerstuk 25 424, nr. 702.",
    "Zie https://www.nza.nl/zorgsectoren/ggz/wachttijden"])

_letter("fin", "27 februari 2026", "Voortgang herstel kinderopvangtoeslag", [
    ("p", "Geachte voorzitter,"),
    ("p", "Met deze voortgangsrapportage informeer ik uw Kamer over de stand van het herstel voor ouders die "
     "zijn gedupeerd door problemen met de kinderopvangtoeslag."),
    ("h", "Integrale beoordeling"),
    ("p", "Eind januari hadden ruim 31.000 ouders een integrale beoordeling ontvangen. Het tempo ligt hoger "
     "dan vorig jaar, maar het doel voor dit jaar is nog niet in zicht.[1]"),
    ("table", "Tabel 1: Afgeronde beoordelingen per kwartaal", [
        ["Kwartaal", "Afgerond", "Bezwaar", "Doorlooptijd"],
        ["Q2 2025", "2.150", "410", "14 mnd"],
        ["Q3 2025", "2.480", "455", "13 mnd"],
        ["Q4 2025", "2.730", "470", "12 mnd"]], "Bron: Uitvoeringsorganisatie Herstel Toeslagen"),
    ("h", "Vereenvoudiging"),
    ("p", "Om het herstel te versnellen wordt de beoordeling vereenvoudigd. Ouders kunnen kiezen voor een "
     "vaste vergoeding zonder volledige beoordeling van hun dossier."),
    ("figure", "Herstelroute", ["Aanmelding", "Beoordeling", "Vergoeding"]),
    ("p", "De commissie die bezwaren behandelt krijgt extra capaciteit, zodat ouders sneller duidelijkheid "
     "krijgen over hun bezwaar.[2]"),
], ["Kamerstuk 31 066, nr. 1455.",
    "Zie https://www.herstel.toeslagen.nl/voortgang"])

_letter("jenv", "16 januari 2026", "Doorlooptijden in de strafrechtketen", [
    ("p", "Geachte voorzitter,"),
    ("p", "Hierbij informeer ik uw Kamer over de doorlooptijden in de strafrechtketen en over de maatregelen "
     "om zaken sneller af te handelen, zoals toegezegd in het debat over de begroting.[1]"),
    ("h", "Doorlooptijden"),
    ("p", "De doorlooptijd van veelvoorkomende criminaliteit is in 2025 licht gedaald. Bij zaken die bij de "
     "rechter komen is de doorlooptijd echter nog steeds te lang."),
    ("table", "Tabel 1: Doorlooptijd in dagen", [
        ["Zaaksoort", "2023", "2024", "2025"],
        ["Strafbeschikking", "96", "91", "88"],
        ["Politierechter", "254", "248", "241"],
        ["Meervoudige kamer", "418", "430", "421"]], "Bron: Monitor strafrechtketen"),
    ("h", "Maatregelen"),
    ("p", "De ketenpartners werken aan een gezamenlijke planning van zittingen. Daarnaast wordt meer gebruik "
     "gemaakt van snelrecht bij eenvoudige zaken.[2]"),
    ("figure", "Ketenoverleg", ["Politie", "Openbaar Ministerie", "Rechtspraak"]),
    ("p", "Ik bericht uw Kamer voor de zomer over de resultaten van deze maatregelen."),
], ["Kamerstuk 29 279, nr. 880.",
    "Zie https://www.rijksoverheid.nl/onderwerpen/straffen-en-maatregelen"])

_letter("kgg", "5 maart 2026", "Aanpak netcongestie", [
    ("p", "Geachte voorzitter,"),
    ("p", "Netcongestie beperkt in steeds meer regio's de mogelijkheden van bedrijven om uit te breiden of te "
     "verduurzamen. In deze brief schets ik de stand van zaken en de aanvullende maatregelen."),
    ("h", "Stand van zaken"),
    ("p", "Op dit moment staan ruim negenduizend bedrijven op een wachtlijst voor een aansluiting of een "
     "zwaardere aansluiting op het elektriciteitsnet.[1]"),
    ("table", "Tabel 1: Wachtrij voor afname per netbeheerder", [
        ["Netbeheerder", "Aanvragen", "Gehonoreerd", "Wachtend"],
        ["Liander", "4.210", "610", "3.600"],
        ["Stedin", "2.980", "420", "2.560"],
        ["Enexis", "3.150", "540", "2.610"]], "Bron: Netbeheer Nederland"),
    ("h", "Aanvullende maatregelen"),
    ("p", "Samen met de netbeheerders en de provincies zet ik in op snellere uitbreiding van het net en op "
     "beter gebruik van de bestaande capaciteit, bijvoorbeeld met flexibele contracten."),
    ("figure", "Landelijk Actieprogramma", ["Netbeheerders", "Provincies", "Bedrijven"]),
    ("p", "Over de voortgang van het actieprogramma informeer ik uw Kamer twee keer per jaar.[2]"),
], ["Kamerstuk 29 023, nr. 512.",
    "Zie https://www.netbeheernederland.nl/netcapaciteit"])
