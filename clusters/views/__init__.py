"""Organisation pages, one module per feature (groups, units, people); `clusters.urls` routes them.
Views stay thin: permission, form, service call, template.

Deprecated, kept only for the awards and emulation views that still import them from here: `paginate` and
`audit_page` (now in clusters.web) and `querystring_without_page`, whose `qs` their templates no longer read
(includes/pagination.html builds its links with `{% querystring %}`). Delete them, leaving this module empty,
once those views stop.
"""

from clusters.web import audit_page, paginate

__all__ = ["audit_page", "paginate", "querystring_without_page"]


def querystring_without_page(request) -> str:
    """Deprecated (see above): the request's query string without its page number."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
