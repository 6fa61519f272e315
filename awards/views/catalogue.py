"""The law's conditions page: every award type's conditions in each rule set, with the article, the words of
the text, its source and whether it was checked against the official text, so a board can check the app."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET
from rules.contrib.views import permission_required

from ..selectors.catalogue import conditions_by_rule_set


@permission_required("awards.view_rules", raise_exception=True)
@require_GET
def rule_list(request):
    return render(request, "awards/rule_list.html", {"rule_sets": conditions_by_rule_set()})
