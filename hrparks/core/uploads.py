"""What an uploaded application material may be: PDF, Word, Excel or an image, judged by content.

The extension says what the file claims to be; the bytes must agree. `filetype` reads the magic
numbers; Office Open XML files are zip archives, so they must also open as one and hold the part
that makes them a document or a workbook.

Office files are also checked for what would harm the official who opens them:

- zip bombs, judged from the zip's central directory without unpacking the file: the total declared
  size, the compression ratio of large parts, the number of parts, overlapping or duplicate entries.
  The few parts that are read (the content-type list, the first bytes of each part, embedded
  objects) are streamed, and all one check reads is bounded by twice the size limit;
- archives inside a document are refused (gzipped metafile pictures aside), except Office files in
  an `embeddings/` folder (a chart's workbook), which are checked by the same rules, one level deep;
- macros and ActiveX controls: VBA projects, macro sheets and ActiveX parts of Office Open XML and
  macro-enabled content types; the VBA storages of Compound Files (legacy .doc/.xls and embedded
  OLE objects), found among the Compound File's directory entries; Excel 4.0 macro sheets of a legacy
  .xls, read from its BOUNDSHEET records (oletools' BIFF parser);
- what Office fetches or runs by itself when the file is opened: any external relationship of an Office
  Open XML package (a remote template, a linked picture or object, an external workbook; only a
  hyperlink to a web or mail address, followed on a click, is kept), read with defusedxml; DDE and
  DDEAUTO fields and DDE links (oletools' msodde), in .docx, .xlsx, .doc and .xls;
- encrypted Office files, whose content cannot be checked.

A PDF is checked in full or refused (fail closed): a pdfid-style scan of the bytes first, and when it finds
a name that may hide an action (or escapes, object streams, encryption), pypdf reads every object, within
a budget of objects and seconds. A PDF that pypdf cannot read, that is encrypted with a password, or that
is too large to walk within the budget is refused with the reason.

Every upload of the platform passes through `check_upload`: application materials, evaluation materials,
objection attachments, support policies and the roster import."""

import hashlib
import io
import re
import struct
import tempfile
import time
import zipfile
import zlib
from contextlib import closing
from itertools import chain
from pathlib import PurePath, PurePosixPath
from urllib.parse import urlsplit

import filetype
import olefile
from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oletools import crypto as office_crypto
from oletools import msodde, ooxml, xls_parser
from oletools.thirdparty.oledump.plugin_biff import cBIFF
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

# Extension → the format its content must have.
FORMAT_OF_EXTENSION = {
    "pdf": "pdf",
    "docx": "docx",
    "doc": "doc",
    "xlsx": "xlsx",
    "xls": "xls",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
}
ALLOWED_EXTENSIONS = tuple(FORMAT_OF_EXTENSION)
# Office Open XML files that may run macros, whatever they hold (ECMA-376 Part 1 and [MS-OFFMACRO]).
MACRO_ENABLED_EXTENSIONS = ("docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm")
# The part every Word document / Excel workbook of Office Open XML has (ECMA-376 Part 1).
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc and .xls of Office 97–2003
HEAD_BYTES = 8192

# Zip-bomb limits. The two sizes a deployment may want to change are settings; the ratio rule is not.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
DEFAULT_MAX_ARCHIVE_MEMBERS = 10_000  # settings.UPLOAD_MAX_ARCHIVE_MEMBERS
MAX_COMPRESSION_RATIO = 100  # Office XML packs 5–20:1; images and embedded files barely pack at all
RATIO_CHECKED_ABOVE_BYTES = 1024 * 1024  # small parts (empty sheets, blank styles) may pack far better
CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # [Content_Types].xml is a few kilobytes
CHUNK_BYTES = 64 * 1024  # a multiple of a Compound File directory entry (128 bytes)
GZIP_SIGNATURE = b"\x1f\x8b"
# How a part that is itself an archive begins (zip, gzip, 7z, RAR, cabinet, bzip2, xz).
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    GZIP_SIGNATURE,
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"MSCF",
    b"BZh",
    b"\xfd7zXZ\x00",
)
EMBEDDED_PACKAGE_EXTENSIONS = (".docx", ".xlsx", ".pptx", ".vsdx")
COMPRESSED_PICTURE_EXTENSIONS = (".emz", ".wmz")  # gzipped Windows metafiles, which Office keeps as they came
# Parts and content types that mean VBA or Excel 4.0 macros, or ActiveX controls, in Office Open XML.
VBA_PART_NAMES = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
MACRO_FOLDERS = ("macrosheets",)
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "macrosheet")
# Names of the storages and streams a VBA project occupies in a Compound File ([MS-OVBA] 2.2; Word
# keeps it under "Macros", Excel under "_VBA_PROJECT_CUR"), compared in upper case as the format does.
OLE2_VBA_NAMES = ("_VBA_PROJECT", "_VBA_PROJECT_CUR", "VBA", "MACROS")
# A directory entry's name field holds the UTF-16LE name and its terminator; its length counts both.
OLE2_VBA_NAME_LENGTHS = {(len(name) + 1) * 2 for name in OLE2_VBA_NAMES}
OLE2_ENTRY_BYTES = 128
OLE2_STORAGE, OLE2_STREAM = 1, 2
# Relationships (ECMA-376 Part 2, 9.3): the one external target kept is a hyperlink to the web or a mail
# address, which opens on a click; every other one (attachedTemplate, oleObject, image, frame,
# externalLink, subDocument …) is fetched by Office when the file opens.
RELATIONSHIPS_MAX_BYTES = 4 * 1024 * 1024  # a .rels part lists a few hundred targets at most
HYPERLINK_SCHEMES = ("http", "https", "mailto")
# The parts msodde is given: those of a Word document that hold fields (w:instrText, w:fldSimple; ECMA-376
# Part 1, 17.16), those of a workbook that hold DDE links (ddeLink, 18.14.4), whatever their prefix.
FIELD_MARKERS = {"docx": re.compile(rb"instrText|fldSimple"), "xlsx": re.compile(rb"(?i)ddeLink")}
FIELD_MARKER_OVERLAP = len("fldSimple") - 1
FIELD_PARTS_MAX_BYTES = 16 * 1024 * 1024  # parsed at ~0.4 s a megabyte; a long report's text is a few MB
# Where a legacy Word document's field instruction (after 0x13, [MS-DOC] 2.8.25) starts with DDE or DDEAUTO.
DOC_FIELD_MAY_BE_DDE = re.compile(rb"\x13[\x00 \r\n]*[dD]\x00?[dD]\x00?[eE]")
# The streams of a legacy Excel workbook that hold its BIFF records ([MS-XLS] 2.1.2: "Book" before Excel 97).
XLS_WORKBOOK_STREAMS = ("workbook", "book")
# The PDF actions that run code or programs (ISO 32000-1, 12.6.4.16 and 12.6.4.5).
PDF_ACTIVE_ACTIONS = ("/JavaScript", "/Launch")
# Names are plain text in a PDF unless written with #-escapes, packed into an object stream, or the file is
# encrypted: a PDF without any of these is fully checked by this scan. Otherwise pypdf reads every object,
# within a budget (~0.1 ms an object): past it the file is refused as too complex, never let through.
PDF_WORTH_A_LOOK = re.compile(rb"/(?:JavaScript|JS|Launch|ObjStm|Encrypt)|/[^\s/<>\[\]()%]*#[0-9A-Fa-f]{2}")
DEFAULT_PDF_MAX_OBJECTS = 100_000  # settings.UPLOAD_PDF_MAX_OBJECTS
DEFAULT_PDF_MAX_SECONDS = 10  # settings.UPLOAD_PDF_MAX_SECONDS

# What a broken or hostile zip raises in zipfile and zlib: no other way to tell a damaged file.
DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    zlib.error,
    struct.error,
    RuntimeError,  # encrypted parts
    NotImplementedError,  # unknown compression methods
)

REFUSALS = {
    "damaged": gettext_lazy("The file is damaged or cannot be read."),
    "uncompressed_size": gettext_lazy("Unpacked, the file would exceed %(limit)s, the most allowed."),
    "too_many_parts": gettext_lazy("The file is made of more than %(limit)s parts, the most allowed."),
    "compression_ratio": gettext_lazy(
        "The compression ratio of the file is abnormal (%(ratio)s:1); it may be a zip bomb."
    ),
    "nested_archive": gettext_lazy("The file contains another archive (“%(part)s”); archives are not accepted."),
    "macros": gettext_lazy(
        "The file contains macros; save it as a file without macros (.docx or .xlsx) and upload it again."
    ),
    "macro_enabled": gettext_lazy(
        "Macro-enabled files (.%(extension)s) are not accepted; save the file as .docx or .xlsx and upload it again."
    ),
    "activex": gettext_lazy("The file contains ActiveX controls; remove them and upload the file again."),
    "pdf_active_content": gettext_lazy(
        "The PDF contains scripts or actions that launch programs; print it to a new PDF and upload it again."
    ),
    "pdf_damaged": gettext_lazy("The PDF is damaged and cannot be checked; print it to a new PDF and upload it again."),
    "pdf_too_complex": gettext_lazy(
        "The PDF is too complex to check (more than %(limit)s objects, or more than %(seconds)s seconds); "
        "print it to a new PDF, or split it, and upload it again."
    ),
    "encrypted": gettext_lazy(
        "The file is encrypted or password-protected, so its content cannot be checked; remove the password "
        "and upload it again."
    ),
    "external_relationship": gettext_lazy(
        "The file links to an external resource that Office would fetch when it is opened (%(kind)s: "
        "“%(target)s”); remove the link (or embed the content) and upload the file again."
    ),
    "fields_too_large": gettext_lazy(
        "The parts of the file that hold fields are too large to check (%(size)s, at most %(limit)s); split "
        "the file and upload it again."
    ),
    "dde": gettext_lazy(
        "The file contains a DDE field or link (“%(field)s”), which can run programs when the file is opened; "
        "remove it and upload the file again."
    ),
}


# oletools reads the XML of a package with lxml or the standard library's parser; every XML the platform
# parses from an upload goes through defusedxml instead, which refuses entity declarations and external
# references (billion laughs, XXE). msodde only needs iterparse and ParseError, which defusedxml provides.
ooxml.ET = SafeElementTree


def _refuse(code: str, **params) -> ValidationError:
    return ValidationError(REFUSALS[code], code=code, params=params or None)


def _max_uncompressed_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)


def _max_archive_members() -> int:
    return getattr(settings, "UPLOAD_MAX_ARCHIVE_MEMBERS", DEFAULT_MAX_ARCHIVE_MEMBERS)


class _Budget:
    """Bytes one check may still unpack, over the file and everything embedded in it: what bounds the
    work of a check whatever the file declares."""

    def __init__(self, limit: int | None = None):
        self.limit = limit or _max_uncompressed_bytes()
        self.left = 2 * self.limit  # the file, and once more what is embedded in it

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _refuse("uncompressed_size", limit=filesizeformat(self.limit))


def _member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, cap: int | None = None):
    """The unpacked bytes of one part, streamed; zipfile stops at the declared size, `cap` sooner. The first
    chunk is as long as a file signature: for most parts, all that is read."""
    remaining = info.file_size if cap is None else min(cap, info.file_size)
    size = len(OLE2_SIGNATURE)
    with archive.open(info) as member:
        while remaining > 0:
            chunk = member.read(min(size, remaining))
            if not chunk:
                return
            budget.spend(len(chunk))
            remaining -= len(chunk)
            yield chunk
            size = CHUNK_BYTES


def _ole2_has_vba(chunks) -> bool:
    """Whether a Compound File holds a VBA project. Directory entries sit on 128-byte boundaries of the
    file (sectors are 512 or 4096 bytes, after a header of one sector), so every aligned entry is read
    without following the sector chains: a damaged chain cannot hide one."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        whole = len(pending) - len(pending) % OLE2_ENTRY_BYTES
        for offset in range(0, whole, OLE2_ENTRY_BYTES):
            if _is_vba_entry(pending, offset):
                return True
        pending = pending[whole:]
    return False


def _is_vba_entry(data: bytes, offset: int) -> bool:
    (name_length,) = struct.unpack_from("<H", data, offset + 64)
    if name_length not in OLE2_VBA_NAME_LENGTHS or data[offset + 66] not in (OLE2_STORAGE, OLE2_STREAM):
        return False
    name = data[offset : offset + name_length - 2].decode("utf-16-le", "replace")
    return name.upper() in OLE2_VBA_NAMES


def _check_zip_directory(archive: zipfile.ZipFile, limit: int) -> None:
    """Zip-bomb rules read from the central directory alone."""
    infos = archive.infolist()
    if len(infos) > _max_archive_members():
        raise _refuse("too_many_parts", limit=_max_archive_members())
    if len({info.filename.lower() for info in infos}) < len(infos):
        # Two parts of one name: which one a reader opens is up to the reader, so the check could miss it.
        raise _refuse("damaged")
    by_offset = sorted(infos, key=lambda info: info.header_offset)
    ends = [info.header_offset for info in by_offset[1:]] + [archive.start_dir]
    for info, next_start in zip(by_offset, ends, strict=True):
        # A local header is at least 30 bytes; parts sharing data are how the largest zip bombs are made.
        if info.header_offset + 30 + info.compress_size > next_start:
            raise _refuse("damaged")
    if sum(info.file_size for info in infos) > limit:
        raise _refuse("uncompressed_size", limit=filesizeformat(limit))
    for info in infos:
        if info.file_size > RATIO_CHECKED_ABOVE_BYTES and info.file_size > MAX_COMPRESSION_RATIO * info.compress_size:
            raise _refuse("compression_ratio", ratio=info.file_size // max(info.compress_size, 1))


def _check_macro_parts(archive: zipfile.ZipFile, budget: _Budget) -> None:
    names = {info.filename.lower(): info for info in archive.infolist()}
    for name in names:
        path = PurePosixPath(name)
        if path.name in VBA_PART_NAMES or any(folder in path.parts for folder in MACRO_FOLDERS):
            raise _refuse("macros")
        if "activex" in path.parts:
            raise _refuse("activex")
    content_types = names.get("[content_types].xml")
    if content_types is None:
        return
    declared = b"".join(_member_chunks(archive, content_types, budget, cap=CONTENT_TYPES_MAX_BYTES)).lower()
    if any(kind.encode() in declared for kind in MACRO_CONTENT_TYPES):
        raise _refuse("macros")
    if b"activex" in declared:
        raise _refuse("activex")


def _check_embedded_parts(archive: zipfile.ZipFile, budget: _Budget, depth: int) -> None:
    """Compound Files (embedded OLE objects) are searched for a VBA project, archives refused but for Office
    files among the embeddings, which are checked like the package itself. Each part is read once at most."""
    for info in archive.infolist():
        if info.is_dir() or info.file_size == 0:
            continue
        with closing(_member_chunks(archive, info, budget)) as chunks:
            head = next(chunks, b"")
            if head.startswith(OLE2_SIGNATURE) and _ole2_has_vba(chain([head], chunks)):
                raise _refuse("macros")
            picture = head.startswith(GZIP_SIGNATURE) and info.filename.lower().endswith(COMPRESSED_PICTURE_EXTENSIONS)
            if head.startswith(ARCHIVE_SIGNATURES) and not picture:
                _check_embedded_archive(info, chain([head], chunks), budget, depth)


def _check_embedded_archive(info: zipfile.ZipInfo, chunks, budget: _Budget, depth: int) -> None:
    path = PurePosixPath(info.filename.lower())
    if path.suffix.lstrip(".") in MACRO_ENABLED_EXTENSIONS:
        raise _refuse("macros")
    if depth > 0 or "embeddings" not in path.parts or path.suffix not in EMBEDDED_PACKAGE_EXTENSIONS:
        raise _refuse("nested_archive", part=info.filename)
    with tempfile.SpooledTemporaryFile(max_size=CHUNK_BYTES * 16) as copy:
        for chunk in chunks:
            copy.write(chunk)
        copy.seek(0)
        with zipfile.ZipFile(copy) as embedded:
            _check_package(embedded, budget, depth=depth + 1)


def _check_relationships(archive: zipfile.ZipFile, budget: _Budget) -> None:
    """Every relationship part of the package, for targets outside it that Office would fetch by itself."""
    for info in archive.infolist():
        if not info.filename.lower().endswith(".rels"):
            continue
        if info.file_size > RELATIONSHIPS_MAX_BYTES:
            raise _refuse("damaged")
        try:
            relationships = SafeElementTree.fromstring(b"".join(_member_chunks(archive, info, budget)))
        except (SafeElementTree.ParseError, ValueError) as error:  # defusedxml's refusals are ValueErrors
            raise _refuse("damaged") from error
        for relationship in relationships.iter():
            if relationship.get("TargetMode", "").lower() == "external":
                _check_external_target(relationship.get("Type", ""), relationship.get("Target", ""))


def _check_external_target(relationship_type: str, target: str) -> None:
    kind = relationship_type.rsplit("/", 1)[-1]
    try:
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        scheme = ""
    if kind != "hyperlink" or scheme not in HYPERLINK_SCHEMES:
        raise _refuse("external_relationship", kind=kind or "?", target=target[:100])


def _check_package(archive: zipfile.ZipFile, budget: _Budget, depth: int = 0) -> None:
    _check_zip_directory(archive, budget.limit)
    _check_macro_parts(archive, budget)
    _check_relationships(archive, budget)
    _check_embedded_parts(archive, budget, depth)


def _parts_holding(archive: zipfile.ZipFile, marker: re.Pattern, budget: _Budget):
    """The parts whose bytes match `marker`, streamed (a match may straddle two chunks)."""
    for info in archive.infolist():
        tail = b""
        with closing(_member_chunks(archive, info, budget)) as chunks:
            for chunk in chunks:
                if marker.search(tail + chunk):
                    yield info
                    break
                tail = chunk[-FIELD_MARKER_OVERLAP:]


def _check_dde_fields(upload, file_format: str) -> None:
    """DDE and DDEAUTO fields of a Word document, DDE links of a workbook, found by msodde. msodde parses every
    XML part of a package, a few seconds and hundreds of megabytes for a large one: it is handed a copy of
    the package made of only the parts that hold a field or a DDE link, at most FIELD_PARTS_MAX_BYTES of
    them. What msodde cannot read is refused: it could hide a field."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = list(_parts_holding(archive, FIELD_MARKERS[file_format], _Budget()))
            if not parts:
                return
            size = sum(info.file_size for info in parts)
            if size > FIELD_PARTS_MAX_BYTES:
                raise _refuse(
                    "fields_too_large", size=filesizeformat(size), limit=filesizeformat(FIELD_PARTS_MAX_BYTES)
                )
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w") as fields:
                for info in parts:
                    fields.writestr(info.filename, archive.read(info))
        if file_format == "docx":
            found = msodde.process_docx(copy, msodde.FIELD_FILTER_DDE)
        else:
            found = msodde.process_xlsx(copy)
    except ValidationError:
        raise
    except Exception as error:  # oletools raises its own errors and whatever the XML parser raises
        raise _refuse("damaged") from error
    finally:
        upload.seek(0)
    if found.strip():
        raise _refuse("dde", field=found.strip().splitlines()[0][:100])


def _check_compound_file(upload, file_format: str) -> None:
    """A legacy .doc or .xls: VBA storages (found in the raw directory), then, opened with olefile,
    encryption, Excel 4.0 macro sheets and DDE. A Compound File olefile cannot open is refused."""
    if _ole2_has_vba(_upload_chunks(upload)):
        raise _refuse("macros")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with olefile.OleFileIO(data) as compound:
            if office_crypto.is_encrypted(compound):
                raise _refuse("encrypted")
            workbooks = [path for path in compound.listdir() if _is_workbook_stream(path)]
            if any(_has_macro_sheet(compound, path) for path in workbooks):
                raise _refuse("macros")
            for path in workbooks:
                _check_legacy_workbook_links(compound, path)
            fields = _legacy_document_dde_fields(compound) if file_format == "doc" else []
    except ValidationError:
        raise
    except Exception as error:  # olefile and oletools raise all sorts on a damaged file
        raise _refuse("damaged") from error
    if found := [field.strip() for field in fields if field.strip()]:
        raise _refuse("dde", field=found[0][:100])


def _is_workbook_stream(path: list[str]) -> bool:
    return len(path) == 1 and path[0].lower() in XLS_WORKBOOK_STREAMS


def _legacy_document_dde_fields(compound) -> list[str]:
    """The DDE fields of a legacy Word document, read by msodde from every stream that may hold one: msodde
    reads a byte at a time (~0.4 s a megabyte), so streams without a field that starts with DDE (0x13, then
    blanks, then "dde" in ASCII or UTF-16, which is all it looks for) are left out by a regular expression."""
    fields = []
    for path in compound.listdir():
        data = compound.openstream(path).read()
        if DOC_FIELD_MAY_BE_DDE.search(data):
            fields += msodde.process_doc_stream(io.BytesIO(data))
    return fields


def _check_legacy_workbook_links(compound, path: list[str]) -> None:
    """DDE and external-workbook links of a legacy workbook: its SUPBOOK records ([MS-XLS] 2.4.271), which
    all sit in the workbook globals, before their EOF record. msodde.process_xls reads the same records
    with the same parser, but on to the end of the stream, and fails on the zero padding Office writes
    after the last record."""
    stream = xls_parser.WorkbookStream(
        compound.openstream(path), compound.get_size(path), path[-1], olefile.STGTY_STREAM
    )
    for record in stream.iter_records():
        if isinstance(record, xls_parser.XlsRecordEof):
            return
        if not isinstance(record, xls_parser.XlsRecordSupBook):
            continue
        target = record.virt_path.replace("\u0003", " ")[:100]  # 0x03 separates a DDE server from its topic
        if record.support_link_type == xls_parser.XlsRecordSupBook.LINK_TYPE_OLE_DDE:
            raise _refuse("dde", field=target)
        if record.support_link_type == xls_parser.XlsRecordSupBook.LINK_TYPE_EXTERNAL:
            raise _refuse("external_relationship", kind="externalLink", target=target)


def _has_macro_sheet(compound, path: list[str]) -> bool:
    """Whether a workbook stream declares an Excel 4.0 macro sheet (a BOUNDSHEET record of that type,
    [MS-XLS] 2.4.28). olevba's detect_xlm_macros runs this same parser, but only on files its type guess
    takes for Excel: it is called directly, on every workbook stream, whatever the file's class id says."""
    stream = compound.openstream(path).read()
    sheets = cBIFF(name=path, stream=stream, options="-o BOUNDSHEET").Analyze()
    return any("Excel 4.0 macro sheet" in sheet for sheet in sheets)


def _content_format(upload, head: bytes, max_unpacked_bytes: int | None) -> str | None:
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension in ("pdf", "png", "jpg"):
        return extension
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_format(upload, max_unpacked_bytes)
    if head.startswith(OLE2_SIGNATURE):
        # filetype tells a Word from an Excel file only for files written by Microsoft Office; files
        # from WPS and others are still Compound Files, and are accepted as what their name says.
        return extension or "ole2"
    return None


def _ooxml_format(upload, max_unpacked_bytes: int | None) -> str | None:
    """The Office Open XML format of a zip upload, once it has passed the package checks."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_package(archive, _Budget(max_unpacked_bytes))
            names = set(archive.namelist())
    except DAMAGED_ZIP_ERRORS as error:
        raise _refuse("damaged") from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((fmt for fmt, part in OOXML_MAIN_PART.items() if part in names), None)


def _upload_chunks(upload):
    upload.seek(0)
    try:
        while chunk := upload.read(CHUNK_BYTES):
            yield chunk
    finally:
        upload.seek(0)


def _pdf_max_objects() -> int:
    return getattr(settings, "UPLOAD_PDF_MAX_OBJECTS", DEFAULT_PDF_MAX_OBJECTS)


def _pdf_max_seconds() -> float:
    return getattr(settings, "UPLOAD_PDF_MAX_SECONDS", DEFAULT_PDF_MAX_SECONDS)


def _pdf_objects(reader: PdfReader):
    """Every object of the PDF: the trailer, then each object of the cross-reference table and of the object
    streams, read once. pypdf keeps what it has read (~1.5 kB an object, hundreds of megabytes for a large
    file), so each object is dropped from its cache once checked, but for object streams, which hold others."""
    yield reader.trailer
    table = {(number, generation) for generation, numbers in reader.xref.items() for number in numbers}
    for number, generation in sorted(table | {(number, 0) for number in reader.xref_objStm}):
        item = IndirectObject(number, generation, reader).get_object()
        yield item
        if not (isinstance(item, StreamObject) and item.get("/Type") == "/ObjStm"):
            reader.resolved_objects.pop((generation, number), None)


def _pdf_has_active_content(reader: PdfReader) -> bool:
    """Whether any object of the PDF is a JavaScript or launch action. Streams are not decoded: actions
    are dictionaries, never inside page content. Indirect references are not followed: what they point to
    is an object of its own. Past the budget of objects or seconds, the PDF is
    refused as too complex to check."""
    limit, seconds = _pdf_max_objects(), _pdf_max_seconds()
    deadline = time.monotonic() + seconds
    for count, top in enumerate(_pdf_objects(reader)):
        if count > limit or time.monotonic() > deadline:
            raise _refuse("pdf_too_complex", limit=limit, seconds=seconds)
        stack = [top]
        while stack:
            item = stack.pop()
            if isinstance(item, DictionaryObject):
                action = item.get("/S")  # the action type (ISO 32000-1, 12.6.2); resolved by pypdf
                if isinstance(action, str) and action in PDF_ACTIVE_ACTIONS:
                    return True
                stack.extend(item.values())  # indirect references among them are objects of their own
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    return False


def _check_pdf(upload) -> None:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not PDF_WORTH_A_LOOK.search(data):
        return
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse("encrypted")
        active = _pdf_has_active_content(reader)
    except ValidationError:
        raise
    except LimitReachedError as error:  # pypdf's own limits (the elements of an array, …)
        raise _refuse("pdf_too_complex", limit=_pdf_max_objects(), seconds=_pdf_max_seconds()) from error
    except Exception as error:  # pypdf raises all sorts on a broken PDF; what it cannot read is not checked
        raise _refuse("pdf_damaged") from error
    if active:
        raise _refuse("pdf_active_content")


def check_upload(upload, *, max_unpacked_bytes: int | None = None) -> str:
    """The format of an uploaded file ("pdf", "docx", …), or ValidationError naming the problem. `upload` is
    an uploaded file or any binary file object with a name. `max_unpacked_bytes` lowers the limit on what an
    Office file unpacks to, for a caller that reads the whole file afterwards (the roster import)."""
    if not isinstance(upload, File):
        upload = File(upload)
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension in MACRO_ENABLED_EXTENSIONS:
        raise _refuse("macro_enabled", extension=extension)
    claimed = FORMAT_OF_EXTENSION.get(extension)
    if claimed is None:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted; allowed: %(allowed)s.")
            % {"extension": extension, "allowed": ", ".join(f".{e}" for e in ALLOWED_EXTENSIONS)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    actual = _content_format(upload, head, max_unpacked_bytes)
    if not (actual == claimed or (actual == "ole2" and claimed in ("doc", "xls"))):
        raise ValidationError(
            _("The content of “%(name)s” is not a valid .%(extension)s file.")
            % {"name": upload.name, "extension": extension}
        )
    if head.startswith(OLE2_SIGNATURE):
        _check_compound_file(upload, claimed)
    elif claimed in OOXML_MAIN_PART:
        _check_dde_fields(upload, claimed)
    elif actual == "pdf":
        _check_pdf(upload)
    return claimed


def sha256_of(upload) -> str:
    """The SHA-256 of an uploaded file's content, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
