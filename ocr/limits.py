"""Size limits for zipped office files (.docx, .xlsx), checked before any parser opens them.

A .docx or .xlsx is a zip archive.  A few kilobytes of zip can hold gigabytes
of zeros (a "zip bomb"); python-docx and openpyxl would inflate all of it and
spend minutes and gigabytes of memory doing so.  ``check_zip_limits`` reads
only the archive's central directory (cheap, no inflating) and refuses an
archive whose members add up to more than ``MAX_UNCOMPRESSED_BYTES`` (200 MB),
that has more than ``MAX_MEMBERS`` members, or whose large members are
compressed more than ``MAX_RATIO`` times.

The sizes in the directory can be trusted as an upper bound: Python's
``zipfile`` (which both python-docx and openpyxl use) stops inflating a member
at its declared size and checks the CRC, so a member that lies about its size
fails to read instead of growing past the limit.

This module is part of ``ocr`` (which never imports ``drafter``); the figures
importer in ``drafter`` calls it too.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ocr.errors import ReadError

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
"""Largest total uncompressed size of a .docx/.xlsx we open (200 MB)."""

MAX_MEMBERS = 10_000
"""Most files one archive may hold; a real letter or delivery has a few dozen."""

MAX_RATIO = 250
"""Largest compression ratio of one member, checked for members above ``RATIO_FLOOR_BYTES``.

Office XML compresses 5-50 times; a block of zeros compresses about 1000 times."""

RATIO_FLOOR_BYTES = 16 * 1024 * 1024
"""Members smaller than this (16 MB) are not ratio-checked: small and harmless either way."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_zip_limits(path: Path | str, *, max_bytes: int = MAX_UNCOMPRESSED_BYTES,
                     max_members: int = MAX_MEMBERS, max_ratio: float = MAX_RATIO) -> None:
    """Refuse (``ReadError``, one line) a zip-based office file that would inflate too far.

    Not a zip at all is left to the format's own reader, which says so in its
    own words; only a readable archive over a limit is refused here."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # the reader itself reports "not a readable … file"
    if len(members) > max_members:
        raise ReadError(path, f"refused: {len(members)} files inside the archive (limit {max_members})")
    total = 0
    for info in members:
        total += info.file_size
        if total > max_bytes:
            raise ReadError(path, f"refused: would unpack to more than {_mb(max_bytes)} "
                                  "(the limit for .docx/.xlsx; a zip bomb or a far too large file)")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise ReadError(path, f"refused: {info.filename} is compressed {ratio:.0f} times "
                                  f"(limit {max_ratio:.0f}; a zip bomb?)")
