"""Forms of the plans pages. They parse input only; the services decide, and their refusals are
put back on these forms by the views. A required "rõ" left empty gets the service's own message."""

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
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.criteria.models import Roadmap
from khongmatuy.tips.forms import AreaChoiceField

from . import selectors
from .choices import (
    DocumentKind,
    MeetingKind,
    Recurrence,
    RewardKind,
    RewardStage,
    RewardSubject,
    TaskStatus,
)
from .models import PlanDocument

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

CHOOSE = [("", _("— Chọn —"))]
ALL = [("", _("— Tất cả —"))]
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class OrganisationField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganisationsField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def organisations_of(area: Area | None, *, user: User) -> Any:
    """The organisations located in a commune (or any the user sees when no area is fixed)."""
    qs = Organisation.objects.for_user(user).filter(is_active=True)
    if area is not None:
        qs = (
            qs.filter(area__province_id=area.pk)
            if area.level == 1
            else qs.filter(area__commune_id=area.pk)
        )
    return qs.order_by("name_sort", "pk")


class DocumentForm(VersionedForm, VietnameseMessages, forms.Form):
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=CHOOSE + DocumentKind.choices)
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=60,
        help_text=_("Như in trên văn bản, ví dụ 15/KH-UBND hoặc 03-NQ/ĐU."),
    )
    issued_on = date_field(_("Ngày ban hành"))
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False)
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, widget=TEXTAREA)
    period_start = date_field(_("Thực hiện từ ngày"), required=False)
    period_end = date_field(_("Đến ngày"), required=False)
    implements = IdChoiceField(
        label=_("Thực hiện văn bản cấp trên"), queryset=PlanDocument.objects.none(), required=False
    )
    implements_text = forms.CharField(
        label=_("Văn bản cấp trên (nếu chưa có trong hệ thống)"), max_length=250, required=False
    )
    roadmap = IdChoiceField(
        label=_("Lộ trình xây dựng địa bàn không ma túy"),
        queryset=Roadmap.objects.none(),
        required=False,
    )
    targets = forms.CharField(label=_("Mục tiêu, chỉ tiêu"), required=False, widget=TEXTAREA)
    file = forms.FileField(
        label=_("Tệp văn bản (PDF hoặc ảnh)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def __init__(self, *args: Any, user: User, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = selectors.commune_choices(user=user)  # type: ignore[attr-defined]
        self.fields["implements"].queryset = (  # type: ignore[attr-defined]
            PlanDocument.objects.for_user(user).order_by("-issued_on", "-pk")
        )
        self.fields["roadmap"].queryset = Roadmap.objects.for_user(user).order_by("pk")  # type: ignore[attr-defined]
        if editing:
            del self.fields["area"]


class TaskForm(VersionedForm, VietnameseMessages, forms.Form):
    section = forms.CharField(label=_("Mục trong văn bản"), max_length=50, required=False)
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ (rõ việc)"),
        widget=TEXTAREA,
        error_messages={"required": _("Rõ việc: ghi nội dung nhiệm vụ.")},
    )
    lead = OrganisationField(
        label=_("Đơn vị chủ trì (rõ trách nhiệm)"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Rõ trách nhiệm: chọn đơn vị chủ trì.")},
    )
    coordinators = OrganisationsField(
        label=_("Đơn vị phối hợp"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    officer_name = forms.CharField(
        label=_("Người chịu trách nhiệm (rõ người)"),
        max_length=150,
        error_messages={"required": _("Rõ người: ghi người chịu trách nhiệm thực hiện.")},
    )
    officer_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    recurrence = forms.ChoiceField(
        label=_("Thời hạn (rõ thời gian)"),
        choices=CHOOSE + Recurrence.choices,
        error_messages={
            "required": _("Rõ thời gian: chọn thời hạn một lần hay hằng tháng, hằng quý, hằng năm.")
        },
    )
    first_due_on = date_field(_("Hạn (hạn đầu tiên nếu lặp lại)"))
    repeat_until = date_field(_("Lặp lại đến ngày"), required=False)
    expected_output = forms.CharField(
        label=_("Sản phẩm (rõ sản phẩm)"),
        max_length=500,
        error_messages={
            "required": _("Rõ sản phẩm: ghi sản phẩm phải có (báo cáo, kế hoạch, số liệu…).")
        },
    )
    accepting_authority = forms.CharField(
        label=_("Cấp nghiệm thu (rõ thẩm quyền)"),
        max_length=200,
        error_messages={"required": _("Rõ thẩm quyền: ghi cấp nghiệm thu, đánh giá kết quả.")},
    )

    def __init__(self, *args: Any, user: User, area: Area | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_due_on"].error_messages["required"] = _(
            "Rõ thời gian: ghi thời hạn (hạn đầu tiên)."
        )
        organisations = organisations_of(area, user=user)
        self.fields["lead"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["coordinators"].queryset = organisations  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["coordinators"] = list(data["coordinators"])
        return data


class ProgressForm(VietnameseMessages, forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    text_done = forms.CharField(label=_("Kết quả thực hiện"), widget=TEXTAREA)
    done = forms.BooleanField(
        label=_("Đã hoàn thành, đề nghị nghiệm thu"), required=False, initial=False
    )
    evidence = forms.FileField(
        label=_("Tài liệu minh chứng (PDF hoặc ảnh)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class ReviewForm(VietnameseMessages, forms.Form):
    """The accepting authority's decision: accept, or return with the reason."""

    decision = forms.ChoiceField(
        label=_("Kết quả nghiệm thu"),
        choices=[*CHOOSE, ("accept", _("Nghiệm thu")), ("return", _("Trả lại, làm lại"))],
    )
    note = forms.CharField(
        label=_("Nhận xét, lý do trả lại"), max_length=250, required=False, widget=TEXTAREA
    )


class TaskFilterForm(VietnameseMessages, forms.Form):
    q = forms.CharField(label=_("Tìm nội dung"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=ALL + TaskStatus.choices, required=False
    )
    due = forms.ChoiceField(
        label=_("Thời hạn"),
        choices=[*ALL, ("overdue", _("Quá hạn")), ("soon", _("Sắp đến hạn"))],
        required=False,
    )
    lead = OrganisationField(
        label=_("Đơn vị chủ trì"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— Tất cả —"),
    )
    document = IdChoiceField(
        label=_("Kế hoạch"),
        queryset=PlanDocument.objects.none(),
        required=False,
        empty_label=_("— Tất cả —"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = organisations_of(None, user=user)  # type: ignore[attr-defined]
        self.fields["document"].queryset = (  # type: ignore[attr-defined]
            PlanDocument.objects.for_user(user).order_by("-issued_on", "-pk")
        )

    def filters(self) -> selectors.TaskFilters:
        if self.is_bound and self.is_valid():
            return selectors.TaskFilters(**self.cleaned_data)
        return selectors.TaskFilters()


class MeetingForm(VietnameseMessages, forms.Form):
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=CHOOSE + MeetingKind.choices)
    held_on = date_field(_("Ngày họp"), today=True)
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=250)
    chair = forms.CharField(label=_("Người chủ trì"), max_length=150)
    attendees = forms.CharField(label=_("Thành phần tham dự"), widget=TEXTAREA)
    conclusions = forms.CharField(label=_("Kết luận"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = selectors.commune_choices(user=user)  # type: ignore[attr-defined]


class RewardForm(VietnameseMessages, forms.Form):
    area = AreaChoiceField(label=_("Địa bàn"), queryset=Area.objects.none())
    kind = forms.ChoiceField(
        label=_("Khen thưởng hay kỷ luật"), choices=CHOOSE + RewardKind.choices
    )
    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=CHOOSE + RewardStage.choices)
    subject = forms.ChoiceField(
        label=_("Tập thể hay cá nhân"), choices=CHOOSE + RewardSubject.choices
    )
    recipient = forms.CharField(label=_("Tập thể, cá nhân"), max_length=200)
    form = forms.CharField(label=_("Hình thức"), max_length=200)
    reason = forms.CharField(label=_("Lý do, thành tích hoặc vi phạm"), widget=TEXTAREA)
    proposed_on = date_field(_("Ngày đề nghị"), today=True)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    decision_authority = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    document = IdChoiceField(
        label=_("Kế hoạch"), queryset=PlanDocument.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = selectors.commune_choices(user=user)  # type: ignore[attr-defined]
        self.fields["document"].queryset = (  # type: ignore[attr-defined]
            PlanDocument.objects.for_user(user).order_by("-issued_on", "-pk")
        )


class DecideForm(VietnameseMessages, forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = date_field(_("Ngày quyết định"))
    decision_authority = forms.CharField(label=_("Cấp quyết định"), max_length=200)
