"""Datasette hook `asgi_wrapper`: security headers on every HTTP response.

Owns the Content-Security-Policy and the other browser-safety headers for the whole server:
the site's pages, the API, feeds, Datasette's own pages, static files and errors. Headers a
response already sets (CORS, ETag, Cache-Control, ...) are kept; nothing is buffered, so streamed
responses (CSV with _stream, the database download) pass through untouched.

Two policies, chosen by path:

- The site (our templates: /, /zoeken, /case/..., /api, feeds, 404s, ...) has no JavaScript and no
  inline styles, so it gets `script-src 'none'` and `style-src 'self'`.
- Datasette's pages (/<database>..., /-/...) carry a few fixed inline scripts from Datasette's
  templates. They are allowed by hash, computed once from those template files, never from a
  response body: a hash taken from the body would allow whatever got injected into it. Datasette
  also writes inline styles (a <style> block built from column names, `style=` attributes with
  the database colour), so its pages keep `style-src 'unsafe-inline'`; scripts stay hash-only.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from functools import cache
from pathlib import Path

import datasette
import jinja2
from datasette import hookimpl

from .web import serves_casebase

# Values of the template variables that Datasette's inline scripts contain; every combination
# is hashed. table.html: `DATASETTE_ALLOW_FACET = {{ datasette_allow_facet }};`.
SCRIPT_VARIABLES = {"datasette_allow_facet": ("true", "false")}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

COMMON = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # as Datasette's data views already send
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def sha256_source(script: str) -> str:
    """CSP source expression allowing exactly this inline script text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def datasette_scripts() -> tuple[str, ...]:
    """The texts of the inline <script> blocks in Datasette's templates, as they render."""
    folder = Path(datasette.__file__).parent / "templates"
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    texts: set[str] = set()
    for path in sorted(folder.glob("*.html")):
        for block in _INLINE_SCRIPT.findall(path.read_text(encoding="utf-8")):
            template = env.from_string(block)
            for values in itertools.product(*SCRIPT_VARIABLES.values()):
                texts.add(template.render(dict(zip(SCRIPT_VARIABLES, values, strict=True))))
    return tuple(sorted(texts))


@cache
def policies() -> dict[str, str]:
    hashes = " ".join(sha256_source(s) for s in datasette_scripts())
    site = (*COMMON, "script-src 'none'", "style-src 'self'", "img-src 'self'")
    data = (
        *COMMON,
        f"script-src 'self' {hashes}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",  # app.css and the SQL editor draw icons from data: URLs
    )
    return {"site": "; ".join(site), "datasette": "; ".join(data)}


def is_datasette_path(path: str, databases) -> bool:
    """Datasette's own pages: /-/... and /<database>[/...|.json|.db|?...]."""
    first = path.lstrip("/").split("/", 1)[0]
    return first == "-" or first.split(".", 1)[0] in databases


def headers_for(path: str, databases) -> list[tuple[bytes, bytes]]:
    policy = policies()["datasette" if is_datasette_path(path, databases) else "site"]
    pairs = {"Content-Security-Policy": policy, **HEADERS}
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in pairs.items()]


def _name(key: bytes | str) -> bytes:
    return (key if isinstance(key, bytes) else key.encode("latin-1")).lower()


@hookimpl
def asgi_wrapper(datasette):
    if not serves_casebase(datasette):
        return lambda app: app  # another database: its own headers, untouched

    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            extra = headers_for(scope.get("path", "/"), datasette.databases)

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers") or [])
                    present = {_name(k) for k, _ in headers}
                    headers += [(k, v) for k, v in extra if k not in present]
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap
