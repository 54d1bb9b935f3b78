from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from hrparks.workbench.views import workbench

API_PREFIX = "/api/"


def home(request):
    """Staff land on their workbench; the public (not logged in) on the public portal."""
    if not request.user.is_authenticated:
        return redirect("portal:index")
    return workbench(request)


def _previous_page(request) -> str:
    """The page the user came from, offered as the way back when it is a page of this site."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request for a host this site does not serve
        return ""
    return referer if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}) else ""


def _error_page(status: int, template: str, message):
    def view(request, exception=None):
        if request.path.startswith(API_PREFIX):
            # The API answers in its own JSON error format (api/exceptions.py), even for an unknown URL.
            return JsonResponse({"errors": [{"pointer": "/", "message": str(message)}]}, status=status)
        return render(request, template, {"previous_page": _previous_page(request)}, status=status)

    return view


# handler400/403/404 of the root URL conf: the site's own pages, in the user's language, with the way
# back. The 500 page stays Django's handler with a standalone template (no request, no database).
bad_request = _error_page(400, "400.html", _("The request could not be understood."))
permission_denied = _error_page(403, "403.html", _("You do not have permission to perform this action."))
page_not_found = _error_page(404, "404.html", _("Not found."))
