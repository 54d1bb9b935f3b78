"""Writes of the documents app: stored renderings (GeneratedDocument) and the roster import.

A document is rendered when no stored file was made from the same inputs (inputs_hash); the seven
attachments together (ZIP, merged PDF) are prepared by a background task (tasks.py).
"""

import hashlib
import io
import json
import logging
import time
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrparks.audit.models import Action
from hrparks.audit.services import record_rows
from hrparks.parks.models import Enterprise, Park

from .contexts import AttachmentContext, Subject
from .kinds import ATTACHMENTS, ATTACHMENTS_BY_KIND, OFFICIALS_BY_KIND, Format, Kind
from .models import GeneratedDocument, SubmittedSnapshot
from .rendering import render_document, render_html, template_fingerprint
from .rendering.pdf import merge_pdfs
from .roster import RosterFileError, read_roster, write_roster_workbook

logger = logging.getLogger(__name__)

# A bundle still "being prepared" after this long is taken as lost (a worker that died) and asked for again.
PENDING_TIMEOUT = timedelta(minutes=10)


def inputs_hash(kind: str, file_format: str, context: dict) -> str:
    """Digest of everything a rendering depends on: the document, the format, its context, the templates."""
    payload = json.dumps(context, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{kind}|{file_format}|{template_fingerprint()}|{payload}".encode()).hexdigest()


def _store(
    subject_key: str,
    kind: str,
    file_format: str,
    content: bytes,
    *,
    input_hash: str,
    file_name: str,
    park=None,
    application=None,
    seconds: float | None = None,
) -> GeneratedDocument:
    with transaction.atomic():
        document, _created = GeneratedDocument.objects.select_for_update().get_or_create(
            subject=subject_key,
            kind=kind,
            file_format=file_format,
            defaults={"park": park, "application": application, "input_hash": input_hash},
        )
        previous = document.file.name
        document.file.save(f"{subject_key.replace(':', '-')}-{kind}.{file_format}", ContentFile(content), save=False)
        document.park, document.application = park, application
        document.status = GeneratedDocument.Status.READY
        document.input_hash = input_hash
        document.file_name = file_name
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.size = len(content)
        document.error = ""
        document.rendered_at = timezone.now()
        document.render_seconds = seconds
        document.save()
        if previous and previous != document.file.name:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return document


def _stored(subject_key: str, kind: str, file_format: str) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(subject=subject_key, kind=kind, file_format=file_format).first()


# --- the seven attachments -----------------------------------------------------------------------------


def freeze_submission(application) -> SubmittedSnapshot:
    """Keep what 附件3 shows at the moment of submission (第六条（一）); the form is printed from it from then
    on. Called by the workflow's submit step, inside its transaction."""
    context = AttachmentContext(Subject(application.park, application)).current(Kind.FORM)
    return SubmittedSnapshot.objects.create(application=application, data=context)


def render_attachment(kind: str, file_format: str, context: dict) -> bytes:
    attachment = ATTACHMENTS_BY_KIND[kind]
    if file_format not in attachment.formats:
        raise ValueError(f"{kind} has no {file_format} version")
    if file_format == Format.XLSX:
        return write_roster_workbook(context["roster"], park_name=context["park"]["name"])
    return render_document(attachment.template, context, file_format)


def attachment_document(subject: Subject, kind: str, file_format: str, *, source=None) -> GeneratedDocument:
    """The stored attachment, rendered first if its inputs changed since it was last made."""
    source = source or AttachmentContext(subject)
    context = source.for_kind(kind)
    digest = inputs_hash(kind, file_format, context)
    document = _stored(subject.key, kind, file_format)
    if document is not None and document.is_current(digest):
        return document
    started = time.perf_counter()
    content = render_attachment(kind, file_format, context)
    return _store(
        subject.key,
        kind,
        file_format,
        content,
        input_hash=digest,
        file_name=ATTACHMENTS_BY_KIND[kind].file_name(file_format),
        park=subject.park,
        application=subject.application,
        seconds=time.perf_counter() - started,
    )


def _bundle_parts(file_format: str):
    """(attachment, format) pairs that go into a bundle: every file in the ZIP, the PDFs in the merged PDF."""
    for attachment in ATTACHMENTS:
        for part_format in attachment.formats:
            if file_format == Format.ZIP or part_format == Format.PDF:
                yield attachment, part_format


def bundle_hash(subject: Subject, file_format: str, source=None) -> str:
    source = source or AttachmentContext(subject)
    digests = [
        inputs_hash(attachment.kind, part_format, source.for_kind(attachment.kind))
        for attachment, part_format in _bundle_parts(file_format)
    ]
    return hashlib.sha256(f"{Kind.BUNDLE}|{file_format}|{'|'.join(digests)}".encode()).hexdigest()


def bundle_file_name(subject: Subject, file_format: str) -> str:
    extension = "pdf" if file_format == Format.PDF else "zip"
    return f"{subject.park.name}-申报材料（附件1-{len(ATTACHMENTS)}）.{extension}"


def request_bundle(subject: Subject, file_format: str) -> GeneratedDocument:
    """The stored bundle when it is current; otherwise it is queued for the background worker (once)."""
    from .tasks import render_bundle  # tasks import this module

    digest = bundle_hash(subject, file_format)
    with transaction.atomic():
        document, created = GeneratedDocument.objects.select_for_update().get_or_create(
            subject=subject.key,
            kind=Kind.BUNDLE,
            file_format=file_format,
            defaults={"park": subject.park, "application": subject.application, "input_hash": digest},
        )
        if not created:
            if document.is_current(digest):
                return document
            already_queued = (
                document.status == GeneratedDocument.Status.PENDING
                and document.input_hash == digest
                and document.requested_at > timezone.now() - PENDING_TIMEOUT
            )
            if already_queued:
                return document
        document.status = GeneratedDocument.Status.PENDING
        document.input_hash = digest
        document.requested_at = timezone.now()
        document.error = ""
        document.save(update_fields=["status", "input_hash", "requested_at", "error"])
        transaction.on_commit(lambda: render_bundle.enqueue(subject.key, file_format))
    return document


def _attachment_bytes(subject: Subject, kind: str, file_format: str, source) -> tuple[str, bytes]:
    """The file name and bytes of one attachment, for a bundle. A download may render the same attachment
    at the same moment and, when it commits, delete the file this builder was handed (the first ZIP of an
    application failed so, FileNotFoundError for the cover): the part is then rendered here, in memory,
    from the same inputs, so the bundle never depends on a file another request may replace."""
    document = attachment_document(subject, kind, file_format, source=source)
    try:
        with document.file.open("rb") as stored:
            return document.file_name, stored.read()
    except FileNotFoundError:
        logger.info(
            "Attachment %s.%s of %s was replaced while bundling; rendered again", kind, file_format, subject.key
        )
        return ATTACHMENTS_BY_KIND[kind].file_name(file_format), render_attachment(
            kind, file_format, source.for_kind(kind)
        )


def build_bundle(subject: Subject, file_format: str) -> GeneratedDocument:
    """Render what changed of the seven attachments and pack them: one ZIP, or one PDF with bookmarks.
    The parts are read into memory first and the bundle is stored under the lock of its row (`_store`)."""
    started = time.perf_counter()
    source = AttachmentContext(subject)
    try:
        parts = [
            (attachment, *_attachment_bytes(subject, attachment.kind, part_format, source))
            for attachment, part_format in _bundle_parts(file_format)
        ]
        if file_format == Format.ZIP:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for _attachment, file_name, data in parts:
                    archive.writestr(file_name, data)
            content = buffer.getvalue()
        else:
            content = merge_pdfs(
                [(f"附件{attachment.number} {attachment.official_title}", data) for attachment, _name, data in parts]
            )
    except Exception as exc:
        logger.exception("Bundle %s.%s failed", subject.key, file_format)
        GeneratedDocument.objects.filter(subject=subject.key, kind=Kind.BUNDLE, file_format=file_format).update(
            status=GeneratedDocument.Status.FAILED, error=str(exc)[:1000]
        )
        raise
    return _store(
        subject.key,
        Kind.BUNDLE,
        file_format,
        content,
        input_hash=bundle_hash(subject, file_format, source),
        file_name=bundle_file_name(subject, file_format),
        park=subject.park,
        application=subject.application,
        seconds=time.perf_counter() - started,
    )


# --- official documents --------------------------------------------------------------------------------


class _Previewed(Exception):
    """Carries a preview out of the transaction it rolls back."""

    def __init__(self, html: str):
        super().__init__(html)
        self.html = html


def preview_official(kind: str, take_step) -> str:
    """The HTML of an official document exactly as a step would issue it, before the step is taken:
    `take_step` runs the step's own service and returns the document's context; everything it wrote
    (and the notifications it queued for after commit) is rolled back. A refusal of the service is raised."""
    try:
        with transaction.atomic():
            raise _Previewed(render_html(OFFICIALS_BY_KIND[kind].template, take_step()))
    except _Previewed as previewed:
        return previewed.html


def render_official(kind: str, file_format: str, context: dict) -> bytes:
    """An official document from a plain context (contexts.py lists what each one reads)."""
    official = OFFICIALS_BY_KIND[kind]
    if file_format not in official.formats:
        raise ValueError(f"{kind} has no {file_format} version")
    return render_document(official.template, context, file_format)


def official_document(
    kind: str, file_format: str, context: dict, *, subject_key: str, park=None, application=None
) -> GeneratedDocument:
    digest = inputs_hash(kind, file_format, context)
    document = _stored(subject_key, kind, file_format)
    if document is not None and document.is_current(digest):
        return document
    started = time.perf_counter()
    content = render_official(kind, file_format, context)
    return _store(
        subject_key,
        kind,
        file_format,
        content,
        input_hash=digest,
        file_name=OFFICIALS_BY_KIND[kind].file_name(file_format, context.get("document_number", "")),
        park=park,
        application=application,
        seconds=time.perf_counter() - started,
    )


# --- the roster import ---------------------------------------------------------------------------------


class RosterImportError(Exception):
    """The roster was not imported; `errors` say why (``第 N 行 列名: reason``), `count` how many there are."""

    def __init__(self, errors: list[str], count: int | None = None):
        self.errors = errors
        self.count = len(errors) if count is None else count
        super().__init__("; ".join(errors[:3]))


def import_roster(park: Park, upload, *, actor=None) -> list[Enterprise]:
    """Add the enterprises of an uploaded roster workbook to the park: all of them, or none when any row
    has a problem (one transaction; bulk insert, audited with record_rows)."""
    existing = set(Enterprise.objects.filter(park=park).values_list("uscc", flat=True))
    try:
        rows = read_roster(upload, existing)
    except RosterFileError as exc:
        raise RosterImportError([str(exc)]) from exc
    if rows.error_count:
        raise RosterImportError(rows.errors, rows.error_count)
    try:
        with transaction.atomic():
            last = Enterprise.objects.filter(park=park).order_by("-sort_order").values_list("sort_order", flat=True)
            start = (last.first() or 0) + 1
            enterprises = Enterprise.objects.bulk_create(
                [Enterprise(park=park, sort_order=start + index, **row) for index, row in enumerate(rows.enterprises)],
                batch_size=1000,
            )
            record_rows(Action.CREATE, enterprises, actor=actor)
    except IntegrityError as exc:  # an enterprise with one of these codes was added meanwhile
        raise RosterImportError(
            [_("The park already has an enterprise with one of these codes; upload again.")]
        ) from exc
    return enterprises
