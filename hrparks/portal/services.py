"""The one write of the public portal: an objection filed by a member of the public during a notice,
with an optional attachment — recorded by the applications app's `file_objection` (the same rules,
history and notifications as an objection the province enters) in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from hrparks.applications.models import Application, Objection, PublicNotice
from hrparks.applications.services import file_objection
from hrparks.core.uploads import check_upload, sha256_of

from .models import ObjectionAttachment

# Smaller than what officials may upload: a member of the public sends evidence, not a dossier.
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def check_attachment(upload) -> str:
    """The attachment's format ("pdf", "jpg", …), or ValidationError: judged by its content, at most 5 MB."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    return check_upload(upload)


def submit_objection(
    *, notice: PublicNotice, application: Application, name: str, contact: str, content: str, attachment=None
) -> Objection:
    """File the objection (and keep its attachment); nothing is kept when either is refused."""
    file_format = None
    if attachment is not None:
        try:
            file_format = check_attachment(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    with transaction.atomic():
        objection = file_objection(notice=notice, application=application, name=name, contact=contact, content=content)
        if attachment is not None:
            ObjectionAttachment.objects.create(
                objection=objection,
                file=attachment,
                original_name=attachment.name[:255],
                file_format=file_format,
                size=attachment.size,
                sha256=sha256_of(attachment),
            )
    return objection
