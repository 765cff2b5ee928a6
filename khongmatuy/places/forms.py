"""Forms of the places pages. They parse and validate input only; the services decide (scope,
dates, coordinates inside Vietnam, lifecycle) and their refusals are put back on these forms.

A form that enters a record is a ``ParseOnlyModelForm`` over that record's model: fields it does
not declare come from the model. Declared fields say where the page parses differently: date
inputs, choices without an empty entry, areas in the user's scope, and coordinates (any number
of decimals; the service rounds them and checks they fall inside Vietnam)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import (
    DecimalField,
    IdChoiceField,
    ParseOnlyModelForm,
    VietnameseMessages,
    date_field,
)
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.common.widgets import area_autocomplete, person_autocomplete
from khongmatuy.people.forms.fields import PersonChoiceField
from khongmatuy.people.models import Person

from .models import (
    Business,
    Camera,
    Cultivation,
    GroupFacilityCheck,
    Inspection,
    Place,
    PlaceEvent,
    PlacePerson,
)
from .rules import lifecycle

TEXTAREA = forms.Textarea(attrs={"rows": 3})
_ALL = [("", _("— Tất cả —"))]


_date_field = partial(date_field, today=True)


def _coordinate_field(label: Any, help_text: Any) -> forms.DecimalField:
    """A coordinate in degrees, typed "20,844912" or "20.844912" (never grouped by thousands)."""
    return DecimalField(label=label, required=False, help_text=help_text, grouping=False)


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


class AreaField(IdChoiceField):
    widget = area_autocomplete(levels=(Level.COMMUNE, Level.GROUP))

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name if obj.level == Level.COMMUNE else f"– {obj.name}")


def _scope_area(form: forms.BaseForm, user: User, *, required: bool, empty_label: Any) -> None:
    field = form.fields["area"]
    field.queryset = area_choices(user)  # type: ignore[attr-defined]
    field.required = required
    field.empty_label = empty_label  # type: ignore[attr-defined]


class _ScopedForm(VersionedForm, ParseOnlyModelForm):
    """A record's form with an ``area`` field limited to the user's areas; editing a record, it
    carries the version it was read at."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_area(self, user, required=True, empty_label=None)


class _FilterForm(VietnameseMessages, forms.Form):
    """A list's filters, with an optional ``area`` among the user's areas."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scope_area(self, user, required=False, empty_label=_("— Tất cả địa bàn được giao —"))

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
    # The criteria's drill-downs: places existing on a date, hotspots recurred in a period.
    existing_on = _date_field(_("Còn tồn tại tại ngày"), required=False, today=False)
    recurred_from = _date_field(_("Tái phát từ ngày"), required=False, today=False)
    recurred_to = _date_field(_("đến ngày"), required=False, today=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("recurred_from"), data.get("recurred_to")
        unparsed = self.has_error("recurred_from") or self.has_error("recurred_to")
        if (start is None) != (end is None) and not unparsed:
            self.add_error("recurred_to", _("Nhập cả hai ngày của khoảng thời gian."))
        elif start is not None and end is not None and start > end:
            self.add_error("recurred_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data


class PlaceForm(_ScopedForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=Place.Kind.choices)
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    discovered_on = _date_field(_("Ngày phát hiện"))
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc. Ví dụ 20.844912"))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc. Ví dụ 106.688084"))

    class Meta:
        model = Place
        fields = Place.EDITABLE_FIELDS
        widgets = {"description": TEXTAREA}


class TransitionForm(ParseOnlyModelForm):
    """A lifecycle step: the ``PlaceEvent`` it writes."""

    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=Place.Status.choices)
    on = _date_field(_("Ngày"))

    class Meta:
        model = PlaceEvent
        fields = ("to_status", "on", "note")

    def __init__(self, *args: Any, place: Place, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only the allowed steps; any other value still reaches the service, which refuses
        # it with its own message (so the POST handler shows why).
        allowed = lifecycle.next_statuses(place.status)
        self.offered = [(v, label) for v, label in Place.Status.choices if v in allowed]


class LinkPersonForm(ParseOnlyModelForm):
    person = PersonChoiceField(
        label=_("Người"), queryset=Person.objects.none(), widget=person_autocomplete()
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=PlacePerson.Role.choices)

    class Meta:
        model = PlacePerson
        fields = ("person", "role", "note")

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
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    licence_date = _date_field(_("Ngày cấp"), required=False, today=False)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))

    class Meta:
        model = Business
        fields = Business.EDITABLE_FIELDS
        labels = {"licence_number": _("Số giấy chứng nhận đủ điều kiện về ANTT")}


class InspectionForm(ParseOnlyModelForm):
    inspected_on = _date_field(_("Ngày kiểm tra"))
    # No upper bound in the page: a figure beyond the column's range is refused by the model.
    fine_vnd = DecimalField(
        label=_("Số tiền phạt (đồng)"),
        min_value=0,
        decimal_places=0,
        required=False,
        help_text=_("Ví dụ 2.000.000 hoặc 2000000."),
    )
    suspended_until = _date_field(_("Đình chỉ hoạt động đến"), required=False, today=False)

    class Meta:
        model = Inspection
        fields = (
            "inspected_on",
            "team",
            "findings",
            "violation",
            "sanction",
            "fine_vnd",
            "suspended_until",
        )
        widgets = {"findings": TEXTAREA}

    def clean_fine_vnd(self) -> int | None:
        """Whole đồng, as the service and the column keep them."""
        value = self.cleaned_data.get("fine_vnd")
        return None if value is None else int(value)


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
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    # Plants or square metres: either may be left empty (the service wants one of them).
    plant_count = forms.IntegerField(label=_("Số cây"), min_value=0, required=False)
    area_m2 = DecimalField(
        label=_("Diện tích (m²)"),
        min_value=0,
        max_digits=10,
        decimal_places=1,
        required=False,
        help_text=_("Ví dụ 12,5; 1.250 là một nghìn hai trăm năm mươi."),
    )
    discovered_on = _date_field(_("Ngày phát hiện"))
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))

    class Meta:
        model = Cultivation
        fields = Cultivation.EDITABLE_FIELDS


class CultivationEditForm(CultivationForm):
    destroyed_on = _date_field(_("Ngày tiêu hủy"), required=False, today=False)

    class Meta(CultivationForm.Meta):
        fields = (*Cultivation.EDITABLE_FIELDS, "destroyed_on")


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
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    owner = forms.ChoiceField(label=_("Chủ sở hữu"), choices=Camera.Owner.choices)
    installed_on = _date_field(_("Ngày lắp đặt"), required=False, today=False)
    latitude = _coordinate_field(_("Vĩ độ"), _("Không bắt buộc."))
    longitude = _coordinate_field(_("Kinh độ"), _("Không bắt buộc."))

    class Meta:
        model = Camera
        fields = Camera.EDITABLE_FIELDS


# --- tip boxes and hotline boards -----------------------------------------------------------


class FacilityFilterForm(_FilterForm):
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none())
    all = forms.BooleanField(label=_("Hiện mọi tổ dân phố, thôn"), required=False)


class FacilityCheckForm(ParseOnlyModelForm):
    """The quick form of one group's row; the group itself is read from the URL data by the
    view through ``group_get_for_user`` (404 outside the user's scope)."""

    checked_on = _date_field(_("Ngày kiểm tra"))

    class Meta:
        model = GroupFacilityCheck
        fields = ("checked_on", "has_tip_box", "has_hotline_board", "note")
