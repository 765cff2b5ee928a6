"""Forms of the tips pages. They parse and validate input; the services decide.

The public form also carries the spam checks that need no outside service: a honeypot field
(``website``, hidden from people, filled by naive bots) and a signed render timestamp
(``token``): a submission faster than ``KMT_TIP_MIN_SECONDS`` (default 3 s) after the page was
rendered, or older than 2 hours, is refused. The rate limit per source is in the service.

The forms that enter or change a tip are ``ParseOnlyModelForm``s over ``Tip``: fields they do not
declare come from the model. A step that only carries a note or a reason (start, extend) and the
assignment (its field is the officer, not a column of the tip) stay plain forms.
"""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as dtime
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import Case
from khongmatuy.common.forms import IdChoiceField, ParseOnlyModelForm, date_field
from khongmatuy.common.versioning import VersionedForm
from khongmatuy.common.widgets import area_autocomplete, person_autocomplete
from khongmatuy.people.forms.fields import PersonChoiceField
from khongmatuy.people.models import Person
from khongmatuy.places.models import Place

from . import selectors
from .models import Tip

TEXTAREA = forms.Textarea(attrs={"rows": 4})
TOKEN_SALT = "khongmatuy.tips.public-form"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE = 2 * 60 * 60


def min_seconds() -> float:
    return float(getattr(settings, "KMT_TIP_MIN_SECONDS", 3))


def new_token() -> str:
    return signing.dumps({"t": time.time()}, salt=TOKEN_SALT)


class AreaChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Level.GROUP and obj.commune_id and obj.commune_id != obj.pk:
            return f"{obj.display_name} ({obj.commune.display_name})"
        return str(obj.display_name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the service checks their number, size and type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class PublicTipForm(ParseOnlyModelForm):
    category = forms.ChoiceField(
        label=_("Bạn muốn báo về việc gì?"),
        choices=Tip.Category.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Mô tả sự việc"),
        max_length=5000,
        widget=TEXTAREA,
        help_text=_("Ai, làm gì, dấu hiệu bạn thấy. Không cần ghi tên bạn."),
    )
    province = IdChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Area.objects.none(),
        empty_label=_("— Chọn tỉnh, thành phố —"),
    )
    area = AreaChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=Area.objects.none(),
        empty_label=_("— Chọn xã, phường —"),
    )
    photos = MultipleFileField(
        label=_("Ảnh (không bắt buộc)"),
        required=False,
        help_text=_("Tối đa 3 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB."),
    )
    # Honeypot: hidden from people (``hidden`` on its wrapper), left empty by them.
    website = forms.CharField(label=_("Trang web"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Tip
        # What ``services.tip_submit_public`` receives, besides the photos.
        fields = (
            "category",
            "description",
            "area",
            "location_text",
            "occurred_text",
            "contact_name",
            "contact_phone",
            "contact_email",
        )
        labels = {
            "location_text": _("Địa điểm cụ thể"),
            "occurred_text": _("Thời gian xảy ra"),
            "contact_name": _("Họ tên"),
            "contact_phone": _("Điện thoại"),
            "contact_email": _("Thư điện tử"),
        }
        help_texts = {
            "location_text": _("Số nhà, ngõ, tên quán, mô tả nơi xảy ra…"),
            "occurred_text": _("Ví dụ: tối thứ Bảy hằng tuần, khoảng 22 giờ."),
        }

    field_order = (
        "category",
        "description",
        "province",
        "area",
        "location_text",
        "occurred_text",
        "photos",
    )

    def __init__(self, *args: Any, province_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = selectors.provinces()  # type: ignore[attr-defined]
        # htmx: choosing a province reloads the commune select (one URL, a named partial).
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("tips:public_new"),
                "hx-trigger": "change",
                "hx-target": "#commune-field",
                "hx-swap": "outerHTML",
            }
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        chosen = province_id
        if self.is_bound:
            try:
                chosen = int(self.data.get("province") or 0) or None
            except (TypeError, ValueError):
                chosen = None
        self.fields["area"].queryset = selectors.communes_of(chosen)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["token"] = new_token()
            if province_id:
                self.initial["province"] = province_id

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("Trang đã mở quá 2 giờ. Vui lòng kiểm tra lại nội dung rồi gửi lại.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("Không gửi được tin báo. Vui lòng thử lại.")) from None
        elapsed = time.time() - float(data.get("t", 0))
        if elapsed > TOKEN_MAX_AGE:  # the signed render time, checked as well as the signature's
            raise forms.ValidationError(
                _("Trang đã mở quá 2 giờ. Vui lòng kiểm tra lại nội dung rồi gửi lại.")
            )
        if elapsed < min_seconds():
            raise forms.ValidationError(
                _("Bạn gửi quá nhanh. Vui lòng kiểm tra lại nội dung rồi bấm gửi lại.")
            )
        return str(token)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        province, area = data.get("province"), data.get("area")
        if province is not None and area is not None and area.province_id != province.pk:
            self.add_error("area", _("Xã, phường không thuộc tỉnh, thành phố đã chọn."))
        if data.get("website"):  # the honeypot: shown on top, the field itself is hidden
            self.add_error(None, _("Không gửi được tin báo. Vui lòng thử lại."))
        if data.get("website") or self.errors.get("token"):
            # A refused submission gets a fresh token so the person can send again.
            fresh: Any = self.data.copy()  # type: ignore[attr-defined]
            fresh["token"] = new_token()
            self.data = fresh
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.Meta.fields},
            "photos": data["photos"],
            "form_token": data["token"],
        }


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TipRecordForm(ParseOnlyModelForm):
    channel = forms.ChoiceField(
        label=_("Nguồn tin"),
        choices=[c for c in Tip.Channel.choices if c[0] != Tip.Channel.PUBLIC_FORM],
    )
    received_on = date_field(_("Ngày tiếp nhận"), today=True)
    received_time = forms.TimeField(label=_("Giờ tiếp nhận"), required=False, help_text="hh:mm")
    category = forms.ChoiceField(label=_("Nội dung"), choices=Tip.Category.choices)
    area = AreaChoiceField(
        label=_("Địa bàn xảy ra"), queryset=Area.objects.none(), widget=area_autocomplete()
    )

    class Meta:
        model = Tip
        # ``received_on`` and ``received_time`` make the service's ``received_at``.
        fields = (
            "channel",
            "category",
            "area",
            "description",
            "location_text",
            "occurred_text",
            "contact_name",
            "contact_phone",
            "contact_email",
        )
        labels = {
            "description": _("Nội dung tố giác, tin báo"),
            "location_text": _("Địa điểm"),
            "occurred_text": _("Thời gian xảy ra"),
        }
        widgets = {"description": TEXTAREA}

    field_order = ("channel", "received_on", "received_time")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = selectors.area_choices(user=user)  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        moment = datetime.combine(data.pop("received_on"), data.pop("received_time") or dtime(0, 0))
        data["received_at"] = timezone.make_aware(moment)
        return data


class ClassifyForm(VersionedForm, ParseOnlyModelForm):
    category = forms.ChoiceField(label=_("Nội dung"), choices=Tip.Category.choices)
    area = AreaChoiceField(
        label=_("Địa bàn xảy ra"), queryset=Area.objects.none(), widget=area_autocomplete()
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)

    class Meta:
        model = Tip
        fields = ("category", "area")

    def __init__(self, *args: Any, user: User, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, instance=tip, **kwargs)
        self.fields["area"].queryset = selectors.area_choices(user=user)  # type: ignore[attr-defined]


class OfficerChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


class AssignForm(VersionedForm, forms.Form):
    officer = OfficerChoiceField(label=_("Cán bộ xác minh"), queryset=User.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)

    def __init__(self, *args: Any, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, record=tip, **kwargs)
        self.fields["officer"].queryset = selectors.assignable_officers(tip=tip)  # type: ignore[attr-defined]


class StartForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=250, required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        max_length=200,
        help_text=_(
            "Vụ việc phức tạp, phải xác minh ở nhiều nơi; lần hai cần quyết định của Viện kiểm sát."
        ),
    )
    procuracy_decision_number = forms.CharField(
        label=_("Số quyết định gia hạn của Viện kiểm sát"), max_length=100, required=False
    )
    procuracy_decision_date = date_field(_("Ngày quyết định"), required=False)

    def __init__(self, *args: Any, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if tip.extensions == 0:  # the first extension is the investigating body's own
            del self.fields["procuracy_decision_number"]
            del self.fields["procuracy_decision_date"]
        else:  # Art. 147(2): the second is the Procuracy's decision
            self.fields["procuracy_decision_number"].required = True
            self.fields["procuracy_decision_date"].required = True


class LinkChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class CloseForm(ParseOnlyModelForm):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Tip.Outcome.choices)
    outcome_note = forms.CharField(label=_("Kết quả xác minh, lý do"), widget=TEXTAREA)
    place = LinkChoiceField(
        label=_("Điểm đã có"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )
    new_place = forms.BooleanField(
        label=_("Tạo điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy mới"), required=False
    )
    new_place_name = forms.CharField(
        label=_("Tên, mô tả ngắn của điểm mới"), max_length=200, required=False
    )
    new_place_address = forms.CharField(label=_("Địa chỉ điểm mới"), max_length=250, required=False)
    new_place_description = forms.CharField(
        label=_("Mô tả điểm mới"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    person = PersonChoiceField(
        label=_("Người liên quan"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— Không —"),
        widget=person_autocomplete(),
    )
    case = LinkChoiceField(
        label=_("Vụ việc liên quan"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )

    class Meta:
        model = Tip
        fields = ("outcome", "outcome_note", "place", "person", "case")

    field_order = (
        "outcome",
        "outcome_note",
        "place",
        "new_place",
        "new_place_name",
        "new_place_address",
        "new_place_description",
    )

    # Keys of ``place_create``'s refusals, shown next to the new place's fields.
    PLACE_KEYS = {
        "name": "new_place_name",
        "address": "new_place_address",
        "description": "new_place_description",
        "area": "new_place",
        "kind": "new_place",
        "discovered_on": "new_place",
        "latitude": "new_place",
        "longitude": "new_place",
    }

    def __init__(self, *args: Any, user: User, tip: Tip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in selectors.link_choices(user=user, tip=tip).items():
            self.fields[name].queryset = qs  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_place") and not (data.get("new_place_name") or "").strip():
            self.add_error("new_place_name", _("Nhập tên hoặc mô tả ngắn của điểm mới."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        from .services import NewPlace

        data = self.cleaned_data
        new_place = (
            NewPlace(
                name=data["new_place_name"],
                address=data["new_place_address"],
                description=data["new_place_description"],
            )
            if data["new_place"]
            else None
        )
        return {
            "outcome": data["outcome"],
            "note": data["outcome_note"],
            "place": data["place"],
            "person": data["person"],
            "case": data["case"],
            "new_place": new_place,
        }


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", _("— Đang xử lý —")), *Tip.Status.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Nội dung"), choices=[("", _("— Tất cả —")), *Tip.Category.choices], required=False
    )
    # A search box above KMT_AUTOCOMPLETE_OVER areas: a city's dropdown of every group took seconds.
    area = AreaChoiceField(
        label=_("Địa bàn"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("— Tất cả địa bàn được giao —"),
        widget=area_autocomplete(),
    )
    overdue = forms.BooleanField(label=_("Chỉ tin quá hạn"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = selectors.area_choices(user=user)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return {
                "status": data["status"],
                "category": data["category"],
                "area": data["area"],
                "overdue": data["overdue"],
            }
        return {}
