"""The registry through which the apps built on the organisation add to its pages, so that the organisation
app never imports them (nor names their URLs in its templates). Apps register in their AppConfig.ready:

- dashboard panels ("what needs my action now"): `register(panel_function)`, a function of the request's user
  returning a `Panel` or None;
- blocks of links on a group's year, a unit or a person page: `register_links(Page.GROUP_YEAR, testid=...,
  links=[Link(text, url_name), ...])`; each link's URL is reversed with the page's object (the group's pk and
  the year; the unit's or person's pk) and its text formatted with `%(year)s` on a group's year;
- sections rendered by the app's own template: `register_section(Page.UNIT, template=..., context=function)`,
  where `function(context, obj)` returns the template's context (like an inclusion tag; `context["request"]`).

The organisation's templates render a page's blocks with `{% page_blocks "unit" unit %}` (clusters_tags).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


# --- Dashboard panels -----------------------------------------------------------------------------------------
@dataclass
class PanelItem:
    text: str
    url: str = ""
    badge: str = ""
    level: str = "secondary"  # a Bootstrap contextual colour
    detail: str = ""  # a second line of plain text (e.g. the units concerned)
    action_url: str = ""  # a button posting to this URL (CSRF-protected form)
    action_text: str = ""


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    empty_text: str = ""
    order: int = 50
    link_url: str = ""
    link_text: str = ""


_PANELS: list[Callable] = []


def register(panel_function: Callable) -> Callable:
    if panel_function not in _PANELS:
        _PANELS.append(panel_function)
    return panel_function


def panels_for(user) -> list[Panel]:
    result = [panel for function in _PANELS if (panel := function(user)) is not None]
    return sorted(result, key=lambda panel: panel.order)


# --- Blocks on the organisation's pages -------------------------------------------------------------------------
class Page(enum.StrEnum):
    """The organisation's pages that other apps add blocks to, and the object each is about."""

    GROUP_YEAR = "group_year"  # clusters.rules.GroupYear
    UNIT = "unit"  # clusters.models.Unit
    PERSON = "person"  # clusters.models.Person


@dataclass(frozen=True)
class Link:
    text: str  # lazy; on a group's year it may hold %(year)s
    url_name: str  # reversed with the page's object: (group pk, year) or (pk,)
    style: str = "primary"  # the Bootstrap colour of its outline button


@dataclass(frozen=True)
class LinkBlock:
    """A card of link buttons (templates/clusters/includes/link_block.html)."""

    testid: str
    links: tuple[Link, ...]
    order: int = 50
    template: str = "clusters/includes/link_block.html"


@dataclass(frozen=True)
class SectionBlock:
    """A section rendered by an app's template with the context `context(template_context, obj)` returns."""

    template: str
    context: Callable
    order: int = 50


_BLOCKS: dict[Page, list[LinkBlock | SectionBlock]] = {page: [] for page in Page}


def _add(page: Page, block: LinkBlock | SectionBlock) -> None:
    blocks = _BLOCKS[Page(page)]
    if block not in blocks:  # ready() may run twice (tests): register once
        blocks.append(block)
        blocks.sort(key=lambda b: b.order)


def register_links(page: Page, *, testid: str, links: Sequence[Link], order: int = 50) -> None:
    """Add a card of links to `page`; `testid` is its `data-testid`."""
    _add(page, LinkBlock(testid=testid, links=tuple(links), order=order))


def register_section(page: Page, *, template: str, context: Callable, order: int = 50) -> None:
    """Add a section to `page`, rendered by `template` with the dict `context(template_context, obj)` returns."""
    _add(page, SectionBlock(template=template, context=context, order=order))


def blocks_for(page: Page) -> list[LinkBlock | SectionBlock]:
    return list(_BLOCKS[Page(page)])
