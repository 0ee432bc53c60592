"""OpenAPI post-processing: every operation documents the errors it can answer.

drf-spectacular documents success responses from the serializers; the refusals come from DRF and
the exception handler in one of two shapes, added here once instead of on every view.
"""

from __future__ import annotations

from ..filtersets_base import MAX_ID

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


# Query parameters that name rows by id; with the path's {id} they are bounded like the BigAutoField they
# name, so clients (and schemathesis' boundary cases) know that a larger number is refused.
ID_QUERY_PARAMETERS = {"report", "chapter", "department", "lead_department", "parent", "commitment"}
MAX_PATH_ID = 10**18 - 1  # the routes take up to 18 digits


def _bound_ids(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path" and parameter["name"] == "id":
            maximum = MAX_PATH_ID
        elif parameter["in"] == "query" and parameter["name"] in ID_QUERY_PARAMETERS:
            maximum = MAX_ID
        else:
            continue
        schema = parameter["schema"].get("items", parameter["schema"])
        if schema.get("type") == "integer":
            schema.update({"format": "int64", "minimum": 1, "maximum": maximum})


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def add_error_responses(result: dict, generator, request, public) -> dict:
    """Adds 400/401/403/404 (and 409 to writes) in the API's error shapes, and bounds id parameters."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _bound_ids(operation)
            responses = operation.setdefault("responses", {})
            defaults = {
                "401": _response("Not authenticated.", "Error"),
                "403": _response("Not allowed for this user.", "Error"),
            }
            if operation.get("parameters") or operation.get("requestBody") or "{" in path:
                defaults["400"] = _response("Invalid input, by field or parameter.", "ValidationError")
            # Any operation: an unknown `?format=` is DRF's 404 too.
            defaults["404"] = _response("No such object or page, or an unknown `format`.", "Error")
            if method in {"put", "patch", "delete", "post"}:
                defaults["409"] = _response("Conflicts with the current state of the resource.", "Error")
            for status, response in defaults.items():
                responses.setdefault(status, response)
            for status, response in responses.items():
                # Refusals a view declares by description only (409, 412, 428) carry the same error body.
                if status.startswith("4") and "content" not in response:
                    response["content"] = _response("", "Error")["content"]
    return result
