from .access import record_response
from .context import acting_for_request


class AuditActorMiddleware:
    """Makes the request's user the actor of every write made while handling the request, and records the
    downloads, exports and admin page views among its responses (access.record_response)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_for_request(request):
            response = self.get_response(request)
            record_response(request, response)
            return response
