"""Turns a print template and its context into Word or PDF bytes (Excel: workbook.py)."""

import hashlib
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from ..kinds import DOCUMENT_LANGUAGE, Format
from .pdf import html_to_pdf
from .word import html_to_docx
from .word_reference import REFERENCE_DOCX

PRINT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "documents" / "print"
# Raise when the rendering code changes what it produces, so that stored files are made again.
RENDERER_VERSION = "1"


@cache
def template_fingerprint() -> str:
    """Changes whenever a print template, the stylesheet or the Word reference changes."""
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    for path in [*sorted(PRINT_TEMPLATES.iterdir()), REFERENCE_DOCX]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def render_html(template: str, context: dict) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template, context)


def render_document(template: str, context: dict, file_format: str) -> bytes:
    html = render_html(template, context)
    if file_format == Format.PDF:
        return html_to_pdf(html)
    if file_format == Format.DOCX:
        return html_to_docx(html)
    raise ValueError(f"{template} is not rendered as {file_format}")
