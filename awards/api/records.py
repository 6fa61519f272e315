"""Award records (sổ khen thưởng): the records the user reads (the one read rule, `awards.selectors.records`),
filtered, with cursor pagination."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from clusters.api.base import IdCursorPagination, ListView, Serializer
from clusters.api.units import UnitRefSerializer

from ..models import AwardType, ProposalKind, RecipientCategory
from ..selectors.records import award_records


class PersonRefSerializer(Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(help_text=_("Họ và tên."))
    unit = UnitRefSerializer()


class RecordSerializer(Serializer):
    id = serializers.IntegerField()
    award_type = serializers.CharField(source="award_type.code", help_text=_("Mã danh hiệu."))
    award_name = serializers.CharField(source="award_type.name")
    year = serializers.IntegerField(help_text=_("Năm thành tích."))
    kind = serializers.ChoiceField(
        choices=ProposalKind.choices, allow_blank=True, help_text=_("Loại hình khen thưởng (rỗng: chưa phân loại).")
    )
    recipient_category = serializers.ChoiceField(
        choices=RecipientCategory.choices,
        allow_blank=True,
        help_text=_("Phân loại đối tượng theo biểu thống kê (rỗng: chưa phân loại)."),
    )
    nominee_unit = UnitRefSerializer(allow_null=True, help_text=_("Tập thể được khen (nếu là tập thể)."))
    nominee_person = PersonRefSerializer(allow_null=True, help_text=_("Cá nhân được khen (nếu là cá nhân)."))
    decision_number = serializers.CharField(help_text=_("Số quyết định."))
    decision_date = serializers.DateField(allow_null=True)
    decision_authority = serializers.CharField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True, help_text=_("Mã quyết định."))
    register_number = serializers.IntegerField(allow_null=True, help_text=_("Số vào sổ."))
    revoked_at = serializers.DateTimeField(allow_null=True)


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


@extend_schema_view(
    get=extend_schema(
        operation_id="award_records_list",
        summary=_("Hồ sơ khen thưởng đã được khen"),
        description=_("Các khen thưởng thuộc phạm vi đọc của tài khoản, mới nhất trước; phân trang bằng con trỏ."),
        parameters=[
            OpenApiParameter("year", int, description=_("Năm thành tích.")),
            OpenApiParameter("award_type", str, description=_("Mã danh hiệu, hình thức.")),
            OpenApiParameter("unit", int, description=_("Mã đơn vị (tập thể, hoặc đơn vị của cá nhân).")),
            OpenApiParameter("person", int, description=_("Mã cá nhân.")),
            OpenApiParameter("decision_number", str, description=_("Số quyết định (đúng như ghi).")),
            OpenApiParameter("kind", str, enum=ProposalKind.values, description=_("Loại hình khen thưởng.")),
            OpenApiParameter(
                "recipient_category", str, enum=RecipientCategory.values, description=_("Phân loại đối tượng.")
            ),
        ],
    )
)
class RecordListView(ListView):
    serializer_class = RecordSerializer
    pagination_class = IdCursorPagination

    def get_queryset(self):
        params = self.request.query_params
        award_type_id = None
        if params.get("award_type"):
            award_type_id = (
                AwardType.objects.filter(code=params["award_type"][:60]).values_list("pk", flat=True).first()
            )
            award_type_id = award_type_id or -1
        records = award_records(
            user=self.request.user,
            year=_int(params.get("year", "")),
            award_type_id=award_type_id,
            unit_id=_int(params.get("unit", "")),
            person_id=_int(params.get("person", "")),
        )
        if params.get("decision_number"):
            records = records.filter(decision_number=params["decision_number"][:100])
        if params.get("kind"):
            records = records.filter(kind=params["kind"][:12])
        if params.get("recipient_category"):
            records = records.filter(recipient_category=params["recipient_category"][:20])
        return records
