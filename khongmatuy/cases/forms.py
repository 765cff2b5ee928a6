"""Forms of the case pages. They parse input only; the services decide (offence of the kind,
transitions, scope, dates) and their refusals are put back on these forms by the views.

The forms that enter a case, a person's link to it or a seizure are ``ParseOnlyModelForm``s over
``Case``, ``CasePerson`` and ``Seizure``: fields they do not declare come from the model."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Area
from khongmatuy.common.forms import (
    DecimalField,
    IdChoiceField,
    ParseOnlyModelForm,
    VietnameseMessages,
    date_field,
)
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.common.widgets import area_autocomplete
from khongmatuy.people.choices import Sex
from khongmatuy.people.forms.fields import person_choice_label
from khongmatuy.people.models import Person

from . import selectors
from .models import Case, CasePerson, Seizure, Substance
from .rules import offences
from .services import new_person_categories, roles_for

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TEXTAREA = forms.Textarea(attrs={"rows": 4})


_date_field = partial(date_field, today=True)


class AreaChoiceField(IdChoiceField):
    widget = area_autocomplete()

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name) if hasattr(obj, "display_name") else str(obj)


class CaseForm(VersionedForm, ParseOnlyModelForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=Case.Kind.choices)
    offence = forms.ChoiceField(label=_("Tội danh, hành vi"), choices=())
    area = AreaChoiceField(label=_("Địa bàn xảy ra"), queryset=Area.objects.none())
    occurred_on = _date_field(_("Ngày phát hiện"))

    class Meta:
        model = Case
        fields = ("kind", "offence", "area", "number", "occurred_on", "summary")
        widgets = {"summary": TEXTAREA}

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offence"].choices = offences.all_choices()  # type: ignore[attr-defined]
        self.fields["area"].queryset = selectors.areas_for_case(user=user)  # type: ignore[attr-defined]
        if editing:  # the kind decides the statuses and roles: fixed once recorded
            del self.fields["kind"]


class StatusForm(ParseOnlyModelForm):
    """The status buttons of the case page (each posts its value)."""

    status = forms.ChoiceField(choices=Case.Status.choices)

    class Meta:
        model = Case
        fields = ("status",)


class FilterForm(VietnameseMessages, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=[("", _("— Tất cả —")), *Case.Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("— Tất cả —")), *Case.Status.choices],
        required=False,
    )
    offence = forms.ChoiceField(label=_("Tội danh, hành vi"), choices=(), required=False)
    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )
    start = _date_field(_("Từ ngày"), required=False, today=False)
    end = _date_field(_("Đến ngày"), required=False, today=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offence"].choices = [("", _("— Tất cả —")), *offences.all_choices()]  # type: ignore[attr-defined]
        self.fields["area"].queryset = selectors.areas_for_case(user=user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("“Đến ngày” phải từ “Từ ngày” trở đi."))
        return data

    def filters(self) -> selectors.CaseFilters:
        """The valid filters (an invalid value is ignored, with its error shown)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.CaseFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            offence=data.get("offence") or "",
            area=data.get("area"),
            start=data.get("start"),
            end=data.get("end"),
        )


class PeriodForm(VietnameseMessages, forms.Form):
    """The arrests page: a period (default: 1 January to today) and an optional area."""

    start = _date_field(_("Từ ngày"), required=False, today=False)
    end = _date_field(_("Đến ngày"), required=False, today=False)
    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )

    def __init__(self, *args: Any, user: User, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["area"].queryset = selectors.areas_for_case(user=user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["start"] = data.get("start") or date(self.today.year, 1, 1)
        data["end"] = data.get("end") or self.today
        if data["start"] > data["end"]:
            self.add_error("end", _("“Đến ngày” phải từ “Từ ngày” trở đi."))
        return data

    def period(self) -> tuple[date, date, Area | None]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["area"]
        return date(self.today.year, 1, 1), self.today, None


# The ``CasePerson`` fields of both person forms; the rest describes the person.
LINK_FIELDS = ("role", "arrested_on", "note")


class _LinkForm(ParseOnlyModelForm):
    """The person's link to the case (``CasePerson``): the roles the case's kind allows."""

    role = forms.ChoiceField(label=_("Tư cách"), choices=())
    arrested_on = _date_field(_("Ngày bắt giữ"), required=False, today=False)

    class Meta:
        model = CasePerson
        fields: tuple[str, ...] = LINK_FIELDS

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(case.kind)  # type: ignore[attr-defined]
        self.fields["arrested_on"].help_text = _(
            "Bắt buộc với người bị bắt giữ; ngày này được tính vào số người bị bắt theo địa bàn."
        )


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_choice_label(obj)


class ExistingPersonForm(_LinkForm):
    person = PersonChoiceField(
        label=_("Người trong diện quản lý"),
        queryset=Person.objects.none(),
        empty_label=_("— Chọn người —"),
        error_messages={
            "invalid_choice": _("Không tìm thấy người này trong địa bàn được giao."),
        },
    )

    class Meta(_LinkForm.Meta):
        fields = ("person", *LINK_FIELDS)

    def __init__(self, *args: Any, case: Case, user: User, query: str = "", **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        field: Any = self.fields["person"]
        # Validation accepts any active person in scope; the list shows the case's commune or
        # the search results (bounded).
        field.queryset = Person.objects.for_user(user).active().select_related("area")
        self.shown_persons = list(selectors.person_choices(user=user, case=case, query=query))
        field.choices = [("", field.empty_label)] + [
            (p.pk, field.label_from_instance(p)) for p in self.shown_persons
        ]


class NewPersonForm(_LinkForm):
    """A person not yet on the registry (``services.NewPerson``, registered by the people
    service) and the link."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = _date_field(_("Ngày sinh"), required=False, today=False)
    citizen_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    person_area = AreaChoiceField(
        label=_("Địa bàn quản lý người này"), queryset=Area.objects.none()
    )
    current_address = forms.CharField(label=_("Nơi ở hiện tại"), max_length=250, required=False)
    category = forms.ChoiceField(
        label=_("Diện quản lý"),
        choices=(),
        help_text=_(
            "Đăng ký người này vào danh sách quản lý với diện nào. Chỉ tội mua bán trái phép chất "
            "ma túy (Điều 251 Bộ luật Hình sự) được chọn sẵn là đối tượng mua bán; tàng trữ "
            "(Điều 249) hay vận chuyển (Điều 250) không phải là mua bán."
        ),
    )
    field_order = (
        "full_name",
        "sex",
        "date_of_birth",
        "citizen_id",
        "person_area",
        "current_address",
        "category",
        *LINK_FIELDS,
    )

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        field: Any = self.fields["person_area"]
        field.queryset = selectors.areas_of_commune(user=user, case=case)
        field.initial = case.area_id
        category: Any = self.fields["category"]
        category.choices = [("", _("— Chọn diện —")), *new_person_categories()]
        category.initial = offences.default_category(case.offence) or ""


class SeizureForm(ParseOnlyModelForm):
    # The national list, substances in use only; no default, the officer chooses.
    substance = IdChoiceField(
        label=_("Chất ma túy"),
        queryset=Substance.objects.filter(is_active=True),
        empty_label=_("— Chọn chất ma túy —"),
        error_messages={
            "required": _("Chọn chất ma túy trong danh mục."),
            "invalid_choice": _("Chọn chất ma túy trong danh mục."),
        },
    )
    quantity = DecimalField(
        label=_("Số lượng"),
        max_digits=14,
        decimal_places=3,
        help_text=_("Phần thập phân sau dấu phẩy, ví dụ 12,5 hoặc 3,25; 3.000 là ba nghìn."),
    )
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=Seizure.Unit.choices)

    class Meta:
        model = Seizure
        fields = ("substance", "form", "quantity", "unit")
        help_texts = {"form": _("Ví dụ: tinh thể, viên nén, bột, lá khô, dung dịch.")}


class SubstanceForm(VersionedForm, ParseOnlyModelForm):
    """A substance of the national list: name, other names, usual unit (and, on edit, in use)."""

    unit = forms.ChoiceField(label=_("Đơn vị thường dùng"), choices=Seizure.Unit.choices)

    class Meta:
        model = Substance
        fields = ("name", "other_names", "unit", "is_active")
        labels = {
            "name": _("Tên chất"),
            "other_names": _("Tên gọi khác"),
            "is_active": _("Đang dùng (hiện khi nhập tang vật)"),
        }
        help_texts = {
            "other_names": _("Cách nhau bằng dấu phẩy, ví dụ: Ma túy đá, Hồng phiến."),
        }


ROLE_LABELS = dict(CasePerson.Role.choices)
