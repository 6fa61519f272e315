"""The registration condition (đăng ký thi đua, issue 18 item 1) for databases whose catalogue is already loaded:
one unconfirmed rule per emulation title and rule set, frozen here. A new database has no catalogue yet and
`ensure_catalogue` loads the current one."""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREES = {"nd-98-2023": "Nghị định 98/2023/NĐ-CP", "nd-152-2025": "Nghị định 152/2025/NĐ-CP"}
TITLES = [
    "LAO_DONG_TIEN_TIEN",
    "CSTD_CO_SO",
    "CSTD_CAP_TINH",
    "CSTD_TOAN_QUOC",
    "TAP_THE_LDTT",
    "TAP_THE_LDXS",
    "CO_THI_DUA_CAP_TINH",
    "CO_THI_DUA_CHINH_PHU",
]
NOTE = (
    "Thông tư 12/2019/TT-BNV (đã hết hiệu lực) ghi: cá nhân, tập thể không đăng ký thi đua thì không xem xét, công "
    "nhận danh hiệu thi đua. Điều khoản tương ứng của Luật 2022 và nghị định hiện hành chưa đối chiếu văn bản."
)


def add_rules(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    AwardType = apps.get_model("awards", "AwardType")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    types = {t.code: t for t in AwardType.objects.filter(code__in=TITLES)}
    for rule_set in RuleSet.objects.filter(code__in=DECREES):
        for code in TITLES:
            if code not in types:
                continue
            EligibilityRule.objects.get_or_create(
                rule_set=rule_set,
                award_type=types[code],
                check_code="registered",
                applies_to="both",
                defaults={
                    "params": {},
                    "article": "Chưa xác định",
                    "source": f"{LAW}; {DECREES[rule_set.code]}",
                    "description": "Đã đăng ký thi đua danh hiệu này từ đầu năm",
                    "unconfirmed": True,
                    "note": NOTE,
                    "order": 1000,
                },
            )


def remove_rules(apps, schema_editor):
    apps.get_model("awards", "EligibilityRule").objects.filter(check_code="registered").delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0020_registrations_rounds_dispatches")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
