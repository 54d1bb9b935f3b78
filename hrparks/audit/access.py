"""What the audit log records besides writes (issue 13, item 10): log-ins, failed log-ins and lock-outs
(from Django's and django-axes' signals), and reads that take data away: every download or export (any
response sent as a file) and every admin page an administrator opens (AccessLogMiddleware). One entry each,
with who, when, from which address and what; the visibility rule applies to them like to any entry."""

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from .models import Action
from .services import record_event


def address(request) -> str:
    """The client's address as the log-in lock-out sees it (through the trusted proxies)."""
    return (get_client_ip_address(request) if request is not None else None) or ""


def _named_user(username: str):
    # An unknown name is recorded as typed; a known one on the user, in their province's log.
    return get_user_model()._default_manager.filter(username=username).first() if username else None


def _logged_in(sender, request, user, **kwargs):
    record_event(Action.LOGIN, user, data={"address": address(request)}, actor=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    record_event(Action.LOGIN_FAILED, _named_user(username), data={"username": username, "address": address(request)})


def _locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    record_event(Action.LOCKED_OUT, _named_user(username), data={"username": username, "address": ip_address or ""})


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit:login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit:login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit:locked_out")


def record_response(request, response) -> None:
    """A file sent to a signed-in user (a download or an export), or an admin page opened: one entry."""
    # The response is looked at first: most are neither a file nor an admin page, and the user is only
    # loaded (a database read) for those that are; an outage page (503) never touches the database.
    if response.status_code != 200:
        return
    disposition = response.get("Content-Disposition", "")
    admin_view = request.method == "GET" and request.path_info.startswith("/admin/")
    if not disposition and not admin_view:
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or (not disposition and not user.is_staff):
        return
    action = (Action.EXPORT if request.GET.get("export") else Action.DOWNLOAD) if disposition else Action.ADMIN_VIEW
    match = request.resolver_match
    data = {
        "address": address(request),
        "path": request.get_full_path()[:500],
        "view": match.view_name if match else "",
    }
    if disposition:
        data["file"] = disposition[:300]
    # No object: the entry belongs to no park, so only the province reads it (a download of an objection's
    # attachment names no objector to anyone else).
    record_event(action, None, data=data, actor=user)
