"""The layouts a DUO delivery may have: one text for ``drafter figures import --help`` and the importers.

Why a module of its own: the CLI shows it in ``--help`` without loading the importers.
"""
from __future__ import annotations

LAYOUTS = """\b
Accepted layouts (CSV with , ; or tab, or XLSX, one table per sheet):
  wide:  Peildatum | 2013 | 2014 | … | Totaal     (one row per peildatum)
  long:  series | peildatum | cohort | value     (other columns are dimensions)
Title rows above the header and a 'Toelichting' sheet are skipped; a row
starting with 'Bron' or '*' ends the table; DUO's Totaal must equal the sum
of the cohorts (else nothing is imported and the cell is named).
Example: corpus/figures/voorbeeld-levering-duo.csv (VOORBEELD, made-up numbers)."""
