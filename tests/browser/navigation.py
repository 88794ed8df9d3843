"""Wait for a page's scripts before acting on it.

Playwright's assertions pass as soon as the server's HTML is in the DOM, which on a loaded machine is before the
deferred scripts (htmx, the uploader, the code picker, the shortcuts) have bound their handlers: a file picked or
a button clicked in that gap does nothing. ``static/js/ready.js``, loaded last by ``base.html``, sets
``<html data-ready="1">`` once they all have.
"""

from __future__ import annotations

READY = "html[data-ready='1']"


def wait_ready(page) -> None:
    """Call after an assertion that proves the new page is there (a click-triggered navigation has no other
    way to tell the new document's marker from the old one's)."""
    page.locator(READY).wait_for(state="attached")


def goto_ready(page, url: str) -> None:
    page.goto(url)
    wait_ready(page)
