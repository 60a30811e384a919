"""Datasette plugins of casebase, one module per concern (registered as entry points in
pyproject.toml): facets, the public site (site_*), the JSON API (api*, openapi)."""
