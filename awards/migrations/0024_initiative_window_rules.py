"""The period within which a Chiến sĩ thi đua title's initiative must have been recognised (issue 19 item 2: the
initiative rules read the register), for databases whose catalogue is already loaded: one unconfirmed rule per title
and rule set, frozen here. A new database has no catalogue yet and `ensure_catalogue` loads the current one."""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
RULE_SETS = ["nd-98-2023", "nd-152-2025"]
WINDOWS = [
    ("CSTD_CAP_TINH", "ministry_province", 3, "Điều 22, khoản 2", "03 lần liên tục đạt Chiến sĩ thi đua cơ sở"),
    (
        "CSTD_TOAN_QUOC",
        "national",
        6,
        "Điều 21, khoản 2",
        "02 lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh, đọc là hai chu kỳ ba năm",
    ),
]


def add_rules(apps, schema_editor):
    RuleSet = apps.get_model("awards", "RuleSet")
    AwardType = apps.get_model("awards", "AwardType")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    types = {t.code: t for t in AwardType.objects.filter(code__in=[w[0] for w in WINDOWS])}
    for rule_set in RuleSet.objects.filter(code__in=RULE_SETS):
        for code, level, years, article, period in WINDOWS:
            if code not in types:
                continue
            EligibilityRule.objects.get_or_create(
                rule_set=rule_set,
                award_type=types[code],
                check_code="initiative_window",
                applies_to="individual",
                defaults={
                    "params": {"min_level": level, "years": years},
                    "article": article,
                    "source": LAW,
                    "description": f"Sáng kiến được công nhận trong {years:02d} năm tính đến năm xét",
                    "unconfirmed": True,
                    "note": f"Luật 2022 không nói sáng kiến phải được công nhận trong khoảng thời gian nào; tạm xét "
                    f"trong {years:02d} năm ({period}). Chưa đối chiếu Nghị định 98/2023/NĐ-CP, 152/2025/NĐ-CP.",
                    "order": 999,
                },
            )


def remove_rules(apps, schema_editor):
    apps.get_model("awards", "EligibilityRule").objects.filter(check_code="initiative_window").delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0023_initiative_register")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
