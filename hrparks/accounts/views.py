from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PreferencesForm
from .services import save_preferences


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        save_preferences(form)
        messages.success(request, _("Your preferences were saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
