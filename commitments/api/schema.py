"""OpenAPI post-processing: every operation documents the errors it can answer.

drf-spectacular documents success responses from the serializers; the refusals come from DRF and
the exception handler in one of two shapes, added here once instead of on every view.
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "A refusal with its reason.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Invalid input: each offending field or query parameter maps to its messages "
    "(`non_field_errors` for the input as a whole); nested inputs nest the same way.",
    "additionalProperties": {},
}


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def add_error_responses(result: dict, generator, request, public) -> dict:
    """Adds 400/401/403/404 (and 409/412 where an operation declares them) in the API's error shapes."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            defaults = {
                "401": _response("Not authenticated.", "Error"),
                "403": _response("Not allowed for this user.", "Error"),
            }
            if operation.get("parameters") or operation.get("requestBody") or "{" in path:
                defaults["400"] = _response("Invalid input, by field or parameter.", "ValidationError")
            if "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
                defaults["404"] = _response("No such object, or a page past the last one.", "Error")
            if method in {"put", "patch", "delete", "post"}:
                defaults["409"] = _response("Conflicts with the current state of the resource.", "Error")
            for status, response in defaults.items():
                responses.setdefault(status, response)
    return result
