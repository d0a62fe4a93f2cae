from research.events import write_noted


class UsageEventMiddleware:
    """Writes the usage events a request noted (research.events) after its response is
    ready: the page's own work is done by then, and a failed write cannot change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        write_noted(request, response)
        return response
