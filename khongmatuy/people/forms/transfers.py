"""Forms of the transfer pages. The services decide; these parse and validate input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import DATE_WIDGET, IdChoiceField, ParseOnlyModelForm
from khongmatuy.common.ids import parse_id

from ..models import Transfer
from .care import TEXTAREA


class AreaChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Level.GROUP and obj.commune is not None:
            return f"{obj.name}, {obj.commune.display_name}"
        return str(obj.display_name)


def _communes_of(province_id: Any, *, exclude: Area | None) -> Any:
    """Active communes of a province, any province: the receiving commune is usually outside the
    sender's scope, and the names of communes are public (the official list)."""
    if (pk := parse_id(province_id)) is None:
        return Area.objects.none()
    qs = Area.objects.filter(level=Level.COMMUNE, is_active=True, province_id=pk)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("sort_key", "name")


class ProposeForm(ParseOnlyModelForm):
    """The receiving commune (chosen through its province) and the new address."""

    province = AreaChoiceField(
        label=_("Tỉnh, thành phố nơi ở mới"),
        queryset=Area.objects.filter(level=Level.PROVINCE, is_active=True).order_by("sort_key"),
    )
    # Optional here: the service writes the summary itself when it is left empty.
    summary = forms.CharField(
        label=_("Tóm tắt tình hình, biện pháp đang áp dụng"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Để trống: hệ thống tự liệt kê diện quản lý và biện pháp đang áp dụng."),
    )

    field_order = ("province", "to_commune", "new_address", "summary")

    class Meta:
        model = Transfer
        fields = ("to_commune", "new_address", "summary")
        field_classes = {"to_commune": AreaChoiceField}
        labels = {
            "to_commune": _("Xã, phường, đặc khu nơi ở mới"),
            "new_address": _("Địa chỉ nơi ở mới"),
        }
        help_texts = {"to_commune": _("Chọn tỉnh, thành phố trước để hiện danh sách xã, phường.")}

    def __init__(self, *args: Any, from_commune: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = self.data.get("province") if self.is_bound else self.initial.get("province")
        self.fields["to_commune"].queryset = _communes_of(  # type: ignore[attr-defined]
            province, exclude=from_commune
        )


class RequestForm(ParseOnlyModelForm):
    """Who is asked for (citizen ID, or name and date of birth) and where they live now."""

    citizen_id = forms.CharField(
        label=_("Số CCCD"),
        max_length=20,
        required=False,
        help_text=_("Chính xác 12 chữ số. Nếu không có, nhập họ tên và ngày sinh."),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/1990.")},
    )
    # Required here: a request names the group or commune that takes the person.
    to_area = AreaChoiceField(label=_("Địa bàn tiếp nhận"), queryset=Area.objects.none())

    field_order = ("citizen_id", "full_name", "date_of_birth", "to_area", "new_address", "summary")

    class Meta:
        model = Transfer
        fields = ("to_area", "new_address", "summary")
        labels = {"new_address": _("Địa chỉ nơi đang ở"), "summary": _("Lý do đề nghị")}
        help_texts = {
            "summary": _(
                "Người này đang cư trú tại đâu, từ ngày nào, phát hiện trong trường hợp nào."
            )
        }
        widgets = {"summary": TEXTAREA}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(is_active=True, level__in=[Level.COMMUNE, Level.GROUP])
            .select_related("commune")
            .order_by("commune__sort_key", "level", "sort_key")
        )


class AcceptForm(ParseOnlyModelForm):
    to_area = AreaChoiceField(
        label=_("Giao cho tổ dân phố, thôn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Chưa xác định (giao cho xã, phường) —"),
    )

    class Meta:
        model = Transfer
        fields = ("to_area",)

    def __init__(self, *args: Any, user: User, commune: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(is_active=True, level=Level.GROUP, commune_id=commune.pk)
            .select_related("commune")
            .order_by("sort_key")
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), max_length=250)
