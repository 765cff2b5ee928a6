"""Forms of the person pages (register, edit, categories, removal, list filters, import).

Forms parse and bound the input; the rules live in ``services.persons`` and its refusals are put
back on these forms by the views. Area choices always come from the user's scope. The person
form's fields are ``Person.EDITABLE_FIELDS`` (declared on ``models.PersonFields``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.forms import ImportForm
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import DATE_WIDGET, IdChoiceField, ParseOnlyModelForm, date_field
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.common.widgets import area_autocomplete

from ..choices import Category, Sex
from ..models import Person, PersonCategory
from ..selectors.persons import Status, scoped_areas_for_filter
from ..services.persons import RemovalGround
from .fields import legal_choice


class AreaChoiceField(IdChoiceField):
    """A commune or residential group, labelled "Tổ dân phố số 1 (Phường Gia Viên)"."""

    def label_from_instance(self, obj: Any) -> str:
        area: Area = obj
        if area.level == Level.GROUP and area.commune is not None:
            return f"{area.name} ({area.commune.display_name})"
        return area.display_name


_AREA_NOT_LISTED = {"invalid_choice": _("Chọn một địa bàn trong danh sách.")}


def _area_field(label: Any, *, required: bool) -> AreaChoiceField:
    return AreaChoiceField(
        label=label,
        queryset=Area.objects.none(),
        required=required,
        error_messages=_AREA_NOT_LISTED,
        widget=area_autocomplete(),
    )


def _offer_scoped_areas(form: forms.BaseForm, user: User, *names: str) -> None:
    """The communes and groups ``user`` sees, as an autocomplete above a few (communes only for
    a national scope, like ``scoped_areas_for_filter``)."""
    areas = scoped_areas_for_filter(user=user).select_related("commune")
    levels = [Level.COMMUNE] if scope_for(user).everything else [Level.COMMUNE, Level.GROUP]
    for name in names:
        field = form.fields[name]
        field.queryset = areas  # type: ignore[attr-defined]
        field.widget = area_autocomplete(levels=tuple(levels))
        field.widget.choices = field.choices  # type: ignore[attr-defined]


_PSYCHOSIS_LABELS = {
    "psychosis": _("Có biểu hiện loạn thần (ngáo đá)"),
    "psychosis_note": _("Ghi chú biểu hiện loạn thần"),
}
_CATEGORY_SOURCE = _("Căn cứ (quyết định, kết quả xét nghiệm…)")


class PersonForm(VersionedForm, ParseOnlyModelForm):
    """Identity and residence. Sensitive fields are dropped for roles without VIEW_SENSITIVE."""

    # The page shows the long form in these sections (``form_sections``), in this order.
    SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (_("Nhận dạng"), ("full_name", "aliases", "sex", "date_of_birth", "citizen_id")),
        (_("Diện quản lý"), ("category", "category_started_on", "category_source")),
        (
            _("Nơi quản lý, cư trú"),
            ("area", "permanent_area", "permanent_address", "current_address"),
        ),
        (_("Liên hệ, hoàn cảnh"), ("phone", "occupation", "education", "family_contacts")),
        (_("Nghiệp vụ"), ("psychosis", "psychosis_note", "notes")),
    )

    def form_sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The visible fields by section; a field no section names comes in a last one."""
        placed: set[str] = set()
        sections = []
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            placed.update(names)
            if fields:
                sections.append((title, fields))
        rest = [f for f in self.visible_fields() if f.name not in placed]
        if rest:
            sections.append((_("Khác"), rest))
        return sections

    # The model has no blank sex; the input takes a citizen ID with separators (cleaned later).
    sex = legal_choice(_("Giới tính"), Sex.choices)
    citizen_id = forms.CharField(
        label=_("Số CCCD / định danh cá nhân"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 chữ số."),
    )

    class Meta:
        model = Person
        fields = Person.EDITABLE_FIELDS
        field_classes = {"area": AreaChoiceField, "permanent_area": AreaChoiceField}
        labels = {
            "area": _("Tổ dân phố, thôn quản lý"),
            "full_name": _("Họ và tên"),
            "aliases": _("Tên gọi khác, biệt danh"),
            "date_of_birth": _("Ngày sinh"),
            "permanent_area": _("Nơi thường trú (địa bàn)"),
            "permanent_address": _("Địa chỉ thường trú"),
            "current_address": _("Nơi ở hiện tại"),
            "phone": _("Điện thoại"),
            "occupation": _("Nghề nghiệp"),
            "education": _("Trình độ học vấn, trường học"),
            "family_contacts": _("Người thân, liên hệ gia đình"),
            "notes": _("Ghi chú nghiệp vụ"),
            **_PSYCHOSIS_LABELS,
        }
        help_texts = {"aliases": _("Ngăn cách bằng dấu phẩy.")}
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "family_contacts": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"area": _AREA_NOT_LISTED, "permanent_area": _AREA_NOT_LISTED}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_scoped_areas(self, user, "area", "permanent_area")
        if not user.can(Capability.VIEW_SENSITIVE):
            for name in Person.SENSITIVE_FIELDS:
                del self.fields[name]


class RegisterForm(PersonForm):
    """Registration: identity plus the first category the person is managed under."""

    category = legal_choice(_("Diện quản lý"), Category.choices)
    category_started_on = forms.DateField(label=_("Thuộc diện từ ngày"), widget=DATE_WIDGET)
    category_source = forms.CharField(label=_CATEGORY_SOURCE, max_length=250, required=False)

    # Service errors on the category are keyed like the category form; shown on these fields.
    SERVICE_KEYS = {
        "category": "category",
        "started_on": "category_started_on",
        "ended_on": "category_started_on",
        "source": "category_source",
    }


class CategoryForm(ParseOnlyModelForm):
    category = legal_choice(_("Diện quản lý"), Category.choices)

    class Meta:
        model = PersonCategory
        fields = ("category", "started_on", "ended_on", "source", "note")
        labels = {
            "started_on": _("Từ ngày"),
            "ended_on": _("Đến ngày"),
            "source": _CATEGORY_SOURCE,
            "note": _("Ghi chú"),
        }
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}


class CategoryEndForm(ParseOnlyModelForm):
    ended_on = forms.DateField(label=_("Kết thúc từ ngày"), widget=DATE_WIDGET)

    class Meta:
        model = PersonCategory
        fields = ("ended_on", "note")
        labels = {"note": _("Ghi chú, căn cứ")}


class PsychosisForm(VersionedForm, ParseOnlyModelForm):
    class Meta:
        model = Person
        fields = ("psychosis", "psychosis_note")
        labels = _PSYCHOSIS_LABELS


class RemoveForm(ParseOnlyModelForm):
    """The date taken off the list; the ground and the note make up the removal reason."""

    ground = legal_choice(
        _("Căn cứ (Luật Phòng, chống ma túy, Điều 26, 43)"), RemovalGround.choices
    )
    removed_on = forms.DateField(label=_("Ngày đưa ra khỏi danh sách"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú, số quyết định"), max_length=200, required=False)

    field_order = ("ground", "removed_on", "note")

    class Meta:
        model = Person
        fields = ("removed_on",)


class ReturnForm(ParseOnlyModelForm):
    """The category the person returns to the list under."""

    category = legal_choice(_("Diện quản lý"), Category.choices)

    class Meta:
        model = PersonCategory
        fields = ("category", "started_on", "source")
        labels = {"started_on": _("Thuộc diện từ ngày"), "source": _CATEGORY_SOURCE}
        widgets = {"started_on": DATE_WIDGET}


_YES_NO = [("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]
_STATUS = [
    (Status.ACTIVE, _("Đang quản lý")),
    (Status.REMOVED, _("Đã đưa ra khỏi danh sách")),
    (Status.ALL, _("Tất cả")),
]


_filter_date = partial(date_field, required=False)


class FilterForm(forms.Form):
    """The list page's search box and filters (GET). A bad value is a form error shown on the
    page and that filter is left out, never a 500; an area outside the user's scope is a 404
    (``fields.chosen_area_or_404``).

    The criteria's drill-downs fill ``as_of``, the groups and the first-use period
    (``selectors.persons.PersonFilters``)."""

    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Diện quản lý"), choices=[("", _("Tất cả")), *Category.choices], required=False
    )
    area = _area_field(_("Địa bàn"), required=False)
    psychosis = forms.ChoiceField(label=_("Loạn thần"), choices=_YES_NO, required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=_STATUS, required=False)
    as_of = _filter_date(_("Diện quản lý tại ngày"))
    users = forms.BooleanField(label=_("Sử dụng trái phép, nghiện ma túy"), required=False)
    outside_treatment = forms.BooleanField(
        label=_("Không đang cai nghiện, điều trị thay thế"), required=False
    )
    dealers = forms.BooleanField(label=_("Mua bán hoặc nghi vấn mua bán"), required=False)
    new_from = _filter_date(_("Mới phát hiện sử dụng từ ngày"))
    new_to = _filter_date(_("đến ngày"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_scoped_areas(self, user, "area")
        self.fields["area"].empty_label = _("Tất cả")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("new_from"), data.get("new_to")
        unparsed = self.has_error("new_from") or self.has_error("new_to")
        if (start is None) != (end is None) and not unparsed:
            self.add_error("new_to", _("Nhập cả hai ngày của khoảng thời gian."))
        elif start is not None and end is not None and start > end:
            self.add_error("new_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data


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
