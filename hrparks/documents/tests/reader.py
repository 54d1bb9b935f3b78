"""Reading generated files back as a reader would: the text of a PDF (pdftotext), where its words sit
(pdftotext -bbox), its fonts (pdffonts), its page sizes (pdfinfo), and whether any glyph is missing."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4


def _with_file(content: bytes, *command: str, to_stdout: bool = False) -> str:
    """Run a poppler tool on the PDF bytes and return what it prints."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        arguments = [*command, handle.name, *(["-"] if to_stdout else [])]
        return subprocess.run(arguments, capture_output=True, check=True).stdout.decode()


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    return _with_file(content, "pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", to_stdout=True)


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page on its own (pdftotext -f N -l N), as a reader turning the pages sees it."""
    return [
        _with_file(content, "pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", to_stdout=True)
        for number in range(1, len(PdfReader(BytesIO(content)).pages) + 1)
    ]


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def pdf_fonts(content: bytes) -> list[PdfFont]:
    lines = _with_file(content, "pdffonts").splitlines()[2:]
    fonts = []
    for line in lines:
        # name, type (may contain spaces), encoding, emb, sub, uni, object, id
        match = re.match(r"(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+", line)
        assert match, line
        fonts.append(PdfFont(match[1], match[2], match[4] == "yes", match[5] == "yes", match[6] == "yes"))
    return fonts


def pdf_page_sizes_mm(content: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(BytesIO(content))
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in reader.pages]


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float  # millimetres from the left edge
    y_min: float  # millimetres from the top edge
    x_max: float
    y_max: float


def pdf_words(content: bytes) -> list[Word]:
    html = _with_file(content, "pdftotext", "-bbox", "-enc", "UTF-8", to_stdout=True)
    tree = etree.fromstring(html.encode(), etree.XMLParser(recover=True))
    words = []
    for page_number, page in enumerate(tree.iter("{*}page"), 1):
        for word in page.iter("{*}word"):
            box = [float(word.get(key)) / MM for key in ("xMin", "yMin", "xMax", "yMax")]
            words.append(Word(page_number, word.text or "", *box))
    return words


def missing_glyphs(content: bytes) -> int:
    """How many glyphs the PDF draws with the .notdef glyph (a box, 'tofu') because no font had the
    character. WeasyPrint writes text with Type 0 fonts whose CIDs are the glyph ids (CIDToGIDMap
    Identity), through Identity-H or its own CMap; glyph 0 is .notdef."""
    reader = PdfReader(BytesIO(content))
    missing = 0
    for page in reader.pages:
        fonts = {name: _cid_decoder(font.get_object()) for name, font in page["/Resources"]["/Font"].items()}
        missing += _count_notdef(ContentStream(page.get_contents(), reader), fonts, page, reader)
    return missing


def _cid_decoder(font):
    encoding = font.get("/Encoding")
    if encoding == "/Identity-H":
        return lambda code: code
    mapping = {}
    data = encoding.get_object().get_data().decode("latin-1")
    for block in re.findall(r"begincidchar(.*?)endcidchar", data, re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", block):
            mapping[int(code, 16)] = int(cid)
    return lambda code: mapping.get(code, code)


def _count_notdef(stream, fonts, page, reader) -> int:
    missing = 0
    decode = None
    for operands, operator in stream.operations:
        if operator == b"Tf":
            decode = fonts.get(operands[0])
        elif operator in (b"Tj", b"TJ") and decode is not None:
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            for item in strings:
                if isinstance(item, (bytes, str)) or hasattr(item, "original_bytes"):
                    raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item, "latin-1")
                    codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                    missing += sum(1 for code in codes if decode(code) == 0)
        elif operator == b"Do":
            xobject = page["/Resources"]["/XObject"][operands[0]].get_object()
            if xobject.get("/Subtype") == "/Form":
                inner_fonts = xobject.get("/Resources", {}).get("/Font", {})
                merged = {**fonts, **{n: _cid_decoder(f.get_object()) for n, f in inner_fonts.items()}}
                missing += _count_notdef(ContentStream(xobject, reader), merged, xobject, reader)
    return missing


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a Word file, one per line."""
    document = Document(BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
