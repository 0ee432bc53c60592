"""POST /api/auth/token/: DRF's own token view, with the API's parsers (its own list leaves out the
nesting limit of api/parsers.py)."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings


class TokenView(ObtainAuthToken):
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
