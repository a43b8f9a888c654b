"""One YAML loader for every file the user hands us: safe tags only, no aliases, a size cap.

``yaml.safe_load`` already refuses Python objects, but it happily expands a
"billion laughs" document: a few hundred bytes of anchors and aliases
(``&a [*b, *b, …]``) that grow into gigabytes once composed.  Our specs,
patterns and calendars never need anchors or aliases, so this loader refuses
every alias outright, caps the number of nodes, and refuses a file larger than
``MAX_YAML_BYTES`` before reading it.  Every problem is a
:class:`~drafter.errors.DrafterError` with one line naming the file.

Usage::

    from drafter.safeyaml import load_yaml_file, load_yaml_text
    data = load_yaml_file(path)                  # Path -> Python data
    data = load_yaml_text(text, source="spec")   # str  -> Python data
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from drafter.errors import DrafterError

MAX_YAML_BYTES = 5 * 1024 * 1024
"""Largest YAML file we read (5 MB): a spec or pattern file is a few kB."""

MAX_YAML_NODES = 200_000
"""Most nodes one document may hold; the guard against a flat bomb of many small nodes."""


class _NoAliasLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses aliases and counts nodes as it composes them.

    The pure-Python loader is used on purpose: the C loader composes in C, so
    the alias check below would never run."""

    def __init__(self, stream: str, max_nodes: int = MAX_YAML_NODES) -> None:
        super().__init__(stream)
        self.max_nodes = max_nodes
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1
            raise DrafterError(f"line {line}: YAML aliases (*{event.anchor}) are not allowed")
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise DrafterError(f"more than {self.max_nodes} YAML nodes")
        return super().compose_node(parent, index)


def load_yaml_text(text: str, *, source: str = "<yaml>", max_bytes: int = MAX_YAML_BYTES,
                   max_nodes: int = MAX_YAML_NODES) -> Any:
    """Parse ``text`` safely; ``source`` names the origin in the one-line error."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise DrafterError(f"{source}: YAML larger than {max_bytes // (1024 * 1024)} MB")
    loader = None
    try:
        loader = _NoAliasLoader(text, max_nodes)
        return loader.get_single_data()
    except DrafterError as exc:
        raise DrafterError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DrafterError(f"{source}: {where}not valid YAML ({problem})") from None
    except RecursionError:
        raise DrafterError(f"{source}: YAML nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml_file(path: Path | str, *, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read and parse the YAML file at ``path``; size checked before reading."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DrafterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise DrafterError(f"{path}: YAML larger than {max_bytes // (1024 * 1024)} MB")
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise DrafterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise DrafterError(f"{path}: YAML larger than {max_bytes // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DrafterError(f"{path}: not a UTF-8 text file (YAML expected)") from None
    return load_yaml_text(text, source=str(path), max_bytes=max_bytes)
