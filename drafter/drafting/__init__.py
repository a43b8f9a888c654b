"""Drafting the uitvoeringsbrief and its nota: spec, sandboxed templates, markup, .docx writer with footnotes."""
