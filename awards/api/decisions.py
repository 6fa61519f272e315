"""Award decisions: the issued (and revoked) decisions the user manages and reads, each with the records it
granted (`awards.selectors.decisions`; drafts stay in the app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from clusters.api.base import DetailView, ListView, Serializer, requires
from clusters.api.units import UnitRefSerializer

from ..models import Decision, DecisionStatus
from ..selectors.decisions import decision_records, decisions_for
from .records import RecordSerializer


class DecisionSerializer(Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text=_("Số, ký hiệu."))
    date = serializers.DateField(allow_null=True, help_text=_("Ngày ban hành."))
    title = serializers.CharField(help_text=_("Trích yếu."))
    authority = UnitRefSerializer(help_text=_("Ban ban hành."))
    decided_by = serializers.CharField()
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()
    status = serializers.ChoiceField(choices=DecisionStatus.choices)
    issued_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class DecisionDetailSerializer(DecisionSerializer):
    legal_grounds = serializers.CharField(help_text=_("Căn cứ."))
    records = serializers.SerializerMethodField(help_text=_("Các khen thưởng của quyết định, theo số vào sổ."))

    @extend_schema_field(RecordSerializer(many=True))
    def get_records(self, decision):
        return RecordSerializer(decision_records(decision), many=True).data


def _issued(user):
    return decisions_for(user).exclude(status=DecisionStatus.DRAFT).order_by("-date", "-pk")


@extend_schema_view(
    get=extend_schema(
        operation_id="decisions_list",
        summary=_("Quyết định khen thưởng đã ban hành"),
        description=_("Quyết định của Ban (chuyên viên của Ban, quản trị hệ thống); dự thảo không có ở đây."),
    )
)
class DecisionListView(ListView):
    serializer_class = DecisionSerializer
    permission_classes = [requires("awards.view_decisions")]

    def get_queryset(self):
        return _issued(self.request.user)


@extend_schema_view(
    get=extend_schema(operation_id="decisions_retrieve", summary=_("Một quyết định và các khen thưởng"))
)
class DecisionDetailView(DetailView):
    serializer_class = DecisionDetailSerializer
    permission = "awards.view_decision"

    def get_queryset(self):
        return Decision.objects.select_related("authority").exclude(status=DecisionStatus.DRAFT)
