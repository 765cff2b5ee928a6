"""Forms of the places pages. They parse and validate input only; the services decide (scope,
dates, coordinates inside Vietnam, lifecycle) and their refusals are put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import DATE_WIDGET, VietnameseMessages
from khongmatuy.common.scoping import scope_for
from khongmatuy.people.models import Person

from .models import Business, Camera, Cultivation, Place, PlacePerson
from .rules import lifecycle

TEXTAREA = forms.Textarea(attrs={"rows": 3})
_DATE_INVALID = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")
_ALL = [("", _("— Tất cả —"))]


def _date_field(label: Any, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if today else None,
        error_messages={"invalid": _DATE_INVALID},
    )


def _coordinate_field(label: Any, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def area_choices(user: User, *, groups_only: bool = False) -> QuerySet[Area]:
    """Communes and residential groups the user sees. Province-wide users choose among communes
    (a province has thousands of groups); commune users among their commune and its groups."""
    scope = scope_for(user)
    if groups_only:
        levels = [Level.GROUP]
    elif scope.everything or scope.province_ids:
        levels = [Level.COMMUNE]
    else:
        levels = [Level.COMMUNE, Level.GROUP]
    return (
        Area.objects.for_user(user)
        .filter(is_active=True, level__in=levels)
        .order_by("commune__sort_key", "level", "sort_key")
    )


class AreaField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name if obj.level == Level.COMMUNE else f"– {obj.name}")


class _ScopedForm(VietnameseMessages, forms.Form):
    """A form with an ``area`` field limited to the user's areas."""

    area_required = True
    area_empty_label: Any = None

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        field.queryset = area_choices(user)  # type: ignore[attr-defined]
        field.required = self.area_required
        field.empty_label = self.area_empty_label  # type: ignore[attr-defined]


class _FilterForm(_ScopedForm):
    area_required = False
    area_empty_label = _("— Tất cả địa bàn được giao —")

    def value(self, name: str) -> Any:
        """The cleaned value of a filter, or its empty value when the form is invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name)
        return None


# --- hotspots and harbouring places ---------------------------------------------------------


class PlaceFilterForm(_FilterForm):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại"), choices=_ALL + Place.Kind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=_ALL + Place.Status.choices, required=False
    )
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())


class PlaceForm(_ScopedForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=Place.Kind.choices)
    name = forms.CharField(label=_("Tên, mô tả ngắn"), max_length=200)
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    discovered_on = _date_field(_("Ngày phát hiện"))
    description = forms.CharField(label=_("Mô tả"), widget=TEXTAREA, required=False)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc. Ví dụ 20.844912"))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc. Ví dụ 106.688084"))


class TransitionForm(VietnameseMessages, forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=Place.Status.choices)
    on = _date_field(_("Ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the allowed steps; any other value still reaches the service, which refuses
        # it with its own message (so the POST handler shows why).
        allowed = lifecycle.next_statuses(place.status)
        self.offered = [(v, label) for v, label in Place.Status.choices if v in allowed]


class LinkPersonForm(VietnameseMessages, forms.Form):
    person = forms.ModelChoiceField(label=_("Người"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=PlacePerson.Role.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, user: User, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Persons the user sees, managed in the place's commune (bounded list).
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.for_user(user)
            .active()
            .filter(area__commune_id=place.area.commune_id)
            .select_related("area")
            .order_by("name_sort", "pk")
        )


# --- businesses -----------------------------------------------------------------------------


class BusinessFilterForm(_FilterForm):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại hình"), choices=_ALL + Business.Kind.choices, required=False
    )
    risk = forms.ChoiceField(
        label=_("Mức độ rủi ro"), choices=_ALL + Business.Risk.choices, required=False
    )
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())


class UninspectedFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Loại hình"), choices=_ALL + Business.Kind.choices, required=False
    )
    risk = forms.ChoiceField(
        label=_("Mức độ rủi ro"), choices=_ALL + Business.Risk.choices, required=False
    )
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())


class BusinessForm(_ScopedForm):
    kind = forms.ChoiceField(label=_("Loại hình"), choices=Business.Kind.choices)
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    owner_name = forms.CharField(label=_("Chủ cơ sở"), max_length=150, required=False)
    owner_phone = forms.CharField(label=_("Điện thoại chủ cơ sở"), max_length=20, required=False)
    licence_number = forms.CharField(
        label=_("Số giấy chứng nhận đủ điều kiện về ANTT"), max_length=100, required=False
    )
    licence_date = _date_field(_("Ngày cấp"), required=False, today=False)
    risk = forms.ChoiceField(
        label=_("Mức độ rủi ro"), choices=Business.Risk.choices, initial=Business.Risk.MEDIUM
    )
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))


class InspectionForm(VietnameseMessages, forms.Form):
    inspected_on = _date_field(_("Ngày kiểm tra"))
    team = forms.CharField(label=_("Tổ, đoàn kiểm tra"), max_length=200)
    findings = forms.CharField(label=_("Kết quả kiểm tra"), widget=TEXTAREA, required=False)
    violation = forms.BooleanField(label=_("Có vi phạm"), required=False)
    sanction = forms.CharField(label=_("Hình thức xử lý"), max_length=250, required=False)
    fine_vnd = forms.IntegerField(label=_("Số tiền phạt (đồng)"), min_value=0, required=False)
    suspended_until = _date_field(_("Đình chỉ hoạt động đến"), required=False, today=False)


# --- cultivation ----------------------------------------------------------------------------


class CultivationFilterForm(_FilterForm):
    plant = forms.ChoiceField(
        label=_("Loại cây"), choices=_ALL + Cultivation.Plant.choices, required=False
    )
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    start = _date_field(_("Phát hiện từ ngày"), required=False, today=False)
    end = _date_field(_("đến ngày"), required=False, today=False)


class CultivationForm(_ScopedForm):
    plant = forms.ChoiceField(label=_("Loại cây"), choices=Cultivation.Plant.choices)
    site = forms.CharField(label=_("Vị trí, thửa đất"), max_length=250)
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    plant_count = forms.IntegerField(label=_("Số cây"), min_value=0, required=False)
    area_m2 = forms.DecimalField(
        label=_("Diện tích (m²)"), min_value=0, max_digits=10, decimal_places=1, required=False
    )
    discovered_on = _date_field(_("Ngày phát hiện"))
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))


class CultivationEditForm(CultivationForm):
    destroyed_on = _date_field(_("Ngày tiêu hủy"), required=False, today=False)


# --- cameras --------------------------------------------------------------------------------


class CameraFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=_ALL + Camera.Status.choices, required=False
    )
    owner = forms.ChoiceField(
        label=_("Chủ sở hữu"), choices=_ALL + Camera.Owner.choices, required=False
    )
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())


class CameraForm(_ScopedForm):
    location = forms.CharField(label=_("Vị trí lắp đặt"), max_length=250)
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    owner = forms.ChoiceField(label=_("Chủ sở hữu"), choices=Camera.Owner.choices)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=Camera.Status.choices, initial=Camera.Status.ACTIVE
    )
    installed_on = _date_field(_("Ngày lắp đặt"), required=False, today=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))


# --- tip boxes and hotline boards -----------------------------------------------------------


class FacilityFilterForm(_FilterForm):
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    all = forms.BooleanField(label=_("Hiện mọi tổ dân phố, thôn"), required=False)


class FacilityCheckForm(VietnameseMessages, forms.Form):
    """The quick form of one group's row; the group itself is read from the URL data by the
    view through ``group_get_for_user`` (404 outside the user's scope)."""

    checked_on = _date_field(_("Ngày kiểm tra"))
    has_tip_box = forms.BooleanField(label=_("Có hòm thư tố giác"), required=False)
    has_hotline_board = forms.BooleanField(
        label=_("Có bảng công khai số điện thoại đường dây nóng"), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)
