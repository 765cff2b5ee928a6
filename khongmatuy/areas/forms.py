"""Forms of the area pages. Messages are Vietnamese and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User

from .models import KINDS_BY_LEVEL, Area, Kind, Level, Organisation

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def _kind_choices(level: int) -> list[tuple[str, str]]:
    return [(k, Kind(k).label) for k in KINDS_BY_LEVEL[level]]


class AreaEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"))
    code = forms.CharField(label=_("Mã"), max_length=20, required=False)
    area_km2 = forms.DecimalField(
        label=_("Diện tích (km²)"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices(area.level)


class RenameForm(forms.Form):
    new_name = forms.CharField(label=_("Tên mới"), max_length=150)
    effective_on = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)
    legal_basis = forms.CharField(label=_("Căn cứ (số quyết định, nghị quyết)"), max_length=250, required=False)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Tên tổ dân phố, thôn"), max_length=150)
    kind = forms.ChoiceField(label=_("Loại"), choices=_kind_choices(Level.GROUP))
    population = forms.IntegerField(label=_("Dân số"), min_value=0, required=False)
    households = forms.IntegerField(label=_("Số hộ"), min_value=0, required=False)
    as_of = forms.DateField(label=_("Số liệu tính đến ngày"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [data.get(f) is not None for f in ("population", "households", "as_of")]
        if any(given) and not all(given):
            raise forms.ValidationError(
                _("Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba.")
            )
        if all(given) and data["households"] > data["population"]:
            self.add_error("households", _("Số hộ không thể lớn hơn dân số."))
        return data


class BulkGroupsForm(forms.Form):
    prefix = forms.CharField(label=_("Tiền tố tên"), max_length=100, initial="Tổ dân phố số")
    first = forms.IntegerField(label=_("Từ số"), min_value=0, max_value=9999, initial=1)
    last = forms.IntegerField(label=_("Đến số"), min_value=0, max_value=9999)
    kind = forms.ChoiceField(label=_("Loại"), choices=_kind_choices(Level.GROUP))

    MAX_AT_ONCE = 500

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last", _("“Đến số” phải lớn hơn hoặc bằng “Từ số”."))
            elif last - first + 1 > self.MAX_AT_ONCE:
                self.add_error(
                    "last", _("Mỗi lần tạo tối đa %(n)s tổ dân phố, thôn.") % {"n": self.MAX_AT_ONCE}
                )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel định dạng .xlsx."))
        if upload.size > settings.KMT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {
                "mb": settings.KMT_IMPORT_MAX_BYTES // (1024 * 1024)})
        return upload


class FigureForm(forms.Form):
    as_of = forms.DateField(label=_("Tính đến ngày"), widget=DATE_WIDGET)
    population = forms.IntegerField(label=_("Dân số thường trú"), min_value=0, max_value=50_000_000)
    households = forms.IntegerField(label=_("Số hộ gia đình"), min_value=0, max_value=20_000_000)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("households") is not None and data.get("population") is not None \
                and data["households"] > data["population"]:
            self.add_error("households", _("Số hộ không thể lớn hơn dân số."))
        return data


class MergeForm(forms.Form):
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Các địa bàn cũ được sáp nhập vào địa bàn này"), queryset=Area.objects.none()
    )
    effective_on = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)
    legal_basis = forms.CharField(label=_("Căn cứ (số nghị quyết)"), max_length=250, required=False)

    def __init__(self, *args: Any, user: User, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(level=area.level, parent=area.parent, is_active=True)
            .exclude(pk=area.pk)
            .order_by("sort_key")
        )


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["area", "kind", "name", "address", "head_name", "phone", "member_count", "is_active"]

    def __init__(self, *args: Any, user: User, commune_or_group: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = commune_or_group
        qs = Area.objects.for_user(user).filter(is_active=True)
        if root.level == Level.COMMUNE:
            qs = qs.filter(commune_id=root.pk, level__gte=Level.COMMUNE)
        else:
            qs = qs.filter(pk=root.pk)
        self.fields["area"].queryset = qs.order_by("level", "sort_key")  # type: ignore[attr-defined]
