"""The API's pagination: pages of PAGE_SIZE (up to 100 on request), or cursors where a deep page must cost what the
first does (award records). Kept apart from `base`: DRF imports the default class while its views module loads."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy
from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description = gettext_lazy("Số trang (từ 1).")
    page_size_query_description = gettext_lazy("Số dòng mỗi trang (tối đa 100).")
    invalid_page_message = gettext_lazy("Trang không hợp lệ.")


class IdCursorPagination(CursorPagination):
    """Cursor pagination by id, newest first: a deep page costs what the first one does."""

    page_size = settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
    cursor_query_description = gettext_lazy("Con trỏ trang (lấy từ next/previous).")
    page_size_query_description = gettext_lazy("Số dòng mỗi trang (tối đa 100).")
    invalid_cursor_message = gettext_lazy("Con trỏ trang không hợp lệ.")
