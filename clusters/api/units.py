"""Units and their merger lineage: the registry every user reads (`clusters.view_unit`)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from ..models import Unit, UnitKind
from ..selectors.units import unit_list
from .base import DetailView, ListView, Serializer


class UnitRefSerializer(Serializer):
    id = serializers.IntegerField(help_text=_("Mã đơn vị."))
    name = serializers.CharField(help_text=_("Tên chính thức."))


class UnitSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("Tên chính thức."))
    short_name = serializers.CharField(help_text=_("Tên ngắn."))
    code = serializers.CharField(allow_null=True, help_text=_("Mã đơn vị (nếu có)."))
    kind = serializers.ChoiceField(choices=UnitKind.choices, help_text=_("Loại đơn vị."))
    parent = UnitRefSerializer(allow_null=True, help_text=_("Đơn vị cấp trên."))
    active_from = serializers.DateField(allow_null=True, help_text=_("Hoạt động từ ngày."))
    active_to = serializers.DateField(allow_null=True, help_text=_("Hoạt động đến ngày (đã sáp nhập, giải thể)."))
    successor = UnitRefSerializer(allow_null=True, help_text=_("Đơn vị kế thừa sau sáp nhập."))
    predecessors = UnitRefSerializer(many=True, help_text=_("Các đơn vị đã sáp nhập vào đơn vị này."))

    def to_representation(self, unit):
        data = super().to_representation(unit)
        data["code"] = getattr(unit, "code", None) or None
        return data


def _with_lineage(units):
    return units.select_related("parent", "successor").prefetch_related(
        Prefetch("predecessors", queryset=Unit.objects.only("pk", "name", "successor_id").order_by("name", "pk"))
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="units_list",
        summary=_("Danh sách đơn vị"),
        description=_("Danh mục đơn vị (mọi người dùng đều đọc được), kèm quan hệ sáp nhập."),
        parameters=[
            OpenApiParameter("q", str, description=_("Tìm theo tên (không phân biệt dấu).")),
            OpenApiParameter("kind", str, enum=UnitKind.values, description=_("Loại đơn vị.")),
            OpenApiParameter("active", bool, description=_("Chỉ đơn vị đang hoạt động.")),
        ],
    )
)
class UnitListView(ListView):
    serializer_class = UnitSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        units = unit_list(
            query=params.get("q", "")[:200],
            kind=kind if kind in UnitKind.values else "",
            active_only=params.get("active", "") in ("1", "true"),
        )
        return _with_lineage(units)


@extend_schema_view(
    get=extend_schema(
        operation_id="units_retrieve", summary=_("Một đơn vị"), description=_("Đơn vị và quan hệ sáp nhập.")
    )
)
class UnitDetailView(DetailView):
    serializer_class = UnitSerializer
    permission = "clusters.view_unit"

    def get_queryset(self):
        return _with_lineage(Unit.objects.all())
