"""The people registry's write API: register and edit a person, record a visit or a drug test,
open and complete a management measure, accept or refuse a transfer. Each route calls the same
service as the page (``people.services``): same checks, same audit, one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from khongmatuy.areas.models import Area
from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.common.api import (
    BOOLEAN_ERRORS,
    INTEGER_ERRORS,
    TEXT_ERRORS,
    choice_field,
    date_input,
    id_input,
    text_input,
)
from khongmatuy.common.api_registry import action_view
from khongmatuy.common.errors import DomainError
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from ..choices import ContactForm, EpisodeKind, Sex, TestMethod, TestReason, TestResult
from ..selectors import episodes as episode_selectors
from ..selectors import transfers as transfer_selectors
from ..selectors.persons import search as person_selectors
from ..services import care, transfers
from ..services import episodes as episode_services
from ..services import persons as person_services
from .reads import (
    TAG,
    ContactOutput,
    DrugTestOutput,
    EpisodeOutput,
    PersonOutput,
    TransferOutput,
    record_persons,
)

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _today() -> Any:
    return timezone.localdate()


# --- Persons --------------------------------------------------------------------------------


class PersonInput(serializers.Serializer[Any]):
    """A person's identity and residence (``PersonFields``); on an edit, only the keys sent
    change, and ``version`` (from the last read) refuses a save over someone else's."""

    area = id_input("Mã địa bàn quản lý (tổ dân phố, thôn hoặc xã, phường).")
    full_name = text_input(150, "Họ và tên.", required=True)
    aliases = text_input(250, "Tên gọi khác, biệt danh.")
    sex = choice_field(Sex.choices, help_text="Giới tính.")
    date_of_birth = date_input("Ngày sinh.", required=False)
    citizen_id = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=12,
        error_messages=TEXT_ERRORS,
        help_text="Số định danh cá nhân (CCCD), 12 chữ số.",
    )
    permanent_area = id_input("Mã địa bàn thường trú.", required=False)
    permanent_address = text_input(250, "Địa chỉ thường trú.")
    current_address = text_input(250, "Nơi ở hiện tại.")
    phone = text_input(20, "Điện thoại.")
    occupation = text_input(150, "Nghề nghiệp.")
    education = text_input(150, "Trình độ học vấn, trường học.")
    family_contacts = text_input(2000, "Người thân, liên hệ gia đình.")
    notes = text_input(2000, "Ghi chú nghiệp vụ.")
    psychosis = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=BOOLEAN_ERRORS,
        help_text="Có biểu hiện loạn thần.",
    )
    psychosis_note = text_input(250, "Ghi chú biểu hiện loạn thần.")


class PersonEditInput(PersonInput):
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text="Phiên bản đã đọc (trường version); bản đã bị người khác sửa thì từ chối.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)


def _person_fields(user: User, data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if "area" in fields:
        fields["area"] = area_in_scope(user, fields["area"], "area")
    if "permanent_area" in fields:
        fields["permanent_area"] = area_in_scope(user, fields["permanent_area"], "permanent_area")
    if fields.get("citizen_id") == "":
        fields["citizen_id"] = None
    return fields


PersonCreate = action_view(
    name="persons-create",
    tag=TAG,
    summary="Đưa một người vào danh sách quản lý",
    description="Cùng kiểm tra như trang Thêm đối tượng: số CCCD hợp lệ và không trùng, địa bàn "
    "trong phạm vi. Trả 201 với hồ sơ vừa tạo.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=PersonInput,
    output=PersonOutput,
    created=True,
    perform=lambda user, _obj, data: person_services.person_register(
        actor=user, today=_today(), **_person_fields(user, data)
    ),
    shown=record_persons,
)
PersonUpdate = action_view(
    name="persons-partial-update",
    tag=TAG,
    summary="Sửa thông tin một người",
    description="Chỉ các trường gửi lên được thay đổi. Gửi version đã đọc để không ghi đè sửa "
    "đổi của người khác. Chuyển sang xã khác là chuyển địa bàn quản lý, không phải sửa.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=PersonEditInput,
    output=PersonOutput,
    method="patch",
    lookup=lambda user, pk: person_selectors.person_get_for_user(user=user, pk=pk),
    perform=lambda user, person, data: person_services.person_update(
        actor=user,
        person=person,
        today=_today(),
        version=data.pop("version", None),
        **_person_fields(user, data),
    ),
    shown=record_persons,
)


# --- Care -----------------------------------------------------------------------------------


class ContactInput(serializers.Serializer[Any]):
    contacted_on = date_input("Ngày tiếp xúc, thăm gặp.")
    form = choice_field(ContactForm.choices, help_text="Hình thức.")
    content = text_input(5000, "Nội dung.", required=True)
    observations = text_input(5000, "Nhận xét, biểu hiện.")
    next_step = text_input(250, "Việc tiếp theo.")


ContactRecord = action_view(
    name="persons-contacts-create",
    tag=TAG,
    summary="Ghi một lần tiếp xúc, thăm gặp",
    description="Công an, tổ trưởng và người được giao giúp đỡ chính người này ghi được.",
    capability=Capability.RECORD_CONTACTS,
    input_serializer=ContactInput,
    output=ContactOutput,
    created=True,
    lookup=lambda user, pk: person_selectors.person_get_for_user(user=user, pk=pk),
    perform=lambda user, person, data: care.contact_record(
        actor=user, person=person, today=_today(), **data
    ),
    shown=record_persons,
)


class DrugTestInput(serializers.Serializer[Any]):
    tested_on = date_input("Ngày xét nghiệm.")
    reason = choice_field(TestReason.choices, help_text="Lý do.")
    method = choice_field(TestMethod.choices, help_text="Phương pháp.")
    kit_or_lab = text_input(150, "Loại que thử / phòng xét nghiệm.")
    substances = text_input(200, "Chất ma túy xét nghiệm.")
    result = choice_field(TestResult.choices, help_text="Kết quả (không có mặc định).")
    performed_by = text_input(150, "Người thực hiện.", required=True)


DrugTestRecord = action_view(
    name="persons-drug-tests-create",
    tag=TAG,
    summary="Ghi một lần xét nghiệm chất ma túy",
    description="Chỉ công an. Kết quả dương tính mở việc cần xử lý tiếp.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=DrugTestInput,
    output=DrugTestOutput,
    created=True,
    lookup=lambda user, pk: person_selectors.person_get_for_user(user=user, pk=pk),
    perform=lambda user, person, data: care.drug_test_record(
        actor=user, person=person, today=_today(), **data
    ),
    shown=record_persons,
)


# --- Episodes -------------------------------------------------------------------------------


class EpisodeOpenInput(serializers.Serializer[Any]):
    kind = choice_field(EpisodeKind.choices, help_text="Biện pháp.")
    started_on = date_input("Ngày bắt đầu.")
    decision_number = text_input(100, "Số quyết định.")
    decision_date = date_input("Ngày quyết định.", required=False)
    authority = text_input(200, "Cơ quan, người quyết định.")
    planned_months = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=120,
        error_messages=INTEGER_ERRORS,
        help_text="Thời hạn (tháng), khi luật cho chọn.",
    )
    facility = text_input(200, "Cơ sở cai nghiện, điều trị.")


class EpisodeCompleteInput(serializers.Serializer[Any]):
    ended_on = date_input("Ngày kết thúc.")
    outcome = text_input(250, "Kết quả.")
    early_reason = text_input(60, "Lý do kết thúc trước hạn (nếu có).")
    addicted = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages=BOOLEAN_ERRORS,
        help_text="Kết luận xác định tình trạng nghiện (chỉ với biện pháp xác định nghiện).",
    )


def _episode(user: User, pk: int) -> Any:
    return episode_selectors.episode_get_for_user(user=user, pk=pk)


EpisodeOpen = action_view(
    name="persons-episodes-create",
    tag=TAG,
    summary="Mở một biện pháp quản lý, cai nghiện",
    description="Ngày hết hạn tính theo bảng quy định pháp luật (people/durations.py).",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=EpisodeOpenInput,
    output=EpisodeOutput,
    created=True,
    lookup=lambda user, pk: person_selectors.person_get_for_user(user=user, pk=pk),
    perform=lambda user, person, data: episode_services.episode_open(
        actor=user, person=person, today=_today(), **data
    ),
    shown=record_persons,
)
EpisodeComplete = action_view(
    name="episodes-complete",
    tag=TAG,
    summary="Kết thúc một biện pháp khi hết hạn",
    description="Không được kết thúc trước hạn nếu không có lý do luật cho phép.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=EpisodeCompleteInput,
    output=EpisodeOutput,
    lookup=_episode,
    perform=lambda user, episode, data: episode_services.episode_complete(
        actor=user, episode=episode, today=_today(), **data
    ),
    shown=record_persons,
)


# --- Transfers ------------------------------------------------------------------------------


class TransferProposeInput(serializers.Serializer[Any]):
    to_commune = id_input("Mã xã, phường, đặc khu nơi ở mới (bất kỳ tỉnh nào).")
    new_address = text_input(250, "Địa chỉ nơi ở mới.")
    summary = text_input(
        5000, "Tóm tắt hồ sơ gửi kèm (để trống: liệt kê diện, biện pháp đang áp dụng)."
    )


def _propose(user: User, person: Any, data: dict[str, Any]) -> Any:
    # Any commune of the country may receive: it is not in the proposer's scope.
    to_commune = Area.objects.filter(pk=data.pop("to_commune")).first()
    if to_commune is None:
        raise DomainError({"to_commune": [_("Chọn một xã, phường, đặc khu đang hoạt động.")]})
    return transfers.transfer_propose(actor=user, person=person, to_commune=to_commune, **data)


TransferPropose = action_view(
    name="persons-transfers-create",
    tag=TAG,
    summary="Đề nghị chuyển giao quản lý sang xã, phường nơi ở mới",
    description="Nơi đang quản lý đề nghị (Nghị định 105/2021/NĐ-CP, Điều 47); bên nhận quyết "
    "định qua /transfers/{id}/accept/ hoặc /refuse/. Trả 201.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=TransferProposeInput,
    output=TransferOutput,
    created=True,
    lookup=lambda user, pk: person_selectors.person_get_for_user(user=user, pk=pk),
    perform=_propose,
    shown=record_persons,
)


class TransferAcceptInput(serializers.Serializer[Any]):
    to_area = id_input("Tổ dân phố, thôn nhận quản lý (thuộc xã của bạn).", required=False)


class TransferRefuseInput(serializers.Serializer[Any]):
    reason = text_input(250, "Lý do từ chối.", required=True)


def _transfer(user: User, pk: int) -> Any:
    return transfer_selectors.transfer_get_for_user(user=user, pk=pk)


TransferAccept = action_view(
    name="transfers-accept",
    tag=TAG,
    summary="Nhận quản lý người được chuyển đến",
    description="Chỉ xã, phường bên nhận quyết định.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=TransferAcceptInput,
    output=TransferOutput,
    lookup=_transfer,
    perform=lambda user, transfer, data: transfers.transfer_accept(
        actor=user,
        transfer=transfer,
        to_area=area_in_scope(user, data.get("to_area"), "to_area"),
        today=_today(),
    ),
    shown=record_persons,
)
TransferRefuse = action_view(
    name="transfers-refuse",
    tag=TAG,
    summary="Từ chối nhận quản lý",
    description="Chỉ xã, phường bên nhận quyết định; ghi lý do.",
    capability=Capability.MANAGE_PERSONS,
    input_serializer=TransferRefuseInput,
    output=TransferOutput,
    lookup=_transfer,
    perform=lambda user, transfer, data: transfers.transfer_refuse(
        actor=user, transfer=transfer, reason=data["reason"]
    ),
    shown=record_persons,
)
