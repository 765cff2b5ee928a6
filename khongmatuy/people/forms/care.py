"""Forms of the care pages (supervisors, visits, tests, follow-ups, support, policies).

They parse and validate input only; the services decide (dates in the future, roles, scope) and
their refusals are put back on these forms by the views. Choice and date fields are declared
here (today as the initial date; a test's reason, method and result start blank and must be
chosen, ``fields.legal_choice``); the others come from the model.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.forms import IdChoiceField, ParseOnlyModelForm, date_field
from khongmatuy.common.roles import Role
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.widgets import area_autocomplete

from ..choices import (
    Category,
    ContactForm,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
)
from ..models import Contact, DrugTest, FollowUp, Person, Supervision, SupportService
from ..rules import care
from .fields import chosen_area_or_404, legal_choice

TEXTAREA = forms.Textarea(attrs={"rows": 3})


_date_field = partial(date_field, today=True)


class SupervisorChoiceField(IdChoiceField):
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
        .order_by("name_sort", "username")
    )


class SupervisionForm(ParseOnlyModelForm):
    """Who is given the person to help and supervise: an account, or only a name."""

    supervisor_user = SupervisorChoiceField(
        label=_("Tài khoản người giúp đỡ (nếu có)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Không có tài khoản —"),
    )
    # Optional here: the service takes the account's name when it is left empty.
    name = forms.CharField(
        label=_("Họ tên người được giao"),
        max_length=150,
        required=False,
        help_text=_("Để trống nếu chọn tài khoản: lấy họ tên của tài khoản."),
    )
    kind = forms.ChoiceField(label=_("Thành phần"), choices=SupervisorKind.choices)
    started_on = _date_field(_("Từ ngày"))

    class Meta:
        model = Supervision
        fields = ("supervisor_user", "name", "kind", "phone", "started_on", "note")
        labels = {"phone": _("Điện thoại"), "note": _("Ghi chú (phụ cấp…)")}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor_user"].queryset = supervisor_accounts(person)  # type: ignore[attr-defined]


class SupervisionEndForm(ParseOnlyModelForm):
    ended_on = _date_field(_("Ngày kết thúc"))

    class Meta:
        model = Supervision
        fields = ("ended_on",)


class ContactRecordForm(ParseOnlyModelForm):
    contacted_on = _date_field(_("Ngày"))
    form = forms.ChoiceField(
        label=_("Hình thức"),
        choices=ContactForm.choices,
        initial=ContactForm.HOME_VISIT,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Contact
        fields = ("contacted_on", "form", "content", "observations", "next_step")
        labels = {
            "content": _("Nội dung"),
            "observations": _("Nhận xét, biểu hiện"),
            "next_step": _("Việc tiếp theo"),
        }
        widgets = {"content": TEXTAREA, "observations": TEXTAREA}


class DrugTestForm(ParseOnlyModelForm):
    tested_on = _date_field(_("Ngày xét nghiệm"))
    reason = legal_choice(_("Lý do"), TestReason.choices)
    method = legal_choice(_("Phương pháp"), TestMethod.choices)
    result = legal_choice(_("Kết quả"), TestResult.choices)

    class Meta:
        model = DrugTest
        fields = (
            "tested_on",
            "reason",
            "method",
            "kit_or_lab",
            "substances",
            "result",
            "performed_by",
        )
        labels = {
            "kit_or_lab": _("Loại que thử / phòng xét nghiệm"),
            "substances": _("Chất ma túy xét nghiệm"),
            "performed_by": _("Người thực hiện"),
        }
        help_texts = {"substances": _("Ví dụ: Morphin, Methamphetamine, MDMA, Ketamine, THC")}


class FollowUpResolveForm(ParseOnlyModelForm):
    # Required here: resolving a follow-up says how it was resolved.
    resolution = forms.CharField(
        label=_("Kết quả xử lý"),
        max_length=250,
        help_text=_("Ví dụ: đã lập hồ sơ xác định tình trạng nghiện; ra quyết định quản lý mới."),
    )
    resolved_on = _date_field(_("Ngày xử lý xong"))

    class Meta:
        model = FollowUp
        fields = ("resolution", "resolved_on")


class SupportForm(ParseOnlyModelForm):
    kind = forms.ChoiceField(label=_("Hình thức hỗ trợ"), choices=SupportKind.choices)
    provided_on = _date_field(_("Ngày"))

    class Meta:
        model = SupportService
        fields = ("kind", "provided_on", "provider", "outcome")
        labels = {"provider": _("Đơn vị, người thực hiện"), "outcome": _("Kết quả")}


class AreaFilterForm(forms.Form):
    """Narrow a list to one commune or residential group the user sees."""

    area = IdChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
        widget=area_autocomplete(levels=(Level.COMMUNE, Level.GROUP)),
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
        """The chosen area, or ``None``; an area the user does not see is a 404."""
        area: Area | None = chosen_area_or_404(self)
        return area


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
