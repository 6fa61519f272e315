"""Form widgets."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

#: The search box of a searchable list (its placeholder and accessible name).
SEARCH_LABEL = _("Gõ để tìm trong danh sách (không cần dấu)")

#: A server-side picker's messages (static/js/app.js shows them in the live region under its search box).
PICKER_MESSAGES = {
    "data-picker-min": _("Gõ ít nhất 2 ký tự để tìm"),
    "data-picker-empty": _("Không tìm thấy"),
    "data-picker-found": _("Tìm thấy {n} kết quả: chọn trong danh sách"),
    "data-picker-error": _("Không tìm được, hãy thử lại"),
}

#: django/forms/widgets/select_option.html (its file ends with a newline), after the select's "\n  ".
OPTION = '\n  <option value="{}"{}>{}</option>\n'


def _attrs(attrs: dict):
    """django/forms/widgets/attrs.html in Python."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A <select> rendered in Python: the same HTML as Django's select.html and select_option.html templates,
    with one format_html per option instead of a template include and a context dict (the proposal queue's
    filters, with 290 units and 154 groups to choose from: ~80 ms through the templates, ~12 ms with a
    format_html per piece, ~9 ms now). A model field's choices are read with one plain query instead of a
    server-side cursor (DECLARE, FETCH, CLOSE: three round trips for a few hundred rows). Everything is escaped
    by format_html; tests/test_widgets.py compares the HTML with Django's own, markup in the labels included."""

    #: The signed spec of a server-side picker (clusters.pickers.attach), or "" for a plain list.
    picker = ""
    #: A picker known to have more rows than the threshold (clusters.pickers.share: the lines of a formset count
    #: once); None: counted when rendered.
    many: bool | None = None

    def __init__(self, attrs=None, choices=(), *, searchable: bool = False):
        """`searchable`: static/js/app.js puts a search box above the list that narrows its options as one types,
        without diacritics (units among hundreds)."""
        if searchable:
            attrs = {"data-searchable": True, "data-search-label": SEARCH_LABEL, **(attrs or {})}
        super().__init__(attrs, choices)

    def _picked(self, values, attrs: dict):
        """A picker's options: all of its rows while they are at most THRESHOLD (a bounded count, then the
        rows), else the empty option and the selected rows only (the count, and the selected rows if any), and
        the attributes through which static/js/app.js searches the others on the server. None when the widget is
        a plain list."""
        from .pickers import THRESHOLD

        choices = self.choices
        if not self.picker or not isinstance(choices, ModelChoiceIterator):
            return None
        queryset = choices.queryset.all()
        # a count of at most THRESHOLD + 1 rows, unsorted: it stops there, however many rows the table holds
        if not self.many and queryset.order_by().values("pk")[: THRESHOLD + 1].count() <= THRESHOLD:
            rows = list(queryset)
            if not self.allow_multiple_selected:
                attrs.setdefault("data-searchable", True)
                attrs.setdefault("data-search-label", SEARCH_LABEL)
        else:
            ids = [value for value in values if value.isdigit() and len(value) < 19]
            rows = list(queryset.filter(pk__in=ids)) if ids else []
            attrs.pop("data-searchable", None)
            attrs.update(
                {
                    "data-picker": self.picker,
                    "data-picker-url": reverse("clusters:picker_search"),
                    "data-search-label": SEARCH_LABEL,
                    **PICKER_MESSAGES,
                }
            )
        empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        return [*empty, *(choices.choice(obj) for obj in rows)]

    def use_required_attribute(self, initial):
        """As Select's, without reading a model's rows: Select looks at the first choice (a query through a
        server-side cursor of 2,000 rows when the field has no empty label); a model field's first choice is its
        empty label when it has one."""
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return super().use_required_attribute(initial)
        use_required = forms.Widget.use_required_attribute(self, initial)
        return use_required and (self.allow_multiple_selected or choices.field.empty_label is not None)

    def _options(self):
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator) and not choices.queryset._prefetch_related_lookups:
            if choices.field.empty_label is not None:
                yield "", choices.field.empty_label
            for obj in choices.queryset.all():  # a fresh queryset: the field's own stays unevaluated
                yield choices.choice(obj)
        else:
            yield from choices

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        values = self.format_value(value)
        picked = self._picked(values, final_attrs)
        selected_attr = format_html(" {}", "selected")
        segments, ungrouped = [], []  # escaped HTML; the options not in a group since the last group
        has_selected = False
        for option_value, option_label in self._options() if picked is None else picked:  # as ChoiceWidget.optgroups
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [(option_value, option_label)]
            rows = []
            for subvalue, sublabel in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in values
                has_selected |= selected
                rows.append((str(subvalue), selected_attr if selected else "", sublabel))
            if group_name:
                segments.append(format_html_join("", OPTION, ungrouped))
                ungrouped = []
                options_html = format_html_join("", OPTION, rows)
                segments.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, options_html))
            else:
                ungrouped.extend(rows)
        segments.append(format_html_join("", OPTION, ungrouped))
        options_html = format_html_join("", "{}", ((segment,) for segment in segments))
        return format_html('<select name="{}"{}>{}\n</select>', name, _attrs(final_attrs), options_html)


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """QuickSelect for a multiple choice (its values read as SelectMultiple reads them)."""
