from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, answer 503 with a plain page (no database needed) instead
    of a 500: the transaction was rolled back, and the user may simply try again. Django reconnects on
    the next request once the server is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "120"
            return response
        return None
