"""Dialogs and banners a page's scripts put over it: consent banners, newsletter and login pop-ups, share sheets.

Found by what the markup says the element is, not by its class names: an ARIA dialog (role=dialog or
alertdialog, aria-modal=true), an HTML <dialog>, a region whose aria-label names a cookie, consent or
privacy banner ("Cookie banner", "We value your privacy"), or a block the page hides until a script shows it
(the `hidden` attribute; not `hidden="until-found"`, which collapsed sections of the text use). A consent
tool's box keeps these when a build hashes its class names, and its text, at the end of <body>, can join a
short story's body.
"""

from __future__ import annotations

NAME = "dialogs"


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.scan().dialogs)
