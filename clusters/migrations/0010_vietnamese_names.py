"""Vietnamese names done right (clusters.names): people and accounts share one model of a human
(`people.Individual`): full name as written in Vietnamese order, given name for sorting, gender, date of birth,
position, CCCD and civil-servant code (each unique where given).

Accounts lose Django's first_name/last_name. Their full name is rebuilt from the two parts, whose order depends on
who entered them:
- the app itself (demo, national data set, tests) put the family and middle names in first_name and the given name
  in last_name, so "first last" reads right: "Nguyễn Văn" + "An" → "Nguyễn Văn An";
- Django's admin, in Vietnamese, labels first_name "Tên" and last_name "Họ", so accounts entered there hold the
  parts the other way round: "Đức" + "Nguyễn Đình", shown until now as "Đức Nguyễn Đình".
Which order a row uses is read from the family names: when last_name begins with a Vietnamese family name and
first_name does not (or first_name is a single word and last_name is several), the parts are swapped →
"Nguyễn Đình Đức". Anything else keeps "first last". The given name is the full name's last word.

People keep their full name; their given name is its last word.
"""

from django.db import migrations, models

import clusters.names

#: Vietnamese family names (Họ), enough to tell which of Django's two name fields holds the family name.
FAMILY_NAMES = set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn "
    "Trịnh Lương Trương Đào Cao Lâm Tạ Chu Tô Quách Vương Thái Kiều Lưu Hứa Triệu Lò Vàng "
    "Giàng Lường Đàm Tăng Châu Phùng Nông La Âu Thân Khúc Mạc Tống Nghiêm Lục Diệp Bế Hầu "
    "Sầm Đậu Tôn Từ Doãn Lã Mẫn Vi Tiêu Mai Hà Kim Ma Lại Thạch Đồng Giáp Khổng "
    "Trình Ứng Mã Nhữ Ông Bạch Phí Cù Cấn".split()
)  # noqa: SIM905


def _words(text):
    return (text or "").split()


def full_name_from_parts(first_name, last_name):
    """The full name in Vietnamese order from Django's first_name and last_name (see the module's docstring)."""
    first, last = _words(first_name), _words(last_name)
    if not first or not last:
        return " ".join(first or last)
    first_is_family = first[0] in FAMILY_NAMES
    last_is_family = last[0] in FAMILY_NAMES
    if last_is_family and (not first_is_family or (len(first) == 1 and len(last) > 1)):
        first, last = last, first
    return " ".join(first + last)


def fill_names(apps, schema_editor):
    User = apps.get_model("clusters", "User")
    Person = apps.get_model("clusters", "Person")
    users = list(User.objects.only("pk", "first_name", "last_name"))
    for user in users:
        user.full_name = full_name_from_parts(user.first_name, user.last_name)[:150]
        user.given_name = (_words(user.full_name) or [""])[-1][:50]
    User.objects.bulk_update(users, ["full_name", "given_name"], batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":  # 200,000 people in the national data set
        schema_editor.execute(
            "UPDATE clusters_person SET full_name = btrim(regexp_replace(full_name, '\\s+', ' ', 'g'))"
        )
        schema_editor.execute("UPDATE clusters_person SET given_name = left(substring(full_name FROM '(\\S+)$'), 50)")
        # check the deferred foreign keys of the rows just updated now: the table is altered next
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        return
    people = list(Person.objects.only("pk", "full_name"))
    for person in people:
        person.full_name = " ".join(_words(person.full_name))
        person.given_name = (_words(person.full_name) or [""])[-1][:50]
    Person.objects.bulk_update(people, ["full_name", "given_name"], batch_size=1000)


def unfill_names(apps, schema_editor):
    """Back to Django's two fields, the app's way: family and middle names in first_name, given name in
    last_name."""
    User = apps.get_model("clusters", "User")
    users = list(User.objects.only("pk", "full_name"))
    for user in users:
        words = _words(user.full_name)
        user.first_name, user.last_name = " ".join(words[:-1])[:150], " ".join(words[-1:])
    User.objects.bulk_update(users, ["first_name", "last_name"], batch_size=1000)


def create_order_index(apps, schema_editor):
    """The people's list order (clusters.names.name_order), PostgreSQL only (SQLite has no Vietnamese collation)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS person_vi_order ON clusters_person (given_name COLLATE "vi-VN-x-icu", '
            'full_name COLLATE "vi-VN-x-icu", id)'
        )


def drop_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_vi_order")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("clusters", "0009_submission_token"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": [
                    models.OrderBy(clusters.names.VietnameseCollate("given_name")),
                    models.OrderBy(clusters.names.VietnameseCollate("full_name")),
                    "id",
                ],
                "verbose_name": "cá nhân",
                "verbose_name_plural": "cá nhân",
            },
        ),
        migrations.AddField(
            model_name="person",
            name="birth_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày sinh"),
        ),
        migrations.AddField(
            model_name="person",
            name="citizen_id",
            field=models.CharField(
                blank=True, help_text="Căn cước công dân: 12 chữ số.", max_length=12, verbose_name="số CCCD"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="civil_servant_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="mã số công chức, viên chức"),
        ),
        migrations.AddField(
            model_name="person",
            name="gender",
            field=models.CharField(
                blank=True, choices=[("male", "Nam"), ("female", "Nữ")], max_length=6, verbose_name="giới tính"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="given_name",
            field=models.CharField(
                blank=True,
                help_text="Tên dùng để sắp xếp danh sách. Để trống: lấy chữ cuối của họ và tên.",
                max_length=50,
                verbose_name="tên",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="birth_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày sinh"),
        ),
        migrations.AddField(
            model_name="user",
            name="birth_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Khi chỉ biết năm sinh. Có ngày sinh thì lấy theo ngày sinh.",
                null=True,
                verbose_name="năm sinh",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="citizen_id",
            field=models.CharField(
                blank=True, help_text="Căn cước công dân: 12 chữ số.", max_length=12, verbose_name="số CCCD"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="civil_servant_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="mã số công chức, viên chức"),
        ),
        migrations.AddField(
            model_name="user",
            name="full_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="họ và tên"),
        ),
        migrations.AddField(
            model_name="user",
            name="gender",
            field=models.CharField(
                blank=True, choices=[("male", "Nam"), ("female", "Nữ")], max_length=6, verbose_name="giới tính"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="given_name",
            field=models.CharField(
                blank=True,
                help_text="Tên dùng để sắp xếp danh sách. Để trống: lấy chữ cuối của họ và tên.",
                max_length=50,
                verbose_name="tên",
            ),
        ),
        migrations.RunPython(fill_names, unfill_names),
        migrations.RemoveField(
            model_name="user",
            name="first_name",
        ),
        migrations.RemoveField(
            model_name="user",
            name="last_name",
        ),
        migrations.AlterField(
            model_name="person",
            name="birth_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Khi chỉ biết năm sinh. Có ngày sinh thì lấy theo ngày sinh.",
                null=True,
                verbose_name="năm sinh",
            ),
        ),
        migrations.RunPython(create_order_index, drop_order_index),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("full_name", ""), _negated=True), name="person_full_name_stated"
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("full_name", ""), models.Q(("given_name", ""), _negated=True), _connector="OR"),
                name="person_given_name_stated",
                violation_error_message="Thiếu tên (chữ cuối của họ và tên).",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("gender__in", ["", "male", "female"])), name="person_gender_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("birth_date__isnull", True), ("birth_year", models.F("birth_date__year")), _connector="OR"
                ),
                name="person_birth_year_of_birth_date",
                violation_error_message="Năm sinh phải khớp với ngày sinh.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("citizen_id", ""), ("citizen_id__regex", "^[0-9]{12}$"), _connector="OR"),
                name="person_citizen_id_12_digits",
                violation_error_message="Số CCCD gồm đúng 12 chữ số.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("citizen_id", ""), _negated=True),
                fields=("citizen_id",),
                name="person_citizen_id_unique",
                violation_error_message="Số CCCD này đã có người dùng.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("civil_servant_code", ""), _negated=True),
                fields=("civil_servant_code",),
                name="person_civil_servant_code_unique",
                violation_error_message="Mã số công chức, viên chức này đã có người dùng.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("full_name", ""), models.Q(("given_name", ""), _negated=True), _connector="OR"),
                name="user_given_name_stated",
                violation_error_message="Thiếu tên (chữ cuối của họ và tên).",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("gender__in", ["", "male", "female"])), name="user_gender_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("birth_year__isnull", True),
                    models.Q(("birth_year__gte", 1900), ("birth_year__lte", 2100)),
                    _connector="OR",
                ),
                name="user_birth_year_plausible",
                violation_error_message="Năm sinh không hợp lệ.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("birth_date__isnull", True), ("birth_year", models.F("birth_date__year")), _connector="OR"
                ),
                name="user_birth_year_of_birth_date",
                violation_error_message="Năm sinh phải khớp với ngày sinh.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("citizen_id", ""), ("citizen_id__regex", "^[0-9]{12}$"), _connector="OR"),
                name="user_citizen_id_12_digits",
                violation_error_message="Số CCCD gồm đúng 12 chữ số.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("citizen_id", ""), _negated=True),
                fields=("citizen_id",),
                name="user_citizen_id_unique",
                violation_error_message="Số CCCD này đã có người dùng.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("civil_servant_code", ""), _negated=True),
                fields=("civil_servant_code",),
                name="user_civil_servant_code_unique",
                violation_error_message="Mã số công chức, viên chức này đã có người dùng.",
            ),
        ),
    ]
