from functools import partial

from hrparks.notifications.selectors import unread_count

from .navigation import menu_for


def _unread(request):
    """The unread badge: one count query, the first time a template of this request shows it (templates
    call a callable context value when they use it; pages that do not show it never count)."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


def navigation(request):
    if not hasattr(request, "user"):
        return {"menu": []}
    return {
        "menu": menu_for(request.user),
        "unread_notifications": partial(_unread, request),
    }
