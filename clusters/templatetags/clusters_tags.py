"""Template tags of the organisation's pages."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html_join

from clusters.dashboard import LinkBlock, Page, blocks_for

register = template.Library()


def _url_args(page: Page, obj) -> tuple[tuple, dict]:
    """The URL arguments of a page's object, and the values its link texts are formatted with."""
    if page == Page.GROUP_YEAR:
        return (obj.group.pk, obj.year), {"year": obj.year}
    return (obj.pk,), {}


@register.simple_tag(takes_context=True)
def page_blocks(context, page: str, obj) -> str:
    """The blocks the other apps registered for `page` (clusters.dashboard), in their order, about `obj`:
    a GroupYear on a group's year page, the unit or the person on theirs."""
    page = Page(page)
    args, params = _url_args(page, obj)
    parts = []
    for block in blocks_for(page):
        if isinstance(block, LinkBlock):
            links = [
                {
                    "text": str(link.text) % params if params else str(link.text),
                    "url": reverse(link.url_name, args=args),
                    "style": link.style,
                }
                for link in block.links
            ]
            values = {"block": block, "links": links}
        else:
            values = block.context(context, obj)
        block_context = context.new(values)
        if "csrf_token" in context:
            block_context["csrf_token"] = context["csrf_token"]
        parts.append(context.template.engine.get_template(block.template).render(block_context))
    return format_html_join("", "{}", ((part,) for part in parts))  # each part rendered (escaped) by its template
