"""Dutch formatting and the rounding rules the figures check judges letters by."""
from __future__ import annotations

from datetime import date

import pytest

from drafter import dutch


@pytest.mark.parametrize("value, text", [(2341, "2.341"), (0, "0"), (772849236, "772.849.236"), (6819.5, "6.820")])
def test_getal(value, text) -> None:
    assert dutch.getal(value) == text


@pytest.mark.parametrize("old, new, text", [
    (3500, 2872, "– 18%"), (514, 689, "+ 34%"), (39, 39, "0%"), (0, 0, "0%"), (0, 1, "n.v.t."),
    (114, 95, "– 17%"),  # -16,67% rounds to -17, not -16
    (43, 110, "+ 156%"),  # +155,8%
    (8, 10, "+ 25%"), (2, 1, "– 50%"), (200, 201, "+ 1%"),  # +0,5% rounds away from zero
])
def test_verschil_rule(old, new, text) -> None:
    assert dutch.verschil(old, new) == text


def test_half_rounds_away_from_zero_unlike_python_round() -> None:
    assert round(2.5) == 2 and dutch.round_half_away(2.5) == 3
    assert dutch.round_half_away(-2.5) == -3 and dutch.round_half_away(-2.49) == -2


def test_shares_add_up_to_100_by_largest_remainder() -> None:
    assert dutch.shares([7125, 1896, 304]) == [77, 20, 3]  # plain rounding gives 76 + 20 + 3 = 99
    assert dutch.shares([12883, 3558, 621]) == [75, 21, 4]  # plain rounding gives 101
    assert dutch.shares([0, 0]) == [0, 0]


def test_dates() -> None:
    letter = date(2023, 9, 15)
    assert dutch.datum(date(2021, 11, 1)) == "1 november 2021"
    assert dutch.relatief(date(2023, 7, 13), letter) == "13 juli jl."
    assert dutch.relatief(date(2023, 9, 27), letter) == "27 september a.s."
    assert dutch.relatief(date(2022, 10, 15), letter) == "15 oktober 2022"
    assert dutch.datum_kort(date(2022, 5, 1)) == "01-05-2022"


def test_comparison_sentences_carry_both_numbers() -> None:
    assert dutch.vergelijking(2102, 2341) == "gestegen van 2.102 naar 2.341"
    assert dutch.vergelijking(2396, 2341) == "gedaald van 2.396 naar 2.341"
    assert "gelijk gebleven" in dutch.vergelijking(861, 861) and "861" in dutch.vergelijking(861, 861)


def test_reading_back_what_letters_write() -> None:
    assert dutch.parse_change("– 16%") == -16 and dutch.parse_change("+ 34%") == 34 and dutch.parse_change("0%") == 0
    assert dutch.parse_getal("1.006") == 1006
    with pytest.raises(ValueError):
        dutch.parse_getal("1,5")
