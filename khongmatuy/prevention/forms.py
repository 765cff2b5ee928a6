"""Forms of the prevention pages. They parse input only; the services decide (scope, one commune,
dates, persons) and their refusals are put back on these forms by the views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.forms import (
    IdChoiceField,
    IdMultipleChoiceField,
    VietnameseMessages,
    date_field,
)
from khongmatuy.common.roles import Capability
from khongmatuy.people.models import Person
from khongmatuy.tips.forms import AreaChoiceField, MultipleFileField, MultipleFileInput
from khongmatuy.tips.selectors import area_choices
from khongmatuy.tips.uploads import DOCUMENT_TYPES

from . import selectors
from .choices import ActivityForm, Audience
from .models import Affiliation, DrugFreeModel, DrugFreeModelReview

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


class GroupsField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganisationField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ActivityRecordForm(VietnameseMessages, forms.Form):
    """Built for a phone: today's date, the user's only group ticked, a meeting of residents."""

    held_on = date_field(_("Ngày thực hiện"), today=True)
    form = forms.ChoiceField(label=_("Hình thức"), choices=ActivityForm.choices)
    topic = forms.CharField(label=_("Nội dung, chủ đề"), max_length=250)
    groups = GroupsField(
        label=_("Tổ dân phố được tuyên truyền"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = OrganisationField(
        label=_("Trường học, doanh nghiệp, cơ quan được tuyên truyền"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    audience = forms.ChoiceField(
        label=_("Đối tượng"), choices=Audience.choices, initial=Audience.RESIDENTS
    )
    audience_count = forms.IntegerField(
        label=_("Số người tham dự"), min_value=0, max_value=1_000_000, required=False
    )
    organiser = IdChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— Tổ dân phố, Công an xã —"),
    )
    persons = IdMultipleChoiceField(
        label=_("Người được tuyên truyền cá biệt"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Chỉ cho hình thức tuyên truyền cá biệt."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(
        label=_("Ảnh, biên bản (ảnh hoặc PDF, tối đa 3 tệp)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_TYPES}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = selectors.groups_for_recording(user=user)
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        organisations = selectors.organisations_for_recording(user=user)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisations  # type: ignore[attr-defined]
        if user.can(Capability.VIEW_PERSONS):
            persons = Person.objects.for_user(user).filter(is_active=True).order_by("name_sort")
            self.fields["persons"].queryset = persons  # type: ignore[attr-defined]
        else:
            del self.fields["persons"]
        if not self.is_bound:
            only = list(groups[:2])
            if len(only) == 1:
                self.initial["groups"] = [only[0].pk]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "form": data["form"],
            "topic": data["topic"],
            "groups": list(data["groups"]),
            "organisations": list(data["organisations"]),
            "audience": data["audience"],
            "audience_count": data["audience_count"],
            "organiser": data["organiser"],
            "persons": list(data.get("persons") or []),
            "note": data["note"],
            "photos": data["photos"],
        }


class FilterForm(VietnameseMessages, forms.Form):
    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )
    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)
    form = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", _("— Tất cả —")), *ActivityForm.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("Đối tượng"), choices=[("", _("— Tất cả —")), *Audience.choices], required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user=user)  # type: ignore[attr-defined]

    def filters(self) -> selectors.ActivityFilters:
        if self.is_bound and self.is_valid():
            return selectors.ActivityFilters(**self.cleaned_data)
        return selectors.ActivityFilters()


class CoverageForm(VietnameseMessages, forms.Form):
    """The coverage page's month and area (the area's list is the user's communes and groups)."""

    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )
    month = forms.DateField(
        label=_("Tháng"),
        required=False,
        input_formats=["%m/%Y"],
        widget=forms.DateInput(format="%m/%Y", attrs={"placeholder": "mm/yyyy"}),
        error_messages={"invalid": _("Nhập tháng theo dạng tháng/năm, ví dụ 11/2026.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user=user)  # type: ignore[attr-defined]


class WorkforceForm(VietnameseMessages, forms.Form):
    organisation = IdChoiceField(
        label=_("Doanh nghiệp, cơ quan"), queryset=Organisation.objects.none()
    )
    as_of = date_field(_("Tính đến ngày"), today=True)
    workers = forms.IntegerField(label=_("Số người lao động"), min_value=0, max_value=10_000_000)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.for_user(user)
            .filter(
                is_active=True,
                kind__in=[Organisation.OrgKind.ENTERPRISE, Organisation.OrgKind.AGENCY],
            )
            .order_by("name_sort", "pk")
        )


class HouseholdForm(VietnameseMessages, forms.Form):
    head_name = forms.CharField(label=_("Họ tên chủ hộ"), max_length=150)
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    members = forms.IntegerField(label=_("Số nhân khẩu"), min_value=1, max_value=99, required=False)
    signed_on = date_field(_("Ngày ký cam kết năm nay"), required=False)
    signed_by = forms.CharField(
        label=_("Người ký"),
        max_length=150,
        required=False,
        help_text=_("Để trống nếu chủ hộ ký."),
    )


class HouseholdEditForm(VietnameseMessages, forms.Form):
    head_name = forms.CharField(label=_("Họ tên chủ hộ"), max_length=150)
    address = forms.CharField(label=_("Địa chỉ"), max_length=250, required=False)
    members = forms.IntegerField(label=_("Số nhân khẩu"), min_value=1, max_value=99, required=False)


class HouseholdRemoveForm(VietnameseMessages, forms.Form):
    note = forms.CharField(
        label=_("Lý do"),
        max_length=250,
        help_text=_("Ví dụ: chuyển đi nơi khác, tách hộ, ghi trùng."),
    )


class CommitmentForm(VietnameseMessages, forms.Form):
    signed_on = date_field(_("Ngày ký"), today=True)
    signed_by = forms.CharField(label=_("Người ký"), max_length=150)
    scan = forms.FileField(
        label=_("Ảnh hoặc bản quét PDF của bản cam kết"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_TYPES}),
    )


class HouseholdCountsForm(VietnameseMessages, forms.Form):
    """A paper-only group's figures for a year (never with a list for the same year)."""

    year = forms.IntegerField(label=_("Năm"), min_value=2020, max_value=2100)
    households = forms.IntegerField(label=_("Số hộ"), min_value=0, max_value=100_000)
    signed = forms.IntegerField(label=_("Số hộ đã ký cam kết"), min_value=0, max_value=100_000)
    as_of = date_field(_("Tính đến ngày"), today=True)


class HouseholdImportForm(VietnameseMessages, forms.Form):
    file = forms.FileField(label=_("Tệp danh sách hộ (.xlsx)"))


class HouseholdCoverageForm(VietnameseMessages, forms.Form):
    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )
    target = forms.IntegerField(label=_("Mục tiêu (%)"), min_value=1, max_value=100, initial=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user=user)  # type: ignore[attr-defined]


class OrganisationCommitmentForm(VietnameseMessages, forms.Form):
    organisation = IdChoiceField(
        label=_("Cơ quan, đơn vị, doanh nghiệp, trường học"), queryset=Organisation.objects.none()
    )
    year = forms.IntegerField(label=_("Năm cam kết"), min_value=2020, max_value=2100)
    signed_on = date_field(_("Ngày ký"), today=True)
    head_name = forms.CharField(label=_("Người đứng đầu chịu trách nhiệm"), max_length=150)
    members_count = forms.IntegerField(
        label=_("Số người cam kết"), min_value=0, max_value=1_000_000, required=False
    )
    members_named = forms.CharField(
        label=_("Hoặc danh sách người cam kết (mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_for_recording(user=user)  # type: ignore[attr-defined]


class AffiliationForm(VietnameseMessages, forms.Form):
    organisation = IdChoiceField(
        label=_("Nơi làm việc, học tập, sinh hoạt"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— Không có —"),
    )
    relation = forms.ChoiceField(
        label=_("Quan hệ"), choices=[("", "—"), *Affiliation.Relation.choices], required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_for_recording(user=user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and not data.get("relation"):
            self.add_error("relation", _("Chọn quan hệ với đơn vị."))
        return data


class DrugFreeModelForm(VietnameseMessages, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại mô hình"), choices=[("", "—"), *DrugFreeModel.Kind.choices]
    )
    name = forms.CharField(label=_("Tên mô hình"), max_length=200)
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())
    host = IdChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Organisation.objects.none(), required=False
    )
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=50, required=False
    )
    decision_date = date_field(_("Ngày quyết định"), required=False)
    decision_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    decision_file = forms.FileField(
        label=_("Ảnh hoặc bản quét PDF của quyết định"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_TYPES}),
    )
    members_count = forms.IntegerField(
        label=_("Số thành viên"), min_value=0, max_value=1_000_000, required=False
    )
    members_named = forms.CharField(
        label=_("Hoặc danh sách thành viên (mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    replicated_from = IdChoiceField(
        label=_("Nhân rộng từ mô hình"), queryset=DrugFreeModel.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user=user)  # type: ignore[attr-defined]
        self.fields["host"].queryset = selectors.organisations_for_recording(user=user)  # type: ignore[attr-defined]
        self.fields["replicated_from"].queryset = DrugFreeModel.objects.for_user(user).order_by(  # type: ignore[attr-defined]
            "name"
        )


class ModelTransitionForm(VietnameseMessages, forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=DrugFreeModel.Status.choices)
    on = date_field(_("Từ ngày"), today=True)
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


class ModelReviewForm(VietnameseMessages, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2020, max_value=2100)
    reviewed_on = date_field(_("Ngày đánh giá"), today=True)
    result = forms.ChoiceField(
        label=_("Kết quả"), choices=[("", "—"), *DrugFreeModelReview.Result.choices]
    )
    note = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
