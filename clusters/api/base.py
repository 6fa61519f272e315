"""What every app's API shares (the token's authentication and rate limit are in `auth`): pagination, object
permissions through the `rules` predicates, and errors in Vietnamese (English with Accept-Language: en)
with the path of each invalid field ("nominee.person", "attachments[0].file").

Views stay thin: they read through the apps' selectors and write through their services, and check the same
permissions the pages check (`ApiView.permitted`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.utils.formatting import lazy_format
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from ..text import TEXT_MAX_LENGTH, compose, refuse_control_characters
from .pagination import IdCursorPagination, PagePagination

__all__ = ["IdCursorPagination", "PagePagination"]  # re-exported: the apps' API modules import them from here


# --- The token's scheme in the schema ------------------------------------------------------------------------
class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "clusters.api.auth.ServiceTokenAuthentication"
    name = "serviceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(gettext_lazy("Mã truy cập của tài khoản dịch vụ, do quản trị của Ban cấp.")),
        }


# --- Errors -------------------------------------------------------------------------------------------------------
#: DRF's field errors, in Vietnamese (DRF's own Vietnamese catalogue is nearly empty), by error code.
FIELD_ERRORS = {
    "required": gettext_lazy("Trường này là bắt buộc."),
    "null": gettext_lazy("Trường này không được để trống."),
    "blank": gettext_lazy("Trường này không được để trống."),
    "invalid": gettext_lazy("Giá trị không hợp lệ."),
    "max_length": gettext_lazy("Không được dài quá {max_length} ký tự."),
    "min_length": gettext_lazy("Phải có ít nhất {min_length} ký tự."),
    "max_value": gettext_lazy("Không được lớn hơn {max_value}."),
    "min_value": gettext_lazy("Không được nhỏ hơn {min_value}."),
    "max_string_length": gettext_lazy("Số quá lớn."),
    "invalid_choice": gettext_lazy("“{input}” không phải là một lựa chọn hợp lệ."),
    "does_not_exist": gettext_lazy("Không có đối tượng mã {pk_value}."),
    "incorrect_type": gettext_lazy("Cần mã số (số nguyên), nhận được {data_type}."),
    "not_a_list": gettext_lazy("Cần một danh sách, nhận được {input_type}."),
    "empty": gettext_lazy("Danh sách không được để trống."),
    "max_length_list": gettext_lazy("Danh sách không được quá {max_length} phần tử."),
    "no_name": gettext_lazy("Không xác định được tên tệp."),
    "not_a_dict": gettext_lazy("Cần một đối tượng JSON, nhận được {input_type}."),
}


LIMITS = [
    (MinValueValidator, "min_value", "min_value"),
    (MaxValueValidator, "max_value", "max_value"),
    (MaxLengthValidator, "max_length", "max_length"),
    (MinLengthValidator, "min_length", "min_length"),
]


def vietnamese_errors(field: serializers.Field) -> serializers.Field:
    """Give `field` (and the fields nested in it) the Vietnamese messages of `FIELD_ERRORS`."""
    counts_items = isinstance(field, serializers.ListField | serializers.ListSerializer)

    def message(code: str):
        return FIELD_ERRORS["max_length_list" if counts_items and code == "max_length" else code]

    for code in list(field.error_messages):
        if code in FIELD_ERRORS:
            field.error_messages[code] = message(code)
    for validator in field.validators:  # DRF wrote their messages when the field was made
        for kind, code, name in LIMITS:
            if isinstance(validator, kind):
                validator.message = lazy_format(message(code), **{name: validator.limit_value})
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if child is not None:
        vietnamese_errors(child)
    return field


class Serializer(serializers.Serializer):
    """A serializer whose fields answer in Vietnamese."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            vietnamese_errors(field)
            if isinstance(field, serializers.Serializer):
                for inner in field.fields.values():
                    vietnamese_errors(inner)
        return fields

    default_error_messages = {"invalid": gettext_lazy("Cần một đối tượng JSON, nhận được {datatype}.")}


class TextField(serializers.CharField):
    """Text under the pages' input policy (`clusters.text`): composed (NFC), no control characters, bounded."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(refuse_control_characters)

    def to_internal_value(self, data):
        return compose(super().to_internal_value(data))


def error_paths(detail, prefix: str = "") -> list[dict]:
    """DRF's nested errors as a flat list of {"field": "nominee.person", "message": "..."}."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            inner = prefix if key in ("non_field_errors", "__all__") else (f"{prefix}.{key}" if prefix else key)
            found += error_paths(value, inner)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": prefix, "message": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            if isinstance(item, str):
                found.append({"field": prefix, "message": str(item)})
            elif item:
                found += error_paths(item, f"{prefix}[{index}]")
        return found
    return [{"field": prefix, "message": str(detail)}]


def from_django(error: DjangoValidationError, fields: dict[str, str] | None = None) -> exceptions.ValidationError:
    """A service's ValidationError for the API, its model field names mapped to the request's paths (`fields`)."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        detail = {fields.get(name, name): [str(m) for m in messages] for name, messages in error.message_dict.items()}
    else:
        detail = {"non_field_errors": [str(m) for m in error.messages]}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler with our messages: a refusal of any kind in the request's language, and validation errors
    as {"detail": ..., "errors": [{"field": path, "message": ...}]}."""
    if isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": error_paths(exc.detail)}
        return response
    if isinstance(exc, exceptions.NotAuthenticated):
        message = _("Cần mã truy cập: gửi tiêu đề Authorization: Bearer <mã truy cập>.")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        message = str(exc.detail)
    elif isinstance(exc, exceptions.PermissionDenied):
        default = str(exceptions.PermissionDenied.default_detail)
        message = str(exc.detail) if str(exc.detail) != default else _("Bạn không có quyền thực hiện thao tác này.")
    elif isinstance(exc, exceptions.NotFound):
        message = _("Không tìm thấy.")
    elif isinstance(exc, exceptions.Throttled):
        message = _("Quá nhiều yêu cầu. Hãy thử lại sau %(seconds)s giây.") % {"seconds": exc.wait or 1}
    elif isinstance(exc, exceptions.MethodNotAllowed):
        message = _("Phương thức %(method)s không được hỗ trợ.") % {"method": context["request"].method}
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        message = _("Kiểu nội dung không được hỗ trợ.")
    elif isinstance(exc, exceptions.ParseError):
        message = _("Nội dung gửi lên không đọc được (JSON không hợp lệ).")
    else:
        message = str(exc.detail) if hasattr(exc, "detail") else _("Có lỗi xảy ra.")
    response.data = {"detail": message}
    return response


# --- Views ----------------------------------------------------------------------------------------------------------
def api_language(request) -> str:
    """Vietnamese, unless the client asks for another of the site's languages with Accept-Language (an API client
    has no language cookie; the pages keep ignoring the header, config/i18n.py)."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ApiMixin:
    """The API's views: outside the pages' sign-in (DRF authenticates), in the client's language, with one way to
    get an object the user may read: 404 when it does not exist, 403 when the rule refuses it."""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))

    def initial(self, request, *args, **kwargs):
        translation.activate(api_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.setdefault("Content-Language", translation.get_language())
        response.setdefault("Cache-Control", "private, no-store")
        return response

    @staticmethod
    def permitted(request, queryset, perm: str, **lookup):
        """The object of `queryset` matching `lookup` if `request.user` holds `perm` on it (the rules predicates
        the pages check): NotFound if there is none, PermissionDenied if the rule refuses it."""
        obj = queryset.filter(**lookup).first()
        if obj is None:
            raise exceptions.NotFound()
        if not request.user.has_perm(perm, obj):
            raise exceptions.PermissionDenied()
        return obj


def requires(perm: str) -> type[permissions.BasePermission]:
    """A DRF permission class: signed in, holding the rules permission `perm` (no object), as the page checks."""

    class Holds(permissions.IsAuthenticated):
        def has_permission(self, request, view):
            return super().has_permission(request, view) and request.user.has_perm(perm)

    Holds.__name__ = f"Holds_{perm.replace('.', '_')}"
    return Holds


class ApiView(ApiMixin, APIView):
    pass


class ListView(ApiMixin, generics.ListAPIView):
    """A paginated list read through a selector (`get_queryset`)."""


class DetailView(ApiMixin, generics.RetrieveAPIView):
    """One object: `get_object` reads it through `permitted` with the view's `permission` (a rules permission)."""

    permission: str = ""

    def get_object(self):
        return self.permitted(self.request, self.get_queryset(), self.permission, pk=self.kwargs["pk"])


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (drf-spectacular), generated once per language and version in each process: it depends on
    the code only (~100 ms to generate), and a deployment starts new processes."""

    _schemas: dict[tuple[str, str | None], dict] = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        if key not in self._schemas:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._schemas[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(data=self._schemas[key], headers={"Content-Disposition": f'inline; filename="{filename}"'})
