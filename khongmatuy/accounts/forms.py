"""Account forms, Vietnamese first."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.forms import IdChoiceField
from khongmatuy.common.roles import Role
from khongmatuy.common.versioning import VersionedForm

from . import selectors
from .models import ApiToken, User
from .services import TOKEN_MAX_DAYS, password_policy_errors

MAX_AREA_TOKENS = 50
_TOKEN_SPLIT = re.compile(r"[\s,;]+")


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": gettext_lazy("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": gettext_lazy("Tài khoản này đã bị khóa."),
    }


# Two-factor ------------------------------------------------------------------------------------


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        error_messages={"required": gettext_lazy("Hãy nhập mã 6 chữ số trong ứng dụng xác thực.")},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s+", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Mã xác thực gồm đúng 6 chữ số."))
        return code


# Passwords -------------------------------------------------------------------------------------


class _NewPasswordMixin(forms.Form):
    """Two new-password fields checked against the password policy, in Vietnamese."""

    new_password1 = forms.CharField(
        label=gettext_lazy("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_owner: User | None = None

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second: str = self.cleaned_data["new_password2"]
        if first and first != second:
            raise forms.ValidationError(_("Hai lần nhập mật khẩu mới không giống nhau."))
        errors = password_policy_errors(second, self.password_owner)
        if errors:
            raise forms.ValidationError(errors)
        return second


class PasswordChangeForm(_NewPasswordMixin):
    """Own password change; the shape Django's ``PasswordChangeView`` expects (``user=``)."""

    field_order = ["old_password", "new_password1", "new_password2"]
    old_password = forms.CharField(
        label=gettext_lazy("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.password_owner = self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Mật khẩu hiện tại không đúng."))
        return old


class PasswordResetByAdminForm(_NewPasswordMixin):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.password_owner = user
        super().__init__(*args, **kwargs)


# User management -------------------------------------------------------------------------------


def resolve_area_tokens(text: str, *, scope: Any) -> tuple[list[Area], list[str]]:
    """Areas named by codes or ``#id`` tokens in ``text`` within the queryset ``scope``.

    Returns (areas, errors); each error names the value that could not be used. An area outside
    the scope reads exactly like one that does not exist, so nothing leaks.
    """
    tokens = list(dict.fromkeys(t for t in _TOKEN_SPLIT.split(text.strip()) if t))
    if len(tokens) > MAX_AREA_TOKENS:
        return [], [_("Chỉ được nhập tối đa %(n)d địa bàn.") % {"n": MAX_AREA_TOKENS}]
    ids = {t: int(t[1:]) for t in tokens if re.fullmatch(r"#\d{1,18}", t)}
    codes = [t for t in tokens if t not in ids and not t.startswith("#")]
    by_id = {a.pk: a for a in scope.filter(pk__in=ids.values())} if ids else {}
    by_code: dict[str, list[Area]] = {}
    if codes:
        for area in scope.filter(code__in=codes).order_by("level"):
            by_code.setdefault(area.code, []).append(area)
    areas: list[Area] = []
    errors: list[str] = []
    for token in tokens:
        if token in ids:
            found = [by_id[ids[token]]] if ids[token] in by_id else []
        elif token.startswith("#"):
            found = []
        else:
            found = by_code.get(token, [])
        if len(found) == 1:
            areas.append(found[0])
        elif found:
            errors.append(
                _("Mã “%(value)s” ứng với nhiều địa bàn; hãy dùng dạng #số hiệu.")
                % {"value": token}
            )
        else:
            errors.append(
                _("Không tìm thấy địa bàn “%(value)s” trong phạm vi bạn quản lý.")
                % {"value": token}
            )
    return list(dict.fromkeys(areas)), errors


AREAS_HELP = gettext_lazy(
    "Mã đơn vị hành chính (ví dụ 11359) hoặc #số hiệu cho tổ dân phố, thôn; "
    "cách nhau bằng dấu phẩy. Tìm số hiệu bằng ô tìm địa bàn bên dưới."
)


class _UserFieldsForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("Vai trò"),
        choices=Role.choices,
        error_messages={"invalid_choice": gettext_lazy("Vai trò “%(value)s” không hợp lệ.")},
    )
    title = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=20, required=False)
    areas = forms.CharField(
        label=gettext_lazy("Địa bàn được giao"),
        help_text=AREAS_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Hãy giao ít nhất một địa bàn.")},
    )

    organisation = IdChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị (tài khoản cơ quan, đơn vị được giao nhiệm vụ)"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.for_user(actor)
            .filter(is_active=True)
            .select_related("area")
            .order_by("area__name", "name_sort", "pk")
        )

    def clean_areas(self) -> list[Area]:
        areas, errors = resolve_area_tokens(
            self.cleaned_data["areas"], scope=selectors.assignable_areas(user=self.actor)
        )
        if errors:
            raise forms.ValidationError(errors)
        if not areas:
            raise forms.ValidationError(_("Hãy giao ít nhất một địa bàn."))
        return areas


class UserCreateForm(_UserFieldsForm):
    field_order = [
        "username",
        "full_name",
        "role",
        "title",
        "phone",
        "areas",
        "organisation",
        "password",
    ]
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        max_length=150,
        help_text=gettext_lazy("Chữ cái không dấu, chữ số và các ký tự @ . + - _"),
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu ban đầu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("Tên đăng nhập “%(value)s” đã được dùng.") % {"value": username}
            )
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            candidate = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                title=data.get("title", ""),
            )
            errors = password_policy_errors(password, candidate)
            if errors:
                self.add_error("password", errors)
        return data


class UserEditForm(VersionedForm, _UserFieldsForm):
    """A user's details, carrying the version of the account it was read at."""


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm tên, tên đăng nhập"), required=False, max_length=100
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Vai trò"),
        required=False,
        choices=[("", gettext_lazy("Tất cả")), *Role.choices],
    )
    area = forms.CharField(
        label=gettext_lazy("Địa bàn (mã hoặc #số hiệu)"), required=False, max_length=40
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        required=False,
        choices=[
            ("", gettext_lazy("Tất cả")),
            ("1", gettext_lazy("Đang hoạt động")),
            ("0", gettext_lazy("Đã khóa")),
        ],
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_area(self) -> Area | None:
        text = self.cleaned_data["area"].strip()
        if not text:
            return None
        areas, errors = resolve_area_tokens(text, scope=selectors.assignable_areas(user=self.actor))
        if errors:
            raise forms.ValidationError(errors)
        if len(areas) != 1:
            raise forms.ValidationError(_("Chỉ lọc theo một địa bàn."))
        return areas[0]

    def clean_active(self) -> bool | None:
        value = self.cleaned_data["active"]
        return None if value == "" else value == "1"


# API tokens ------------------------------------------------------------------------------------


class ApiTokenForm(forms.Form):
    """A new API token. The kind has no default: a service token sees only the areas given."""

    name = forms.CharField(
        label=gettext_lazy("Tên (phần mềm nào dùng mã này)"),
        max_length=100,
        error_messages={"required": gettext_lazy("Ghi tên mã truy cập.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại"),
        choices=ApiToken.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Chọn loại mã truy cập.")},
    )
    days = forms.IntegerField(
        label=gettext_lazy("Thời hạn (ngày)"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        initial=90,
        error_messages={
            "required": gettext_lazy("Ghi thời hạn của mã (số ngày)."),
            "invalid": gettext_lazy("Thời hạn là một số ngày."),
            "min_value": gettext_lazy("Thời hạn ít nhất 1 ngày."),
            "max_value": gettext_lazy("Thời hạn tối đa %(limit_value)s ngày."),
        },
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Chỉ đọc (không được thêm, sửa dữ liệu)"), required=False
    )
    areas = forms.CharField(
        label=gettext_lazy("Địa bàn của tài khoản dịch vụ"),
        help_text=AREAS_HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_areas(self) -> list[Area]:
        text = self.cleaned_data["areas"]
        if not text.strip():
            return []
        areas, errors = resolve_area_tokens(text, scope=Area.objects.for_user(self.user))
        if errors:
            raise forms.ValidationError(errors)
        return areas
