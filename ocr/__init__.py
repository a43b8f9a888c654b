"""Scanned or born-digital document -> structured document (see ``ocr.model``).

This package never imports ``drafter``: it is the reading half of the tool and
can be used on its own.
"""
from ocr.dispatch import read_document
from ocr.errors import ReadError
from ocr.model import Annotation, Block, Document, Page

__all__ = ["Annotation", "Block", "Document", "Page", "ReadError", "read_document"]
__version__ = "0.1.0"
