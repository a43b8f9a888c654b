"""The one way drafter writes a file: a temp file in the same folder, flushed to disk, then ``os.replace``.

Why: an interrupted run (or a power cut) must never leave a half-written
output that a later run, or a colleague, mistakes for a result.  The temp
file is fsynced before the rename and the folder after it, so after a crash
the name points at either the old or the new contents, never at an empty
file.  Lives in ``ocr`` (the lower layer) so the application uses the same
function.  A run that is killed outright can leave a ``.NAME.XXXXXXXX.tmp``
behind; ``is_leftover`` recognises those so the next run can remove them.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from ocr.errors import OutputNotWritable

#: ``tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")`` names: eight random characters in between.
_LEFTOVER = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def atomic_write(path: Path, data: bytes | str | Callable[[Path], None]) -> Path:
    """Write ``data`` (bytes, text, or a function that writes a given path) to ``path`` atomically."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a read-only or full disk, a file where the folder should be: exit code 6
        raise OutputNotWritable(path, exc.strerror or str(exc)) from exc
    tmp = Path(tmp_name)
    try:
        if callable(data):
            os.close(fd)
            data(tmp)
            _fsync_file(tmp)
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
    return path


def _fsync_file(path: Path) -> None:
    """Flush a file another function wrote (and closed) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def is_leftover(path: Path) -> bool:
    """Whether ``path`` is the temp file of an ``atomic_write`` that never got to its rename."""
    return bool(_LEFTOVER.match(path.name))
