"""THE commitment model: what a toezegging or motie is, wherever it is found.

One module so that the extractor, the tracker, the reports, the Tweede Kamer
register import/export and the drafting helper all speak the same structure.
The field names follow the hand labels in ``shared/gold/commitments`` (see its
README), so extraction output can be scored without translation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import Any

KINDS = ("toezegging", "motie")


class Status(str, Enum):
    """Life cycle of a commitment in the register.

    ``due`` means the moment has come (falls due in the next letter), ``overdue``
    that the moment has passed without a fulfilling document.
    """

    OPEN = "open"
    DUE = "due"
    OVERDUE = "overdue"
    FULFILLED = "fulfilled"
    LAPSED = "lapsed"


STATUS_NL = {
    Status.OPEN: "openstaand",
    Status.DUE: "aan de beurt",
    Status.OVERDUE: "te laat",
    Status.FULFILLED: "afgedaan",
    Status.LAPSED: "vervallen",
}


@dataclass
class Commitment:
    """One toezegging or motie as one document mentions it.

    ``made_on`` is ISO ``YYYY-MM-DD`` or the reduced form ``YYYY-MM`` when the
    text only gives a month; ``due`` is the moment as written and ``due_date``
    its resolution (ISO), where one is possible.  ``quote`` is the sentence
    exactly as in the source (footnote digits and OCR errors included).
    """

    kind: str
    members: list[str] = field(default_factory=list)
    party: str | None = None
    made_on: str | None = None
    made_in: str | None = None
    kamerstuk: str | None = None
    subject: str = ""
    due: str | None = None
    due_date: str | None = None
    fulfilled_here: bool = False
    new_here: bool = False
    quote: str = ""
    chamber: str = "TK"  # the Kamer the promise was made to or the motie adopted by: "TK" or "EK"
    motie_status: str | None = None  # a motie's fate as the text states it: aangenomen, aangehouden, verworpen, …
    recurrence: str | None = None  # a recurring promise: 'jaarlijks', 'elk half jaar', …
    source: str = ""
    page: int | None = None
    block: str | None = None
    # Register fields: filled by the tracker, empty for a fresh extraction.
    id: int | None = None
    status: str | None = None
    fulfilled_by: str | None = None
    document_date: str | None = None  # ISO date of the document that mentions it
    tk_nummer: str | None = None  # the Tweede Kamer's register number, once reconciled

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown commitment kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Commitment:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def due_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.due_date) if self.due_date else None

    def label(self) -> str:
        """Short Dutch name for tables: 'motie Van Meenen/Paternotte'."""
        who = "/".join(self.members)
        return f"{self.kind} {who}".strip() if who else self.kind


@dataclass
class Mention:
    """A commitment as seen in one document: the tracker's unit of history."""

    commitment: Commitment
    document: str  # source path or name
    document_hash: str
    document_date: str | None
    fulfils: bool = False
    merge_reason: str | None = None  # why the tracker attached it to an existing record
    id: int | None = None  # the mention's number in the register (for 'split')


@dataclass
class StatusChange:
    """A manual or automatic change of status, with who, when and why."""

    commitment_id: int
    old: str | None
    new: str
    who: str
    when: str
    why: str
