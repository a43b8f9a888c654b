"""The batch runner: folders and globs, one bad file, cache and resume, atomic outputs, executors."""
from __future__ import annotations

import concurrent.futures as cf
import json
import os
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from ocr.batch import CACHE_DIR, DocumentOutcome, expand_inputs, run_batch
from ocr.model import Document, load_schema

TEXTS = {
    "aanleiding.txt": "Aanleiding\n\nDe gemeenten melden meer aanmeldingen dan verwacht.\n\nDat vraagt om een besluit.\n",
    "kernpunten.md": "Kernpunten\n\nHet budget voor 2024 is toereikend.\n\nDe evaluatie volgt in het najaar.\n",
    "2022/toelichting.txt": "Toelichting\n\nIn 2022 deden 2.341 inburgeraars mee.\n",
    "2023/toelichting.txt": "Toelichting\n\nIn 2023 deden 3.012 inburgeraars mee.\n",
}


def _folder(root: Path, bad: bool = True) -> Path:
    """A folder of real text inputs, in sub-folders, with one empty (bad) file and one unrelated file."""
    folder = root / "in"
    for name, text in TEXTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if bad:
        (folder / "leeg.txt").write_bytes(b"")
    (folder / "lijst.csv").write_text("niet,lezen\n")  # unknown suffix: not picked up from a folder
    return folder


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files or scratch folders that an interrupted or failed run must not leave behind."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.endswith(".work")]


def test_folder_with_one_bad_file_writes_the_others_and_names_the_bad_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_batch([_folder(tmp_path)], out, ["json", "md"], jobs=1, progress=False)

    assert report.exit_code == 2
    assert [(f.path.name, f.problem) for f in report.failures] == [("leeg.txt", "file is empty")]
    assert "leeg.txt: file is empty" in report.summary()
    assert sorted(d.source.name for d in report.documents) == ["aanleiding.txt", "kernpunten.md",
                                                                "toelichting.txt", "toelichting.txt"]
    schema = load_schema()
    for stem in ["aanleiding", "kernpunten", "2022/toelichting", "2023/toelichting"]:
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")
    assert "2.341 inburgeraars" in (out / "2022/toelichting.json").read_text(encoding="utf-8")
    assert not list(out.glob("leeg.*")) and not list(out.glob("lijst.*"))
    assert _leftovers(out) == []


def test_rerun_skips_finished_documents_and_force_redoes_them(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path, bad=False), tmp_path / "out"
    first = run_batch([folder], out, ["json", "docx"], jobs=1, progress=False)
    assert first.ok and not any(d.cached for d in first.documents)
    outputs = [p for p in sorted(out.rglob("*.*")) if CACHE_DIR not in p.parts]
    assert len(outputs) == 8
    mtimes = {p: p.stat().st_mtime_ns for p in outputs}

    second = run_batch([folder], out, ["json", "docx"], jobs=1, progress=False)
    assert all(d.cached for d in second.documents) and len(second.documents) == 4
    assert second.pages_read == 0
    assert {p: p.stat().st_mtime_ns for p in outputs} == mtimes

    # a changed input is a new document: only that one is read again
    (folder / "kernpunten.md").write_text("Kernpunten\n\nHet budget is verhoogd.\n", encoding="utf-8")
    third = run_batch([folder], out, ["json", "docx"], jobs=1, progress=False)
    assert {d.source.name: d.cached for d in third.documents}["kernpunten.md"] is False
    assert sum(not d.cached for d in third.documents) == 1
    assert "verhoogd" in (out / "kernpunten.json").read_text(encoding="utf-8")

    forced = run_batch([folder], out, ["json", "docx"], jobs=1, force=True, progress=False)
    assert not any(d.cached for d in forced.documents)
    assert [p.name for p in outputs if p.stat().st_mtime_ns <= mtimes[p]] == []


def test_rerun_with_another_format_writes_only_what_is_missing_from_the_cache(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path, bad=False), tmp_path / "out"
    run_batch([folder], out, ["json"], jobs=1, progress=False)
    report = run_batch([folder], out, ["json", "md"], jobs=1, progress=False)
    assert all(d.cached for d in report.documents)
    assert (out / "aanleiding.md").is_file()


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "process-pool"])
def test_interrupted_batch_leaves_only_whole_documents_and_resumes(tmp_path: Path, jobs: int) -> None:
    folder, out = _folder(tmp_path, bad=False), tmp_path / "out"
    finished: list[DocumentOutcome] = []

    def interrupt_after_first(outcome: DocumentOutcome) -> None:
        finished.append(outcome)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([folder], out, ["json", "md", "docx"], jobs=jobs, progress=False, on_document=interrupt_after_first)
    assert len(finished) == 1
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                     and CACHE_DIR not in p.parts)
    assert written == sorted(p.relative_to(out).as_posix() for p in finished[0].outputs.values())
    assert len(written) == 3 and (jobs > 1 or written[0] == "2022/toelichting.docx")  # in order when in-process
    assert len(list((out / CACHE_DIR).glob("*.json"))) == 1
    assert _leftovers(out) == []

    resumed = run_batch([folder], out, ["json", "md", "docx"], jobs=1, progress=False)
    assert resumed.ok
    assert [d.source for d in resumed.documents if d.cached] == [finished[0].source]
    assert len(list(out.rglob("*.docx"))) == 4


def test_process_pool_reads_all_documents(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out"
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        report = run_batch([folder], out, ["json"], executor=pool, progress=False)
    assert [f.path.name for f in report.failures] == ["leeg.txt"]
    assert len(report.documents) == 4
    default_pool = run_batch([folder], tmp_path / "out2", ["json"], jobs=2, progress=False)
    assert len(default_pool.documents) == 4 and default_pool.exit_code == 2
    doc = Document.from_json((tmp_path / "out2" / "2023/toelichting.json").read_text(encoding="utf-8"))
    assert "3.012 inburgeraars" in doc.text()


def test_dask_local_cluster_runs_the_batch(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    folder, out = _folder(tmp_path), tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        report = run_batch([folder], out, ["json", "md"], executor=client.get_executor(pure=False),
                           progress=False)
    assert [f.path.name for f in report.failures] == ["leeg.txt"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if CACHE_DIR not in p.parts) == [
        "2022/toelichting.json", "2023/toelichting.json", "aanleiding.json", "kernpunten.json"]


def test_globs_and_files_with_the_same_name_get_distinct_outputs(tmp_path: Path) -> None:
    folder = _folder(tmp_path, bad=False)
    (folder / "aanleiding.md").write_text("Aanleiding\n\nEen andere tekst.\n", encoding="utf-8")
    items, failures = expand_inputs([str(folder / "*.txt"), folder / "aanleiding.md", str(folder / "*.pdf")])
    assert [(i.path.name, i.stem) for i in items] == [("aanleiding.txt", "aanleiding"),
                                                      ("aanleiding.md", "aanleiding-md")]
    assert [(f.path.name, f.problem) for f in failures] == [("*.pdf", "no file matches this pattern")]


def test_output_folder_inside_the_input_folder_is_not_read_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path, bad=False)
    out = folder / "resultaat"
    run_batch([folder], out, ["md"], jobs=1, progress=False)
    again = run_batch([folder], out, ["md"], jobs=1, progress=False)
    assert len(again.documents) == 4 and all(d.cached for d in again.documents)


def test_crops_land_next_to_the_outputs_with_paths_relative_to_the_json(tmp_path: Path) -> None:
    """A document JSON as input (a supported reader) whose remark points at a real PNG crop."""
    from PIL import Image

    from ocr.model import Annotation, Block, Page

    crop = tmp_path / "scratch" / "crop-1.png"
    crop.parent.mkdir()
    Image.new("RGB", (80, 30), (25, 45, 150)).save(crop)
    doc = Document(source="nota.pdf", pages=[Page(1, 595.3, 841.9, "ocr")],
                   blocks=[Block("b1", 1, "paragraph", "Het budget is toereikend.", (90, 100, 400, 130))],
                   annotations=[Annotation("a1", 1, "note", "Eens", (460, 100, 520, 120), anchor="b1",
                                           confidence=0.8, image=str(crop))])
    source = tmp_path / "in" / "sub" / "nota.json"
    source.parent.mkdir(parents=True)
    source.write_text(doc.to_json(), encoding="utf-8")
    out = tmp_path / "out"

    report = run_batch([source, tmp_path / "in" / "sub" / "nota.json"], out, ["json", "md", "docx"], jobs=1,
                       progress=False)
    assert report.ok and len(report.documents) == 1
    written = json.loads((out / "nota.json").read_text(encoding="utf-8"))
    assert written["annotations"][0]["image"] == "nota_crops/a1.png"
    assert (out / "nota_crops" / "a1.png").read_bytes() == crop.read_bytes()
    assert "[origineel](nota_crops/a1.png)" in (out / "nota.md").read_text(encoding="utf-8")
    crop.unlink()  # the cache keeps its own copy: a rerun elsewhere still has the crop
    again = run_batch([source], tmp_path / "out" / "elders", ["json"], jobs=1, progress=False)
    assert not again.documents[0].cached  # another output folder has its own cache
    assert json.loads((out / "elders" / "nota.json").read_text())["annotations"][0]["image"] is None
    resumed = run_batch([source], out, ["json", "md"], jobs=1, progress=False)
    assert resumed.documents[0].cached and (out / "nota_crops" / "a1.png").is_file()
    source.write_text(replace(doc, annotations=[]).to_json(), encoding="utf-8")  # a new reading, no remarks
    run_batch([source], out, ["json", "md"], jobs=1, progress=False)
    assert list((out / "nota_crops").iterdir()) == []  # no crop left that nothing refers to


def test_identical_files_are_read_once_and_stale_outputs_are_replaced(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path, bad=False), tmp_path / "out"
    report = run_batch([folder], out, ["json"], jobs=1, progress=False)
    assert report.pages_read == 4
    # 2023/toelichting.txt gets the bytes of aanleiding.txt, whose result is already cached
    (folder / "2023/toelichting.txt").write_bytes((folder / "aanleiding.txt").read_bytes())
    (folder / "kopie.txt").write_bytes((folder / "aanleiding.txt").read_bytes())
    again = run_batch([folder], out, ["json"], jobs=1, progress=False)
    assert again.pages_read == 0 and all(d.cached for d in again.documents)
    assert "Aanleiding" in (out / "2023/toelichting.json").read_text(encoding="utf-8")
    assert (out / "kopie.json").is_file()


def test_own_worker_processes_run_tesseract_single_threaded(monkeypatch) -> None:
    from ocr.batch import process_pool

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)  # the workers must set it themselves
    with process_pool(2) as pool:
        assert pool.submit(os.getenv, "OMP_THREAD_LIMIT").result() == "1"


class _PoolWithAFatalFile(cf.ProcessPoolExecutor):
    """Fault injection (after OCRmyPDF's crashing-Tesseract plugins): the worker that gets a
    document named 'absturz*' dies on the spot, as it would in the out-of-memory killer's hands."""

    def submit(self, fn, /, *args, **kwargs):
        if any(isinstance(a, Path) and a.name.startswith("absturz") for a in args):
            return super().submit(os._exit, 9)
        return super().submit(fn, *args, **kwargs)


def test_a_file_that_kills_its_worker_fails_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path, bad=False), tmp_path / "out"
    (folder / "absturz.txt").write_text("Aanleiding\n\nDeze tekst doodt zijn worker.\n", encoding="utf-8")
    pools: list[cf.Executor] = []

    def make_pool() -> cf.Executor:
        pools.append(_PoolWithAFatalFile(max_workers=2))
        return pools[-1]

    report = run_batch([folder], out, ["json"], executor=make_pool, progress=False)
    assert [(f.path.name, f.problem.split(" (")[0]) for f in report.failures] == [
        ("absturz.txt", "a worker process died while reading this file")]
    assert sorted(d.source.name for d in report.documents) == ["aanleiding.txt", "kernpunten.md",
                                                                "toelichting.txt", "toelichting.txt"]
    assert len(pools) >= 2  # the dead pool was replaced
    assert _leftovers(out) == []
