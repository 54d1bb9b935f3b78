from .context import acting_as


class AuditActorMiddleware:
    """Makes the logged-in user the actor of every write made while handling the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user):
            return self.get_response(request)
