"""What the site and the API plugins share: the page language, row dicts from a cursor, the
API's JSON error (also used by the error and read-only plugins) and recognising casebase's own
database, so that the plugins stay in their lane when Datasette serves other files too."""

from __future__ import annotations

import json
import weakref
from typing import Any

from datasette.utils.asgi import Response

from casebase import serving

from ..read import rows  # noqa: F401  (shared by the site and the API)

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, Accept",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
}
JSON_TYPE = "application/json; charset=utf-8"


# datasette -> (the database names looked at, the name of casebase's database or None). The
# files do not change while served (immutable), so each server looks at them once; a database
# added later changes the names and is looked at then.
_found: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def casebase_database(datasette):
    """The casebase database among those `datasette` serves (recognised by its build_info), or
    None: then every casebase plugin stays out of the way and Datasette behaves as stock."""
    names = tuple(datasette.databases)
    seen = _found.get(datasette)
    if seen is None or seen[0] != names:
        found = next(
            (
                name
                for name, db in datasette.databases.items()
                if not db.is_memory and serving.is_casebase_db(db.path)
            ),
            None,
        )
        seen = (names, found)
        _found[datasette] = seen
    return datasette.databases.get(seen[1]) if seen[1] else None


def serves_casebase(datasette) -> bool:
    """Whether `datasette` serves a casebase database (the gate of every casebase plugin)."""
    return casebase_database(datasette) is not None


def is_casebase(datasette, database: str | None) -> bool:
    """Whether `database` (a name) is the casebase database `datasette` serves."""
    db = casebase_database(datasette)
    return db is not None and db.name == database


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
