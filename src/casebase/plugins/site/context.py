"""Datasette hook `extra_template_vars`: the `cb` helper every template (ours and Datasette's)
gets, with the page language, interface text, vocabulary labels and language-aware URLs.

The language lives in the URL (`_lang=en`; Dutch without it), so every link we build carries it
and the language switch points to the same page in the other language.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl

from casebase import vocab

from ..web import page_lang, serves_casebase
from . import text as site_text


class Site:
    """Per-request helpers for templates. Cheap to create; no database access."""

    def __init__(self, request, datasette) -> None:
        self.request = request
        self.datasette = datasette
        self.lang = page_lang(request)
        self.other_lang = "nl" if self.lang == "en" else "en"
        config = datasette.plugin_config("casebase") or {}
        self.repository_url = (config.get("repository_url") or "").rstrip("/")
        self.repository_branch = config.get("repository_branch") or "main"

    strings = site_text.STRINGS

    def t(self, key: str) -> str:
        return site_text.t(key, self.lang)

    def n(self, count: int, key: str) -> str:
        """'1 resultaat', '63 resultaten' (see text.PLURALS)."""
        return site_text.n(count, key, self.lang)

    def noun(self, count: int, key: str) -> str:
        return site_text.noun(count, key, self.lang)

    def label(self, vocabulary: str, code: str | None) -> str:
        return vocab.label(vocabulary, code, self.lang) if code else ""

    def country(self, code: str | None) -> str:
        return site_text.country(code, self.lang)

    def date(self, iso: str | None) -> str:
        return site_text.date(iso, self.lang)

    def money(self, amount: float | None) -> str:
        return site_text.money(amount, self.lang)

    def url(self, path: str, params: dict | list | None = None, lang: str | None = None) -> str:
        """`path` with `params` (dict or list of pairs) and `_lang=en` when the page is English."""
        lang = lang or self.lang
        pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
        pairs = [(k, v) for k, v in pairs if v not in (None, "") and k != "_lang"]
        if lang == "en":
            pairs.append(("_lang", "en"))
        query = urlencode(pairs)
        return self.datasette.urls.path(path) + (f"?{query}" if query else "")

    def pick(self, nl: str | None, en: str | None) -> tuple[str, str]:
        """(text, its language) in the page language, falling back to the other language."""
        if self.lang == "en":
            return (en, "en") if en else (nl or "", "nl")
        return (nl, "nl") if nl else (en or "", "en")

    @property
    def switch_url(self) -> str:
        """This page in the other language: same path and query, `_lang` toggled."""
        if self.request is None:
            return self.url("/", lang=self.other_lang)
        args = self.request.args
        pairs = [(k, v) for k in args.keys() if k != "_lang" for v in args.getlist(k)]
        if self.other_lang == "en":
            pairs.append(("_lang", "en"))
        query = urlencode(pairs)
        return self.request.path + (f"?{query}" if query else "")

    @property
    def db_name(self) -> str:
        try:
            return self.datasette.get_database().name
        except (KeyError, IndexError):
            return "casebase"

    def edit_url(self, file: str | None) -> str:
        if not (self.repository_url and file):
            return ""
        return f"{self.repository_url}/edit/{self.repository_branch}/{file}"


@hookimpl
def extra_template_vars(request, datasette):
    if not serves_casebase(datasette):
        return {}
    return {"cb": Site(request, datasette)}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Datasette renders error pages without extra_template_vars; give them a Dutch default.
    if serves_casebase(datasette):
        env.globals["cb"] = Site(None, datasette)
