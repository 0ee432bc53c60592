"""GET /api/schema/: the OpenAPI document, built once per process and language, and throttled.

Building it walks every view and serializer (0.4–1.1 s a request, measured in issue 16); it changes only
when the code does, which restarts the process. Anonymous clients asking for it in a loop were a cheap
denial of service, hence the throttle (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["schema"]).
"""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

_built: dict[tuple, dict] = {}


class SchemaView(SpectacularAPIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "schema"

    def _get_schema_response(self, request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        # The help texts are translated: one document per language.
        key = (version, get_language(), self.serve_public)
        if key not in _built:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            _built[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=_built[key],
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
