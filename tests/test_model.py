"""The shared document model and its JSON contract."""
from __future__ import annotations

import json

import jsonschema
import pytest

from ocr.model import Annotation, Block, Document, ModelError, Page, load_schema


def sample() -> Document:
    doc = Document(source="x.pdf", pages=[Page(1, 595.3, 841.9, "ocr")], metadata={"Datum": "22 november 2023"})
    doc.blocks.append(Block("b1", 1, "heading", "Aanleiding", (80, 100, 200, 112), "Aanleiding", 0.97))
    doc.blocks.append(Block("b2", 1, "paragraph", "Het is gebruikelijk.", (80, 120, 450, 160), "Aanleiding", 0.95))
    doc.annotations.append(Annotation("a1", 1, "note", "Eens", (470, 120, 520, 140), "b2", 0.6, "x/a1.png"))
    return doc


def test_json_round_trip_is_lossless_and_valid() -> None:
    doc = sample()
    data = json.loads(doc.to_json())
    jsonschema.validate(data, load_schema())
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.annotations_of("b2")[0].text == "Eens"
    assert [b.id for b in again.body()] == ["b1", "b2"]


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ModelError):
        Block("b1", 1, "sidebar", "x")
    with pytest.raises(ModelError):
        Document.from_json('{"source": "x", "blocks": [{"id": "b", "page": 1, "kind": "bogus", "text": ""}]}')


def test_schema_rejects_a_document_without_annotations() -> None:
    data = sample().to_dict()
    del data["annotations"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())
