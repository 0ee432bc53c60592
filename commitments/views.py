"""Pages outside the admin that carry access rules."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .models import Evidence
from .permissions import can_read_evidence
from .services import INLINE_CONTENT_TYPES


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An update's evidence file, for those who may read it (permissions.can_read_evidence). Everyone else
    gets a 404, as if it did not exist (a 403 would confirm that it does). A link is no file: pages show
    its address, and this view does not redirect to it (that made it an open redirect on our domain)."""
    evidence = Evidence.objects.select_related("update__commitment__report").filter(pk=pk).first()
    if evidence is None or not evidence.file or not can_read_evidence(request.user, evidence):
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=evidence.content_type not in INLINE_CONTENT_TYPES,
        filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
        content_type=evidence.content_type or "application/octet-stream",
    )
    # Served from our origin: never let the browser run anything in it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
