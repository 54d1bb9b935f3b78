import time
from base64 import b32encode, b64encode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import selectors, services
from .forms import CodeForm, PreferencesForm

# Between the password step and the code step: who passed the password, and since when (seconds).
PENDING_LOGIN = "accounts_pending_login"
PENDING_LOGIN_SECONDS = 5 * 60


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(form)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    two_factor_on = selectors.confirmed_totp_device(request.user) is not None
    return render(request, "accounts/preferences.html", {"form": form, "two_factor_on": two_factor_on})


class LoginView(auth_views.LoginView):
    """The password step. A user with an authenticator app is logged in only after the code step."""

    template_name = "accounts/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if selectors.confirmed_totp_device(user) is None:
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_LOGIN] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "since": time.time(),
        }
        return redirect("accounts:login_code")


def login_code(request):
    """The code step: after the password (pending), or for a logged-in user whose role requires the code."""
    pending = request.session.get(PENDING_LOGIN)
    if request.user.is_authenticated:
        user, next_url = request.user, _safe_next(request)
        if user.is_verified():
            return redirect(next_url)
    elif pending is None:
        return redirect(settings.LOGIN_URL)
    elif time.time() - pending["since"] > PENDING_LOGIN_SECONDS:
        del request.session[PENDING_LOGIN]
        messages.error(request, _("The log-in took too long. Enter your password again."))
        return redirect(settings.LOGIN_URL)
    else:
        user = selectors.active_user(pending["user"])
        next_url = pending["next"] or resolve_url(settings.LOGIN_REDIRECT_URL)
    device = selectors.confirmed_totp_device(user) if user is not None else None
    if device is None:  # reset by the administrator meanwhile: the password step decides again
        request.session.pop(PENDING_LOGIN, None)
        return redirect(settings.LOGIN_URL if not request.user.is_authenticated else next_url)

    credentials = {"username": user.get_username()}
    if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, credentials=credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_totp_code(device, form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
            if error.code == "wrong":  # counts towards the django-axes lock-out, like a wrong password
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            if not request.user.is_authenticated:
                del request.session[PENDING_LOGIN]
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(next_url)
    return render(request, "accounts/login_code.html", {"form": form})


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor(request):
    """Set up two-factor log-in (QR code, secret, a code to confirm), or see that it is on and switch it off."""
    device = selectors.confirmed_totp_device(request.user)
    if device is not None:
        return _two_factor_page(request, disable_form=CodeForm())
    device = services.start_totp_setup(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_totp_device(device, form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor log-in is on: from now on you enter a code after your password."))
            return redirect("accounts:two_factor")
    secret = b32encode(device.bin_key).decode()
    return _two_factor_page(
        request,
        setup_form=form,
        qr_code=_qr_data_uri(device.config_url),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


@login_required
@require_POST
def two_factor_disable(request):
    device = selectors.confirmed_totp_device(request.user)
    if device is None:
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.disable_totp(device, form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            messages.success(request, _("Two-factor log-in is off."))
            return redirect("accounts:two_factor")
    return _two_factor_page(request, disable_form=form)


def _two_factor_page(request, **context):
    required = selectors.two_factor_required(request.user)
    return render(request, "accounts/two_factor.html", {"required": required, **context})


def _qr_data_uri(data: str) -> str:
    """The QR code as an SVG data URI: drawn here, so the secret goes to no outside service, needs no
    script, and no markup is put into the page unescaped."""
    svg = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage).get_image()
    return "data:image/svg+xml;base64," + b64encode(ElementTree.tostring(svg)).decode()
