from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hrparks.core.middleware import DatabaseUnavailableMiddleware

from . import selectors

# What a user whose role requires two-factor log-in may open before passing it: the steps themselves,
# logging out, the language switch and the public portal.
OPEN_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:login_code",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:two_factor_disable",
        "set_language",
    }
)
OPEN_NAMESPACES = frozenset({"portal"})


class TwoFactorRequiredMiddleware:
    """Holds the roles of HRPARKS_REQUIRE_OTP_FOR to the code step (or to setting up their authenticator app)
    before any other page. Only session log-ins are held: an API token authenticates inside the view, after
    this middleware, and is meant for systems."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.HRPARKS_REQUIRE_OTP_FOR:
            return self.get_response(request)
        try:
            user = request.user
            held = user.is_authenticated and selectors.two_factor_required(user) and not user.is_verified()
            response = self._hold(request, user) if held else None
        except (OperationalError, InterfaceError) as exc:
            # Raised here rather than in a view, it would miss the outage page; and nobody passes unchecked.
            return DatabaseUnavailableMiddleware(self.get_response).process_exception(request, exc)
        return response or self.get_response(request)

    def _hold(self, request, user):
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name in OPEN_URL_NAMES or match.namespace in OPEN_NAMESPACES:
            return None
        if match.namespace == "api":
            message = _("Your account needs two-factor log-in: log in on the website with your code, or use a token.")
            return JsonResponse({"errors": [{"pointer": "/", "message": message}]}, status=403)
        if selectors.confirmed_totp_device(user) is None:
            return redirect("accounts:two_factor")
        return redirect(f"{reverse('accounts:login_code')}?{urlencode({'next': request.get_full_path()})}")
