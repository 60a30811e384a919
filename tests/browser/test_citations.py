"""Citations on the case page in real Chromium: each cited fact links its numbered source, and
the quote is readable on keyboard focus, on hover and in print, without JavaScript."""

from __future__ import annotations

QUOTE = "De proeftuin is in 2021 afgerond en de woningen zijn bewoond."


def quote_box(page):
    status = page.locator("section.facts dd", has_text="Afgerond").first
    return status.locator(".cite a"), status.locator(".cite .quote")


def test_quote_shows_on_focus_and_hover_only(page):
    page.goto("/case/proeftuin-energiezuinige-woning")
    link, quote = quote_box(page)
    assert QUOTE in quote.text_content()  # in the page for screen readers all along
    assert quote.bounding_box()["width"] <= 1  # but not shown until asked for
    link.focus()
    assert quote.bounding_box()["width"] > 100
    page.locator("h1").hover()
    page.evaluate("() => document.activeElement.blur()")
    assert quote.bounding_box()["width"] <= 1
    link.hover()
    assert quote.bounding_box()["width"] > 100
    # the number leads to the source it names
    target = link.get_attribute("href")
    assert page.locator(target).count() == 1


def test_quotes_and_timeline_in_print(page):
    page.goto("/case/proeftuin-energiezuinige-woning")
    page.emulate_media(media="print")
    _, quote = quote_box(page)
    assert quote.bounding_box()["width"] > 100
    dates = page.locator("section.timeline time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert dates == ["2019-03", "2021-06-30"]
