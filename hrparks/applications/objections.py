"""Objections (异议, 第六条（四）): the check code that lets an objector read the decision on the portal,
and the e-mail that tells an objector who gave an e-mail address what the province decided and why."""

import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from hrparks.core.personal import is_email
from hrparks.core.refusals import Refusal

from .selectors import latest_notice

# Letters and digits that cannot be mistaken for one another when copied from the screen.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_CODE_LENGTH = 8


def check_objection_window(notice, today: date) -> None:
    """第六条（四）: objections are received "公示期间", from the notice's first day to its last day
    (both included), not on the day it is published nor after it ends."""
    if today < notice.start_date:
        raise ValidationError(
            _("The public notice runs from %(start)s to %(end)s; objections are accepted from its first day.")
            % {"start": notice.start_date, "end": notice.end_date},
            code=Refusal.WRONG_STATE,
        )
    if today > notice.end_date:
        raise ValidationError(
            _("The public notice ended on %(end)s; objections are no longer accepted.") % {"end": notice.end_date},
            code=Refusal.WRONG_STATE,
        )


def notice_contact(phone: str, address: str) -> dict:
    """The telephone and address for objections a notice must carry, or ValidationError naming the
    missing one."""
    contact = {"contact_phone": (phone or "").strip()[:50], "contact_address": (address or "").strip()[:200]}
    errors = {field: _("This field is required.") for field, value in contact.items() if not value}
    if errors:
        raise ValidationError(errors)
    return contact


def notice_outcome_zh(application) -> str:
    """What the approval says of the public notice (第六条（四）"公示期满无异议的……行文批准"): that nobody
    objected, or that objections came in and were found unfounded. Never "无异议" when someone objected;
    an upheld objection stops the approval (services._check_objections_cleared), so none is left here."""
    notice = latest_notice(application)
    if notice is None or not application.objections.filter(notice=notice).exists():
        return "公示期满无异议"
    return "公示期间收到异议，经核实不成立"


def new_check_code() -> tuple[str, str]:
    """A fresh check code and its hash: the code is shown once, only the hash is kept."""
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CHECK_CODE_LENGTH))
    return code, make_password(code)


def check_code_matches(objection, code: str) -> bool:
    return bool(objection.check_code_hash) and check_password(code.strip().upper(), objection.check_code_hash)


def decision_text(objection) -> str:
    """The decision as the objector reads it: upheld or not, and the province's stated reasons."""
    outcome = _("The objection was upheld.") if objection.upheld else _("The objection was not upheld.")
    return _("%(outcome)s Reasons: %(reasons)s") % {"outcome": outcome, "reasons": objection.verification}


@task()
def send_objection_decision(objection_id: int) -> bool:
    """E-mail the decision to the objector when the contact they gave is an e-mail address."""
    from .models import Objection

    objection = Objection.objects.select_related("application__park").filter(pk=objection_id).first()
    if objection is None or objection.upheld is None or not is_email(objection.contact):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your objection %(receipt)s: the decision") % {"receipt": objection.receipt_number}
        body = "\n\n".join(
            [
                _("Objection %(receipt)s to %(park)s on the public notice “%(notice)s”.")
                % {
                    "receipt": objection.receipt_number,
                    "park": objection.application.park.name,
                    "notice": objection.notice.title,
                },
                decision_text(objection),
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [objection.contact])
    return True
