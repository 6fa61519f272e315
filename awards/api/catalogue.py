"""The award catalogue: award types (every user), and each rule set's conditions (reviewers and system admins, as
the page of rules: `awards.view_rules`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from clusters.api.base import ApiView, ListView, Serializer, requires

from ..models import AwardKind, AwardLevel, AwardTarget, AwardType
from ..selectors.catalogue import conditions_by_rule_set


class AwardTypeSerializer(Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text=_("Mã danh hiệu, hình thức (dùng khi nộp hồ sơ)."))
    name = serializers.CharField()
    target = serializers.ChoiceField(choices=AwardTarget.choices, help_text=_("Đối tượng được xét tặng."))
    kind = serializers.ChoiceField(choices=AwardKind.choices)
    level = serializers.ChoiceField(choices=AwardLevel.choices)
    authority = serializers.CharField(help_text=_("Thẩm quyền quyết định."))
    legal_basis = serializers.CharField(help_text=_("Căn cứ pháp lý."))
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    description = serializers.CharField(help_text=_("Tiêu chuẩn tóm tắt."))


class ConditionSerializer(Serializer):
    check_code = serializers.CharField(help_text=_("Phép kiểm tra."))
    params = serializers.JSONField(help_text=_("Tham số của phép kiểm tra."))
    article = serializers.CharField(help_text=_("Điều khoản."))
    source = serializers.CharField(help_text=_("Văn bản quy định."))
    description = serializers.CharField()
    applies_to = serializers.ChoiceField(choices=AwardTarget.choices)
    unconfirmed = serializers.BooleanField(help_text=_("Chưa đối chiếu với văn bản chính thức."))


class AwardConditionsSerializer(Serializer):
    award_type = serializers.CharField(source="award_type.code")
    rules = ConditionSerializer(many=True)


class RuleSetSerializer(Serializer):
    code = serializers.CharField(source="rule_set.code")
    name = serializers.CharField(source="rule_set.name", help_text=_("Văn bản."))
    effective_from = serializers.DateField(source="rule_set.effective_from")
    effective_to = serializers.DateField(source="rule_set.effective_to", allow_null=True)
    awards = AwardConditionsSerializer(many=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="award_types_list",
        summary=_("Danh mục danh hiệu, hình thức khen thưởng"),
        description=_("Mọi danh hiệu, hình thức khen thưởng, từ cao xuống thấp."),
    )
)
class AwardTypeListView(ListView):
    serializer_class = AwardTypeSerializer

    def get_queryset(self):
        return AwardType.objects.order_by("-rank", "name", "pk")


class RuleSetListView(ApiView):
    permission_classes = [requires("awards.view_rules")]

    @extend_schema(
        operation_id="rule_sets_list",
        summary=_("Điều kiện xét tặng theo từng bộ quy định"),
        description=_("Mỗi bộ quy định (văn bản có hiệu lực) với điều kiện của từng danh hiệu, hình thức."),
        responses=RuleSetSerializer(many=True),
    )
    def get(self, request):
        return Response(RuleSetSerializer(conditions_by_rule_set(), many=True).data)
