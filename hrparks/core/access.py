"""Access rules for views: which roles may open a page. Which *objects* a user may see is decided
by each model's scoping selector (e.g. parks.selectors.parks_visible_to); views fetch objects only
through those, so an object outside the user's scope is a 404, and a page of the wrong role a 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """Log-in required, and the user's role must be one of `roles` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator
