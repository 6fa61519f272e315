"""Forms of accounts: the login (throttled per address), the administrator's account form (no password: the
account holder sets it from the invitation link) and the accounts list's filters."""

from __future__ import annotations

import datetime
import re

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Role, User
from ..pickers import attach, register
from ..selectors.accounts import account_version, assignable_roles, manageable_units
from ..web import CrispyMixin, SearchForm, TextPolicyMixin, VersionedFormMixin
from ..widgets import QuickSelect

#: Django's ASCIIUsernameValidator, with its message in Vietnamese.
USERNAME = RegexValidator(
    r"^[\w.@+-]+\Z",
    message=_("Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các ký tự @ . + - _ (không khoảng trắng)."),
    flags=re.ASCII,
)


@register("accounts.units", search=("name",))
def account_form_units(user):
    """The units `user` may give accounts in (`manageable_units`)."""
    return manageable_units(user).order_by("name", "pk")


class AccountForm(VersionedFormMixin, CrispyMixin, forms.Form):
    """Create (with a username) or edit an account; the roles and units offered are those `actor` may give."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[USERNAME],
        help_text=_("Không dấu, không khoảng trắng, ví dụ lanhdao.langson."),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=300)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Lời mời đặt mật khẩu, ký giao ước và nhắc việc đều gửi tới địa chỉ này."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), widget=QuickSelect)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, widget=QuickSelect(searchable=True))
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)

    def __init__(self, *args, actor: User, instance: User | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("version", account_version(instance))
            kwargs.setdefault(
                "initial",
                {
                    "full_name": instance.get_full_name(),
                    "email": instance.email,
                    "role": instance.role,
                    "unit": instance.unit_id,
                    "position": instance.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            del self.fields["username"]
        self.submit_label = _("Lưu") if instance is not None else _("Tạo tài khoản và gửi lời mời")
        self.helper.inputs[0].value = self.submit_label
        self.fields["role"].choices = [("", "---------")] + [(r, Role(r).label) for r in assignable_roles(actor)]
        attach(self.fields["unit"], "accounts.units", user=actor)

    def current_form(self):
        """The form on the account as saved now (for the conflict message)."""
        return type(self)(instance=User.objects.get(pk=self.instance.pk), **self._current_kwargs)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


ACTIVE_CHOICES = [("", _("Tất cả")), ("1", _("Đang hoạt động")), ("0", _("Đã ngừng"))]


#: The list's filters are rendered by its template, with Bootstrap's classes given here.
SELECT = {"class": "form-select"}


class AccountFilterForm(SearchForm):
    """The accounts list's search box and filters."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, widget=QuickSelect(SELECT, searchable=True)
    )
    role = forms.ChoiceField(label=_("Vai trò"), required=False, widget=QuickSelect(SELECT))
    active = forms.ChoiceField(
        label=_("Trạng thái"), choices=ACTIVE_CHOICES, required=False, widget=QuickSelect(SELECT)
    )
    locked = forms.BooleanField(
        label=_("Chỉ tài khoản đang bị khóa đăng nhập"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        attach(self.fields["unit"], "accounts.units", user=actor)
        self.fields["unit"].empty_label = _("Tất cả")
        self.fields["role"].choices = [("", _("Tất cả"))] + [(r, Role(r).label) for r in assignable_roles(actor)]


# --- The login ---------------------------------------------------------------------------------------------
THROTTLED = "address_throttled"


def address_failures(ip_address: str | None) -> int:
    """Failed logins from `ip_address`, across every account, within django-axes' cool-off."""
    if not ip_address:
        return 0
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginForm(TextPolicyMixin, AuthenticationForm):
    """Django's login form, refusing an address that failed too often across accounts (password spraying),
    before any password is checked. django-axes still locks each account after its own failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        THROTTLED: _(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau 15 phút hoặc liên hệ "
            "quản trị của Ban Thi đua - Khen thưởng."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the username's max_length after the field is made, without its validator.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def clean(self):
        if (
            self.request is not None
            and address_failures(get_client_ip_address(self.request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        ):
            raise ValidationError(self.error_messages[THROTTLED], code=THROTTLED)
        return super().clean()
