"""Forms of the programme pages. They parse input only (money typed "1.234.567" or "1234567");
the services decide and their refusals are put back on these forms by the views."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.common.forms import DecimalField, IdChoiceField, VietnameseMessages, date_field

from .choices import FundSource, Measure
from .models import Indicator, Project
from .rules.schedule import quarter_ends
from .services.common import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

YEARS = [(y, str(y)) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
# A fund source has consequences for the accounts: no default, the user chooses.
SOURCES = [("", _("— Chọn nguồn vốn —")), *FundSource.choices]


def money(label: Any, **kwargs: Any) -> DecimalField:
    return DecimalField(label=label, help_text=_("Đồng, ví dụ 1.234.567"), **kwargs)


class AreaField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ProjectField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}: {obj.name}" if obj.name else obj.label


class OrganisationField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def communes_of(user: User) -> Any:
    return (
        Area.objects.for_user(user)
        .filter(level=Level.COMMUNE, is_active=True)
        .order_by("province__sort_key", "sort_key", "name")
    )


class FilterForm(VietnameseMessages, forms.Form):
    area = AreaField(label=_("Địa bàn"), queryset=Area.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int, required=False)
    project = ProjectField(label=_("Dự án"), queryset=Project.objects.none(), required=False)
    late = forms.BooleanField(label=_("Chỉ dự án giải ngân chậm"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(level__lte=Level.COMMUNE, is_active=True)
            .order_by("level", "province__sort_key", "sort_key", "name")
        )
        self.fields["project"].queryset = Project.objects.select_related("parent")  # type: ignore[attr-defined]


class CommuneProjectForm(VietnameseMessages, forms.Form):
    area = AreaField(label=_("Xã, phường"), queryset=Area.objects.none())
    project = ProjectField(label=_("Dự án, tiểu dự án"), queryset=Project.objects.none())
    lead = OrganisationField(label=_("Đơn vị chủ trì"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = communes_of(user)  # type: ignore[attr-defined]
        self.fields["project"].queryset = Project.objects.select_related("parent")  # type: ignore[attr-defined]
        self.fields["lead"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.for_user(user)
            .filter(kind=Organisation.OrgKind.AGENCY, is_active=True)
            .order_by("name_sort", "pk")
        )


class AllocationForm(VietnameseMessages, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    source = forms.ChoiceField(label=_("Nguồn vốn"), choices=SOURCES)
    amount = money(_("Số tiền được giao"))
    decision = forms.CharField(label=_("Số quyết định giao vốn"), max_length=100)
    decided_on = date_field(_("Ngày quyết định"))
    balanced_by = OrganisationField(
        label=_("Đơn vị tham mưu cân đối ngân sách"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    q1 = DecimalField(label=_("Lũy kế đến hết quý I (%)"), required=False)
    q2 = DecimalField(label=_("Lũy kế đến hết quý II (%)"), required=False)
    q3 = DecimalField(label=_("Lũy kế đến hết quý III (%)"), required=False)
    q4 = DecimalField(label=_("Lũy kế đến hết quý IV (%)"), required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["balanced_by"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            area=area, kind=Organisation.OrgKind.AGENCY, is_active=True
        ).order_by("name_sort", "pk")

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        shares = [data.pop(q) for q in ("q1", "q2", "q3", "q4")]
        schedule: list[tuple[date, Decimal]] = [
            (until, share)
            for until, share in zip(quarter_ends(data["year"]), shares, strict=True)
            if share is not None
        ]
        data["schedule"] = schedule
        return data


class AdjustmentForm(VietnameseMessages, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    source = forms.ChoiceField(label=_("Nguồn vốn"), choices=SOURCES)
    amount = money(_("Số tiền điều chỉnh (ghi dấu trừ nếu giảm)"))
    decision = forms.CharField(label=_("Số quyết định điều chỉnh"), max_length=100)
    decided_on = date_field(_("Ngày quyết định"))
    reason = forms.CharField(label=_("Lý do"), max_length=250)


class CommitmentForm(VietnameseMessages, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    signed_on = date_field(_("Ngày ký, phê duyệt"))
    amount = money(_("Số tiền"))
    document = forms.CharField(label=_("Số hợp đồng, văn bản"), max_length=100)
    content = forms.CharField(label=_("Nội dung"), max_length=250)


class DisbursementForm(VietnameseMessages, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    paid_on = date_field(_("Ngày giải ngân"), today=True)
    amount = money(_("Số tiền giải ngân"))
    document = forms.CharField(label=_("Số chứng từ"), max_length=100)
    content = forms.CharField(label=_("Nội dung"), max_length=250, required=False)


class OutputForm(VietnameseMessages, forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    description = forms.CharField(label=_("Sản phẩm, kết quả"), max_length=250)
    quantity = DecimalField(label=_("Số lượng"), required=False)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    achieved_on = date_field(_("Ngày hoàn thành"))


class IndicatorValueForm(VietnameseMessages, forms.Form):
    indicator = IdChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.none())
    area = AreaField(label=_("Xã, phường"), queryset=Area.objects.none())
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    part = forms.IntegerField(label=_("Số đạt"), min_value=0)
    whole = forms.IntegerField(label=_("Tổng số"), min_value=0)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=250)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(measure=Measure.ENTERED)  # type: ignore[attr-defined]
        self.fields["area"].queryset = communes_of(user)  # type: ignore[attr-defined]


class IndicatorTargetForm(VietnameseMessages, forms.Form):
    indicator = IdChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.all())
    year = forms.TypedChoiceField(label=_("Năm"), choices=YEARS, coerce=int)
    target = DecimalField(label=_("Chỉ tiêu của năm (%)"))
    baseline = DecimalField(label=_("Giá trị cơ sở (%)"), required=False)
    baseline_year = forms.IntegerField(
        label=_("Năm của giá trị cơ sở"), min_value=2000, max_value=2030, required=False
    )


class LeadForm(VietnameseMessages, forms.Form):
    lead = OrganisationField(label=_("Đơn vị chủ trì"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            area__commune_id=area.pk, kind=Organisation.OrgKind.AGENCY, is_active=True
        ).order_by("name_sort", "pk")
