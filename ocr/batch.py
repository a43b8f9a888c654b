"""Batch OCR: many documents, their pages spread over worker processes, resumable.

``run_batch`` sends the plans and then the pages of *all* documents into one
``concurrent.futures.Executor`` (a process pool by default, a Dask cluster with
``dask_executor``), assembles each document as soon as its last page is back,
writes the outputs atomically and records the result in a cache keyed by the
input's content and the settings.  A rerun, or a run after an interruption,
skips every document that is already finished; ``force=True`` redoes them.  A
document that fails is reported with one line and does not stop the others,
even when it kills its worker process (the pool is replaced, see ``read_documents``).

Pages are handed to the executor in document order, a few more than there are
workers, and a document whose last page is back is assembled before any further
page: the first documents of a batch are finished (outputs and cache entry
written) while the rest is still being read, so a kill loses at most the
documents in progress.

One writer per output folder: a run holds ``OUTDIR/.drafter-cache/lock``
(``lockf``) while it works, and a second run into the same folder waits for it.
Each run has its own work folder (``drafter-ocr-<pid>-XXXX`` in the temp folder),
which it removes on exit, also after Ctrl-C or SIGTERM (``sigterm_interrupts``);
what a killed run left behind (stale work folders, ``.NAME.XXXXXXXX.tmp`` files) is
removed by the next run.

The work functions only take and return picklable values (paths, ``PageTask``,
``PageResult``, ``Document``), so any executor can run them; ``workdir`` paths
must be reachable from the workers (a shared folder when the cluster spans
machines).
"""
from __future__ import annotations

import concurrent.futures as cf
import errno
import fcntl
import glob
import hashlib
import heapq
import itertools
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ocr.atomic import is_leftover
from ocr.errors import ReadError
from ocr.model import Document
from ocr.output import FORMATS, atomic_write, output_paths, write_outputs
from ocr.pipeline import SCAN_SUFFIXES, PageResult, PageTask, Settings, assemble, plan, process_page
from ocr.readers import check_input

#: Suffixes picked up when a folder is given; explicit files of other types are tried anyway.
KNOWN_SUFFIXES = (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg", ".docx", ".txt", ".md")
CACHE_DIR = ".drafter-cache"
LOCK_FILE = "lock"  # OUTDIR/.drafter-cache/lock: held (lockf) by the run writing into OUTDIR
WORK_PREFIX = "drafter-ocr-"  # work folders: drafter-ocr-<pid>-XXXXXXXX
OWNER_FILE = "owner.lock"  # inside a work folder: held (flock, so also by its workers) while its run lives
_GLOB_CHARS = set("*?[")


# -- results -----------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One input that could not be read: the file and a one-line problem."""

    path: Path
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class DocumentOutcome:
    """One document that is done: where its outputs are and whether it came from the cache."""

    source: Path
    outputs: dict[str, Path]
    pages: int
    annotations: int
    cached: bool
    warnings: list[str] = field(default_factory=list)  # e.g. printed words read but not placed (ocr.layout)


@dataclass
class BatchReport:
    documents: list[DocumentOutcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    pages_read: int = 0  # pages read in this run (cached documents excluded)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 2 when any failed (the CLI's convention for bad input)."""
        return 0 if self.ok else 2

    @property
    def pages_per_second(self) -> float:
        return self.pages_read / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """A few lines for the end of a run: counts, speed, and each failure on its own line."""
        cached = sum(d.cached for d in self.documents)
        read = len(self.documents) - cached
        total = len(self.documents) + len(self.failures)
        line = (f"{total} document{'s' if total != 1 else ''}: {read} read, {cached} already done (cache), "
                f"{len(self.failures)} failed")
        if self.pages_read:
            line += (f"; {self.pages_read} page{'s' if self.pages_read != 1 else ''} in {self.seconds:.1f} s "
                     f"({self.pages_per_second:.2f} pages/s)")
        lines = [line]
        warned = [d for d in self.documents if d.warnings]
        if warned:
            lines.append("Warnings:")
            lines += [f"  {d.source}: {w}" for d in warned for w in d.warnings]
        if self.failures:
            lines.append("Failed:")
            lines += [f"  {failure}" for failure in self.failures]
        return "\n".join(lines)


# -- inputs ------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    """One document of the batch and the name of its outputs (relative to the output folder)."""

    path: Path
    stem: str  # e.g. "nota_2022" or "2022/nota" for a file found in a sub-folder


def expand_inputs(inputs: Iterable[str | Path], outdir: Path | None = None) -> tuple[list[BatchInput], list[Failure]]:
    """Files, folders (recursive, known suffixes) and globs -> documents with unique output stems."""
    found: list[tuple[Path, str]] = []
    failures: list[Failure] = []
    skip = (outdir.resolve(),) if outdir else ()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = [f for f in sorted(path.rglob("*")) if _wanted(f, path, skip)]
            if not files:
                failures.append(Failure(path, "no documents found in folder "
                                              f"(looked for {', '.join(KNOWN_SUFFIXES)})"))
            found += [(f, f.relative_to(path).with_suffix("").as_posix()) for f in files]
        elif not path.exists() and _GLOB_CHARS & set(str(item)):
            matches = [Path(m) for m in sorted(glob.glob(str(item), recursive=True)) if Path(m).is_file()]
            if not matches:
                failures.append(Failure(path, "no file matches this pattern"))
            found += [(m, m.stem) for m in matches]
        else:
            found.append((path, path.stem))  # a missing or odd file fails later, with its own message

    documents: list[BatchInput] = []
    seen_paths: set[Path] = set()
    used_stems: set[str] = set()
    for path, stem in found:
        resolved = path.resolve()
        if resolved in seen_paths:
            continue
        seen_paths.add(resolved)
        stem = _unique(stem, path.suffix, used_stems)
        used_stems.add(stem.lower())
        documents.append(BatchInput(path, stem))
    return documents, failures


def _wanted(file: Path, root: Path, skip: tuple[Path, ...]) -> bool:
    """A document inside ``root``: known suffix, not hidden, not inside the output folder."""
    if not file.is_file() or file.suffix.lower() not in KNOWN_SUFFIXES:
        return False
    if any(part.startswith(".") for part in file.relative_to(root).parts):
        return False
    resolved = file.resolve()
    return not any(resolved.is_relative_to(s) for s in skip)


def _unique(stem: str, suffix: str, used: set[str]) -> str:
    """'nota' for nota.pdf; 'nota-txt' for a nota.txt in the same batch; then 'nota-txt-2', ..."""
    if stem.lower() not in used:
        return stem
    candidate = f"{stem}-{suffix.lstrip('.').lower() or 'file'}"
    number = 2
    unique = candidate
    while unique.lower() in used:
        unique = f"{candidate}-{number}"
        number += 1
    return unique


# -- cache -------------------------------------------------------------------------


def cache_key(path: Path, settings: Settings) -> str:
    """Content hash of the input plus the settings: the same bytes read the same way give the same result."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror or exc})") from None
    return f"{digest.hexdigest()[:24]}-{settings.key()}"


class Cache:
    """Finished documents under ``OUTDIR/.drafter-cache``: ``<key>.json`` plus ``<key>.crops/``.

    The JSON entry is written last, so its presence means the document is complete.
    Image paths inside an entry are relative to the cache folder.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def entry(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def load(self, key: str) -> Document | None:
        entry = self.entry(key)
        if not entry.is_file():
            return None
        try:
            doc = Document.from_json(entry.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            return None  # a damaged entry is simply redone
        if any(a.image and not (self.root / a.image).is_file() for a in doc.annotations):
            return None
        return doc

    @staticmethod
    def workdir(key: str, run_folder: Path) -> Path:
        """A scratch folder for one document (rasters, crops) inside the run's own work folder;
        removed when the document is stored.  Why per run: two runs reading the same file
        must never clear each other's crops."""
        work = run_folder / key
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        return work

    def store(self, key: str, doc: Document, workdir: Path) -> Document:
        """Keep the document and its crops; returns the document with cache-relative image paths."""
        crops = self.root / f"{key}.crops"
        shutil.rmtree(crops, ignore_errors=True)
        annotations = []
        for note in doc.annotations:
            if note.image:
                source = Path(note.image) if Path(note.image).is_absolute() else workdir / note.image
                if source.is_file():
                    target = crops / f"{note.id}{source.suffix or '.png'}"
                    atomic_write(target, source.read_bytes())
                    note = replace(note, image=target.relative_to(self.root).as_posix())
                else:
                    note = replace(note, image=None)
            annotations.append(note)
        stored = replace(doc, annotations=annotations)
        atomic_write(self.entry(key), stored.to_json())
        shutil.rmtree(workdir, ignore_errors=True)
        return stored


def _place_outputs(doc: Document, key: str, cache: Cache, item: BatchInput, outdir: Path,
                   formats: tuple[str, ...], only_missing: bool) -> dict[str, Path]:
    """Copy the crops next to the outputs (``<stem>_crops/``) and write the requested formats.

    With ``only_missing`` (a cache hit) outputs already written from this same cache entry
    are kept as they are; a marker per output stem records which entry that was.
    """
    paths = output_paths(outdir, item.stem, formats)
    marker = cache.root / "outputs" / f"{item.stem}.key"
    same_entry = marker.is_file() and marker.read_text(encoding="utf-8") == key
    wanted = [f for f in formats if not (only_missing and same_entry and paths[f].is_file())]
    if not wanted:
        return paths
    name = Path(item.stem).name
    folder = (outdir / item.stem).parent  # where the JSON goes; image paths are relative to it
    crops = folder / f"{name}_crops"
    annotations = []
    for note in doc.annotations:
        if note.image:
            crop = cache.root / note.image
            target = crops / crop.name
            if not target.is_file() or target.read_bytes() != crop.read_bytes():
                atomic_write(target, crop.read_bytes())
            note = replace(note, image=target.relative_to(folder).as_posix())
        annotations.append(note)
    kept = {folder / a.image for a in annotations if a.image}
    for old in crops.glob("*.png") if crops.is_dir() else ():
        if old not in kept:
            old.unlink()  # a crop of an earlier reading of this file that no remark refers to now
    placed = replace(doc, source=str(item.path), annotations=annotations)
    write_outputs(placed, folder, name, wanted)
    atomic_write(marker, key)
    return paths


# -- one writer per output folder, a work folder per run ----------------------------


_HELD_HERE: dict[Path, threading.Lock] = {}  # output folders locked by this process: lock file -> its lock
_HELD_HERE_GUARD = threading.Lock()


@contextmanager
def output_lock(outdir: Path, wait: bool = True,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``OUTDIR/.drafter-cache/lock`` for the body: one run at a time writes into a folder.

    Why: two runs into one folder share the cache, the crops folders and the outputs,
    and would remove or overwrite each other's files.  A second run waits (``on_wait``
    gets one line saying so) or, with ``wait=False``, raises ``ReadError`` naming the
    folder.  The lock is a POSIX record lock (``lockf``): the kernel releases it when the
    holder dies, even by SIGKILL, and, unlike ``flock``, worker processes forked during
    the run do not inherit it (a pool that outlives the run would otherwise keep the
    folder locked).  Record locks do not exclude threads of one process, so a lock per
    folder in this process does that.
    """
    lock = outdir / CACHE_DIR / LOCK_FILE
    lock.parent.mkdir(parents=True, exist_ok=True)
    with _HELD_HERE_GUARD:
        here = _HELD_HERE.setdefault(lock.resolve(), threading.Lock())
    with _held(here, outdir, wait, on_wait), _locked_file(lock, outdir, wait, on_wait) as fd:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield


@contextmanager
def _held(here: threading.Lock, outdir: Path, wait: bool, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    """This process's own lock on the folder (another thread of ours may be writing into it)."""
    if not here.acquire(blocking=False):
        # not read from the lock file: closing any handle of it would drop the other thread's lock
        _busy(str(os.getpid()), outdir, wait, on_wait)
        here.acquire()
    try:
        yield
    finally:
        here.release()


@contextmanager
def _locked_file(lock: Path, outdir: Path, wait: bool, on_wait: Callable[[str], None] | None) -> Iterator[int]:
    """The lock file, open and locked against other processes; closing it releases the lock."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            _busy(os.pread(fd, 32, 0).decode("ascii", "replace").strip(), outdir, wait, on_wait)
            fcntl.lockf(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def _busy(holder: str, outdir: Path, wait: bool, on_wait: Callable[[str], None] | None) -> None:
    """Another run (process ``holder``) holds the folder: raise (``wait=False``) or say once that this run waits."""
    busy = f"another drafter ocr run{f' (pid {holder})' if holder.isdigit() else ''} is writing into this folder"
    if not wait:
        raise ReadError(outdir, f"{busy}; run again when it is done")
    if on_wait:
        on_wait(f"{outdir}: {busy}; waiting until it is done")


@contextmanager
def work_folder(root: Path | None = None) -> Iterator[Path]:
    """A scratch folder of this run alone, ``drafter-ocr-<pid>-XXXXXXXX`` in ``root`` (default: the
    temp folder), removed on exit.  An owner lock inside it is held while the run lives, so the next
    run can tell a stale folder (its run was killed) from a busy one (``remove_stale_work_folders``)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=root))
    fd = -1
    try:
        fd = os.open(folder / OWNER_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd >= 0:
            os.close(fd)


_WORK_NAME = re.compile(rf"^{re.escape(WORK_PREFIX)}(\d+)-")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but belongs to someone else
    return True


def _is_stale(folder: Path) -> bool:
    """A work folder whose run is gone: its owner process is dead and nobody holds its owner lock
    (worker processes of a killed run inherit the lock until they end, see ``_exit_with_parent``)."""
    match = _WORK_NAME.match(folder.name)
    if not match or not folder.is_dir() or folder.is_symlink() or _process_alive(int(match[1])):
        return False
    try:
        fd = os.open(folder / OWNER_FILE, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # still in use
    finally:
        os.close(fd)
    return True


def remove_stale_work_folders(*roots: Path | None) -> int:
    """Remove the work folders of killed runs in ``roots`` (None: the temp folder); how many."""
    removed = 0
    for root in roots:
        base = Path(root) if root is not None else Path(tempfile.gettempdir())
        try:
            candidates = [p for p in base.iterdir() if p.name.startswith(WORK_PREFIX)]
        except OSError:
            continue
        for folder in candidates:
            if _is_stale(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed


def remove_leftovers(outdir: Path, items: Iterable[BatchInput]) -> int:
    """Under the output lock: remove what killed runs left in ``outdir`` -- ``.NAME.XXXXXXXX.tmp``
    files of interrupted atomic writes (in the folders this batch writes to and in the cache), work
    folders of the old layout (``<key>.work``) and of killed runs in the cache; how many.

    Why only those folders: ``-o`` may point at a large folder (``-o .``) that is not ours to scan.
    """
    cache = outdir / CACHE_DIR
    removed = remove_stale_work_folders(None, cache)
    for old in cache.glob("*.work"):
        shutil.rmtree(old, ignore_errors=True)  # no run can be using it: we hold the lock
        removed += 1
    folders = {outdir}
    for item in items:
        folder = (outdir / item.stem).parent
        folders |= {folder, folder / f"{Path(item.stem).name}_crops"}
    files = [f for folder in folders if folder.is_dir() for f in folder.iterdir()]
    files += cache.rglob("*.tmp") if cache.is_dir() else []
    for file in files:
        if is_leftover(file) and file.is_file():
            file.unlink(missing_ok=True)
            removed += 1
    return removed


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (``kill``, a service manager, a CI timeout) ends a run the way Ctrl-C does: as a
    ``KeyboardInterrupt`` in the main thread, so every ``finally`` runs and no temp file stays.
    A second SIGTERM during that clean-up is ignored.  Outside the main thread: no change."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- work done in the workers ------------------------------------------------------


@dataclass(frozen=True)
class _Failed:
    """What a worker returns instead of raising, so no exception has to cross a process boundary."""

    problem: str


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ReadError):
        return exc.problem
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _init_worker() -> None:
    """Each worker runs one Tesseract at a time; Tesseract's own threads only slow a full machine down."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def _init_pool_process(tempdir: str | None = None, parent: int | None = None) -> None:
    """Initializer of our own worker processes: single-threaded Tesseract, and Ctrl-C is the parent's
    business (it cancels the batch and says how to resume) instead of a traceback from every worker.

    SIGTERM ends a worker at once (the parent's handler, inherited through fork, would only
    raise inside it); its temp files go into the run's work folder (``tempdir``), which the
    parent removes, so a worker ended mid-page leaves nothing behind; and a worker ends
    when its parent is gone (killed), instead of waiting for work forever.
    """
    _init_worker()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if tempdir:
        tempfile.tempdir = tempdir
    # the parent's pid as the parent saw it: a worker forked just before its parent was killed
    # would otherwise take its new parent (init) for the run and wait for work forever
    _exit_with_parent(parent if parent is not None else os.getppid())


def _exit_with_parent(parent: int) -> None:
    """End this worker within half a second of its parent's death (SIGKILL gives it no chance to
    stop us); otherwise it would keep the run's locks and a core busy."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="drafter-exit-with-parent", daemon=True).start()


def _plan(path: Path, settings: Settings) -> list[PageTask] | _Failed:
    try:
        return plan(path, settings)
    except Exception as exc:  # noqa: BLE001 - a bad file fails alone
        return _Failed(_one_line(exc))


def _read_page(task: PageTask, workdir: Path) -> PageResult | _Failed:
    _init_worker()  # also for executors we did not start (Dask workers)
    try:
        return process_page(task, workdir)
    except Exception as exc:  # noqa: BLE001 - one bad page fails its document, not the batch
        return _Failed(f"page {task.number}: {_one_line(exc)}")


def _assemble(path: Path, results: list[PageResult], settings: Settings, workdir: Path) -> Document | _Failed:
    _init_worker()
    try:
        return assemble(path, results, settings, workdir)
    except Exception as exc:  # noqa: BLE001
        return _Failed(_one_line(exc))


class InlineExecutor(cf.Executor):
    """Runs each call at once in this process: ``--jobs 1``, and no pool start-up for tiny batches.

    ``tempdir``: where the calls' temp files go (the run's work folder), so that a run killed
    outright leaves them only inside a folder the next run recognises and removes.
    """

    def __init__(self, tempdir: Path | None = None) -> None:
        self.tempdir = str(tempdir) if tempdir else None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        previous = tempfile.tempdir
        if self.tempdir:
            tempfile.tempdir = self.tempdir
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future like any executor
            future.set_exception(exc)
        finally:
            tempfile.tempdir = previous
        return future


def process_pool(jobs: int | None = None, tempdir: Path | None = None) -> cf.Executor:
    """The default executor: worker processes with single-threaded Tesseract (temp files in ``tempdir``)."""
    return cf.ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, initializer=_init_pool_process,
                                  initargs=(str(tempdir) if tempdir else None, os.getpid()))


def dask_executor(address: str, timeout: str = "10s") -> tuple[cf.Executor, Callable[[], None]]:
    """An executor on an existing Dask cluster (``tcp://HOST:PORT``) and a function that disconnects.

    Dask is an optional extra (``drafter[dask]``), imported only here.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise ReadError(address, "--scheduler needs Dask: pip install 'drafter[dask]'") from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ReadError(address, f"cannot reach the Dask scheduler ({_one_line(exc)})") from None
    return client.get_executor(pure=False), client.close


# -- the runner --------------------------------------------------------------------


@dataclass
class _Pending:
    """One document in flight: planned pages, the results back so far, its futures."""

    key: str
    item: BatchInput
    workdir: Path
    tasks: list[PageTask] | None = None  # None until planned
    position: int = 0  # place in the batch: earlier documents go first
    results: dict[int, PageResult] = field(default_factory=dict)
    futures: list[cf.Future] = field(default_factory=list)
    failed: bool = False

    def units(self) -> int:
        """Progress units still open: its pages, or 1 for a document read whole."""
        return max(1, len(self.tasks or ())) - len(self.results)


WORKER_DIED = "a worker process died while reading this file (out of memory, or a crash in a library)"


def read_documents(
    work: list[tuple[BatchInput, str, Path]],
    settings: Settings,
    executor: cf.Executor,
    on_units: Callable[[int, int], None] = lambda planned, done: None,
    restart: Callable[[], cf.Executor] | None = None,
    window: int | None = None,
) -> Iterator[tuple[BatchInput, str, Path, Document | Failure]]:
    """Plan, read and assemble documents on ``executor``; yield each one as soon as it is done.

    ``work`` holds (input, cache key, workdir).  Every stage runs on the executor, so this
    process only schedules.  Why not hand everything to the executor at once: its queue
    is first in, first out, so a document's assembly would wait behind the pages of all
    later documents and every document would finish in the last moments of the batch.
    Instead at most ``window`` calls are out at a time (by default one more than the
    executor has workers, so none idles), taken from a local queue in this order: an
    assembly first, then pages and plans in document order.  The first documents thus
    finish first, while the rest is read, and a kill loses only the documents in progress.
    ``on_units(planned, done)`` reports progress in pages (a text document counts as one).

    A process pool is unusable once one of its workers dies (a crash in a C library, the
    out-of-memory killer), and every document in flight would fail with it.  Given
    ``restart`` (a new executor), the unfinished documents go back in the queue and are
    then read one at a time, so the next death names the file that causes it.
    """
    pending: dict[cf.Future, tuple[_Pending, str, int]] = {}  # future -> (doc, stage, page)
    ready: list[tuple[tuple[int, int, int], int, _Pending, str, int, Callable[..., Any], tuple]] = []
    sequence = itertools.count()
    queue = deque(_Pending(key, item, workdir, position=position)
                  for position, (item, key, workdir) in enumerate(work))
    active: list[_Pending] = []
    pool: dict[str, Any] = {"executor": executor, "isolate": False}  # the current executor, and whether it reads alone
    limit = max(1, window or _window(executor))

    def schedule(state: _Pending, stage: str, page: int, fn: Callable[..., Any], *args: Any) -> None:
        """Queue a call locally: assemblies before pages, pages and plans in document order."""
        rank = (0, state.position, 0) if stage == "assemble" else (1, state.position, page)
        heapq.heappush(ready, (rank, next(sequence), state, stage, page, fn, args))

    def fill() -> None:
        """Hand queued calls to the executor until ``limit`` are out."""
        while ready and len(pending) < limit:
            _, _, state, stage, page, fn, args = heapq.heappop(ready)
            if state.failed:
                continue
            try:
                future = pool["executor"].submit(fn, *args)
            except BrokenExecutor as exc:  # broke before we saw it: let the loop handle it like the others
                future = cf.Future()
                future.set_exception(exc)
            state.futures.append(future)
            pending[future] = (state, stage, page)

    def start_documents() -> None:
        while queue and not (pool["isolate"] and active):
            state = queue.popleft()
            active.append(state)
            schedule(state, "plan", -1, _plan, state.item.path, settings)

    def new_executor() -> None:
        pending.clear()  # futures of the dead pool
        pool["executor"] = restart()  # type: ignore[misc]

    start_documents()
    fill()
    try:
        while pending:
            done, _ = cf.wait(list(pending), return_when=cf.FIRST_COMPLETED)
            order = {future: number for number, future in enumerate(pending)}
            for future in sorted(done, key=lambda f: (pending[f][0].position, order[f])):  # first documents first
                if future not in pending:
                    continue  # dropped with a dead pool
                state, stage, page = pending.pop(future)
                if future.cancelled() or state.failed:
                    continue  # pages still running when their document had already failed
                try:
                    value = future.result()
                except BrokenExecutor as exc:
                    if restart is None:
                        value = _Failed("not read: a worker process died (reading this or another file); "
                                        f"run again to retry ({_one_line(exc)})")
                    elif pool["isolate"]:  # it was alone on the pool: this document is the cause
                        new_executor()
                        value = _Failed(WORKER_DIED)
                    else:
                        new_executor()
                        pool["isolate"] = True
                        ready.clear()
                        for suspect in reversed(active):
                            suspect.failed = True  # its queued calls and late results are dropped
                            on_units(-(max(1, len(suspect.tasks)) - 1 if suspect.tasks is not None else 0),
                                     -len(suspect.results))
                            queue.appendleft(_Pending(suspect.key, suspect.item, suspect.workdir,
                                                      position=suspect.position))
                        active.clear()
                        start_documents()
                        break
                except Exception as exc:  # noqa: BLE001 - the executor itself failed
                    value = _Failed(f"worker failed: {_one_line(exc)}")
                if isinstance(value, _Failed):
                    state.failed = True
                    for other in state.futures:
                        if other in pending and other.cancel():
                            pending.pop(other)
                    on_units(0, state.units())
                    active.remove(state)
                    start_documents()
                    fill()
                    yield state.item, state.key, state.workdir, Failure(state.item.path, value.problem)
                elif stage == "plan":
                    state.tasks = value
                    on_units(max(1, len(value)) - 1, 0)
                    for task in state.tasks:
                        schedule(state, "page", task.number, _read_page, task, state.workdir)
                    if not state.tasks:
                        schedule(state, "assemble", 0, _assemble, state.item.path, [], settings, state.workdir)
                elif stage == "page":
                    state.results[page] = value
                    on_units(0, 1)
                    if len(state.results) == len(state.tasks or ()):
                        results = [state.results[t.number] for t in state.tasks or ()]
                        schedule(state, "assemble", 0, _assemble, state.item.path, results, settings, state.workdir)
                else:
                    if not state.tasks:
                        on_units(0, 1)
                    active.remove(state)
                    start_documents()
                    fill()
                    yield state.item, state.key, state.workdir, value
            fill()
    finally:
        for future in pending:
            future.cancel()


def _window(executor: cf.Executor) -> int:
    """How many calls to keep out on ``executor``: its workers plus one, so a worker that finishes
    finds the next call waiting; for executors that do not say (a Dask cluster), ask its client."""
    if isinstance(executor, InlineExecutor):
        return 1
    workers = getattr(executor, "_max_workers", None)
    if not workers:
        client = getattr(executor, "_client", None)
        try:
            workers = sum(client.nthreads().values()) if client is not None else None
        except Exception:  # noqa: BLE001 - a cluster that cannot say: fall back to this machine's cores
            workers = None
    return (workers or os.cpu_count() or 1) + 1


def _default_executor(jobs: int | None, documents: list[BatchInput], tempdir: Path | None = None) -> cf.Executor:
    """A process pool of ``jobs`` workers; this process alone for ``jobs == 1`` or one text document."""
    if jobs == 1 or (len(documents) == 1 and documents[0].path.suffix.lower() not in SCAN_SUFFIXES):
        return InlineExecutor(tempdir)
    return process_pool(jobs, tempdir)


def _on_this_machine(executor: ExecutorSpec) -> bool:
    """Whether the executor's workers share this machine's temp folder (else: a Dask cluster)."""
    return executor is None or isinstance(executor, (cf.ProcessPoolExecutor, cf.ThreadPoolExecutor,
                                                     InlineExecutor))


ExecutorSpec = cf.Executor | Callable[[], cf.Executor] | None


def run_batch(
    inputs: Iterable[str | Path],
    outdir: Path | str,
    formats: Iterable[str] = ("json",),
    executor: ExecutorSpec = None,
    jobs: int | None = None,
    force: bool = False,
    settings: Settings = Settings(),
    progress: bool = True,
    on_document: Callable[[DocumentOutcome], None] | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Read every input into ``outdir`` (``<stem>.json/.md/.docx`` and ``<stem>_crops/``).

    ``executor``: any ``concurrent.futures.Executor`` (used as given, not shut down), or a
    function that makes one (the runner then owns it and replaces it if a worker process
    dies); by default a process pool of ``jobs`` workers (all cores), or this process alone
    when ``jobs == 1``.  Finished documents are cached in ``outdir/.drafter-cache`` and
    skipped on the next run unless ``force``.  ``on_document`` is called after each
    finished document (for progress reporting); ``on_page(done, planned)`` after each page
    read (pages of the documents not in the cache; a text document counts as one), e.g. for
    a progress bar that is not on a terminal.

    The run holds the output folder's lock throughout (``output_lock``): when another run
    holds it, this one waits (``on_wait`` is told once) or, with ``wait=False``, raises
    ``ReadError``.  The work folder is in the temp folder, or in the cache when the
    executor is not on this machine (a Dask cluster: it must reach the folder).
    """
    started = time.monotonic()
    outdir = Path(outdir)
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown output format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    outdir_is_new = not outdir.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    cache = Cache(outdir / CACHE_DIR)
    report = BatchReport()
    try:
        with output_lock(outdir, wait, on_wait):
            items, report.failures = expand_inputs(inputs, outdir)
            remove_leftovers(outdir, items)
            work_root = None if _on_this_machine(executor) else cache.root
            with work_folder(work_root) as run_folder:
                _read_into(items, outdir, formats, cache, report, run_folder, executor, jobs, force, settings,
                           progress, on_document, on_page)
    finally:
        if outdir_is_new and not report.documents:
            _remove_if_no_files(outdir)  # a batch that read nothing (or was stopped at once) leaves no trace
    report.failures.sort(key=lambda f: str(f.path))
    report.seconds = time.monotonic() - started
    return report


def _read_into(items: list[BatchInput], outdir: Path, formats: tuple[str, ...], cache: Cache, report: BatchReport,
               run_folder: Path, executor: ExecutorSpec, jobs: int | None, force: bool, settings: Settings,
               progress: bool, on_document: Callable[[DocumentOutcome], None] | None,
               on_page: Callable[[int, int], None] | None = None) -> None:
    """The batch itself, under the output lock: cached documents first, then the rest read on the executor,
    each document stored and written as soon as it is done."""
    def finish(item: BatchInput, key: str, doc: Document, cached: bool) -> None:
        outputs = _place_outputs(doc, key, cache, item, outdir, formats, only_missing=cached)
        outcome = DocumentOutcome(item.path, outputs, len(doc.pages), len(doc.annotations), cached,
                                  list(doc.warnings))
        report.documents.append(outcome)
        if on_document:
            on_document(outcome)

    work: list[tuple[BatchInput, str, Path]] = []
    copies: dict[str, list[BatchInput]] = {}  # key -> later inputs with the same bytes: read once
    for item in items:
        try:
            check_input(item.path)
            key = cache_key(item.path, settings)
            if key in copies:
                copies[key].append(item)
                continue
            doc = None if force else cache.load(key)
            if doc is not None:
                finish(item, key, doc, cached=True)
                continue
            copies[key] = []
            work.append((item, key, cache.workdir(key, run_folder)))
        except ReadError as exc:
            report.failures.append(Failure(item.path, exc.problem))
        except OSError as exc:
            report.failures.append(Failure(item.path, f"cannot write output ({exc.strerror or exc})"))
    if not work:
        return

    own = not isinstance(executor, cf.Executor)
    make: Callable[[], cf.Executor] | None
    if isinstance(executor, cf.Executor):
        first, make = executor, None
    elif executor is not None:
        first, make = executor(), executor
    else:
        first = _default_executor(jobs, [item for item, _, _ in work], run_folder)
        make = (lambda: process_pool(jobs, run_folder)) if isinstance(first, cf.ProcessPoolExecutor) else None
    pools = [first]

    def restart() -> cf.Executor:
        pools[-1].shutdown(wait=False, cancel_futures=True)
        pools.append(make())  # type: ignore[misc]
        return pools[-1]

    bar = _progress_bar(len(work), progress)
    pages = [0, len(work)]  # done, planned: the bar's counts, kept here too (a disabled tqdm counts nothing)

    def on_units(planned: int, done: int) -> None:
        if planned:
            bar.total += planned
            bar.refresh()
        if done:
            bar.update(done)
        pages[0] += done
        pages[1] += planned
        if on_page and (planned or done):
            on_page(pages[0], pages[1])

    try:
        for number, (item, key, workdir, result) in enumerate(
                read_documents(work, settings, pools[0], on_units, restart if make else None), start=1):
            bar.set_postfix_str(f"{number}/{len(work)} documents")
            if isinstance(result, Failure):
                report.failures += [result] + [Failure(c.path, result.problem) for c in copies.get(key, [])]
                shutil.rmtree(workdir, ignore_errors=True)
                continue
            report.pages_read += len(result.pages)
            try:
                stored = cache.store(key, result, workdir)
                finish(item, key, stored, cached=False)
                for copy in copies.get(key, []):
                    finish(copy, key, stored, cached=True)
            except OSError as exc:
                report.failures.append(Failure(item.path, f"cannot write output ({exc.strerror or exc})"))
    except BaseException:
        if own:
            _stop_workers(pools[-1])  # Ctrl-C: do not wait for the pages already queued in the pool
        raise
    finally:
        bar.close()
        if own:
            pools[-1].shutdown(wait=True, cancel_futures=True)


def _remove_if_no_files(folder: Path) -> None:
    """Remove a folder this run created if nothing but empty folders and the lock ended up in it."""
    lock = folder / CACHE_DIR / LOCK_FILE
    if not any(p.is_file() and p != lock for p in folder.rglob("*")):
        shutil.rmtree(folder, ignore_errors=True)


def _stop_workers(executor: cf.Executor) -> None:
    """End the worker processes of our own pool at once (ProcessPoolExecutor has no public call
    for that before Python 3.14); unfinished documents are redone on the next run anyway."""
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()


def _progress_bar(total: int, enabled: bool) -> Any:
    """tqdm on stderr with pages/s; silent when asked or when stderr is not a terminal (logs, CI)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="pages", desc="drafter ocr", file=sys.stderr, dynamic_ncols=True,
                disable=not enabled or not sys.stderr.isatty(), smoothing=0.1,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                           "[{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]")  # pages/s, even below 1


def read_to_memory(path: Path, settings: Settings = Settings(), jobs: int | None = None,
                   executor: cf.Executor | None = None) -> Document:
    """One document read with its pages in parallel, nothing written (``drafter ocr FILE`` to stdout).

    Crops are made in a temporary folder and dropped, so ``image`` is ``null`` in the result.
    """
    check_input(path)
    item = BatchInput(path, path.stem)
    remove_stale_work_folders(None)
    with work_folder() as scratch:
        own = executor is None
        if executor is None:
            executor = _default_executor(jobs, [item], scratch)
        try:
            for _, _, _, result in read_documents([(item, "", scratch)], settings, executor):
                if isinstance(result, Failure):
                    raise ReadError(path, result.problem)
                return replace(result, annotations=[replace(a, image=None) for a in result.annotations])
        except BaseException:
            if own:
                _stop_workers(executor)
            raise
        finally:
            if own:
                executor.shutdown(wait=True, cancel_futures=True)
    raise ReadError(path, "no result")  # pragma: no cover - read_documents always yields once
