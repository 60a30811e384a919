"""Links from a case's official identifiers to their public notices: the one place that knows
the URLs of TED and TenderNed.

- a TED publication number (554113-2026) opens its notice page;
- an Official Journal S reference (2016/S 253-466898) opens TED's search for that reference
  (the notice pages are addressed by publication number, which such a reference does not
  always give in the form TED uses);
- a TenderNed publication id opens its notice on TenderNed;
- CPV codes, OCDS ocids and eForms procedure ids name no single public page: no link.

The build stores the link with each identifier (`identifiers.url`); the case page and the API
record show it from there.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

TED_NOTICE = "https://ted.europa.eu/en/notice/-/detail/{number}"
TED_SEARCH = "https://ted.europa.eu/en/search/result"
TENDERNED_NOTICE = "https://www.tenderned.nl/aankondigingen/overzicht/{id}"

TED_NUMBER = re.compile(r"[0-9]{1,8}-(?:19|20)[0-9]{2}")
OJS_REFERENCE = re.compile(r"(?:19|20)[0-9]{2}/S [0-9]{1,3}-[0-9]{1,7}")
TENDERNED_ID = re.compile(r"[0-9]{3,10}")


def notice_url(scheme: str, value: str) -> str | None:
    """The public page of identifier `value` of `scheme`, or None when there is none."""
    if scheme == "ted" and TED_NUMBER.fullmatch(value):
        return TED_NOTICE.format(number=value)
    if scheme == "ted" and OJS_REFERENCE.fullmatch(value):
        return f"{TED_SEARCH}?{urlencode({'FT': value, 'search-scope': 'ALL'})}"
    if scheme == "tenderned" and TENDERNED_ID.fullmatch(value):
        return TENDERNED_NOTICE.format(id=value)
    return None
