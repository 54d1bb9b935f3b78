"""Which documents the platform produces, in which formats, from which parts of the data.

The seven attachments (附件 1–7) of 吉人社规〔2022〕8号 belong to a park or to its application; the official
documents of the procedure (第六条（四）, 第十四条) are rendered from the workflow's records or from a plain
context. Each kind names its print template (templates/documents/print/<template>.html) and the context
sections it reads (contexts.py): a stored file is regenerated only when those sections change.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# Documents are always written in Chinese, whatever the language of the page that asks for them.
DOCUMENT_LANGUAGE = "zh-hans"


class Format(models.TextChoices):
    DOCX = "docx", _("Word")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel")
    ZIP = "zip", _("ZIP archive")


CONTENT_TYPES = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.ZIP: "application/zip",
}


class Kind(models.TextChoices):
    COVER = "cover", _("Cover of the application materials")
    LETTER = "letter", _("Application letter")
    FORM = "form", _("Application form for a Jilin provincial HR service industrial park")
    FEASIBILITY = "feasibility", _("Feasibility report and development plan")
    SUPPORT_POLICIES = "support_policies", _("Support policies issued")
    ROSTER = "roster", _("Enterprises resident or signed in the park")
    DECLARATION = "declaration", _("Declaration of authenticity")
    BUNDLE = "bundle", _("All attachments")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    APPROVAL = "approval", _("Approval of the designation")
    REFUSAL = "refusal", _("Notice of non-designation")
    EVALUATION_NOTICE = "evaluation_notice", _("Notice of the evaluation results")
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order")
    REVOCATION = "revocation", _("Revocation decision")


@dataclass(frozen=True)
class Attachment:
    kind: str
    number: int
    # The attachment's name as the measures list it (附件 1–7); it names the downloaded files.
    official_title: str
    sections: tuple[str, ...]
    formats: tuple[str, ...] = (Format.DOCX, Format.PDF)

    @property
    def template(self) -> str:
        return f"documents/print/attachment_{self.kind}.html"

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    def file_name(self, file_format: str) -> str:
        return f"附件{self.number}-{self.official_title}.{file_format}"


ATTACHMENTS = (
    Attachment(Kind.COVER, 1, "申报材料封面", ("park", "application", "policy")),
    Attachment(Kind.LETTER, 2, "申报函件", ("park", "application", "policy", "sites", "enterprise_counts", "letter")),
    Attachment(
        Kind.FORM,
        3,
        "吉林省省级人力资源服务产业园申报表",
        ("park", "application", "policy", "sites", "enterprise_counts", "activities", "eligibility"),
    ),
    Attachment(
        Kind.FEASIBILITY,
        4,
        "可行性论证报告和发展规划书",
        ("park", "application", "policy", "sites", "enterprise_counts", "activities"),
    ),
    Attachment(Kind.SUPPORT_POLICIES, 5, "已出台的扶持人力资源服务产业园发展政策", ("park", "activities")),
    Attachment(
        Kind.ROSTER,
        6,
        "产业园区已入驻或已签入驻协议企业名录",
        ("park", "roster", "roster_columns"),
        formats=(Format.DOCX, Format.PDF, Format.XLSX),
    ),
    Attachment(Kind.DECLARATION, 7, "真实性声明", ("park", "application", "policy")),
)
ATTACHMENTS_BY_KIND = {attachment.kind: attachment for attachment in ATTACHMENTS}
BUNDLE_FORMATS = (Format.ZIP, Format.PDF)


@dataclass(frozen=True)
class Official:
    """An official document (公文) of the procedure; its context is a plain dict (see contexts.py)."""

    kind: str
    article: str
    official_title: str
    formats: tuple[str, ...] = (Format.DOCX, Format.PDF)

    @property
    def template(self) -> str:
        return f"documents/print/official_{self.kind}.html"

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    def file_name(self, file_format: str, document_number: str = "") -> str:
        number = f"（{document_number}）" if document_number else ""
        return f"{self.official_title}{number}.{file_format}"


OFFICIALS = (
    Official(Kind.PUBLIC_NOTICE, "第六条（四）", "公示公告"),
    Official(Kind.APPROVAL, "第六条（四）", "认定批复"),
    Official(Kind.REFUSAL, "第六条（四）", "不予认定通知"),
    Official(Kind.EVALUATION_NOTICE, "第十四条", "综合考评结果通报"),
    Official(Kind.RECTIFICATION_ORDER, "第十四条", "限期整改通知"),
    Official(Kind.REVOCATION, "第十四条", "取消授牌决定"),
)
OFFICIALS_BY_KIND = {official.kind: official for official in OFFICIALS}
