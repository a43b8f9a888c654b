"""``drafter ocr``: documents and scans -> structured document (JSON, Markdown)."""
from __future__ import annotations

from pathlib import Path

import click

from ocr.pipeline import process_document


@click.command("ocr")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "formats", default="json", show_default=True,
              help="Output formats, comma-separated: json, md, docx.")
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path),
              help="Folder for the outputs; without it the result goes to stdout.")
def ocr_command(inputs: tuple[Path, ...], formats: str, outdir: Path | None) -> None:
    """Read scans and documents into clean text, metadata and annotations.

    \b
    Example:
      drafter ocr nota.pdf --format json
      drafter ocr scans/*.pdf -o out/ --format json,md,docx
    """
    for path in inputs:
        doc = process_document(path)
        click.echo(doc.to_json())
