"""Datasette plugins of casebase (registered as entry points in pyproject.toml), one module per
concern: `site/` (the public pages), `api/` (the JSON API), `web` (what both share), and beside
them facets, security headers, limits, read-only and error handling."""
