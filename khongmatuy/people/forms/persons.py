"""Forms of the person pages (register, edit, categories, removal, list filters, import).

Forms parse and bound the input; the rules live in ``services.persons`` and its refusals are put
back on these forms by the views. Area choices always come from the user's scope.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.forms import ImportForm
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages
from khongmatuy.common.roles import Capability

from ..choices import Category, Sex
from ..models import Person
from ..selectors.persons import Status, scoped_areas_for_filter
from ..services.persons import RemovalGround


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A commune or residential group, labelled "Tổ dân phố số 1 (Phường Gia Viên)"."""

    def label_from_instance(self, obj: Any) -> str:
        area: Area = obj
        if area.level == Level.GROUP and area.commune is not None:
            return f"{area.name} ({area.commune.display_name})"
        return area.display_name


def _area_field(label: Any, *, required: bool) -> AreaChoiceField:
    return AreaChoiceField(
        label=label,
        queryset=Area.objects.none(),
        required=required,
        error_messages={"invalid_choice": _("Chọn một địa bàn trong danh sách.")},
    )


class PersonForm(VietnameseMessages, forms.Form):
    """Identity and residence. Sensitive fields are dropped for roles without VIEW_SENSITIVE."""

    area = _area_field(_("Tổ dân phố, thôn quản lý"), required=True)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    aliases = forms.CharField(
        label=_("Tên gọi khác, biệt danh"),
        max_length=250,
        required=False,
        help_text=_("Ngăn cách bằng dấu phẩy."),
    )
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DATE_WIDGET)
    citizen_id = forms.CharField(
        label=_("Số CCCD / định danh cá nhân"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 chữ số."),
    )
    permanent_area = _area_field(_("Nơi thường trú (địa bàn)"), required=False)
    permanent_address = forms.CharField(
        label=_("Địa chỉ thường trú"), max_length=250, required=False
    )
    current_address = forms.CharField(label=_("Nơi ở hiện tại"), max_length=250, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    occupation = forms.CharField(label=_("Nghề nghiệp"), max_length=150, required=False)
    education = forms.CharField(
        label=_("Trình độ học vấn, trường học"), max_length=150, required=False
    )
    family_contacts = forms.CharField(
        label=_("Người thân, liên hệ gia đình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Ghi chú nghiệp vụ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    psychosis = forms.BooleanField(label=_("Có biểu hiện loạn thần (ngáo đá)"), required=False)
    psychosis_note = forms.CharField(
        label=_("Ghi chú biểu hiện loạn thần"), max_length=250, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = scoped_areas_for_filter(user=user).select_related("commune")
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["permanent_area"].queryset = areas  # type: ignore[attr-defined]
        if not user.can(Capability.VIEW_SENSITIVE):
            for name in Person.SENSITIVE_FIELDS:
                del self.fields[name]


class RegisterForm(PersonForm):
    """Registration: identity plus the first category the person is managed under."""

    category = forms.ChoiceField(label=_("Diện quản lý"), choices=Category.choices)
    category_started_on = forms.DateField(label=_("Thuộc diện từ ngày"), widget=DATE_WIDGET)
    category_source = forms.CharField(
        label=_("Căn cứ (quyết định, kết quả xét nghiệm…)"), max_length=250, required=False
    )

    # Service errors on the category are keyed like the category form; shown on these fields.
    SERVICE_KEYS = {
        "category": "category",
        "started_on": "category_started_on",
        "ended_on": "category_started_on",
        "source": "category_source",
    }


class CategoryForm(VietnameseMessages, forms.Form):
    category = forms.ChoiceField(label=_("Diện quản lý"), choices=Category.choices)
    started_on = forms.DateField(label=_("Từ ngày"), widget=DATE_WIDGET)
    ended_on = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)
    source = forms.CharField(
        label=_("Căn cứ (quyết định, kết quả xét nghiệm…)"), max_length=250, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


class CategoryEndForm(VietnameseMessages, forms.Form):
    ended_on = forms.DateField(label=_("Kết thúc từ ngày"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú, căn cứ"), max_length=250, required=False)


class PsychosisForm(VietnameseMessages, forms.Form):
    psychosis = forms.BooleanField(label=_("Có biểu hiện loạn thần (ngáo đá)"), required=False)
    psychosis_note = forms.CharField(
        label=_("Ghi chú biểu hiện loạn thần"), max_length=250, required=False
    )


class RemoveForm(VietnameseMessages, forms.Form):
    ground = forms.ChoiceField(
        label=_("Căn cứ (Luật Phòng, chống ma túy, Điều 26, 43)"), choices=RemovalGround.choices
    )
    removed_on = forms.DateField(label=_("Ngày đưa ra khỏi danh sách"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú, số quyết định"), max_length=200, required=False)


class ReturnForm(VietnameseMessages, forms.Form):
    category = forms.ChoiceField(label=_("Diện quản lý"), choices=Category.choices)
    started_on = forms.DateField(label=_("Thuộc diện từ ngày"), widget=DATE_WIDGET)
    source = forms.CharField(
        label=_("Căn cứ (quyết định, kết quả xét nghiệm…)"), max_length=250, required=False
    )


_YES_NO = [("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]
_STATUS = [
    (Status.ACTIVE, _("Đang quản lý")),
    (Status.REMOVED, _("Đã đưa ra khỏi danh sách")),
    (Status.ALL, _("Tất cả")),
]


class FilterForm(forms.Form):
    """The list page's search box and filters (GET). Bad values are ignored, never a 500."""

    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Diện quản lý"), choices=[("", _("Tất cả")), *Category.choices], required=False
    )
    area = _area_field(_("Địa bàn"), required=False)
    psychosis = forms.ChoiceField(label=_("Loạn thần"), choices=_YES_NO, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=_STATUS, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = scoped_areas_for_filter(user=user).select_related(  # type: ignore[attr-defined]
            "commune"
        )
        self.fields["area"].empty_label = _("Tất cả")  # type: ignore[attr-defined]


class ImportCommuneForm(ImportForm):
    """The .xlsx file and the commune whose residential groups its rows name."""

    commune = _area_field(_("Xã, phường"), required=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = scoped_areas_for_filter(user=user).filter(level=Level.COMMUNE)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        only = list(communes[:2])
        if len(only) == 1:
            self.fields["commune"].initial = only[0].pk
