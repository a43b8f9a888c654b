"""Reports on the register: what the next uitvoeringsbrief must answer, what is
overdue, per member and per debate, each with its quote and source.

Formats: ``table`` (terminal), ``md``, ``csv``, ``xlsx``, ``html`` (one
self-contained page to mail around) and ``json``.  Machine formats (csv, json)
keep ISO dates; the human ones say '1 november 2021'.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from drafter.commitments.dates import nl_date as _nl_date
from drafter.commitments.model import STATUS_NL, Commitment, Status
from drafter.errors import DrafterError
from ocr.atomic import atomic_write
from ocr.errors import OutputNotWritable

FORMATS = ("table", "md", "csv", "xlsx", "html", "json")
#: Order of the sections of a report: what needs action first.
SECTION_ORDER = [Status.OVERDUE, Status.DUE, Status.OPEN, Status.FULFILLED, Status.LAPSED]
SECTION_TITLE = {
    Status.OVERDUE: "Te laat: de termijn is verstreken",
    Status.DUE: "Aan de beurt: te beantwoorden in de volgende uitvoeringsbrief",
    Status.OPEN: "Openstaand",
    Status.FULFILLED: "Afgedaan",
    Status.LAPSED: "Vervallen",
}
COLUMNS = [
    ("id", "Nr"), ("kind", "Soort"), ("members", "Kamerlid"), ("party", "Partij"), ("subject", "Onderwerp"),
    ("made_on", "Gedaan op"), ("made_in", "Gedaan in"), ("kamerstuk", "Kamerstuk"), ("due", "Termijn"),
    ("due_date", "Uiterlijk"), ("status", "Status"), ("fulfilled_by", "Afgedaan met"),
    ("source", "Bron"), ("quote", "Citaat"),
]


# -- safe cells: one rule for every spreadsheet-bound writer ---------------------------
#: A text cell that begins with one of these is run as a formula by Excel and
#: LibreOffice (OWASP "CSV injection"): '=HYPERLINK(…)', '=1+1', '@SUM(…)'.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: A plain number ('-12', '+3', '-1,5') is data, not a formula; it is left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: object) -> object:
    """The OWASP rule for one csv/xlsx cell: a text that a spreadsheet would read
    as a formula gets a single quote in front ('=1+1' -> "'=1+1").  Numbers,
    dates and None pass unchanged, so numeric cells stay numeric."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """``safe_cell`` on every cell of a row: what every csv and xlsx writer here calls."""
    return [safe_cell(v) for v in values]


def _append_safe(ws, values: Iterable[object]) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Append a row to a worksheet with every text cell neutralised and typed as a
    string: openpyxl would otherwise store a text beginning with '=' as a formula."""
    ws.append(safe_row(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def md_text(value: object) -> str:
    """Text for Markdown: HTML escaped (a Markdown viewer renders raw HTML), one line."""
    return html.escape("" if value is None else str(value), quote=False).replace("\n", " ")


def nl_date(value: dt.date | str | None) -> str:
    """'1 november 2021' for a readable date; a register value that is not a date
    (an old import's slip) is shown as written instead of crashing the report."""
    try:
        return _nl_date(value)
    except (ValueError, IndexError, KeyError):
        return str(value)


def _xlsx_date(value: str | None) -> dt.date | str | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else value
    except ValueError:
        return value


@dataclass
class Selection:
    """Which records a report shows."""

    statuses: tuple[str, ...] = ()
    due_before: dt.date | None = None
    member: str | None = None

    def keep(self, c: Commitment) -> bool:
        if self.statuses and c.status not in self.statuses:
            return False
        if self.due_before and not (c.due_date and c.due_date < self.due_before.isoformat()):
            return False
        if self.member and not any(self.member.lower() == m.lower() for m in c.members):
            return False
        return True


def select(records: Iterable[Commitment], selection: Selection) -> list[Commitment]:
    return [c for c in records if selection.keep(c)]


def _human(c: Commitment, key: str) -> str:
    value = getattr(c, key)
    if key == "members":
        return "/".join(value) if value else ""
    if key in ("made_on", "due_date"):
        return nl_date(value)
    if key == "status":
        return STATUS_NL.get(Status(value), value) if value else ""
    if key in ("source", "fulfilled_by"):
        if not value:
            return ""
        where = Path(value).name
        return f"{where}, p. {c.page}" if key == "source" and c.page else where
    return "" if value is None else str(value)


def _machine(c: Commitment, key: str):
    value = getattr(c, key)
    if key == "members":
        return "/".join(value)
    return value


def sections(records: list[Commitment]) -> list[tuple[Status, list[Commitment]]]:
    out = []
    for st in SECTION_ORDER:
        items = [c for c in records if c.status == st.value]
        if items:
            out.append((st, sorted(items, key=lambda c: (c.due_date or "9999", c.id or 0))))
    return out


def groups(records: list[Commitment], by: str) -> list[tuple[str, list[Commitment]]]:
    """Per member ('Kamerlid') or per debate ('made_in'), open items only."""
    out: dict[str, list[Commitment]] = {}
    for c in records:
        if c.status in (Status.FULFILLED.value, Status.LAPSED.value):
            continue
        keys = c.members if by == "member" else [c.made_in]
        for k in keys or ["(geen)"]:
            out.setdefault(k or "(geen)", []).append(c)
    return sorted(out.items(), key=lambda kv: (kv[0] == "(geen)", kv[0].lower()))


# -- renderers -------------------------------------------------------------------
def render_json(records: list[Commitment], **_) -> str:
    return json.dumps([c.to_dict() for c in records], ensure_ascii=False, indent=2) + "\n"


def render_csv(records: list[Commitment], **_) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([k for k, _ in COLUMNS])
    for c in records:
        w.writerow(safe_row(_machine(c, k) for k, _ in COLUMNS))
    return buf.getvalue()


def render_table(records: list[Commitment], as_of: dt.date, **_) -> str:
    cols = [("id", 4), ("status", 12), ("kind", 10), ("members", 18), ("subject", 48), ("due", 26),
            ("due_date", 18)]
    lines = [f"Register toezeggingen en moties, stand {nl_date(as_of)}: {len(records)} stuks", ""]
    header = "  ".join(dict(COLUMNS)[k].ljust(w) for k, w in cols)
    lines += [header, "-" * len(header)]
    for _, items in sections(records):  # type: ignore[assignment]
        for c in items:
            cells = []
            for k, w in cols:
                v = _CONTROL.sub("?", _human(c, k))  # no terminal escape sequences from a record
                cells.append((v[: w - 1] + "…") if len(v) > w else v.ljust(w))
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_md(records: list[Commitment], as_of: dt.date, **_) -> str:
    out = [f"# Toezeggingen en moties — stand {nl_date(as_of)}", ""]
    for st, items in sections(records):
        out += [f"## {SECTION_TITLE[st]} ({len(items)})", ""]
        for c in items:
            who = f" — {md_text(_human(c, 'members'))}" if c.members else ""
            out.append(f"- **{c.id}. {md_text(c.kind)}{who}**: {md_text(c.subject)}")
            facts = [f"{label}: {md_text(_human(c, k))}" for k, label in COLUMNS
                     if k in ("made_on", "made_in", "kamerstuk", "due", "due_date", "fulfilled_by", "source")
                     and _human(c, k)]
            if facts:
                out.append("  " + "; ".join(facts))
            if c.quote:
                out.append(f"  > {md_text(c.quote)}")
        out.append("")
    for by, title in (("member", "Per Kamerlid"), ("debate", "Per debat")):
        gs = groups(records, by)
        if gs:
            out += [f"## {title} (niet afgedaan)", ""]
            out += [f"- {md_text(k)}: " + ", ".join(f"{c.id}" for c in items) for k, items in gs]
            out.append("")
    return "\n".join(out)


_CSS = """
body{font-family:Verdana,DejaVu Sans,sans-serif;font-size:10pt;margin:2em;color:#1a1a1a;max-width:70em}
h1{font-size:15pt;color:#01689b}h2{font-size:12pt;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#e6f0f6}
.overdue{background:#fbe9e7}.due{background:#fff8e1}blockquote{margin:.2em 0 .2em 1em;color:#444;
font-style:italic}.summary span{display:inline-block;margin-right:1.5em}.small{color:#666;font-size:9pt}
"""


def render_html(records: list[Commitment], as_of: dt.date, **_) -> str:
    e = html.escape
    counts = {st: sum(1 for c in records if c.status == st.value) for st in SECTION_ORDER}
    parts = [
        "<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>Toezeggingen en moties — {e(nl_date(as_of))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Toezeggingen en moties inburgering — stand {e(nl_date(as_of))}</h1>",
        '<p class="summary">' + "".join(f"<span><b>{counts[st]}</b> {e(STATUS_NL[st])}</span>"
                                        for st in SECTION_ORDER) + "</p>",
    ]
    for st, items in sections(records):
        parts.append(f"<h2>{e(SECTION_TITLE[st])} ({len(items)})</h2>")
        parts.append("<table><tr><th>Nr</th><th>Toezegging of motie</th><th>Termijn</th><th>Bron</th></tr>")
        for c in items:
            who = f" — {e(_human(c, 'members'))}" + (f" ({e(c.party)})" if c.party else "") if c.members else ""
            made = ", ".join(x for x in (_human(c, "made_in"), _human(c, "made_on")) if x)
            quote = f"<blockquote>{e(c.quote)}</blockquote>" if c.quote else ""
            due = e(c.due or "") + (f"<br><span class=small>{e(nl_date(c.due_date))}</span>" if c.due_date else "")
            extra = f"<br><span class=small>Kamerstuk {e(c.kamerstuk)}</span>" if c.kamerstuk else ""
            done = f"<br><span class=small>afgedaan met {e(_human(c, 'fulfilled_by'))}</span>" if c.fulfilled_by else ""
            parts.append(
                f'<tr class="{e(c.status or "")}"><td>{c.id or ""}</td><td><b>{e(c.kind)}{who}</b>: '
                f"{e(c.subject)}" + (f"<br><span class=small>{e(made)}</span>" if made else "") + f"{extra}{quote}</td>"
                f"<td>{due}</td><td>{e(_human(c, 'source'))}{done}</td></tr>")
        parts.append("</table>")
    for by, title in (("member", "Per Kamerlid"), ("debate", "Per debat")):
        gs = groups(records, by)
        if gs:
            parts.append(f"<h2>{title} (niet afgedaan)</h2><table><tr><th>{'Kamerlid' if by == 'member' else 'Debat'}"
                         "</th><th>Nrs</th></tr>")
            parts += [f"<tr><td>{e(k)}</td><td>{', '.join(str(c.id) for c in items)}</td></tr>" for k, items in gs]
            parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_xlsx(records: list[Commitment], path: Path, as_of: dt.date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    _append_safe(ws, [label for _, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6F0F6")
    fills = {"overdue": "FBE9E7", "due": "FFF8E1"}
    for _, items in sections(records):
        for c in items:
            row = []
            for k, _ in COLUMNS:
                v = getattr(c, k)
                if k in ("made_on", "due_date"):
                    v = _xlsx_date(v)
                elif k == "members":
                    v = "/".join(v)
                elif k == "status":
                    v = _human(c, k)
                elif k in ("source", "fulfilled_by"):
                    v = _human(c, k)
                row.append(v)
            _append_safe(ws, row)
            if c.status in fills:
                for cell in ws[ws.max_row]:
                    cell.fill = PatternFill("solid", fgColor=fills[c.status])
    for col, width in zip("ABCDEFGHIJKLMN", (5, 11, 18, 8, 50, 12, 30, 18, 28, 12, 12, 24, 28, 80), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "d mmmm yyyy"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws2 = wb.create_sheet("Per Kamerlid")
    _append_safe(ws2, ["Kamerlid", "Nr", "Onderwerp", "Status", "Termijn"])
    for k, items in groups(records, "member"):
        for c in items:
            _append_safe(ws2, [k, c.id, c.subject, _human(c, "status"), c.due or ""])
    ws.cell(row=ws.max_row + 2, column=1, value=f"Stand {nl_date(as_of)}").data_type = "s"
    wb.save(path)


RENDERERS = {"json": render_json, "csv": render_csv, "table": render_table, "md": render_md, "html": render_html}


def render(records: list[Commitment], fmt: str, as_of: dt.date) -> str:
    if fmt not in RENDERERS:
        raise DrafterError(f"format {fmt!r} is not a text format; use one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt](records, as_of=as_of)  # type: ignore[operator]


def _atomic(path: Path, fill) -> None:
    """Write via a temp file in the same folder, then os.replace: never half a file."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputNotWritable(path, f"folder {path.parent} does not exist")
    atomic_write(path, fill)


def write_text_atomic(path: Path, text: str) -> None:
    _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write(records: list[Commitment], fmt: str, path: Path, as_of: dt.date) -> None:
    """Write a report file atomically."""
    if fmt not in FORMATS:
        raise DrafterError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        _atomic(path, lambda tmp: write_xlsx(records, tmp, as_of))
    else:
        write_text_atomic(path, render(records, fmt, as_of))
