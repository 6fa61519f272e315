"""Proposal dossiers: a unit's system submits a dossier (the nominee, the award, the year and kind, the
achievements report, its documents) through the same services as the page's form (`awards.services.proposals`)
and the same upload checks (`clusters.uploads.DOCUMENTS`); it reads the proposals it may read (drafts only in the
proposing unit's own scope, as `awards.view_proposal`).

A client may send an `Idempotency-Key` header: the same key with the same dossier creates one proposal however
many times it is sent (a retry after a lost answer gets the proposal created the first time)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from clusters.api.base import DetailView, ListView, Serializer, TextField, from_django
from clusters.api.units import UnitRefSerializer
from clusters.models import SubmissionToken

from ..models import AttachmentKind, EligibilityStatus, Proposal, ProposalKind, ProposalStatus, RecipientCategory
from ..selectors.proposals import (
    nominee_people,
    nominee_units,
    proposal_list,
    readable_proposals,
    recipient_category_for,
)
from ..services import proposals as proposal_services
from .records import PersonRefSerializer

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: The most documents one dossier sends at once.
MAX_ATTACHMENTS = 10
#: Where a service's field errors point in the request.
FIELD_PATHS = {"nominee_unit": "nominee.unit", "nominee_person": "nominee.person"}


# --- Reading ---------------------------------------------------------------------------------------------------------
class AttachmentReadSerializer(Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class ProposalSerializer(Serializer):
    id = serializers.IntegerField()
    award_type = serializers.CharField(source="award_type.code")
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    recipient_category = serializers.ChoiceField(choices=RecipientCategory.choices, allow_blank=True)
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    proposing_unit = UnitRefSerializer()
    nominee_unit = UnitRefSerializer(allow_null=True)
    nominee_person = PersonRefSerializer(allow_null=True)
    achievements = serializers.CharField()
    eligibility_status = serializers.ChoiceField(choices=EligibilityStatus.choices, allow_blank=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decision_number = serializers.CharField()
    attachments = AttachmentReadSerializer(many=True)


def _related(proposals):
    return proposals.select_related(
        "award_type", "proposing_unit", "nominee_unit", "nominee_person", "nominee_person__unit"
    ).prefetch_related("attachments")


# --- Submitting a dossier -----------------------------------------------------------------------------------------
class NomineeSerializer(Serializer):
    unit = serializers.IntegerField(required=False, allow_null=True, help_text=gettext_lazy("Mã tập thể."))
    person = serializers.IntegerField(required=False, allow_null=True, help_text=gettext_lazy("Mã cá nhân."))

    def validate(self, data):
        if (data.get("unit") is None) == (data.get("person") is None):
            raise serializers.ValidationError(
                _("Chọn đúng một đối tượng: một tập thể (unit) hoặc một cá nhân (person).")
            )
        return data


class AttachmentSerializer(Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, help_text=gettext_lazy("Loại tài liệu."))
    name = TextField(max_length=255, required=False, help_text=gettext_lazy("Tên tệp, có phần mở rộng."))
    content = serializers.CharField(
        required=False, max_length=20_000_000, help_text=gettext_lazy("Nội dung tệp, mã hóa base64.")
    )
    file = serializers.FileField(required=False, write_only=True)

    def validate(self, data):
        if data.get("file") is not None:
            return data
        if not data.get("name") or not data.get("content"):
            raise serializers.ValidationError(_("Cần tên tệp (name) và nội dung base64 (content), hoặc một tệp."))
        try:
            raw = base64.b64decode(data["content"], validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError({"content": _("Nội dung tệp không phải base64 hợp lệ.")}) from None
        data["file"] = SimpleUploadedFile(data["name"], raw)
        return data


class DossierSerializer(Serializer):
    award_type = serializers.SlugField(max_length=60, help_text=gettext_lazy("Mã danh hiệu, hình thức."))
    year = serializers.IntegerField(min_value=1945, max_value=2100, help_text=gettext_lazy("Năm thành tích."))
    kind = serializers.ChoiceField(choices=ProposalKind.choices, default=ProposalKind.ANNUAL)
    recipient_category = serializers.ChoiceField(
        choices=RecipientCategory.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "Phân loại đối tượng theo biểu thống kê; bỏ trống thì lấy theo danh mục, trừ cấp lãnh đạo (bắt buộc chọn)."
        ),
    )
    service_years = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=80,
        help_text=gettext_lazy("Số năm công tác (khen thưởng theo niên hạn, cống hiến)."),
    )  # fmt: skip
    nationality = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100,
        help_text=gettext_lazy("Quốc tịch (khen thưởng đối ngoại)."),
    )  # fmt: skip
    nominee = NomineeSerializer()
    achievements = TextField(required=False, allow_blank=True, default="")
    justification = TextField(required=False, allow_blank=True, default="", max_length=5000)
    attachments = AttachmentSerializer(many=True, required=False, max_length=MAX_ATTACHMENTS)

    def validate_nominee(self, nominee):
        unit = self.context["unit"]
        if nominee.get("unit") is not None and not nominee_units(unit).filter(pk=nominee["unit"]).exists():
            raise serializers.ValidationError({"unit": _("Tập thể này không thuộc đơn vị của bạn.")})
        if nominee.get("person") is not None and not nominee_people(unit).filter(pk=nominee["person"]).exists():
            raise serializers.ValidationError({"person": _("Cá nhân này không thuộc đơn vị của bạn.")})
        return nominee

    def validate(self, data):
        """What the proposal form asks of the proposer, asked of a system alike (`awards.forms.proposals`): the
        recipient category fitting the nominee, a leader's level chosen; the years of service of niên hạn, the
        nationality of đối ngoại."""
        unit, nominee = self.context["unit"], data["nominee"]
        errors = {}
        try:
            data["recipient_category"] = recipient_category_for(
                category=data.get("recipient_category") or "",
                nominee_unit=nominee_units(unit).filter(pk=nominee.get("unit")).first()
                if nominee.get("unit")
                else None,
                nominee_person=(
                    nominee_people(unit).filter(pk=nominee.get("person")).first() if nominee.get("person") else None
                ),
                required=True,
            )
        except DjangoValidationError as error:
            errors["recipient_category"] = error.messages
        if data["kind"] == ProposalKind.SENIORITY and not data.get("service_years"):
            errors["service_years"] = [_("Khen thưởng theo niên hạn: ghi số năm công tác.")]
        if data["kind"] == ProposalKind.FOREIGN and not (data.get("nationality") or "").strip():
            errors["nationality"] = [_("Khen thưởng đối ngoại: ghi quốc tịch của đối tượng.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class MultipartDossierSerializer(Serializer):
    """The multipart form of a dossier (for the schema): the JSON of `DossierSerializer` and the files."""

    dossier = serializers.CharField(help_text=gettext_lazy("Hồ sơ dạng JSON, như khi gửi application/json."))
    files = serializers.ListField(child=serializers.FileField(), required=False)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=AttachmentKind.choices),
        required=False,
        help_text=gettext_lazy("Loại của từng tệp, theo thứ tự."),
    )


class ProposalCreate:
    """The dossier's submission, once per idempotency key."""

    @staticmethod
    def payload(request) -> dict:
        if request.content_type.startswith("multipart/"):
            try:
                data = json.loads(request.data.get("dossier") or "{}")
            except ValueError:
                raise exceptions.ValidationError({"dossier": [_("Phần dossier phải là JSON hợp lệ.")]}) from None
            if not isinstance(data, dict):
                raise exceptions.ValidationError({"dossier": [_("Phần dossier phải là một đối tượng JSON.")]})
            kinds = request.data.getlist("kinds")
            files = request.FILES.getlist("files")
            data["attachments"] = list(data.get("attachments") or []) + [
                {"kind": kinds[index] if index < len(kinds) else AttachmentKind.OTHER, "file": uploaded}
                for index, uploaded in enumerate(files)
            ]
            return data
        return request.data

    @staticmethod
    def digest(data: dict) -> str:
        files = []
        for attachment in data.get("attachments", []):
            uploaded = attachment["file"]
            uploaded.seek(0)
            files.append((attachment["kind"], uploaded.name, hashlib.sha256(uploaded.read()).hexdigest()))
            uploaded.seek(0)
        plain = {key: value for key, value in data.items() if key != "attachments"}
        return hashlib.sha256(json.dumps([plain, files], sort_keys=True, default=str).encode()).hexdigest()

    @classmethod
    def create(cls, view, request):
        user = request.user
        unit = user.unit
        if unit is None or not user.has_perm("awards.add_proposal", unit):
            raise exceptions.PermissionDenied(_("Chỉ cán bộ, lãnh đạo của đơn vị mới lập đề nghị của đơn vị."))
        key = request.headers.get("Idempotency-Key", "")
        if key and not IDEMPOTENCY_KEY.match(key):
            raise exceptions.ValidationError({"Idempotency-Key": [_("Khóa phải có 8–64 ký tự chữ, số, dấu - hoặc _.")]})
        serializer = DossierSerializer(data=cls.payload(request), context={"unit": unit, "request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not key:
            return cls.respond(view, cls.save(user, unit, data), status.HTTP_201_CREATED)
        digest = cls.digest(data)
        earlier = cls.earlier(user, key, digest)
        if earlier is not None:
            return cls.respond(view, earlier, status.HTTP_200_OK)
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(user=user, token=key, content=digest)
                proposal = cls.save(user, unit, data)
                row.url = reverse("api:proposal", args=[proposal.pk])
                row.save(update_fields=["url"])
        except IntegrityError:  # a parallel request with the same key and dossier created it first
            earlier = cls.earlier(user, key, digest)
            if earlier is None:
                raise
            return cls.respond(view, earlier, status.HTTP_200_OK)
        return cls.respond(view, proposal, status.HTTP_201_CREATED)

    @staticmethod
    def earlier(user, key: str, digest: str) -> Proposal | None:
        row = SubmissionToken.objects.filter(user=user, token=key).exclude(url="").first()
        if row is None:
            return None
        if row.content != digest:
            raise exceptions.ValidationError(
                {"Idempotency-Key": [_("Khóa này đã được dùng cho một hồ sơ khác; hãy dùng khóa mới.")]}
            )
        return Proposal.objects.filter(pk=resolve(row.url).kwargs["pk"]).first()

    @staticmethod
    @transaction.atomic
    def save(user, unit, data) -> Proposal:
        """The page's services, in one transaction: the proposal, then each document (a refused one undoes all)."""
        nominee = data["nominee"]
        try:
            proposal = proposal_services.proposal_create(
                actor=user,
                proposing_unit=unit,
                award_type_code=data["award_type"],
                year=data["year"],
                kind=data["kind"],
                nominee_unit=nominee_units(unit).get(pk=nominee["unit"]) if nominee.get("unit") else None,
                nominee_person=nominee_people(unit).get(pk=nominee["person"]) if nominee.get("person") else None,
                achievements=data["achievements"],
                justification=data["justification"],
                recipient_category=data["recipient_category"],
                service_years=data.get("service_years"),
                nationality=data.get("nationality") or "",
            )
        except DjangoValidationError as error:
            raise from_django(error, FIELD_PATHS) from None
        for index, attachment in enumerate(data.get("attachments", [])):
            try:
                proposal_services.attachment_add(
                    actor=user, proposal=proposal, kind=attachment["kind"], uploaded=attachment["file"]
                )
            except DjangoValidationError as error:
                raise exceptions.ValidationError(
                    {"attachments": [{}] * index + [{"file": [str(m) for m in error.messages]}]}
                ) from None
        proposal_services.refresh_unit_year(proposing_unit_id=unit.pk, year=proposal.year)
        return proposal

    @staticmethod
    def respond(view, proposal: Proposal, code: int) -> Response:
        proposal = _related(Proposal.objects.all()).get(pk=proposal.pk)
        response = Response(ProposalSerializer(proposal).data, status=code)
        response["Location"] = reverse("api:proposal", args=[proposal.pk])
        return response


# --- The routes -------------------------------------------------------------------------------------------------------
@extend_schema_view(
    get=extend_schema(
        operation_id="proposals_list",
        summary=gettext_lazy("Đề nghị khen thưởng"),
        description=gettext_lazy(
            "Đề nghị của đơn vị (cán bộ đơn vị), hoặc đề nghị Ban đang thẩm định (chuyên viên của Ban)."
        ),
        parameters=[
            OpenApiParameter("year", int, description=gettext_lazy("Năm thành tích.")),
            OpenApiParameter("status", str, enum=ProposalStatus.values, description=gettext_lazy("Trạng thái.")),
        ],
    )
)
class ProposalListView(ListView):
    serializer_class = ProposalSerializer

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year", "")
        status_ = params.get("status", "")
        proposals = proposal_list(
            base=readable_proposals(self.request.user),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            status=status_ if status_ in ProposalStatus.values else "",
        )
        # the page's groups and submissions (`proposal_list`'s prefetches for the web lists) are not serialised
        return proposals.prefetch_related(None).prefetch_related("attachments")

    @extend_schema(
        operation_id="proposals_create",
        summary=gettext_lazy("Nộp hồ sơ đề nghị khen thưởng"),
        description=gettext_lazy(
            "Lập một đề nghị (dự thảo) của đơn vị của tài khoản, kèm tài liệu (base64 trong JSON; hoặc multipart: "
            "phần `dossier` chứa JSON, tệp trong `files`, loại tệp trong `kinds`). Gửi kèm tiêu đề Idempotency-Key "
            "để gửi lại nhiều lần vẫn chỉ tạo một đề nghị."
        ),
        request={"application/json": DossierSerializer, "multipart/form-data": MultipartDossierSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                description=gettext_lazy("Khóa do hệ thống gửi tự tạo (8–64 ký tự chữ, số, - và _)."),
            )
        ],
        responses={
            201: ProposalSerializer,
            200: OpenApiResponse(ProposalSerializer, description=gettext_lazy("Đã tạo trước đó với cùng khóa.")),
        },
    )
    def post(self, request):
        return ProposalCreate.create(self, request)


@extend_schema_view(
    get=extend_schema(operation_id="proposals_retrieve", summary=gettext_lazy("Một đề nghị khen thưởng"))
)
class ProposalDetailView(DetailView):
    serializer_class = ProposalSerializer
    permission = "awards.view_proposal"

    def get_queryset(self):
        return _related(Proposal.objects.all())
