"""What the sentence classifier says of one sentence (or clause).

A module of its own because both the rules that make verdicts and the field finders
that turn them into commitments need it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Verdict:
    """What one sentence is, according to the classifier component."""

    start: int  # char offsets in the doc
    end: int
    role: str  # commitment | anaphor | aggregate
    kind: str | None = None
    new: bool = False
    fulfils: bool = False
    anaphor_kind: str | None = None
    clause: tuple[int, int] | None = None  # the part of the sentence this commitment is in
    chamber: str | None = None  # "EK" when the sentence names the Eerste Kamer
    recurrence: str | None = None  # 'jaarlijks', 'drie keer per jaar': a promise that recurs
