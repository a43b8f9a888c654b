"""The figures store, its importers, tables rebuilt from it, and the consistency check of letters."""
