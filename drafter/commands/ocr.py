"""``drafter ocr``: scans and documents -> structured documents (JSON, Markdown, Word).

A thin shell over ``ocr.batch``: it parses options, picks the executor and
prints the summary; the library does the work.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from drafter.errors import ExitCode, OutputNotWritable, ReadError
from ocr.output import FORMATS

if TYPE_CHECKING:  # the OCR pipeline (scipy, Tesseract) loads only when 'drafter ocr' runs
    from ocr.batch import BatchReport
    from ocr.pipeline import Settings


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; choose from "
                                 f"{', '.join(FORMATS)}", param_hint="--format")
    return formats


@click.command("ocr")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs. Without it, one input is printed to stdout (json or md).")
@click.option("--format", "formats", default="json", show_default=True,
              help="Output formats, comma-separated: json, md, docx.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for the pages [default: all cores].")
@click.option("--force", is_flag=True, help="Read every input again, even when a finished result is cached.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the pages on an existing Dask cluster (needs drafter[dask]; "
                   "inputs and OUTDIR must be on a folder the workers can reach).")
@click.option("--no-wait", is_flag=True,
              help="When another run is writing into OUTDIR, stop with one line instead of waiting for it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary unless something failed.")
@click.option("--apply-corrections", is_flag=True,
              help="INPUTS are OCR output folders: write their documents with the corrections made in "
                   "'drafter serve' (kept in the register, --db) applied into OUTDIR (JSON, Markdown, Word).")
@click.option("--db", help="With --apply-corrections: the register holding the corrections "
                           "(a SQLite file or URL; default $DRAFTER_DB).")
def ocr_command(inputs: tuple[str, ...], outdir: Path | None, formats: str, jobs: int | None, force: bool,
                scheduler: str | None, no_wait: bool, quiet: bool, apply_corrections: bool, db: str | None) -> None:
    """Read scans and documents into clean text, metadata and the minister's handwritten remarks.

    INPUT is a file (PDF, TIFF, PNG, JPEG, .docx, .txt, .md), a folder (searched
    recursively) or a glob. With -o, every input gets OUTDIR/<name>.json, .md
    and/or .docx (each remark a Word comment on its paragraph) and the crops of
    the handwriting in OUTDIR/<name>_crops/. Finished documents are cached in
    OUTDIR/.drafter-cache: running the same command again skips them and an
    interrupted batch resumes: each document is written as soon as its own
    pages are read, so a stopped run loses at most the documents in progress.
    One run at a time writes into OUTDIR: a second one waits for the first
    (saying so) or, with --no-wait, stops. A file that cannot be read is named
    in the summary and the others go on; the exit code is then 5 (3 when no
    input could be read, 6 when the outputs could not be written, 4 when
    Tesseract or poppler is missing). Ctrl-C and SIGTERM stop the run with
    exit code 130 and leave no temporary files.

    \b
    Example:
      drafter ocr nota.pdf --format json
      drafter ocr scans/ -o out/ --format json,md,docx
      drafter ocr 'scans/*.pdf' -o out/ --jobs 2
      drafter ocr scans/ -o out/ --scheduler tcp://10.0.0.5:8786
    """
    if apply_corrections:
        _apply_corrections(inputs, outdir, db, quiet)
        return
    from ocr.batch import dask_executor, run_batch, sigterm_interrupts
    from ocr.pipeline import Settings

    chosen = _formats(formats)
    settings = Settings()
    _require_programs(inputs, settings.lang)
    if outdir is None:
        try:
            with sigterm_interrupts():
                _to_stdout(inputs, chosen, settings, jobs)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        return

    executor, close = (None, None)
    if scheduler:
        executor, close = dask_executor(scheduler)
    try:
        with sigterm_interrupts():
            report = run_batch(inputs, outdir, chosen, executor=executor, jobs=jobs, force=force,
                               settings=settings, progress=not quiet, wait=not no_wait,
                               on_wait=lambda line: click.echo(line, err=True))
    except (ReadError, OutputNotWritable):
        raise
    except OSError as exc:  # the output folder or its lock cannot be made; per-document errors are in the report
        raise OutputNotWritable(outdir, exc.strerror or str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("Interrupted. Finished documents are kept; run the same command again to resume.", err=True)
        sys.exit(130)
    finally:
        if close:
            close()
    if len(report.failures) == 1 and not report.documents:
        click.echo(f"Error: {report.failures[0]}", err=True)  # one input, one line
    elif not quiet or not report.ok:
        click.echo(report.summary(), err=True)
    if not quiet and report.documents:
        click.echo(f"Results in {outdir}", err=True)
    sys.exit(_exit_code(report))


def _apply_corrections(inputs: tuple[str, ...], outdir: Path | None, db: str | None, quiet: bool) -> None:
    """The OCR output of each folder in ``inputs`` with the register's corrections applied, into OUTDIR."""
    from drafter import api

    if outdir is None:
        raise click.UsageError("--apply-corrections needs -o OUTDIR (the OCR output itself is never changed)")
    for name in inputs:
        folder = Path(name)
        if not folder.is_dir() or not any(folder.glob("*.json")):
            raise ReadError(folder, "is not an OCR output folder (no <name>.json in it)")
        if folder.resolve() == outdir.resolve():
            raise click.UsageError("-o must be another folder than the OCR output it corrects")
        try:
            done = api.apply_corrections(folder, outdir, db)
        except OSError as exc:
            raise OutputNotWritable(outdir, exc.strerror or str(exc)) from exc
        if not quiet:
            applied = sum(done.values())
            click.echo(f"{folder}: {len(done)} documents written to {outdir}, {applied} corrections applied", err=True)


def _exit_code(report: BatchReport) -> ExitCode:
    """OK; BATCH_PARTIAL when some inputs failed and others were done; else what the failures were."""
    if not report.failures:
        return ExitCode.OK
    if report.documents:
        return ExitCode.BATCH_PARTIAL
    if all(f.problem.startswith("cannot write output") for f in report.failures):
        return ExitCode.OUTPUT_NOT_WRITABLE
    return ExitCode.INPUT_FILE


def _require_programs(inputs: tuple[str, ...], lang: str) -> None:
    """Stop at once (exit code 4) when scans are to be read and Tesseract, its language pack or
    poppler is missing, instead of failing every document of the batch on its own."""
    if not any(_may_need_ocr(Path(name)) for name in inputs):
        return
    from ocr.raster import require_poppler
    from ocr.tesseract import require_tesseract

    require_poppler()
    require_tesseract(lang)


def _may_need_ocr(path: Path) -> bool:
    """Whether an input (a file, a folder, a glob) holds a readable PDF or image, which may need OCR.

    A file that fails ``check_input`` does not count: it is reported as unreadable (exit code 3)
    whether Tesseract is there or not."""
    from ocr.readers import SCAN_SUFFIXES

    if path.is_dir():
        return any(_readable_scan(p, SCAN_SUFFIXES) for p in path.rglob("*"))
    if set(str(path)) & set("*?["):
        return any(_readable_scan(p, SCAN_SUFFIXES) for p in path.parent.glob(path.name))
    return _readable_scan(path, SCAN_SUFFIXES)


def _readable_scan(path: Path, suffixes: set[str]) -> bool:
    from ocr.readers import check_input

    if path.suffix.lower() not in suffixes or not path.is_file():
        return False
    try:
        check_input(path)
    except ReadError:
        return False
    return True


def _to_stdout(inputs: tuple[str, ...], formats: tuple[str, ...], settings: Settings, jobs: int | None) -> None:
    """``drafter ocr FILE``: one document, printed; nothing written to disk."""
    if len(inputs) == 1 and Path(inputs[0]).is_dir():
        raise ReadError(inputs[0], "is a folder; add -o OUTDIR to read the documents in it")
    if len(inputs) != 1:
        raise click.UsageError("several inputs or a folder need an output folder: add -o OUTDIR")
    if formats not in (("json",), ("md",)):
        raise click.UsageError("without -o, choose one of --format json or --format md (docx needs -o OUTDIR)")
    from ocr.batch import read_to_memory
    from ocr.output.markdown import render_markdown

    path = Path(inputs[0])
    doc = read_to_memory(path, settings, jobs=jobs)
    click.echo(doc.to_json() if formats == ("json",) else render_markdown(doc), nl=formats == ("json",))

