"""Error answers (Datasette's `handle_exception` hook).

- A query that hits the SQL time limit on one of our pages or API routes, or the memory cap
  of plugins/limits.py anywhere, is a 503 with `Retry-After`, not a 500: the server is fine,
  the question was too expensive. API clients
  get the API's JSON error with CORS headers. Datasette's
  own table and SQL pages already answer those with their own "SQL Interrupted" message.
"""

from __future__ import annotations

import datasette.handle_exception as default_handler
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.views.base import DatasetteError

from .web import ApiError, error_response, serves_casebase

RETRY_AFTER = "5"
MESSAGE = (
    "Deze vraag vroeg te veel rekentijd of geheugen; probeer een nauwere zoekopdracht. "
    "This request needed too much time or memory; try a narrower search."
)


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    # MemoryError: a query over the memory cap of plugins/limits.py; the server lives on
    if not isinstance(exception, (QueryInterrupted, MemoryError)) or not serves_casebase(datasette):
        return None

    async def inner():
        if request.path.startswith("/api/"):
            # the API's own JSON error with CORS headers, or a browser client sees a CORS error
            response = error_response(ApiError(503, MESSAGE))
        else:
            error = DatasetteError(MESSAGE, title="Te druk / Too expensive", status=503)
            response = await default_handler.handle_exception(datasette, request, error)()
        response.headers["Retry-After"] = RETRY_AFTER
        return response

    return inner
