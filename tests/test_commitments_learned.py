"""The shipped commitment sentence classifier (drafter/commitments/learned.py)."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from drafter.commitments import learned
from drafter.commitments.extract import extract
from drafter.errors import DrafterError
from ocr import read_document
from ocr.model import Block, Document

OWN_LETTER = Path(__file__).parent / "data" / "commitments_dev" / "h1_letter_juni2024.txt"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network used")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_shipped_model_loads_without_network_and_is_small(no_network):
    nlp = learned.spacy.load(learned.MODEL_DIR)  # a fresh load, not the cached one
    assert set(nlp.get_pipe("textcat").labels) == set(learned.LABELS)
    size = sum(f.stat().st_size for f in learned.MODEL_DIR.rglob("*") if f.is_file())
    assert size < 5_000_000


def test_classifier_separates_a_promise_from_plain_text():
    nlp = learned.load_model()
    promise, plain = nlp.pipe([
        "Ik heb uw Kamer toegezegd voor de zomer een brief te sturen over de evaluatie van de wet.",
        "De gemeente heeft in 2023 ruim vierhonderd mensen begeleid naar werk.",
    ])
    assert learned.positive_score(promise.cats) > 0.5 > learned.positive_score(plain.cats)


def test_augment_keeps_every_rule_found_commitment_of_our_own_letter():
    doc = read_document(OWN_LETTER)
    found = extract(doc)
    assert found
    for threshold in (0.05, learned.DEFAULT_THRESHOLD):
        out = learned.augment(doc, found, threshold=threshold)
        assert out[:len(found)] == found
        assert len(out) >= len(found)
    # a very low bar adds sentences, but never one a rule-found commitment already quotes
    added = learned.augment(doc, found, threshold=0.05)[len(found):]
    assert added
    assert not any(learned.same_quote(a.quote, c.quote) for a in added for c in found)


def _doc(*paragraphs: str) -> Document:
    blocks = [Block(id=f"b{i}", page=1, kind="paragraph", text=t) for i, t in enumerate(paragraphs, 1)]
    return Document(source="brief.txt", blocks=blocks)


def test_a_confident_sentence_becomes_a_commitment_with_the_extractors_fields():
    motie = ("Op 12 maart 2024 is de motie van het lid Becker (VVD) aangenomen die de regering verzoekt "
             "de Kamer voor 1 juli 2024 te informeren over de wachtlijsten.")
    doc = _doc(motie, "Het aantal aanvragen is gestegen.")
    scored = [(s, {"MOTIE": 0.9, "TOEZEGGING": 0.05, "NONE": 0.05} if "motie" in s.text
               else {"MOTIE": 0.01, "TOEZEGGING": 0.01, "NONE": 0.98}) for s in learned.sentences(doc)]
    out = learned.augment_scored(doc, [], scored, threshold=0.5)
    assert len(out) == 1
    c = out[0]
    assert (c.kind, c.members, c.party, c.motie_status, c.block) == ("motie", ["Becker"], "VVD", "aangenomen", "b1")
    assert c.due == "voor 1 juli 2024"
    # the same sentence already found by a rule is not added twice
    assert learned.augment_scored(doc, out, scored, threshold=0.5) == out


def test_a_missing_model_is_one_clear_error(tmp_path):
    with pytest.raises(DrafterError, match="no trained commitment classifier"):
        learned.load_model(tmp_path)
