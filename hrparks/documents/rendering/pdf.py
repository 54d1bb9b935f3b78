"""PDF files from the print templates, through WeasyPrint. Fonts come from fontconfig by family name
(layout.PDF_FONT_FAMILIES); WeasyPrint embeds them as subsets (HarfBuzz subsetting when libharfbuzz-subset0
is installed, which keeps a page of Chinese text at a few dozen kilobytes and well under a second)."""

from io import BytesIO

from pypdf import PdfWriter
from weasyprint import HTML


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()


def merge_pdfs(parts: list[tuple[str, bytes]]) -> bytes:
    """One PDF of several (title, pdf bytes): each part a top-level bookmark, its headings beneath it."""
    writer = PdfWriter()
    for title, content in parts:
        writer.append(BytesIO(content), outline_item=title)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
