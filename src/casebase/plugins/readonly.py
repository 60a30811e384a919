"""Only reading methods reach the application (Datasette's `asgi_wrapper` hook).

Casebase has no write routes: the database is opened immutable and changes arrive as pull
requests. Refusing every other method at the door makes that a guarantee instead of a property
of each route; Datasette itself answers a POST to a table page with a 500 (a failed assert).
OPTIONS stays open for CORS preflight requests from suppliers' browser code. The API's
clients get the API's JSON error body and CORS headers.
"""

from __future__ import annotations

import json

from datasette import hookimpl

from .api import CORS, JSON_TYPE
from .api_params import ApiError

ALLOWED = {"GET", "HEAD", "OPTIONS"}
ALLOW = ", ".join(sorted(ALLOWED))


def refusal(method: str, path: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """Headers and body of the 405 answer to `method` on `path`."""
    headers = {"Allow": ALLOW}
    if path.startswith("/api/"):
        error = ApiError(405, f"method {method} not allowed; use GET")
        body = json.dumps(error.body()).encode()
        headers.update(CORS, **{"Content-Type": JSON_TYPE})
    else:
        body = b"405 Method Not Allowed: casebase is read-only\n"
        headers["Content-Type"] = "text/plain; charset=utf-8"
    headers["Content-Length"] = str(len(body))
    return [(k.lower().encode(), v.encode()) for k, v in headers.items()], body


# tryfirst: the first wrapper returned is applied first, so this one sits inside the others and
# its 405 answers get the security headers too.
@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] != "http" or scope["method"] in ALLOWED:
                await app(scope, receive, send)
                return
            headers, body = refusal(scope["method"], scope["path"])
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return read_only

    return wrap
