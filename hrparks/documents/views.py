"""The documents panel of a park or application, downloads, and the roster template and upload."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hrparks.accounts.models import Role
from hrparks.core.access import role_required

from . import contexts, selectors, services
from .forms import RosterUploadForm
from .kinds import ATTACHMENTS, ATTACHMENTS_BY_KIND, BUNDLE_FORMATS, CONTENT_TYPES, OFFICIALS_BY_KIND, Format, Kind
from .models import GeneratedDocument
from .roster import write_roster_workbook

READERS = (Role.PARK_OPERATOR, Role.CITY_BUREAU, Role.CITY_GOVERNMENT, Role.PROVINCIAL_BUREAU, Role.EXPERT)
# The park's operators and its city bureau keep the roster; the province and the city government only read it.
ROSTER_EDITORS = (Role.PARK_OPERATOR, Role.CITY_BUREAU)
# Who works on evaluations (the evaluations app's scoping decides which records they see).
EVALUATORS = (Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU)


def _download(document: GeneratedDocument) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=CONTENT_TYPES[document.file_format],
    )


@role_required(*READERS)
def panel(request, scope, pk):
    subject = selectors.subject_for(request.user, scope, pk)
    application = subject.application
    decision = contexts.decision_kind(application) if application else None
    return render(
        request,
        "documents/panel.html",
        {
            "subject": subject,
            "park": subject.park,
            "attachments": ATTACHMENTS,
            "bundles": selectors.bundle_documents(subject),
            "bundle_formats": BUNDLE_FORMATS,
            "may_upload_roster": request.user.role in ROSTER_EDITORS,
            "decision": OFFICIALS_BY_KIND[decision] if decision else None,
            "notices": selectors.notices_of(application) if application else [],
            **selectors.evaluation_outcomes(request.user, subject.park),
        },
    )


@role_required(*READERS)
def attachment(request, scope, pk, kind, file_format):
    subject = selectors.subject_for(request.user, scope, pk)
    if kind not in ATTACHMENTS_BY_KIND or file_format not in ATTACHMENTS_BY_KIND[kind].formats:
        raise Http404
    return _download(services.attachment_document(subject, kind, file_format))


@role_required(*READERS)
def bundle(request, scope, pk, file_format):
    """One click: the file when it is ready, else a page that waits for the background worker and then
    starts the download."""
    subject = selectors.subject_for(request.user, scope, pk)
    if file_format not in BUNDLE_FORMATS:
        raise Http404
    document = services.request_bundle(subject, file_format)
    if document.status == GeneratedDocument.Status.READY:
        return _download(document)
    return render(request, "documents/bundle_wait.html", _bundle_context(subject, file_format, document))


@role_required(*READERS)
def bundle_status(request, scope, pk, file_format):
    """Polled by the waiting page (htmx)."""
    subject = selectors.subject_for(request.user, scope, pk)
    if file_format not in BUNDLE_FORMATS:
        raise Http404
    document = selectors.bundle_documents(subject).get(file_format)
    return render(request, "documents/_bundle_status.html", _bundle_context(subject, file_format, document))


def _bundle_context(subject, file_format, document) -> dict:
    kwargs = {"scope": subject.scope, "pk": subject.pk, "file_format": file_format}
    return {
        "subject": subject,
        "park": subject.park,
        "file_format": file_format,
        "format_label": Format(file_format).label,
        "document": document,
        "download_url": reverse("documents:bundle", kwargs=kwargs),
        "status_url": reverse("documents:bundle_status", kwargs=kwargs),
        "panel_url": reverse("documents:panel", kwargs={"scope": subject.scope, "pk": subject.pk}),
    }


def _official(kind: str, file_format: str, build, source, *, subject_key: str, park=None, application=None):
    """Download an official document made from a workflow record (`build(source)` gives its context)."""
    if file_format not in OFFICIALS_BY_KIND[kind].formats:
        raise Http404
    document = services.official_document(
        kind, file_format, build(source), subject_key=subject_key, park=park, application=application
    )
    return _download(document)


@role_required(*READERS)
def decision(request, pk, file_format):
    """The approval (批复) or the refusal of a decided application (第六条（四）)."""
    subject = selectors.subject_for(request.user, selectors.APPLICATION, pk)
    kind = contexts.decision_kind(subject.application)
    if kind is None:
        raise Http404
    build = contexts.approval_context if kind == Kind.APPROVAL else contexts.refusal_context
    return _official(
        kind,
        file_format,
        build,
        subject.application,
        subject_key=subject.key,
        park=subject.park,
        application=subject.application,
    )


def notice(request, pk, file_format):
    """A public notice (公示) is public: anyone may download it."""
    return _official(
        Kind.PUBLIC_NOTICE,
        file_format,
        contexts.public_notice_context,
        selectors.public_notice(pk),
        subject_key=f"notice:{pk}",
    )


@role_required(*EVALUATORS)
def evaluation_notice(request, pk, file_format):
    """通报 of a centralized evaluation round (第十四条)."""
    return _official(
        Kind.EVALUATION_NOTICE,
        file_format,
        contexts.evaluation_notice_context,
        selectors.evaluation_notice_for(request.user, pk),
        subject_key=f"evaluation_notice:{pk}",
    )


@role_required(*EVALUATORS)
def rectification_order(request, pk, file_format):
    rectification = selectors.rectification_for(request.user, pk)
    return _official(
        Kind.RECTIFICATION_ORDER,
        file_format,
        contexts.rectification_order_context,
        rectification,
        subject_key=f"rectification:{pk}",
        park=rectification.park,
    )


@role_required(*EVALUATORS)
def revocation(request, pk, file_format):
    change = selectors.revocation_for(request.user, pk)
    return _official(
        Kind.REVOCATION,
        file_format,
        contexts.revocation_context,
        change,
        subject_key=f"revocation:{pk}",
        park=change.park,
    )


@role_required(*READERS)
def roster_template(request, pk):
    subject = selectors.subject_for(request.user, selectors.PARK, pk)
    response = HttpResponse(
        write_roster_workbook([], park_name=subject.park.name), content_type=CONTENT_TYPES[Format.XLSX]
    )
    response["Content-Disposition"] = content_disposition_header(True, _("enterprise-roster-template") + ".xlsx")
    return response


@role_required(*ROSTER_EDITORS)
def roster_upload(request, pk):
    subject = selectors.subject_for(request.user, selectors.PARK, pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None, max_bytes=settings.MAX_UPLOAD_BYTES)
    errors, error_count = [], 0
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_roster(subject.park, form.cleaned_data["file"], actor=request.user)
        except services.RosterImportError as exc:
            errors, error_count = exc.errors, exc.count
        else:
            messages.success(
                request,
                ngettext("%(count)s enterprise imported.", "%(count)s enterprises imported.", len(created))
                % {"count": len(created)},
            )
            return redirect("documents:panel", scope=selectors.PARK, pk=subject.park.pk)
    return render(
        request,
        "documents/roster_upload.html",
        {
            "park": subject.park,
            "form": form,
            "errors": errors,
            "hidden_errors": error_count - len(errors),
            "error_count": error_count,
        },
        status=400 if request.method == "POST" and (errors or not form.is_valid()) else 200,
    )
