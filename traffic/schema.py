"""OpenAPI (drf-spectacular) description of the sending-platform token scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PlatformTokenScheme(OpenApiAuthenticationExtension):
    target_class = "traffic.auth.PlatformTokenAuthentication"
    name = "platformToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A sending-platform token of the account (`Authorization: Bearer cpt_…`), made on the "
            "tokens page or with POST /api/v1/traffic/tokens/, with the scope the endpoint needs.",
        }
