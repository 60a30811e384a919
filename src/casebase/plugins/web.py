"""What the site and the API plugins share: the page language, row dicts from a cursor, the
API's JSON error (also used by the error and read-only plugins) and recognising casebase's own
database, so that the plugins stay in their lane when Datasette serves other files too."""

from __future__ import annotations

import json
from typing import Any

from datasette.utils.asgi import Response

from ..read import rows  # noqa: F401  (shared by the site and the API)

DATABASE = "casebase"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
}
JSON_TYPE = "application/json; charset=utf-8"


def page_lang(request) -> str:
    return "en" if request is not None and request.args.get("_lang") == "en" else "nl"


class ApiError(Exception):
    """An error the client can fix (400) or a missing resource (404), as a JSON body."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": self.status, "message": self.message}
        if self.parameter:
            error["parameter"] = self.parameter
        return {"error": error}


def json_response(data: Any, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Response(
        body, status=status, headers={**CORS, **(headers or {})}, content_type=JSON_TYPE
    )


def error_response(exc: ApiError) -> Response:
    """The API's JSON error body with CORS headers (also used for timeouts and 405s)."""
    return json_response(exc.body(), exc.status, {"Cache-Control": "no-cache"})
