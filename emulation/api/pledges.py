"""Pledges (giao ước thi đua): the sealed pledges the user reads, each with the content its signers committed to,
its SHA-256 fingerprint, its seal and its signatures. A pledge not sealed yet (a draft, one open for signing) is
read only by those who manage it (`emulation.change_pledge`: the chair unit, the organising board), as on the
pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from clusters.api.base import ApiView, ListView, Serializer
from clusters.api.units import UnitRefSerializer

from ..models import Pledge, PledgeSignature, PledgeStatus
from ..selectors.pledges import pledge_list
from ..selectors.signing import pledge_content, pledge_fingerprint, pledge_version


class GroupRefSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PledgeSerializer(Serializer):
    id = serializers.IntegerField()
    group = GroupRefSerializer(help_text=_("Cụm, khối thi đua."))
    year = serializers.IntegerField()
    version = serializers.IntegerField(help_text=_("Phiên bản đã ký."))
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=PledgeStatus.choices)
    signed_at = serializers.DateTimeField(allow_null=True, help_text=_("Hoàn tất ký lúc."))
    verification_code = serializers.CharField(help_text=_("Mã xác minh in trên văn bản."))


class SignatureSerializer(Serializer):
    unit = UnitRefSerializer()
    signer_name = serializers.CharField()
    position = serializers.CharField()
    method = serializers.CharField()
    is_chair = serializers.BooleanField()
    signed_at = serializers.DateTimeField()
    fingerprint = serializers.CharField(help_text=_("Dấu vân tay của nội dung người này đã ký."))


class PledgeDetailSerializer(PledgeSerializer):
    content = serializers.JSONField(help_text=_("Nội dung chuẩn hóa mà các bên cam kết (JSON)."))
    fingerprint = serializers.CharField(help_text=_("SHA-256 của nội dung chuẩn hóa."))
    seal = serializers.CharField(help_text=_("Dấu niêm phong HMAC-SHA256 (khi đã khóa)."))
    signatures = SignatureSerializer(many=True)


@extend_schema_view(
    get=extend_schema(
        operation_id="pledges_list",
        summary=_("Giao ước thi đua đã ký kết"),
        description=_("Giao ước đã ký kết xong và niêm phong, của các cụm, khối mà tài khoản đọc được."),
        parameters=[OpenApiParameter("year", int, description=_("Năm."))],
    )
)
class PledgeListView(ListView):
    serializer_class = PledgeSerializer

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        return pledge_list(
            user=self.request.user,
            status=PledgeStatus.SIGNED,
            year=int(year) if year.isdigit() and len(year) == 4 else None,
        )


class PledgeDetailView(ApiView):
    @extend_schema(
        operation_id="pledges_retrieve",
        summary=_("Một giao ước: nội dung, dấu vân tay, chữ ký"),
        responses=PledgeDetailSerializer,
    )
    def get(self, request, pk: int):
        pledge = Pledge.objects.select_related("group").filter(pk=pk).first()
        if pledge is None:
            raise exceptions.NotFound()
        sealed = pledge.status == PledgeStatus.SIGNED
        if not request.user.has_perm("emulation.view_pledge" if sealed else "emulation.change_pledge", pledge):
            raise exceptions.PermissionDenied()
        version = pledge_version(pledge) if sealed else None
        if version is not None:
            content, fingerprint = version.content, version.fingerprint
        else:
            content, fingerprint = pledge_content(pledge), pledge_fingerprint(pledge)
        signatures = (
            PledgeSignature.objects.filter(pledge=pledge, version=pledge.version, voided_at__isnull=True)
            .select_related("unit")
            .order_by("signed_at", "pk")
        )
        pledge.content, pledge.fingerprint, pledge.signatures_ = content, fingerprint, list(signatures)
        data = PledgeDetailSerializer(pledge).data
        data["signatures"] = SignatureSerializer(pledge.signatures_, many=True).data
        return Response(data)
