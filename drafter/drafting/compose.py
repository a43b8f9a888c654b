"""Assemble a draft: render the section templates of the letter and the nota, then write both.

Rendering and writing are separate steps so that ``--check`` can render
everything, collect every missing value, and write nothing.
"""
from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from drafter import __version__
from drafter.drafting import docx_writer as w
from drafter.drafting.commitment_prose import heading, paragraph
from drafter.drafting.context import FiguresView, figures_used, plain, tables_used
from drafter.drafting.environment import BUILTIN_TEMPLATES, MissingValues, make_environment, template_location
from drafter.drafting.letters import from_spec, previous_uitvoeringsbrief
from drafter.drafting.markup import Block, number_blocks, parse_blocks
from drafter.drafting.spec import CommitmentStub, LetterSpec, commitments_for, load_spec, load_spec_for_check
from drafter.errors import DrafterError
from drafter.figures.store import DEFAULT_STORE, FigureStore, Point
from drafter.figures.tables import CohortTable
from drafter.letters import LetterRecord, find_letter, letters_for

LETTER_PARTS = ("brief",)
NOTA_SECTIONS = ("aanleiding", "geadviseerd_besluit", "kernpunten", "toelichting", "bijlagen")
MINISTRY = "Ministerie van Sociale Zaken en Werkgelegenheid"
ADDRESS = ["Postbus 90801", "2509 LV Den Haag", "www.rijksoverheid.nl"]


@dataclass
class Draft:
    spec: LetterSpec
    letter: list[Block]
    nota: list[Block]
    commitments: list[CommitmentStub]
    used: list[Point] = field(default_factory=list)
    template_version: str = ""
    tables: list[tuple[str, CohortTable]] = field(default_factory=list)  # (figures name, table) as shown
    letters: list[LetterRecord] = field(default_factory=list)  # the letter records the draft read

    @property
    def figures_hash(self) -> str:
        return FigureStore.fingerprint(self.used)


def template_version(user_dir: Path | None) -> str:
    """drafter's version plus a hash of every template file that could be used."""
    digest = hashlib.sha256()
    for root in [d for d in (user_dir, BUILTIN_TEMPLATES) if d]:
        for path in sorted(Path(root).rglob("*.j2")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def template_context(spec: LetterSpec, figures: FiguresView, commitments: list[CommitmentStub],
                     letters: list[LetterRecord] | None = None) -> dict[str, Any]:
    """What every template sees: plain data (no Path, no objects that reach files) and the figures view."""
    from drafter.letters import shipped_letters

    records = shipped_letters() if letters is None else letters
    explicit = next((s.params["vorige_brief"] for s in spec.sections if "vorige_brief" in s.params), None)
    previous = (from_spec(explicit) if isinstance(explicit, dict)
                else previous_uitvoeringsbrief(spec.datum, records, spec.kenmerk))
    brief = plain({"datum": spec.datum, "kenmerk": spec.kenmerk, "onderwerp": spec.onderwerp,
                   "signatory": spec.signatory, "sections": spec.sections, "bijlagen": spec.bijlagen,
                   "figures": spec.figures})
    nota = plain(spec.nota)
    nota["datum"] = spec.nota.params.get("datum", spec.datum)
    return {"brief": brief, "cijfers": figures, "toezeggingen": plain(commitments), "nota": nota,
            "vorige_brief": plain(previous)}


def describe_letter(records: list[LetterRecord]):
    """name -> template data of a letter ('002_….txt', 'kenmerk 2023-…'), for corrections of published figures."""
    def describe(name: str) -> dict[str, Any]:
        record = find_letter(records, name)
        if record is None:
            return {"datum": None, "wanneer": "", "kamerstuk": "", "titel": "", "kenmerk": ""}
        return record.for_template()
    return describe


def check_series(spec: LetterSpec, store: FigureStore) -> list[str]:
    """A figures entry naming a series the store does not have: one line each, with 'did you mean'."""
    problems = []
    known = sorted(store.info)
    named = [(spec.where("figures", name, "series"), ref.series) for name, ref in spec.figures.items()]
    named += [(spec.where("correcties", series), series) for series in spec.correcties]
    for where, series in named:
        if series not in store.info:
            close = difflib.get_close_matches(series, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else " ('drafter figures list' shows the series)"
            problems.append(f"{where}: no series {series!r} in the store{hint}")
    return problems


def check_references(spec: LetterSpec, user_dir: Path | None) -> list[str]:
    """Sections whose template does not exist and 'figures:' names the spec does not define, with 'did you mean'."""
    problems = []
    available = {p.name.removesuffix(".md.j2") for root in (user_dir, BUILTIN_TEMPLATES) if root is not None
                 for p in (Path(root) / "brief").glob("*.md.j2")}
    for index, section in enumerate(spec.sections):
        if section.template not in available:
            close = difflib.get_close_matches(section.template, sorted(available), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (sections: {', '.join(sorted(available))})"
            problems.append(f"{spec.where('sections', index)}: no section template {section.template!r}{hint}")
    references: list[tuple[tuple[Any, ...], Any]] = [
        (("sections", i, s.template, "figures"), s.params.get("figures")) for i, s in enumerate(spec.sections)]
    references += [(("sections", i, s.template, "elip", "figures"), (s.params.get("elip") or {}).get("figures"))
                   for i, s in enumerate(spec.sections) if isinstance(s.params.get("elip"), dict)]
    references.append((("nota", "figures"), spec.nota.params.get("figures")))
    for path, name in references:
        if name is not None and name not in spec.figures:
            close = difflib.get_close_matches(str(name), sorted(spec.figures), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            named = ", ".join(sorted(spec.figures)) or "none"
            problems.append(f"{spec.where(*path)}: {name!r} is not one of the figures of this spec ({named}){hint}")
    return problems


def check_overrides(spec: LetterSpec, user_dir: Path | None) -> list[str]:
    """A file in the officer's brief/ or nota/ folder that no section uses is a misspelt override."""
    if user_dir is None:
        return []
    wanted = {"brief": {s.template for s in spec.sections} | {p.stem.removesuffix(".md") for p in
                                                               (BUILTIN_TEMPLATES / "brief").glob("*.md.j2")},
              "nota": set(NOTA_SECTIONS)}
    problems = []
    for part, names in wanted.items():
        for path in sorted((user_dir / part).glob("*.md.j2")):
            name = path.name.removesuffix(".md.j2")
            if name not in names:
                close = difflib.get_close_matches(name, sorted(names), n=1)
                hint = f"; did you mean '{close[0]}.md.j2'?" if close else ""
                problems.append(f"{path}: matches no section of {spec.path}{hint}")
    return problems


def render(spec: LetterSpec, store: FigureStore, user_dir: Path | None = None,
           missing: MissingValues | None = None, db_url: str | None = None) -> Draft:
    """Render letter and nota to blocks.  With ``missing`` every gap is collected instead of raised."""
    env = make_environment(user_dir, missing)
    letters = letters_for(db_url)
    figures = FiguresView(store, spec.figures, str(spec.path), template_location,
                          None if missing is None else missing.add, spec.correcties, describe_letter(letters),
                          spec.where)
    commitments = commitments_for(spec, db_url)
    for commitment in commitments:
        commitment.zin = paragraph(commitment, spec.datum, letters)
        commitment.kop = heading(commitment, spec.datum)
    base = template_context(spec, figures, commitments, letters)
    env.start_clock()

    def one(name: str, **extra: Any) -> str:
        try:
            return env.get_template(name).render(**base, **extra)
        except TemplateNotFound as exc:
            raise DrafterError(f"{spec.path}: no template {exc.name!r} (in {user_dir or 'built-ins'} or default:)") from None
        except TemplateSyntaxError as exc:
            raise DrafterError(f"{exc.name or name}:{exc.lineno}: template error: {exc.message}") from None
        except UndefinedError as exc:
            raise DrafterError(f"{_traceback_location(exc, user_dir) or name}: missing value: {exc.message}") from None
        except SecurityError as exc:
            raise DrafterError(f"{_traceback_location(exc, user_dir) or name}: not allowed in a template: {exc}") from None
        except DrafterError:
            raise
        except (RecursionError, MemoryError, OverflowError) as exc:
            raise DrafterError(f"{_traceback_location(exc, user_dir) or name}: not allowed in a template: "
                               f"{type(exc).__name__} ({_first_line(exc)})") from None
        except Exception as exc:  # a template is the officer's code: its mistakes are one line, never a traceback
            raise DrafterError(f"{_traceback_location(exc, user_dir) or name}: template error: "
                               f"{type(exc).__name__}: {_first_line(exc)}") from None

    sections = [s.template for s in spec.sections]
    letter_text = []
    for section in spec.sections:
        if section.template == "ten_slotte" and "toezeggingen" not in sections and commitments:
            letter_text.append(one("brief/toezeggingen.md.j2", sectie={}))
        letter_text.append(one(f"brief/{section.template}.md.j2", sectie=plain(section.params)))
    letter = parse_blocks("\n\n".join(letter_text))
    number_blocks(letter)
    nota_text = [one(f"nota/{name}.md.j2", sectie=plain(spec.nota.params), brief_blokken=plain(letter))
                 for name in NOTA_SECTIONS]
    nota = parse_blocks("\n\n".join(nota_text))
    number_blocks(nota)
    return Draft(spec, letter, nota, commitments, figures_used(figures), template_version(user_dir),
                 tables_used(figures), letters)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else "")[:200]


def _traceback_location(exc: BaseException, user_dir: Path | None) -> str:
    """The template line of an error, from jinja's rewritten traceback ('brief/elip.md.j2:12')."""
    roots = [str(r.resolve()) + "/" for r in (user_dir, BUILTIN_TEMPLATES) if r is not None]
    tb, found = exc.__traceback__, ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            for root in roots:
                name = name.removeprefix(root)
            found = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _letter_side(spec: LetterSpec) -> list[w.SideField]:
    fields = [w.SideField(MINISTRY, ADDRESS), w.SideField("Ons kenmerk", [spec.kenmerk])]
    if spec.bijlagen:  # house style: no 'Bijlage(n)' field when there are none
        fields.append(w.SideField("Bijlage(n)", [str(len(spec.bijlagen))]))
    return fields


def _new_document(side: list[w.SideField], side_y_mm: float, follow_on: list[w.SideField]):
    """An A4 document with its footnotes part, side column on page 1, header for page 2+, page numbers."""
    document = w.new_a4_document()
    notes = w.Footnotes(document, document.styles["Footnote Text"].style_id,
                        document.styles["Footnote Reference"].style_id)
    w.side_column(document, side, side_y_mm)
    w.follow_on_header(document, follow_on)
    w.page_footer(document)
    return document, notes


def write_letter(draft: Draft, target: Path) -> None:
    """The Kamerbrief: side column, retouradres, addressee, Datum/Betreft, body, closing."""
    from drafter.dutch import datum

    spec = draft.spec
    document, notes = _new_document(_letter_side(spec), w.TOP_MM + 7,
                                    [w.SideField(MINISTRY, []), w.SideField("Ons kenmerk", [spec.kenmerk])])
    document.add_paragraph(f"> Retouradres {ADDRESS[0]} {ADDRESS[1]}", style="Kenmerk")
    address = document.add_paragraph()
    address.paragraph_format.space_before = w.Pt(14)
    for i, line in enumerate(["De voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                              "2500 EA DEN HAAG"]):
        if i:
            address.add_run().add_break()
        address.add_run(line)
    for label, value, before in (("Datum", datum(spec.datum), 92), ("Betreft", spec.onderwerp, 0)):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = w.Pt(before)
        paragraph.paragraph_format.tab_stops.add_tab_stop(w.Mm(20))
        paragraph.add_run(label).font.size = w.Pt(w.SMALL_PT)
        paragraph.add_run("\t" + value)
    greeting = document.add_paragraph("Geachte voorzitter,")
    greeting.paragraph_format.space_before = w.Pt(26)
    greeting.paragraph_format.space_after = w.Pt(w.LINE_PT)
    w.add_blocks(document, draft.letter, notes)
    closing = document.add_paragraph("Hoogachtend,")
    closing.paragraph_format.space_before = w.Pt(w.LINE_PT)
    closing.paragraph_format.keep_with_next = True
    title = document.add_paragraph(spec.signatory.title.rstrip(",") + ",")  # house style: normal case
    title.paragraph_format.space_before = w.Pt(w.LINE_PT)
    title.paragraph_format.keep_with_next = True
    name = document.add_paragraph(spec.signatory.name)
    name.paragraph_format.space_before = w.Pt(3 * w.LINE_PT)
    w.set_properties(document, spec.onderwerp, f"Kamerbrief {spec.kenmerk}", draft.template_version,
                     draft.figures_hash, MINISTRY)
    w.save_atomic(document, target)


def write_nota(draft: Draft, target: Path) -> None:
    """The nota to the minister: 'nota', title, Aan, side column, sections, Bijlagen table."""
    from drafter.dutch import datum

    spec = draft.spec
    reference = spec.nota.referentie or spec.kenmerk
    fields = [w.SideField(spec.nota.directie, [MINISTRY]),
              w.SideField("Datum", [datum(spec.nota.params.get("datum", spec.datum))]),
              w.SideField("Onze referentie", [reference]), w.SideField("Bijlage(n)", [str(1 + len(spec.bijlagen))])]
    document, notes = _new_document(fields, w.TOP_MM, [w.SideField(spec.nota.directie, []),
                                                       w.SideField("Onze referentie", [reference])])
    word = document.add_paragraph()
    word.add_run("nota").font.size = w.Pt(20)
    word.paragraph_format.line_spacing = w.Pt(26)
    title = document.add_paragraph()
    title.add_run(spec.nota.titel).bold = True
    title.paragraph_format.space_after = w.Pt(w.LINE_PT)
    aan = document.add_paragraph()
    aan.add_run("Aan").font.size = w.Pt(w.SMALL_PT)
    aan.add_run().add_break()
    aan.add_run(spec.nota.aan)
    aan.paragraph_format.space_after = w.Pt(w.LINE_PT)
    w.add_blocks(document, draft.nota, notes)
    w.set_properties(document, spec.nota.titel, f"Nota {spec.nota.referentie or spec.kenmerk}",
                     draft.template_version, draft.figures_hash, spec.nota.directie)
    w.save_atomic(document, target)


def _prepare(spec: LetterSpec, store_dir: Path, user_dir: Path | None) -> tuple[FigureStore, list[str]]:
    if user_dir is not None and not user_dir.is_dir():
        raise DrafterError(f"{user_dir}: templates folder not found")
    store = FigureStore(store_dir)
    return store, check_series(spec, store) + check_references(spec, user_dir) + check_overrides(spec, user_dir)


def draft_files(spec_path: Path, letter_path: Path | None, nota_path: Path | None = None,
                store_dir: Path = DEFAULT_STORE, user_dir: Path | None = None, db_url: str | None = None) -> Draft:
    """Render, then write; nothing is written unless everything rendered.

    ``db_url``: the officer's commitments register; None reads the one shipped in ``corpus/``.
    """
    spec = load_spec(spec_path)
    store, problems = _prepare(spec, store_dir, user_dir)
    if problems:
        raise DrafterError(problems[0])
    draft = render(spec, store, user_dir, db_url=db_url)
    if letter_path is not None:
        write_letter(draft, letter_path)
    if nota_path is not None:
        write_nota(draft, nota_path)
    return draft


def check_draft(spec_path: Path, store_dir: Path = DEFAULT_STORE, user_dir: Path | None = None,
                db_url: str | None = None) -> tuple[list[str], list[str]]:
    """(every problem of the spec, every missing value as template:line:name), writing nothing.

    A spec too broken to render gives its problems only.
    """
    spec, problems = load_spec_for_check(spec_path)
    if spec is None:
        return problems, []
    store, more = _prepare(spec, store_dir, user_dir)
    missing = MissingValues()
    render(spec, store, user_dir, missing, db_url)
    return problems + more, missing.items


def check_spec(spec_path: Path, store_dir: Path = DEFAULT_STORE, user_dir: Path | None = None,
               db_url: str | None = None) -> list[str]:
    """Every problem of the spec, then every missing value, as lines."""
    problems, missing = check_draft(spec_path, store_dir, user_dir, db_url)
    return problems + missing
