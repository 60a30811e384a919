"""Only reading methods reach the application (Datasette's `asgi_wrapper` hook).

Casebase has no write routes: the database is opened immutable and changes arrive as pull
requests. Refusing every other method at the door makes that a guarantee instead of a property
of each route; Datasette itself answers a POST to a table page with a 500 (a failed assert).
OPTIONS stays open for CORS preflight requests from suppliers' browser code. The API's
clients get the API's JSON error body and CORS headers.
"""

from __future__ import annotations

from datasette import Response, hookimpl

from .web import ApiError, error_response, serves_casebase

ALLOWED = {"GET", "HEAD", "OPTIONS"}
ALLOW = ", ".join(sorted(ALLOWED))


def refusal(method: str, path: str) -> Response:
    """The 405 answer to `method` on `path`."""
    if path.startswith("/api/"):
        response = error_response(ApiError(405, f"method {method} not allowed; use GET"))
    else:
        response = Response.text("405 Method Not Allowed: casebase is read-only\n", status=405)
    response.headers["Allow"] = ALLOW
    return response


# tryfirst: the first wrapper returned is applied first, so this one sits inside the others and
# its 405 answers get the security headers too.
@hookimpl(tryfirst=True)
def asgi_wrapper(datasette):
    if not serves_casebase(datasette):
        return lambda app: app  # another database may well be writable: not ours to refuse

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] != "http" or scope["method"] in ALLOWED:
                await app(scope, receive, send)
                return
            await refusal(scope["method"], scope["path"]).asgi_send(send)

        return read_only

    return wrap
