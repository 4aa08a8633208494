"""The trivial view of the benchmark: the whole middleware stack (session, auth, CSP…) and no work of its own, so
each page's throughput can be given as a ratio to it (absolute times vary between machines; the ratio holds)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    return HttpResponse("ok", content_type="text/plain")
