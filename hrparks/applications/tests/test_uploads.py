"""Materials are judged by their content, not their name; size is limited by settings.MAX_UPLOAD_BYTES."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hrparks.applications.tests.factories import PDF_BYTES
from hrparks.applications.uploads import OLE2_SIGNATURE, check_upload, sha256_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
OLE2 = OLE2_SIGNATURE + b"\x00" * 1024


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("申报请示.pdf", PDF_BYTES, "pdf"),
        ("报告.DOCX", ooxml("word/document.xml"), "docx"),
        ("名录.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
        ("旧版.doc", OLE2, "doc"),
        ("旧版.xls", OLE2, "xls"),
        ("照片.png", PNG, "png"),
        ("照片.jpeg", JPEG, "jpg"),
        ("照片.jpg", JPEG, "jpg"),
    ],
)
def test_accepted_formats(name, content, expected):
    assert check_upload(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("病毒.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # a Windows program named .pdf
        ("报告.docx", ooxml("xl/workbook.xml")),  # a workbook named .docx
        ("报告.docx", b"PK\x03\x04" + b"\x00" * 100),  # a broken zip
        ("压缩包.docx", ooxml("readme.txt")),  # a zip that is no Office document
        ("照片.png", JPEG),
        ("旧版.doc", PDF_BYTES),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, content):
    with pytest.raises(ValidationError, match="不是有效"):
        check_upload(upload(name, content))


@pytest.mark.parametrize("name", ["说明.txt", "脚本.html", "压缩包.zip", "无扩展名"])
def test_other_types_are_refused_whatever_their_content(name):
    with pytest.raises(ValidationError, match="不接受"):
        check_upload(upload(name, PDF_BYTES))


def test_size_limit_from_settings(settings):
    settings.MAX_UPLOAD_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError, match="不得超过"):
        check_upload(upload("大文件.pdf", PDF_BYTES))
    settings.MAX_UPLOAD_BYTES = len(PDF_BYTES)
    assert check_upload(upload("刚好.pdf", PDF_BYTES)) == "pdf"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("空.pdf", b""))


def test_sha256_of_reads_the_whole_file_and_rewinds_it():
    file = upload("申报请示.pdf", PDF_BYTES)
    assert sha256_of(file) == hashlib.sha256(PDF_BYTES).hexdigest()
    assert file.read() == PDF_BYTES
