"""Who may call an endpoint: the same roles as the matching web page (core.access.role_required).
Which objects they reach is decided by the apps' scoping selectors in each view's queryset, so an
object outside the user's scope is a 404, and a wrong role a 403 — checked first, as on the pages."""

from rest_framework.permissions import BasePermission

from hrparks.accounts.models import Role

STAFF = frozenset(Role) - {Role.SYSTEM_ADMIN}
EVERYONE = frozenset(Role)
# Ids in URLs and filters: at most 18 digits, so that a longer number is a 404/400, never a database error.
MAX_ID = 10**18 - 1
ID_PATTERN = r"[0-9]{1,18}"


class RoleAllowed(BasePermission):
    """The user is logged in and has one of the view's `allowed_roles` (an action may set its own)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in view.allowed_roles)
