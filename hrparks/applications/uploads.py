"""What an uploaded application material may be: PDF, Word, Excel or an image, judged by content.

The extension says what the file claims to be; the bytes must agree. `filetype` reads the magic
numbers; Office Open XML files are zip archives, so they must also open as one and hold the part
that makes them a document or a workbook."""

import hashlib
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
# The part every Word document / Excel workbook of Office Open XML has (ECMA-376 Part 1).
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc and .xls of Office 97–2003
HEAD_BYTES = 8192


def _content_format(upload, head: bytes) -> str | None:
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension in ("pdf", "png", "jpg"):
        return extension
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_format(upload)
    if head.startswith(OLE2_SIGNATURE):
        # filetype tells a Word from an Excel file only for files written by Microsoft Office; files
        # from WPS and others are still Compound Files, and are accepted as what their name says.
        return extension or "ole2"
    return None


def _ooxml_format(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((fmt for fmt, part in OOXML_MAIN_PART.items() if part in names), None)


def check_upload(upload) -> str:
    """The format of an uploaded material ("pdf", "docx", …), or ValidationError naming the problem."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    claimed = FORMAT_OF_EXTENSION.get(extension)
    if claimed is None:
        raise ValidationError(
            _("Files of type “.%(extension)s” are not accepted; allowed: %(allowed)s.")
            % {"extension": extension, "allowed": ", ".join(f".{e}" for e in ALLOWED_EXTENSIONS)}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    actual = _content_format(upload, head)
    if actual == claimed or (actual == "ole2" and claimed in ("doc", "xls")):
        return claimed
    raise ValidationError(
        _("The content of “%(name)s” is not a valid .%(extension)s file.")
        % {"name": upload.name, "extension": extension}
    )


def sha256_of(upload) -> str:
    """The SHA-256 of an uploaded file's content, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
