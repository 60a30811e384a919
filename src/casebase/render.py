"""Markdown from case files to safe HTML for the site.

Case descriptions and collection introductions are Markdown written by contributors. Raw HTML
in them is never passed through: markdown-it escapes it as text (`html=False`) and nh3 then
removes anything outside a small allow-list, so a `<script>` in a case can only ever appear as
visible text. Headings are shifted down so a `#` in a case never competes with the page title.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


# A footnote marker that cites a source by its key: `[^nrc-2019]`. Keys are kebab-case ASCII,
# so the marker passes through Markdown and the sanitiser as plain text.
FOOTNOTE = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def footnote_keys(source: str | None) -> list[str]:
    return FOOTNOTE.findall(source or "")


def _footnotes(html: str, numbers: dict[str, int], label: str, anchor: str = "bron-") -> str:
    def link(found: re.Match) -> str:
        n = numbers.get(found.group(1))
        if n is None:  # validation refuses unknown keys; never show a broken marker
            return ""
        return f'<sup class="fn"><a href="#{anchor}{n}" aria-label="{label} {n}">[{n}]</a></sup>'

    return FOOTNOTE.sub(link, html)


def markdown(
    source: str | None,
    heading_offset: int = 2,
    footnotes: dict[str, int] | None = None,
    footnote_label: str = "bron",
    footnote_anchor: str = "bron-",
) -> Markup:
    """Sanitised HTML for `source`; `#` becomes <h3> with the default offset. Footnote
    markers become links to the numbered sources in `footnotes` (key -> number), whose ids
    are `footnote_anchor` and the number."""
    if not source:
        return Markup("")
    tokens = _MD.parse(source)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + heading_offset)
            token.tag = f"h{level}"
    html = _MD.renderer.render(tokens, _MD.options, {})
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(_footnotes(clean, footnotes or {}, footnote_label, footnote_anchor))


def plain(source: str | None) -> str:
    """Markdown reduced to plain text (for snippets and feeds): tags and markup removed."""
    if not source:
        return ""
    html = _MD.render(FOOTNOTE.sub("", source))
    text = nh3.clean(html, tags=set())
    return " ".join(html_lib.unescape(text).split())
