"""A register built from real documents of ../shared/realcorpus and letters we write ourselves
that cite the same moties: repeated mentions of one motie merge into one record with its
history, different moties stay apart.  The corpus's development part has no motie cited in two
of its documents, so the second mention of each is a letter of our own (texts below)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from drafter.commitments.tracker import Tracker

SHARED = Path(os.environ.get("DRAFTER_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "realcorpus"

#: Our own follow-up letters (written for this test), citing the moties of two Handelingen
#: items of the corpus; one also names a different motie of the same member.
FOLLOW_UP_SZW = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 4 november 2019

Betreft Aanpak fraude bij taalscholen

De motie van de leden Paternotte en Gijs van Dijk (Kamerstuk 32 824, nr. 266) verzoekt de regering een inventarisatie te maken van initiatieven die fraude bij inburgering voorkomen. Met deze brief geef ik uitvoering aan deze motie.

De motie van het lid Paternotte (Kamerstuk 32 824, nr. 270) over gezinsmigranten betrek ik bij de uitwerking van het nieuwe stelsel.
"""

FOLLOW_UP_JV = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Datum 2 juni 2020

Betreft Tolken en vertalers

De motie van de leden Van Nispen, Van Ojik, Azarkan en Kuiken (Kamerstuk 29 936, nr. 51) vraagt af te zien van de voorgenomen aanbesteding van tolk- en vertaaldiensten. Ik kom in het najaar van 2020 bij uw Kamer terug op deze motie.
"""


@pytest.fixture()
def register(tmp_path: Path) -> Tracker:
    if not CORPUS.is_dir():
        pytest.skip(f"no realcorpus at {CORPUS} (../shared is absent)")
    tracker = Tracker(str(tmp_path / "register.sqlite"))
    yield tracker
    tracker.engine.dispose()


def _import(tracker: Tracker, tmp_path: Path) -> list:
    ours_szw = tmp_path / "brief_fraude_taalscholen.txt"
    ours_szw.write_text(FOLLOW_UP_SZW, encoding="utf-8")
    ours_jv = tmp_path / "brief_tolken.txt"
    ours_jv.write_text(FOLLOW_UP_JV, encoding="utf-8")
    docs = {
        CORPUS / "szw_hand_vao_inburgering_2019.txt": dt.date(2019, 7, 3),
        CORPUS / "jv_hand_vao_tolken_2020.txt": dt.date(2020, 3, 4),
        ours_szw: dt.date(2019, 11, 4),
        ours_jv: dt.date(2020, 6, 2),
    }
    tracker.import_documents(list(docs), {str(p): d for p, d in docs.items()})
    return tracker.records()


def test_one_motie_cited_in_the_handelingen_and_a_later_letter_is_one_record(register: Tracker, tmp_path: Path) -> None:
    records = _import(register, tmp_path)
    moties = [c for c in records if c.kind == "motie"]
    paternotte = [c for c in moties if c.kamerstuk == "32 824, nr. 266"]
    assert len(paternotte) == 1, [(c.kamerstuk, c.members) for c in moties]
    history = register.get(paternotte[0].id)["mentions"]
    assert len(history) == 2
    assert paternotte[0].status == "fulfilled"  # our letter carries it out
    tolken = [c for c in moties if c.kamerstuk == "29 936, nr. 51"]
    assert len(tolken) == 1 and len(register.get(tolken[0].id)["mentions"]) == 2


def test_a_different_motie_of_the_same_member_stays_apart(register: Tracker, tmp_path: Path) -> None:
    records = _import(register, tmp_path)
    numbers = sorted(c.kamerstuk for c in records if c.kind == "motie" and "Paternotte" in c.members)
    assert numbers == ["32 824, nr. 266", "32 824, nr. 270"]


def test_reimporting_the_same_documents_changes_nothing(register: Tracker, tmp_path: Path) -> None:
    first = [(c.id, c.kamerstuk, c.status) for c in _import(register, tmp_path)]
    again = [(c.id, c.kamerstuk, c.status) for c in _import(register, tmp_path)]
    assert first == again
