"""Assemble a draft: render the section templates of the letter and the nota, then write both.

Rendering and writing are separate steps so that ``--check`` can render
everything, collect every missing value, and write nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from drafter import __version__
from drafter.drafting import docx_writer as w
from drafter.drafting.environment import BUILTIN_TEMPLATES, MissingValues, make_environment, template_location
from drafter.drafting.letters import from_spec, previous_uitvoeringsbrief
from drafter.drafting.markup import Block, number_blocks, parse_blocks
from drafter.drafting.spec import CommitmentStub, LetterSpec, commitments_for, load_spec
from drafter.errors import DrafterError
from drafter.figures.store import DEFAULT_STORE, FigureStore, Point
from drafter.figures.tables import CohortTable, cohort_table

LETTER_PARTS = ("brief",)
NOTA_SECTIONS = ("aanleiding", "geadviseerd_besluit", "kernpunten", "toelichting", "bijlagen")
MINISTRY = "Ministerie van Sociale Zaken en Werkgelegenheid"
ADDRESS = ["Postbus 90801", "2509 LV Den Haag", "www.rijksoverheid.nl"]


class Figures:
    """What templates see as ``cijfers``: the figures named in the spec, looked up in the store.

    Every lookup is recorded (for the figures hash); a missing figure raises one
    line naming series, peildatum and template line — or, under ``--check``, is
    noted and drafting goes on.
    """

    def __init__(self, store: FigureStore, spec: LetterSpec, missing: MissingValues | None) -> None:
        self._store, self._spec, self._missing = store, spec, missing
        self.used: list[Point] = []

    def _ref(self, name: str):
        if name not in self._spec.figures:
            raise DrafterError(f"{template_location()}: figures {name!r} is not named in {self._spec.path}")
        return self._spec.figures[name]

    def peildata(self, name: str) -> list[date]:
        return list(self._ref(name).peildata)

    def tabel(self, name: str) -> CohortTable:
        """The cohort table for the spec's figures ``name`` (its series and peildata)."""
        ref = self._ref(name)
        where = template_location()
        missing = self._missing

        def note(series: str, when: date, _cohort: str) -> None:
            missing.add(where, f"{series}@{when.isoformat()}")

        table = cohort_table(self._store, ref.series, ref.peildata, where, None if missing is None else note)
        self.used += table.points
        return table


@dataclass
class Draft:
    spec: LetterSpec
    letter: list[Block]
    nota: list[Block]
    commitments: list[CommitmentStub]
    used: list[Point] = field(default_factory=list)
    template_version: str = ""

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


def render(spec: LetterSpec, store: FigureStore, user_dir: Path | None = None,
           missing: MissingValues | None = None) -> Draft:
    """Render letter and nota to blocks.  With ``missing`` every gap is collected instead of raised."""
    env = make_environment(user_dir, missing)
    figures = Figures(store, spec, missing)
    commitments = commitments_for(spec)
    explicit = next((s.params["vorige_brief"] for s in spec.sections if "vorige_brief" in s.params), None)
    previous = from_spec(explicit) if isinstance(explicit, dict) else previous_uitvoeringsbrief(spec.datum)
    base: dict[str, Any] = {"brief": spec, "cijfers": figures, "toezeggingen": commitments, "nota": spec.nota,
                            "vorige_brief": previous}

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

    sections = [s.template for s in spec.sections]
    letter_text = []
    for section in spec.sections:
        if section.template == "ten_slotte" and "toezeggingen" not in sections and commitments:
            letter_text.append(one("brief/toezeggingen.md.j2", sectie={}))
        letter_text.append(one(f"brief/{section.template}.md.j2", sectie=section.params))
    letter = parse_blocks("\n\n".join(letter_text))
    number_blocks(letter)
    nota_text = [one(f"nota/{name}.md.j2", sectie=spec.nota.params, brief_blokken=letter) for name in NOTA_SECTIONS]
    nota = parse_blocks("\n\n".join(nota_text))
    number_blocks(nota)
    return Draft(spec, letter, nota, commitments, figures.used, template_version(user_dir))


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
    fields.append(w.SideField("Bijlage(n)", [str(len(spec.bijlagen))] if spec.bijlagen else ["0"]))
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
    title = document.add_paragraph(spec.signatory.title.upper().rstrip(",") + ",")
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
    fields = [w.SideField(spec.nota.directie, [MINISTRY]), w.SideField("Datum", [datum(spec.datum)]),
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


def draft_files(spec_path: Path, letter_path: Path | None, nota_path: Path | None = None,
                store_dir: Path = DEFAULT_STORE, user_dir: Path | None = None) -> Draft:
    """Render, then write; nothing is written unless everything rendered."""
    spec = load_spec(spec_path)
    if user_dir is not None and not user_dir.is_dir():
        raise DrafterError(f"{user_dir}: templates folder not found")
    draft = render(spec, FigureStore(store_dir), user_dir)
    if letter_path is not None:
        write_letter(draft, letter_path)
    if nota_path is not None:
        write_nota(draft, nota_path)
    return draft


def check_spec(spec_path: Path, store_dir: Path = DEFAULT_STORE, user_dir: Path | None = None) -> list[str]:
    """Every missing value as template:line:name, writing nothing."""
    spec = load_spec(spec_path)
    missing = MissingValues()
    render(spec, FigureStore(store_dir), user_dir, missing)
    return missing.items


