"""The one wrapper of the tesseract binary (through pytesseract).

Why one module: every call must run single-threaded (``OMP_THREAD_LIMIT=1``;
on a shared 2-core machine threaded Tesseract is six times slower, see the
field notes), and every caller wants the same thing back: words with boxes,
confidences and Tesseract's own line ids.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytesseract
from PIL import Image

os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by every tesseract child process


class TesseractError(RuntimeError):
    """Tesseract is missing or failed on an image."""


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
    except pytesseract.TesseractNotFoundError as exc:
        raise TesseractError("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)") from exc
    except pytesseract.TesseractError as exc:
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
