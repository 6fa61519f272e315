"""Demo performance ratings: Lạng Sơn rates its demo people for 2023 (the standards of Art. 23, 24, 44 and 73
read them), the direct worker and the teacher excellently. On top of `records`. Idempotent."""

from __future__ import annotations

from django.db import transaction

from ..models import RatingLevel
from ..services.ratings import ratings_save
from .records import story_cast


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    cast = story_cast()
    if cast is None:
        return
    excellent = {p.pk for p in (cast.people.get("Lường Thị Mai"), cast.people.get("Hoàng Văn Páo")) if p}
    ratings_save(actor=None, unit=cast.lang_son, year=2023, entries={
        p.pk: (RatingLevel.EXCELLENT if p.pk in excellent else RatingLevel.GOOD, "Dữ liệu mẫu")
        for p in cast.people.values()
    })  # fmt: skip
