"""Forms of the area pages. Messages are Vietnamese and name the field.

The forms that enter one record are ``ParseOnlyModelForm``s over its model (``Area``,
``AreaChange``, ``AreaFigure``): fields they do not declare come from the model, and the services
check and write. A merge (several areas, one change row each), the bulk and the .xlsx creation of
groups stay plain forms. ``OrganisationForm`` is a full model form: it validates through the
model, whose unique constraint gives the message for an exact duplicate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import (
    DATE_WIDGET,
    DecimalField,
    IdMultipleChoiceField,
    ParseOnlyModelForm,
    VietnameseMessages,
)
from khongmatuy.common.versioning import VersionedForm

from .choices import KINDS_BY_LEVEL, Kind, Level
from .models import Area, AreaChange, AreaFigure, Organisation
from .services import MAX_HOUSEHOLDS, MAX_POPULATION

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from khongmatuy.accounts.models import User


def _kind_choices(level: int) -> list[tuple[str, StrOrPromise]]:
    return [(k, Kind(k).label) for k in KINDS_BY_LEVEL[level]]


class AreaEditForm(VersionedForm, ParseOnlyModelForm):
    """The facts of ``area`` (its values shown); the name changes through ``RenameForm``."""

    kind = forms.ChoiceField(label=_("Loại"))
    area_km2 = DecimalField(
        label=_("Diện tích (km²)"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_WIDGET)

    class Meta:
        model = Area
        fields = ("kind", "code", "area_km2", "valid_from")

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, instance=area, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = _kind_choices(area.level)


class RenameForm(ParseOnlyModelForm):
    """The ``AreaChange`` row a rename writes (the old name is the area's own)."""

    new_name = forms.CharField(label=_("Tên mới"), max_length=150)
    effective_on = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)

    class Meta:
        model = AreaChange
        fields = ("new_name", "effective_on", "legal_basis")
        labels = {"legal_basis": _("Căn cứ (số quyết định, nghị quyết)")}


class GroupForm(ParseOnlyModelForm):
    """A new residential group (``services.GroupSpec``: its name and kind, and optionally its
    first figures)."""

    kind = forms.ChoiceField(label=_("Loại"), choices=_kind_choices(Level.GROUP))
    population = forms.IntegerField(
        label=_("Dân số"), min_value=0, max_value=MAX_POPULATION, required=False
    )
    households = forms.IntegerField(
        label=_("Số hộ"), min_value=0, max_value=MAX_HOUSEHOLDS, required=False
    )
    as_of = forms.DateField(label=_("Số liệu tính đến ngày"), required=False, widget=DATE_WIDGET)

    FIGURES = ("population", "households", "as_of")

    class Meta:
        model = Area
        fields = ("name", "kind")
        labels = {"name": _("Tên tổ dân phố, thôn")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(f in self.errors for f in self.FIGURES):
            return data
        missing = [f for f in self.FIGURES if data.get(f) is None]
        if missing and len(missing) < len(self.FIGURES):
            for field in missing:
                self.add_error(
                    field, _("Nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba.")
                )
        elif not missing and data["households"] > data["population"]:
            self.add_error("households", _("Số hộ không thể lớn hơn dân số."))
        return data


class BulkGroupsForm(VietnameseMessages, forms.Form):
    # Not ``prefix``: that name is the form's own HTML-name prefix (``BaseForm.prefix``).
    name_prefix = forms.CharField(label=_("Tiền tố tên"), max_length=100, initial="Tổ dân phố số")
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
                    "last",
                    _("Mỗi lần tạo tối đa %(n)s tổ dân phố, thôn.") % {"n": self.MAX_AT_ONCE},
                )
        return data


class ImportForm(VietnameseMessages, forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel định dạng .xlsx."))
        if upload.size > settings.KMT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).")
                % {"mb": settings.KMT_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class FigureForm(ParseOnlyModelForm):
    as_of = forms.DateField(label=_("Tính đến ngày"), widget=DATE_WIDGET)
    population = forms.IntegerField(
        label=_("Dân số thường trú"), min_value=0, max_value=MAX_POPULATION
    )
    households = forms.IntegerField(
        label=_("Số hộ gia đình"), min_value=0, max_value=MAX_HOUSEHOLDS
    )

    class Meta:
        model = AreaFigure
        fields = ("as_of", "population", "households", "source")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("households") is not None
            and data.get("population") is not None
            and data["households"] > data["population"]
        ):
            self.add_error("households", _("Số hộ không thể lớn hơn dân số."))
        return data


class _AreaMultipleChoiceField(IdMultipleChoiceField):
    """Refuses ids the database cannot hold before they reach an ``IN`` query (no overflow)."""

    _MAX_ID = 2**63 - 1
    # Django's Vietnamese catalogue leaves this message in English.
    default_error_messages = {"invalid_pk_value": _("“%(pk)s” không phải là mã địa bàn hợp lệ.")}

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip()
            if not (text.isdecimal() and len(text) <= 19 and 0 < int(text) <= self._MAX_ID):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class MergeForm(VietnameseMessages, forms.Form):
    predecessors = _AreaMultipleChoiceField(
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


class OrganisationForm(VersionedForm, VietnameseMessages, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = [
            "area",
            "kind",
            "name",
            "address",
            "head_name",
            "phone",
            "member_count",
            "is_active",
        ]

    def __init__(self, *args: Any, user: User, commune_or_group: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        root = commune_or_group
        qs = Area.objects.for_user(user).filter(is_active=True)
        if root.level == Level.COMMUNE:
            qs = qs.filter(commune_id=root.pk, level__gte=Level.COMMUNE)
        else:
            qs = qs.filter(pk=root.pk)
        self.fields["area"].queryset = qs.order_by("level", "sort_key")  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """Left to ``services.organisation_save``: it also catches names that differ only in
        case or diacritics, and names the field in its message."""
