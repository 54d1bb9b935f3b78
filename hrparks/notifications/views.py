from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hrparks.accounts.models import Role
from hrparks.core.access import role_required

from . import selectors, services

EVERY_ROLE = tuple(Role)


@role_required(*EVERY_ROLE)
def inbox(request):
    page = Paginator(selectors.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread": selectors.unread_count(request.user)})


@require_POST
@role_required(*EVERY_ROLE)
def mark_read(request, pk):
    """Mark one notification read and follow its link (only a link within this site)."""
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    services.mark_read(notification)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()}):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@require_POST
@role_required(*EVERY_ROLE)
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect("notifications:inbox")
