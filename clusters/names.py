"""Vietnamese personal names: one rule for accounts and people.

A Vietnamese name is written family name first, then the middle names, then the given name (Tên): "Nguyễn Đình
Đức" is Họ "Nguyễn", tên đệm "Đình", Tên "Đức". It is kept whole, as written (`full_name`, "Họ và tên"), and shown
that way everywhere. Lists sort as Vietnamese lists do: by the given name, then by the whole name (so by the family
and middle names), in the Vietnamese alphabet (a ă â b c d đ e ê …; Đ comes after D, not with it): `name_order()`.
The given name is the last word of the full name unless stated (`given_name_of`).

`honorific(gender)` gives the "Ông" / "Bà" that certificates and decision lists put before a name; documents are
written in Vietnamese whatever the interface language.
"""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Collate

__all__ = ["VIETNAMESE_COLLATION", "VietnameseCollate", "given_name_of", "honorific", "name_order", "normalize_name"]

#: PostgreSQL's ICU collation for Vietnamese (Debian's PostgreSQL is built with ICU).
VIETNAMESE_COLLATION = "vi-VN-x-icu"


class VietnameseCollate(Collate):
    """An expression compared in Vietnamese alphabetical order. SQLite (the self-contained demo only) has no such
    collation: there the plain value is used."""

    def __init__(self, expression):
        super().__init__(expression, VIETNAMESE_COLLATION)

    def as_sqlite(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def normalize_name(text: str | None) -> str:
    """A name with its spaces tidied: "  Nguyễn  Đình Đức " → "Nguyễn Đình Đức"."""
    return " ".join((text or "").split())


def given_name_of(full_name: str | None) -> str:
    """The given name (Tên) of a Vietnamese full name: its last word."""
    words = (full_name or "").split()
    return words[-1] if words else ""


def honorific(gender: str | None) -> str:
    """The title before a name: "Ông" for a man, "Bà" for a woman, "Ông (bà)" when the gender is not recorded."""
    from .models.people import Gender  # the models import this module

    if gender == Gender.MALE:
        return "Ông"
    if gender == Gender.FEMALE:
        return "Bà"
    return "Ông (bà)"


def name_order(prefix: str = "") -> list:
    """ORDER BY terms listing people (or accounts) as Vietnamese lists sort: by given name, then by full name,
    both in Vietnamese alphabetical order, then by id. `prefix` reaches a related person: "person__"."""
    return [
        VietnameseCollate(F(f"{prefix}given_name")).asc(),
        VietnameseCollate(F(f"{prefix}full_name")).asc(),
        F(f"{prefix}id").asc(),
    ]
