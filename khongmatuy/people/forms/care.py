"""Forms of the care pages (supervisors, visits, tests, follow-ups, support, policies).

They parse and validate input only; the services decide (dates in the future, roles, scope) and
their refusals are put back on these forms by the views.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import DATE_WIDGET
from khongmatuy.common.roles import Role
from khongmatuy.common.scoping import scope_for

from ..choices import (
    Category,
    ContactForm,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
)
from ..models import Person
from ..rules import care

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _date_field(label: Any, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if today else None,
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")},
    )


class SupervisorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


def supervisor_accounts(person: Person) -> Any:
    """Accounts with the supervisor role bound to the person's group, commune, province or the
    whole country: the ones ``supervision_assign`` accepts."""
    area = person.area
    ancestors = {area.pk, area.commune_id, area.province_id} - {None}
    return (
        User.objects.filter(role=Role.SUPERVISOR, is_active=True)
        .filter(
            Q(area_assignments__area_id__in=ancestors)
            | Q(area_assignments__area__level=Level.COUNTRY)
        )
        .distinct()
        .order_by("full_name", "username")
    )


class SupervisionForm(forms.Form):
    supervisor_user = SupervisorChoiceField(
        label=_("Tài khoản người giúp đỡ (nếu có)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Không có tài khoản —"),
    )
    name = forms.CharField(
        label=_("Họ tên người được giao"),
        max_length=150,
        required=False,
        help_text=_("Để trống nếu chọn tài khoản: lấy họ tên của tài khoản."),
    )
    kind = forms.ChoiceField(label=_("Thành phần"), choices=SupervisorKind.choices)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    started_on = _date_field(_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú (phụ cấp…)"), max_length=250, required=False)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor_user"].queryset = supervisor_accounts(person)  # type: ignore[attr-defined]


class SupervisionEndForm(forms.Form):
    ended_on = _date_field(_("Ngày kết thúc"))


class ContactRecordForm(forms.Form):
    contacted_on = _date_field(_("Ngày"))
    form = forms.ChoiceField(
        label=_("Hình thức"),
        choices=ContactForm.choices,
        initial=ContactForm.HOME_VISIT,
        widget=forms.RadioSelect,
    )
    content = forms.CharField(label=_("Nội dung"), widget=TEXTAREA)
    observations = forms.CharField(label=_("Nhận xét, biểu hiện"), widget=TEXTAREA, required=False)
    next_step = forms.CharField(label=_("Việc tiếp theo"), max_length=250, required=False)


class DrugTestForm(forms.Form):
    tested_on = _date_field(_("Ngày xét nghiệm"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=TestReason.choices)
    method = forms.ChoiceField(label=_("Phương pháp"), choices=TestMethod.choices)
    kit_or_lab = forms.CharField(
        label=_("Loại que thử / phòng xét nghiệm"), max_length=150, required=False
    )
    substances = forms.CharField(
        label=_("Chất ma túy xét nghiệm"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Morphin, Methamphetamine, MDMA, Ketamine, THC"),
    )
    result = forms.ChoiceField(label=_("Kết quả"), choices=TestResult.choices)
    performed_by = forms.CharField(label=_("Người thực hiện"), max_length=150)


class FollowUpResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Kết quả xử lý"),
        max_length=250,
        help_text=_("Ví dụ: đã lập hồ sơ xác định tình trạng nghiện; ra quyết định quản lý mới."),
    )
    resolved_on = _date_field(_("Ngày xử lý xong"))


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportKind.choices)
    provided_on = _date_field(_("Ngày"))
    provider = forms.CharField(label=_("Đơn vị, người thực hiện"), max_length=200)
    outcome = forms.CharField(label=_("Kết quả"), max_length=250, required=False)


class AreaFilterForm(forms.Form):
    """Narrow a list to one commune or residential group the user sees."""

    area = forms.ModelChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Province-wide users filter by commune (a province has thousands of groups).
        scope = scope_for(user)
        levels = (
            [Level.COMMUNE]
            if scope.everything or scope.province_ids
            else [
                Level.COMMUNE,
                Level.GROUP,
            ]
        )
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.for_user(user)
            .filter(is_active=True, level__in=levels)
            .order_by("commune__sort_key", "level", "sort_key")
        )

    def selected_area(self) -> Area | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["area"]  # type: ignore[no-any-return]
        return None


class CarePolicyForm(forms.Form):
    """One pair of fields per category: days between contacts (0 = not tracked), between tests."""

    def __init__(self, *args: Any, policies: dict[str, care.Policy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[str, Any, care.Policy]] = []
        for category in Category:
            policy = policies[category]
            self.fields[f"contact_{category.value}"] = forms.IntegerField(
                label=_("Tiếp xúc (ngày một lần)"),
                min_value=0,
                max_value=care.MAX_INTERVAL_DAYS,
                required=False,
                initial=policy.contact_interval_days,
            )
            self.fields[f"test_{category.value}"] = forms.IntegerField(
                label=_("Xét nghiệm (ngày một lần)"),
                min_value=1,
                max_value=care.MAX_INTERVAL_DAYS,
                required=False,
                initial=policy.test_interval_days,
            )
            self.rows.append((category.value, category.label, policy))

    def bound_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField, care.Policy]]:
        return [
            (label, self[f"contact_{code}"], self[f"test_{code}"], policy)
            for code, label, policy in self.rows
        ]

    def changes(self, policies: dict[str, care.Policy]) -> list[tuple[str, int | None, int | None]]:
        """``(category, contact, test)`` of the categories whose values differ from now."""
        out = []
        for code, _label, policy in self.rows:
            contact = self.cleaned_data.get(f"contact_{code}") or None
            test = self.cleaned_data.get(f"test_{code}")
            if (contact, test) != (policy.contact_interval_days, policy.test_interval_days):
                out.append((code, contact, test))
        return out
