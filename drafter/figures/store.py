"""The figures store: published and delivered numbers per series, peildatum and dimension.

Storage is a folder of JSON files, one per series (``corpus/figures/<series>.json``):
readable in a diff, reviewable in a merge request, and small enough (hundreds of
points) that loading all of it takes milliseconds.  Every point carries its
provenance (file, table, row).  Counts are the store's own numbers; totals, shares
and Verschil are derived by the rules in ``drafter.dutch`` whenever they are shown.

Besides the counts, a series keeps what sent letters *published* (``published``:
counts, totals, Verschil, shares, each with its letter, table and row) — a fact
in its own right, even where the letter's total does not add up — and the
``history`` of every count that was changed or removed, with its old value and
provenance.  A delivery that changes a figure at a published peildatum needs
``revise=True`` (``drafter figures import --revise``).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from drafter.errors import DrafterError
from ocr.atomic import atomic_write

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STORE = ROOT / "corpus" / "figures"

#: A series name is a slug, never a path: it becomes ``<store>/<name>.json``, so
#: '/', '\\', '..', a leading dot, spaces and control characters are all refused.
SERIES_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
SERIES_NAME_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 100"
#: Keys of a stored point that a dimension may not take over.
RESERVED_DIMENSIONS = {"series", "peildatum", "value", "waarde", "source"}


class MissingFigure(DrafterError):
    """A figure a template asks for is not in the store."""

    def __init__(self, series: str, peildatum: date | str, dims: dict[str, str], where: str = "") -> None:
        self.series, self.peildatum, self.dims = series, peildatum, dims
        detail = ", ".join(f"{k} {v}" for k, v in dims.items())
        when = peildatum.isoformat() if isinstance(peildatum, date) else peildatum
        super().__init__(f"{where + ': ' if where else ''}missing figure: series {series!r}, "
                         f"peildatum {when}" + (f", {detail}" if detail else ""))


@dataclass(frozen=True)
class Point:
    series: str
    peildatum: date
    dims: tuple[tuple[str, str], ...]
    value: int
    source: str  # file the figure was read from
    table: str  # 'Tabel 3', a sheet name, …
    row: str  # the row label in that table

    @property
    def key(self) -> tuple[str, date, tuple[tuple[str, str], ...]]:
        return (self.series, self.peildatum, self.dims)

    def to_json(self) -> dict:
        data = {"peildatum": self.peildatum.isoformat(), **dict(self.dims), "value": self.value,
                "source": {"file": self.source, "table": self.table, "row": self.row}}
        return data


@dataclass(frozen=True)
class Published:
    """One number a sent letter printed: a count, a row's Totaal, a Verschil or a share."""

    series: str
    peildatum: date
    kind: str  # 'aantal', 'totaal', 'verschil' (since -> peildatum), 'aandeel' (percent)
    dims: tuple[tuple[str, str], ...]
    value: int | None  # None: the letter printed 'n.v.t.'
    letter: str  # the letter's file name, or 'kenmerk 2023-…' for a letter drafted here
    table: str
    row: str
    since: date | None = None  # for 'verschil': the older peildatum

    @property
    def key(self) -> tuple:
        return (self.series, self.peildatum, self.kind, self.dims, self.since)

    def to_json(self) -> dict:
        data: dict = {"peildatum": self.peildatum.isoformat(), "kind": self.kind, **dict(self.dims)}
        if self.since is not None:
            data["since"] = self.since.isoformat()
        data.update({"value": self.value, "letter": self.letter, "table": self.table, "row": self.row})
        return data


@dataclass(frozen=True)
class Change:
    """A count that was changed (``--revise``) or removed (``figures rm``): the old value is kept."""

    series: str
    peildatum: date
    dims: tuple[tuple[str, str], ...]
    old: int
    old_source: dict
    new: int | None  # None: removed
    new_source: dict | None
    at: str  # ISO date of the change
    why: str

    def to_json(self) -> dict:
        return {"peildatum": self.peildatum.isoformat(), **dict(self.dims), "old": self.old,
                "old_source": self.old_source, "new": self.new, "new_source": self.new_source,
                "at": self.at, "why": self.why}


class PublishedFigureChanged(DrafterError):
    """A delivery would change a figure at a peildatum a letter already published."""


def _source(point: Point) -> dict:
    return {"file": point.source, "table": point.table, "row": point.row}


def _today() -> str:
    return date.today().isoformat()


@dataclass
class SeriesInfo:
    name: str
    title: str = ""
    dimensions: list[str] = field(default_factory=list)


def slug(text: str, limit: int = 60) -> str:
    """A stable series name from a caption: 'ELIP minstens € 9.500 geleend' -> 'elip-minstens-9500-geleend'."""
    text = text.lower().replace("é", "e").replace("ë", "e").replace(".", "")
    words = re.findall(r"[a-z0-9]+", text)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out


def check_series_name(name: object, where: str = "") -> str:
    """``name`` when it is a valid series name; else one ``DrafterError`` line saying why.

    Called wherever a name enters (``--series``, a CSV/XLSX column, a sheet
    title, a stored file), so a hostile name never reaches the file system."""
    prefix = f"{where}: " if where else ""
    if not isinstance(name, str) or not SERIES_NAME_RE.fullmatch(name):
        shown = repr(name if not isinstance(name, str) or len(name) <= 80 else name[:80] + "…")
        raise DrafterError(f"{prefix}series name {shown} is not allowed (use {SERIES_NAME_RULE})")
    return name


def check_dimension_name(name: str, where: str = "") -> str:
    """A dimension (column) name: not empty, no control characters, not a key of the point itself."""
    prefix = f"{where}: " if where else ""
    if not name or len(name) > 100 or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise DrafterError(f"{prefix}column name {name[:80]!r} is not allowed as a dimension")
    if name in RESERVED_DIMENSIONS:
        raise DrafterError(f"{prefix}column {name!r} appears twice or clashes with a stored field")
    return name


class FigureStore:
    """All series of one folder; load, add, query, save."""

    def __init__(self, root: Path | str = DEFAULT_STORE) -> None:
        self.root = Path(root)
        self.points: dict[tuple, Point] = {}
        self.info: dict[str, SeriesInfo] = {}
        self.published: list[Published] = []
        self.history: list[Change] = []
        if self.root.is_dir():
            for path in sorted(self.root.glob("*.json")):
                self._load(path)

    def series_path(self, name: str) -> Path:
        """``<store>/<name>.json`` for a valid name, resolved and checked to lie inside the store."""
        check_series_name(name, str(self.root))
        root = self.root.resolve()
        target = (root / f"{name}.json").resolve()
        if target.parent != root:
            raise DrafterError(f"{self.root}: series {name!r} would be written outside the store ({target})")
        return target

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            name = check_series_name(data["series"], str(path))
            dims = list(data.get("dimensions", []))
            self.info[name] = SeriesInfo(name, data.get("title", ""), dims)
            for raw in data["points"]:
                src = raw.get("source", {})
                point = Point(name, date.fromisoformat(raw["peildatum"]),
                              tuple((d, str(raw[d])) for d in dims), int(raw["value"]),
                              src.get("file", ""), src.get("table", ""), src.get("row", ""))
                self.points[point.key] = point
            for raw in data.get("published", []):
                self.published.append(Published(
                    name, date.fromisoformat(raw["peildatum"]), str(raw["kind"]),
                    tuple((d, str(raw[d])) for d in dims if d in raw),
                    None if raw["value"] is None else int(raw["value"]), str(raw["letter"]),
                    str(raw.get("table", "")), str(raw.get("row", "")),
                    date.fromisoformat(raw["since"]) if raw.get("since") else None))
            for raw in data.get("history", []):
                self.history.append(Change(
                    name, date.fromisoformat(raw["peildatum"]), tuple((d, str(raw[d])) for d in dims if d in raw),
                    int(raw["old"]), dict(raw.get("old_source") or {}),
                    None if raw.get("new") is None else int(raw["new"]), raw.get("new_source"),
                    str(raw.get("at", "")), str(raw.get("why", ""))))
        except (KeyError, TypeError, ValueError, AttributeError, json.JSONDecodeError) as exc:
            raise DrafterError(f"{path}: not a figures file ({exc})") from exc

    # -- changing ----------------------------------------------------------------
    def add(self, points: Iterable[Point], title: str = "", revise: bool = False, why: str = "") -> tuple[int, int]:
        """Add or replace points; returns (new, changed).

        A point that changes a count, or adds one, at a peildatum a letter
        already published (other than the letter the point comes from) is
        refused unless ``revise``; the old value and provenance go to the history.
        """
        new = changed = 0
        for point in points:
            where = ", ".join(x for x in (point.source, point.table, point.row) if x)
            check_series_name(point.series, where)
            dims = [d for d, _ in point.dims]
            info = self.info.setdefault(point.series, SeriesInfo(point.series, title, dims))
            if dims != info.dimensions:
                raise DrafterError(f"{where}: series {point.series!r} has dimensions "
                                   f"{', '.join(info.dimensions) or '(none)'}, this figure has {', '.join(dims) or '(none)'}")
            if title and not info.title:
                info.title = title
            old = self.points.get(point.key)
            if old is not None and old.value == point.value:
                if old.source != point.source and self.publications(point.series, point.peildatum):
                    continue  # same number from another file: the provenance of the published figure stays
                self.points[point.key] = point
                continue
            published = [p for p in self.publications(point.series, point.peildatum) if p.letter != point.source]
            if published and not revise:
                first = published[0]
                said = (f"{getal_text(old.value)} in the store" if old is not None else "no count for it")
                raise PublishedFigureChanged(
                    f"{where}: {point.series}, peildatum {point.peildatum.isoformat()}"
                    f"{_dims_text(point.dims)}: {getal_text(point.value)} here, {said}, and {first.letter} "
                    f"({first.table}) published this peildatum; import with --revise to change a published "
                    "figure (the old value is kept in its history)")
            if old is None:
                new += 1
            else:
                changed += 1
                self.history.append(Change(point.series, point.peildatum, point.dims, old.value, _source(old),
                                           point.value, _source(point), _today(),
                                           why or ("--revise" if revise else "nieuwe levering")))
            self.points[point.key] = point
        return new, changed

    def remove(self, series: str, peildatum: date, revise: bool = False, why: str = "verwijderd",
               **dims: str) -> list[Point]:
        """Remove the counts of one peildatum (or of one cohort there); each goes to the history."""
        if series not in self.info:
            raise DrafterError(f"no series {series!r} in {self.root}")
        gone = [p for p in self.series_points(series) if p.peildatum == peildatum
                and all(dict(p.dims).get(k) == str(v) for k, v in dims.items())]
        if not gone:
            raise MissingFigure(series, peildatum, dims, str(self.root))
        published = self.publications(series, peildatum)
        if published and not revise:
            raise PublishedFigureChanged(
                f"{series}, peildatum {peildatum.isoformat()}: {published[0].letter} ({published[0].table}) "
                "published this peildatum; remove with --revise (the old values are kept in its history)")
        for point in gone:
            del self.points[point.key]
            self.history.append(Change(series, peildatum, point.dims, point.value, _source(point), None, None,
                                       _today(), why))
        return gone

    def publish(self, entries: Iterable[Published]) -> int:
        """Record what a letter printed; the same entry from the same letter is kept once."""
        seen = {(p.key, p.letter) for p in self.published}
        added = 0
        for entry in entries:
            check_series_name(entry.series, entry.letter)
            if (entry.key, entry.letter) in seen:
                continue
            if entry.series not in self.info:
                self.info[entry.series] = SeriesInfo(entry.series, "", [d for d, _ in entry.dims])
            self.published.append(entry)
            seen.add((entry.key, entry.letter))
            added += 1
        return added

    def publications(self, series: str, peildatum: date | None = None) -> list[Published]:
        """What letters published for a series (at one peildatum), oldest record first."""
        return [p for p in self.published if p.series == series and (peildatum is None or p.peildatum == peildatum)]

    def latest_published(self, series: str, peildatum: date, kind: str, dims: tuple = (),
                         since: date | None = None) -> Published | None:
        """The last-recorded publication of one number: a later letter supersedes an earlier one."""
        found = [p for p in self.published if p.key == (series, peildatum, kind, tuple(dims), since)]
        return found[-1] if found else None

    def save(self) -> list[Path]:
        """Write every series file (temp file + rename, so a crash never leaves half a file)."""
        targets = {name: self.series_path(name) for name in self.info}  # every name checked before any write
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DrafterError(f"{self.root}: cannot create the store folder ({exc.strerror or exc})") from None
        written = []
        for name, info in sorted(self.info.items()):
            points = sorted((p for p in self.points.values() if p.series == name),
                            key=lambda p: (p.peildatum, p.dims))
            head = {"series": name, "title": info.title, "dimensions": info.dimensions}
            lines = [json.dumps(p.to_json(), ensure_ascii=False) for p in points]
            # one point per line: a new delivery shows up in a diff as the lines it adds
            text = json.dumps(head, ensure_ascii=False)[:-1] + ', "points": [\n' + ",\n".join(lines) + "\n]"
            for key, items in (("published", [p for p in self.published if p.series == name]),
                               ("history", [c for c in self.history if c.series == name])):
                if items:
                    text += f', "{key}": [\n' + ",\n".join(json.dumps(i.to_json(), ensure_ascii=False)
                                                            for i in items) + "\n]"
            text += "}\n"
            target = targets[name]
            write_atomic(target, text)
            written.append(target)
        return written

    # -- reading -----------------------------------------------------------------
    def series_names(self) -> list[str]:
        return sorted(self.info)

    def series_points(self, series: str) -> list[Point]:
        return sorted((p for p in self.points.values() if p.series == series), key=lambda p: (p.peildatum, p.dims))

    def peildata(self, series: str) -> list[date]:
        return sorted({p.peildatum for p in self.points.values() if p.series == series})

    def values(self, series: str, dimension: str) -> list[str]:
        """The values one dimension takes in a series, in first-seen order ('2013', '2014', …)."""
        seen: dict[str, None] = {}
        for point in self.series_points(series):
            seen.setdefault(dict(point.dims).get(dimension, ""), None)
        return sorted(seen)

    def get(self, series: str, peildatum: date, where: str = "", **dims: str) -> Point:
        if series not in self.info:
            raise MissingFigure(series, peildatum, dims, where)
        key = (series, peildatum, tuple((d, str(dims[d])) for d in self.info[series].dimensions if d in dims))
        point = self.points.get(key)
        if point is None:
            raise MissingFigure(series, peildatum, dims, where)
        return point

    @staticmethod
    def fingerprint(points: Iterable[Point]) -> str:
        """A hash of the figures a draft used, for the document properties."""
        digest = hashlib.sha256()
        for point in sorted(set(points), key=lambda p: (p.series, p.peildatum, p.dims)):
            digest.update(json.dumps([point.series, point.peildatum.isoformat(), point.dims, point.value]).encode())
        return digest.hexdigest()[:16]


def getal_text(value: int | None) -> str:
    from drafter.dutch import getal

    return "n.v.t." if value is None else getal(value)


def _dims_text(dims: tuple[tuple[str, str], ...]) -> str:
    return "".join(f", {k} {v}" for k, v in dims)


def write_atomic(target: Path, text: str | bytes) -> None:
    """Write next to the target, then rename: readers never see half a file."""
    try:
        atomic_write(target, text)
    except OSError as exc:
        raise DrafterError(f"{target}: cannot write ({exc.strerror or exc})") from None


__all__ = ["FigureStore", "Point", "Published", "Change", "PublishedFigureChanged", "MissingFigure", "SeriesInfo", "slug", "write_atomic", "DEFAULT_STORE", "asdict",
           "check_series_name", "check_dimension_name", "SERIES_NAME_RE"]
