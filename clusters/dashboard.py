"""The dashboard shows "what needs my action now" from every app.

Apps register panel functions here (in their AppConfig.ready) so that the
organisation app never imports the apps built on top of it.
A panel function takes the request user and returns a `Panel` or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PanelItem:
    text: str
    url: str = ""
    badge: str = ""
    level: str = "secondary"  # a Bootstrap contextual colour


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
