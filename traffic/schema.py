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


_CODES = [None, "450", "451", "S1", "S2", "M4", "M5.1", "M5.3", "M5.4", "6013"]


def add_check_endpoint(result, generator, request, public, **kwargs):
    """drf-spectacular post-processing hook: the at-send check is a plain Django view (the hot path skips DRF),
    so its operation is described here, as API.md has it."""
    error = {"type": "object", "additionalProperties": True, "description": "Field errors and a `code`."}
    result.setdefault("paths", {})["/api/v1/traffic/check/"] = {
        "post": {
            "operationId": "traffic_check",
            "summary": "The at-send check: may this message be sent?",
            "description": (
                "Refusals in this order, the first wins: suspended account or sub-account (M4), sender id not an "
                "active number of an approved campaign of the sub-account (S1, S2), country not enabled (450, not "
                "counted), opt-out (M5.1), do-not-call (M5.3), blocked keyword (M5.4), URL shortener (6013), hourly "
                "limit block (451). An allowed message counts in its MPH bucket."
            ),
            "tags": ["traffic"],
            "security": [{"platformToken": []}, {"tokenAuth": []}, {"cookieAuth": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["sub_account", "from", "to", "channel"],
                            "properties": {
                                "sub_account": {"type": "integer"},
                                "from": {"type": "string", "description": "The sender id (E.164 or short code)."},
                                "to": {"type": "string", "description": "The destination in E.164."},
                                "channel": {"type": "string", "enum": ["sms", "mms"]},
                                "text": {"type": "string"},
                                "campaign": {"type": "integer"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "The decision.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "allowed": {"type": "boolean"},
                                    "code": {"type": "string", "nullable": True, "enum": _CODES},
                                    "reason": {"type": "string"},
                                    "country": {"type": "string", "description": "ISO 3166-1 alpha-2."},
                                },
                            }
                        }
                    },
                },
                "400": {"description": "Invalid input.", "content": {"application/json": {"schema": error}}},
                "401": {"description": "No valid credentials."},
                "403": {"description": "A token without the check scope, or not a customer."},
                "404": {"description": "No such sub-account in this account."},
            },
        }
    }
    return result
