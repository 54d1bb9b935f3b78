from .context import acting_for_request


class AuditActorMiddleware:
    """Makes the request's user the actor of every write made while handling the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_for_request(request):
            return self.get_response(request)
