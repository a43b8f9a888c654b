"""Readers of the born-digital formats (JSON, text, Word) and the checks every input passes first.

``check_input`` refuses what cannot be a document before any reader opens it;
``read_born_digital`` reads a checked JSON, text or Word file.  Scans and PDFs
are the OCR pipeline's (``ocr.pipeline``); the one function that picks between
them is ``ocr.dispatch.read_document`` (also ``ocr.read_document``).  Why split
so: the pipeline reads born-digital files too (a batch mixes them), so this
package sits below it and never imports it.
"""
from __future__ import annotations

from pathlib import Path

from ocr.errors import ReadError
from ocr.model import Document, ModelError

TEXT_SUFFIXES = {".txt", ".md"}
WORD_SUFFIXES = {".docx"}
JSON_SUFFIXES = {".json"}
SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}
SUPPORTED = TEXT_SUFFIXES | WORD_SUFFIXES | JSON_SUFFIXES | SCAN_SUFFIXES

#: The first bytes each binary format must start with: a renamed or truncated
#: file is refused with a clear message instead of a parser's traceback.
MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
}
_FORMAT_NAMES = {".pdf": "PDF", ".docx": "Word (.docx) file", ".png": "PNG image", ".jpg": "JPEG image",
                 ".jpeg": "JPEG image", ".tif": "TIFF image", ".tiff": "TIFF image"}


def check_input(path: Path | str) -> None:
    """Refuse what cannot be a document before any reader opens it.

    Missing file, a folder, an empty file, an unsupported type, a file whose
    first bytes do not match its type (a .pdf that is no PDF), an encrypted or
    damaged PDF, text that is not UTF-8 or only blank.  Each raises ``ReadError`` with a message that says what to do.
    """
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, not a document")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror}") from None
    if size == 0:
        raise ReadError(path, "file is empty")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ReadError(path, f"unsupported file type {suffix or '(none)'}; "
                              f"use one of {', '.join(sorted(SUPPORTED))}")
    magic = MAGIC.get(suffix)
    if magic:
        # a PDF may have a few junk bytes before its header; readers accept that
        window = head if suffix == ".pdf" else head[:8]
        if not any((m in window) if suffix == ".pdf" else window.startswith(m) for m in magic):
            raise ReadError(path, f"is not a {_FORMAT_NAMES[suffix]} (its content does not match the "
                                  f"{suffix} extension)")
    if suffix == ".pdf":
        _check_pdf(path)
    if suffix in TEXT_SUFFIXES | JSON_SUFFIXES:
        _check_text(path)


def _check_text(path: Path) -> None:
    """Text must be readable (UTF-8, UTF-16 with a byte-order mark or Windows-1252) and not blank."""
    from ocr.readers.plain import decode_text

    text, _ = decode_text(path.read_bytes(), path)
    if not text.strip():
        raise ReadError(path, "file has no text")


def _check_pdf(path: Path) -> None:
    """An encrypted or broken PDF gets a clear message (pdfminer, as pdfplumber uses)."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with path.open("rb") as fh:
            PDFDocument(PDFParser(fh))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError(path, "PDF is encrypted (password protected); save an unprotected copy") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ReadError(path, f"PDF is damaged and cannot be read ({type(exc).__name__})") from None


def read_born_digital(path: Path | str) -> Document:
    """A JSON, text or Word file (already passed ``check_input``) read into the model; ``ReadError`` on bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        try:
            return Document.from_json(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ReadError(path, "not UTF-8 text") from None
        except ModelError as exc:
            raise ReadError(path, str(exc)) from exc
    if suffix in TEXT_SUFFIXES:
        from ocr.readers.plain import read_plain

        return read_plain(path)
    if suffix in WORD_SUFFIXES:
        from ocr.readers.docx import read_docx

        return read_docx(path)
    raise ReadError(path, f"not a born-digital document ({suffix or 'no extension'}); scans go to the OCR pipeline")
