"""Demo people of a few provinces (leaders and direct workers: the fairness page reads their categories).
Idempotent; on top of the demo units (`units`).
"""

from __future__ import annotations

from django.db import transaction

from ..models import Gender, Person, PersonCategory
from .units import province

DEMO_PEOPLE = {
    "Lạng Sơn": [
        ("Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh", PersonCategory.LEADER),
        ("Nguyễn Thị Hương", "Trưởng phòng Thi đua - Khen thưởng", PersonCategory.LEADER),
        ("Hoàng Văn Páo", "Công nhân Công ty Môi trường đô thị", PersonCategory.DIRECT_WORKER),
        ("Lường Thị Mai", "Giáo viên mầm non xã biên giới", PersonCategory.DIRECT_WORKER),
    ],
    "Hà Giang": [
        ("Vàng Seo Dìn", "Nông dân sản xuất giỏi", PersonCategory.DIRECT_WORKER),
        ("Lò Thị Sinh", "Y sĩ trạm y tế xã", PersonCategory.DIRECT_WORKER),
    ],
    "Lào Cai": [
        ("Trịnh Xuân Trường", "Chủ tịch UBND tỉnh", PersonCategory.LEADER),
        ("Đặng Thị Hoa", "Công chức văn hóa xã", PersonCategory.OTHER),
    ],
    "Bình Phước": [("Trần Tuệ Hiền", "Chủ tịch UBND tỉnh", PersonCategory.LEADER)],
    "Bình Dương": [("Võ Văn Minh", "Chủ tịch UBND tỉnh", PersonCategory.LEADER)],
}


@transaction.atomic
def load_people() -> None:
    for short_name, people in DEMO_PEOPLE.items():
        unit = province(short_name)
        for full_name, position, category in people:
            # Every woman of the demo has the middle name Thị (Ông/Bà on her certificates).
            gender = Gender.FEMALE if " Thị " in f" {full_name} " else Gender.MALE
            Person.objects.get_or_create(
                unit=unit, full_name=full_name, defaults={"position": position, "category": category, "gender": gender}
            )
