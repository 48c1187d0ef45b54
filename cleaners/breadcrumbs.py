"""Breadcrumb trails ("Home » world")."""

import re

NAME = "breadcrumbs"
_ATTR = re.compile(r"breadcrumb|\bcrumbs?\b")


def clean(ctx) -> int:
    return sum(ctx.remove(el, NAME) for el in ctx.by_attr(_ATTR))
