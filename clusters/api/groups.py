"""Clusters and blocs (cụm, khối thi đua) and their members by year: the registry every user reads
(`clusters.view_emulationgroup`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from ..models import EmulationGroup, GroupKind, MemberRole
from ..selectors.groups import group_list, group_year, group_years
from .base import ApiView, ListView, Serializer
from .units import UnitRefSerializer


class GroupSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("Tên cụm, khối."))
    short_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=GroupKind.choices, help_text=_("Cụm hay khối."))
    organizer = UnitRefSerializer(help_text=_("Ban tổ chức cụm, khối."))
    description = serializers.CharField()


class MembershipSerializer(Serializer):
    unit = UnitRefSerializer()
    role = serializers.ChoiceField(choices=MemberRole.choices, help_text=_("Vai trò trong năm."))
    is_standing_agency = serializers.BooleanField(help_text=_("Cơ quan thường trực."))


class GroupYearSerializer(Serializer):
    group = GroupSerializer()
    year = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField(), help_text=_("Các năm có thành viên."))
    members = MembershipSerializer(many=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="groups_list",
        summary=_("Danh sách cụm, khối thi đua"),
        parameters=[
            OpenApiParameter("q", str, description=_("Tìm theo tên (không phân biệt dấu).")),
            OpenApiParameter("kind", str, enum=GroupKind.values, description=_("Cụm hay khối.")),
            OpenApiParameter("organizer", int, description=_("Mã Ban tổ chức.")),
        ],
    )
)
class GroupListView(ListView):
    serializer_class = GroupSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        organizer = params.get("organizer", "")
        return group_list(
            query=params.get("q", "")[:200],
            kind=kind if kind in GroupKind.values else "",
            organizer_id=int(organizer) if organizer.isdigit() else None,
        )


class GroupYearView(ApiView):
    @extend_schema(
        operation_id="groups_year_retrieve",
        summary=_("Thành viên của cụm, khối trong một năm"),
        description=_("Các đơn vị thành viên, trưởng cụm, phó cụm và cơ quan thường trực của năm."),
        responses=GroupYearSerializer,
    )
    def get(self, request, pk: int, year: int):
        group = self.permitted(
            request, EmulationGroup.objects.select_related("organizer"), "clusters.view_emulationgroup", pk=pk
        )
        view = group_year(group=group, year=year)
        data = {"group": group, "year": year, "years": group_years(group=group), "members": view.members}
        return Response(GroupYearSerializer(data).data)
