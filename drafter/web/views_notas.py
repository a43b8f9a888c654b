"""Pages for the nota's: the list, uploads with their progress, the page view with its remarks, export."""
from __future__ import annotations

import json
from collections import OrderedDict

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from drafter.web import corrections
from drafter.web.notas import BODY_KINDS, UploadRefused
from drafter.web.render import back, page
from ocr.model import ANNOTATION_KINDS, Annotation, Document
from ocr.output import KIND_LABELS, percent

MIME = {"json": "application/json", "md": "text/markdown; charset=utf-8",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _library(request: Request):  # noqa: ANN202 - a NotaLibrary
    return request.app.state.notas


def _engine(request: Request):  # noqa: ANN202 - the register's SQLAlchemy engine
    return request.app.state.tracker.engine


def _stem(request: Request) -> str:
    stem = request.path_params["stem"]
    if stem not in _library(request).names():
        raise HTTPException(404, "Deze nota staat niet in de map met OCR-uitvoer.")
    return stem


async def nota_list(request: Request) -> Response:
    lib = _library(request)
    jobs = sorted(lib.jobs.values(), key=lambda j: j.started, reverse=True)
    return page(request, "notas.html", section="notas", notas=lib.summaries(), jobs=jobs, outdir=lib.outdir)


async def upload(request: Request, form: FormData) -> Response:
    """Store the scan under a generated name and read it in the background (the same batch pipeline)."""
    file = form.get("bestand")
    if not isinstance(file, UploadFile) or not file.filename:
        return back("/notas", "Kies eerst een bestand.")
    lib = _library(request)
    head = file.file.read(8)
    file.file.seek(0)
    try:
        job = lib.store_upload(file.filename, head, iter(lambda: file.file.read(1 << 20), b""))
    except UploadRefused as exc:
        return back("/notas", str(exc))
    lib.start(job)
    return back(f"/notas/taak/{job.id}")


async def job_status(request: Request) -> Response:
    job = _library(request).jobs.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404, "Onbekende taak.")
    return page(request, "job.html", section="notas", job=job)


def _anchor_choices(doc: Document, page_no: int) -> list[tuple[str, str]]:
    """The paragraphs a remark on ``page_no`` can be moved to: body blocks of that page and its neighbours."""
    out = []
    for b in doc.blocks:
        if b.kind in BODY_KINDS and abs(b.page - page_no) <= 1:
            text = " ".join(b.text.split())
            out.append((b.id, f"{b.id} (p. {b.page}) — {text[:70]}{'…' if len(text) > 70 else ''}"))
    return out


def _boxes(doc: Document, page_no: int, removed: set[str]) -> list[dict]:
    """What the page image shows: blocks and remarks of one page with their kind (for the colour)."""
    boxes = []
    for b in doc.blocks:
        if b.page == page_no and b.bbox:
            role = "meta" if b.kind in ("metadata", "header", "footer", "page_number") else "body"
            boxes.append({"id": b.id, "bbox": b.bbox, "role": role})
    for a in doc.annotations:
        if a.page == page_no and a.bbox:
            boxes.append({"id": a.id, "bbox": a.bbox, "role": "removed" if a.id in removed else "remark"})
    return boxes


async def nota_page(request: Request) -> Response:
    stem = _stem(request)
    lib = _library(request)
    got = lib.corrected(stem, _engine(request))
    if got is None:
        raise HTTPException(404, "Deze nota kan niet gelezen worden.")
    doc, removed = got
    try:
        number = int(request.query_params.get("pagina", "1"))
    except ValueError:
        number = 1
    numbers = [p.number for p in doc.pages] or [1]
    number = number if number in numbers else numbers[0]
    pg = next((p for p in doc.pages if p.number == number), None)
    blocks = [b for b in doc.blocks if b.page == number]
    on_page = {b.id for b in blocks}
    notes_by_block: dict[str, list[Annotation]] = {}
    loose = []
    for a in doc.annotations:
        if a.anchor in on_page:
            notes_by_block.setdefault(a.anchor, []).append(a)
        elif a.page == number:
            loose.append(a)
    sections: OrderedDict[str, list] = OrderedDict()
    for b in blocks:
        sections.setdefault(b.section or ("Kop en metadata" if not b.is_body else "Zonder sectie"), []).append(b)
    log = corrections.log_of(_engine(request), stem)
    return page(request, "nota.html", section="notas", stem=stem, doc=doc, page_info=pg, number=number,
                numbers=numbers, sections=sections, notes_by_block=notes_by_block, loose=loose, removed=removed,
                boxes=_boxes(doc, number, removed), anchors=_anchor_choices(doc, number), kinds=ANNOTATION_KINDS,
                kind_labels=KIND_LABELS, percent=percent, log=log[-20:][::-1], log_count=len(log),
                has_image=lib.has_image(stem, number))


async def page_png(request: Request) -> Response:
    stem = _stem(request)
    path = _library(request).page_image(stem, int(request.path_params["number"]))
    if path is None:
        raise HTTPException(404, "Geen afbeelding van deze pagina.")
    return FileResponse(path, media_type="image/png", headers={"cache-control": "private, max-age=3600"})


def _note(request: Request, stem: str) -> tuple[Document, Annotation]:
    got = _library(request).corrected(stem, _engine(request))
    note_id = request.path_params["note"]
    note = next((a for a in got[0].annotations if a.id == note_id), None) if got else None
    if got is None or note is None:
        raise HTTPException(404, "Onbekende opmerking.")
    return got[0], note


async def crop_png(request: Request) -> Response:
    stem = _stem(request)
    _, note = _note(request, stem)
    path = _library(request).crop_file(stem, note)
    if path is None:
        raise HTTPException(404, "Geen uitsnede van deze opmerking.")
    return FileResponse(path, media_type="image/png")


def _text(form: FormData, name: str, limit: int = 2000) -> str:
    value = form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


async def correct(request: Request, form: FormData) -> Response:
    """Save a changed transcription and/or anchor: one log row per field that changed."""
    stem = _stem(request)
    doc, note = _note(request, stem)
    who = request.app.state.settings.who
    engine = _engine(request)
    changed = []
    text = " ".join(_text(form, "tekst").split()) if "tekst" in form else note.text
    if text != note.text:
        corrections.record(engine, who, stem, note.id, "text", note.text, text)
        changed.append("transcriptie")
    anchor = _text(form, "anker", 64) or None
    if "anker" in form and anchor != note.anchor:
        if anchor is not None and doc.block(anchor) is None:
            raise HTTPException(400, "Die alinea bestaat niet in deze nota.")
        corrections.record(engine, who, stem, note.id, "anchor", note.anchor, anchor)
        changed.append("anker")
    melding = f"Opmerking {note.id}: {' en '.join(changed)} opgeslagen." if changed else "Niets gewijzigd."
    return back(f"/notas/{stem}?pagina={note.page}#{note.id}", melding)


async def no_remark(request: Request, form: FormData) -> Response:
    """Mark a box as 'geen aantekening' (or undo that)."""
    stem = _stem(request)
    _, note = _note(request, stem)
    value = "nee" if _text(form, "waarde") == "nee" else "ja"
    corrections.record(_engine(request), request.app.state.settings.who, stem, note.id, "removed",
                       "nee" if value == "ja" else "ja", value)
    melding = f"{note.id} is geen aantekening." if value == "ja" else f"{note.id} teruggezet."
    return back(f"/notas/{stem}?pagina={note.page}", melding)


async def new_box(request: Request, form: FormData) -> Response:
    """A remark the machine missed: a box drawn (or typed) by the officer, with its text and anchor."""
    stem = _stem(request)
    lib = _library(request)
    got = lib.corrected(stem, _engine(request))
    assert got is not None
    doc = got[0]
    try:
        number = int(_text(form, "pagina", 8))
        x0, top, x1, bottom = (float(_text(form, k, 16)) for k in ("x0", "top", "x1", "bottom"))
    except ValueError:
        return back(f"/notas/{stem}", "Teken eerst een kader op de pagina (of vul de vier getallen in).")
    pg = next((p for p in doc.pages if p.number == number), None)
    box = (x0, top, x1, bottom)
    if pg is None or not (0 <= x0 < x1 <= pg.width and 0 <= top < bottom <= pg.height):
        return back(f"/notas/{stem}?pagina={number}", "Het kader valt buiten de pagina.")
    kind = _text(form, "soort", 16)
    anchor = _text(form, "anker", 64) or None
    if kind not in ANNOTATION_KINDS or (anchor and doc.block(anchor) is None):
        raise HTTPException(400, "Onbekende soort of alinea.")
    note = Annotation(id=corrections.new_annotation_id(doc), page=number, kind=kind,
                      text=" ".join(_text(form, "tekst").split()), bbox=box, anchor=anchor, confidence=1.0)
    corrections.record(_engine(request), request.app.state.settings.who, stem, note.id, "new", None,
                       corrections.annotation_json(note))
    return back(f"/notas/{stem}?pagina={number}#{note.id}", f"Nieuwe opmerking {note.id} toegevoegd.")


async def export(request: Request) -> Response:
    """The corrected JSON, Markdown or Word file (written into the app folder, then sent)."""
    stem = _stem(request)
    fmt = request.path_params["fmt"]
    if fmt not in MIME:
        raise HTTPException(404, "Kies json, md of docx.")
    paths = _library(request).export(stem, _engine(request))
    return FileResponse(paths[fmt], media_type=MIME[fmt], filename=f"{stem}-gecorrigeerd.{fmt}")


async def correction_log(request: Request) -> Response:
    stem = _stem(request)
    log = corrections.log_of(_engine(request), stem)
    return Response(json.dumps([c.__dict__ for c in log], ensure_ascii=False, indent=1),
                    media_type="application/json")


def routes(post) -> list:  # noqa: ANN001 - app.post
    return [
        Route("/notas", nota_list),
        post("/notas/upload", upload),
        Route("/notas/taak/{job}", job_status),
        Route("/notas/{stem}", nota_page),
        Route("/notas/{stem}/pagina/{number:int}.png", page_png),
        Route("/notas/{stem}/uitsnede/{note}.png", crop_png),
        post("/notas/{stem}/opmerking/{note}", correct),
        post("/notas/{stem}/opmerking/{note}/geen", no_remark),
        post("/notas/{stem}/nieuw", new_box),
        Route("/notas/{stem}/export/{fmt}", export),
        Route("/notas/{stem}/correcties.json", correction_log),
    ]


