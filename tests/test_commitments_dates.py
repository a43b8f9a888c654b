"""Dutch dates relative to the document date, and due moments resolved against
the parliamentary calendar (recess table in drafter/commitments/data)."""
from __future__ import annotations

import datetime as dt

import pytest

from drafter.commitments.dates import document_date, find_dates, next_letter_date, nl_date, recess, resolve_due

REF = dt.date(2023, 11, 22)


@pytest.mark.parametrize("text,iso", [
    ("op 27 september jl.", "2023-09-27"),
    ("van 13 april jl.", "2023-04-13"),
    ("het debat van 5 december jl.", "2022-12-05"),  # 'jl.': the latest one before the document
    ("op 27 september a.s.", "2024-09-27"),
    ("dat u in april heeft toegezegd", "2023-04"),  # a month stays a month
    ("in december van dit jaar", "2023-12"),
    ("15 oktober vorig jaar", "2022-10-15"),
    ("mei vorig jaar", "2022-05"),
    ("in april 20232 toegezegd", "2023-04"),  # footnote 2 glued to the year
    ("peildatum 01-05-2022", "2022-05-01"),
    ("op 22 november 2021", "2021-11-22"),
])
def test_find_dates(text: str, iso: str) -> None:
    assert find_dates(text, REF)[0][2] == iso


@pytest.mark.parametrize("due,iso", [
    ("voor 1 januari 2023", "2022-12-31"),
    ("na het zomerreces", "2024-09-03"),  # the 2023 recess is over on 22 November
    ("voor het kerstreces", "2023-12-21"),
    ("in de volgende uitvoeringsbrief", "2024-07-05"),  # before the summer recess of 2024
    ("in december van dit jaar", "2023-12-31"),
    ("eind dit jaar", "2023-12-31"),
    ("medio 2025", "2025-06-30"),
    ("medio maart", "2024-03-15"),
    ("in het tweede kwartaal van 2024", "2024-06-30"),
    ("Q3 2024", "2024-09-30"),
    ("voor de zomer van 2022", "2022-07-07"),
    ("in het voorjaar van 2024", "2024-06-20"),
    ("2024", "2024-12-31"),
    ("op korte termijn", "2024-02-20"),
    ("volgend jaar", "2024-12-31"),
])
def test_resolve_due(due: str, iso: str) -> None:
    assert resolve_due(due, REF).isoformat() == iso


def test_unresolvable_due_is_none() -> None:
    assert resolve_due("zodra de evaluatie gereed is", REF) is None


def test_recess_table_and_fallback() -> None:
    assert recess("zomerreces", 2023) == (dt.date(2023, 7, 7), dt.date(2023, 9, 4))
    start, end = recess("zomerreces", 2031)  # outside the table: the usual pattern, from a Friday
    assert start.weekday() == 4 and start.month == 7 and end.month in (8, 9)


def test_next_letter_comes_before_a_recess_at_least_six_weeks_away() -> None:
    assert next_letter_date(dt.date(2023, 9, 20)) == dt.date(2023, 12, 22)
    assert next_letter_date(dt.date(2023, 11, 22)) == dt.date(2024, 7, 5)


def test_document_date_from_header_or_latest_date() -> None:
    assert document_date("Den Haag, 17 december 2021\n\nGeachte voorzitter") == dt.date(2021, 12, 17)
    assert document_date("Datum\n24 november 2022") == dt.date(2022, 11, 24)
    assert document_date("op 1 mei 2022 en op 13 juli 2023 en 27 september a.s.") == dt.date(2023, 7, 13)
    assert document_date("x", {"date": "2024-03-01"}) == dt.date(2024, 3, 1)


def test_dutch_dates_for_people() -> None:
    assert nl_date("2021-11-01") == "1 november 2021"
    assert nl_date("2023-04") == "april 2023"


def test_dates_looked_forward_to_do_not_date_the_document() -> None:
    text = "Op 3 juni 2024 sprak ik met de VNG. De wet treedt per 1 januari 2025 in werking, uiterlijk 1 juli 2025."
    assert document_date(text) == dt.date(2024, 6, 3)
