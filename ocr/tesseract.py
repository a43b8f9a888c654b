"""The one wrapper of the tesseract binary (through pytesseract).

Why one module: every call must run single-threaded (``OMP_THREAD_LIMIT=1``;
on a shared 2-core machine threaded Tesseract is six times slower, see the
field notes), and every caller wants the same thing back: words with boxes,
confidences and Tesseract's own line ids.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import pytesseract
from PIL import Image

from ocr.errors import MissingDependency

os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by every tesseract child process


INSTALL = "apt-get install tesseract-ocr tesseract-ocr-nld"


class TesseractError(RuntimeError):
    """Tesseract failed on an image."""


@cache
def require_tesseract(lang: str = "nld") -> None:
    """``MissingDependency`` unless the tesseract program and the ``lang`` language pack are installed.

    Why up front: a batch of fifty scans should stop at once with one line (exit code 4), not
    report fifty failed documents.  Cached: one check per process.
    """
    try:
        installed = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        raise MissingDependency(f"tesseract is not installed ({INSTALL})") from None
    missing = [code for code in lang.split("+") if code not in installed]
    if missing:
        raise MissingDependency(f"tesseract has no language pack {', '.join(missing)} "
                                f"(apt-get install {' '.join('tesseract-ocr-' + m for m in missing)})")


@dataclass(frozen=True)
class OcrWord:
    text: str
    conf: float  # 0..100
    left: int  # pixels in the image given to Tesseract
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # (block, paragraph, line) as Tesseract numbered them


def ocr_words(image: Image.Image | str, lang: str = "nld", psm: int = 4) -> list[OcrWord]:
    """Words of ``image`` (an image or the path of one) with boxes and confidences (Tesseract TSV)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError:
        raise MissingDependency(f"tesseract is not installed ({INSTALL})") from None
    except pytesseract.TesseractError as exc:
        if "Failed loading language" in exc.message or "Error opening data file" in exc.message:
            raise MissingDependency(f"tesseract has no language pack {lang} "
                                    f"(apt-get install tesseract-ocr-{lang})") from None
        raise TesseractError(f"tesseract failed: {exc.message.strip() or exc.status}") from exc
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        words.append(OcrWord(
            text=text,
            conf=float(data["conf"][i]),
            left=int(data["left"][i]),
            top=int(data["top"][i]),
            width=int(data["width"][i]),
            height=int(data["height"][i]),
            line=(int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])),
        ))
    return words
