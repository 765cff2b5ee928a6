"""The recognition lifecycle: every transition allowed and refused (pure), and through the
service: live evaluation on proposal and keep, decision fields, withdrawal reason, decision file,
dates, permissions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from khongmatuy.areas import services as area_services
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.criteria.models import Evaluation, Recognition, RecognitionEvent
from khongmatuy.criteria.rules import lifecycle
from khongmatuy.criteria.services import recognition as services
from khongmatuy.people.choices import Category
from tests.images import PNG, SECRET, image_bytes, phone_exif
from tests.personas import World

from .factories import PDF, S, new_user, pdf, recognise, step, today

ALL = list(S.values)
PAIRS = [(a, b) for a in ALL for b in ALL]
EXPECTED_ALLOWED = {
    ("not_registered", "registered"),
    ("registered", "cleaning"),
    ("registered", "not_registered"),
    ("cleaning", "proposed"),
    ("proposed", "recognised"),
    ("proposed", "cleaning"),
    ("recognised", "kept"),
    ("recognised", "withdrawn"),
    ("kept", "kept"),
    ("kept", "withdrawn"),
    ("withdrawn", "registered"),
}


# --- the lifecycle as data ------------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS)
def test_each_pair_is_allowed_or_refused_in_vietnamese(from_status: str, to_status: str) -> None:
    reason = lifecycle.refusal(from_status, to_status)
    if (from_status, to_status) in EXPECTED_ALLOWED:
        assert reason is None
    elif from_status == to_status:
        assert reason == f"Địa bàn đang ở trạng thái “{S(to_status).label}”."
    else:
        assert reason is not None
        assert reason.startswith(
            f"Không thể chuyển từ “{S(from_status).label}” sang “{S(to_status).label}”. "
            "Trạng thái tiếp theo được phép: "
        )


def test_refusal_lists_the_allowed_next_steps() -> None:
    assert lifecycle.refusal("not_registered", "recognised") == (
        "Không thể chuyển từ “Chưa đăng ký” sang “Được công nhận”. "
        "Trạng thái tiếp theo được phép: “Đăng ký xây dựng”."
    )
    assert lifecycle.refusal("recognised", "registered") == (
        "Không thể chuyển từ “Được công nhận” sang “Đăng ký xây dựng”. "
        "Trạng thái tiếp theo được phép: “Giữ vững”, “Bị thu hồi công nhận”."
    )
    assert lifecycle.refusal("kept", "nonsense") == "Trạng thái “nonsense” không hợp lệ."


def test_next_statuses_in_lifecycle_order() -> None:
    assert lifecycle.next_statuses("registered") == ["not_registered", "cleaning"]
    assert lifecycle.next_statuses("kept") == ["kept", "withdrawn"]
    assert lifecycle.next_statuses("withdrawn") == ["registered"]


# --- through the service --------------------------------------------------------------------


def test_full_lifecycle_of_a_group(world: World, officer_a) -> None:  # type: ignore[no-untyped-def]
    group = world.group_a1
    day = today()
    recognition = recognise(group, actor=officer_a, on=day - timedelta(days=200))
    assert recognition.status == S.RECOGNISED
    assert recognition.decision_number == "125/QĐ-UBND"
    assert recognition.authority == "UBND phường Gia Viên"
    assert recognition.recognised_on == day - timedelta(days=200)
    kept = step(group, S.KEPT, day - timedelta(days=10), actor=officer_a)
    assert kept.last_kept_on == day - timedelta(days=10)
    kept = step(group, S.KEPT, day, actor=officer_a)
    assert kept.last_kept_on == day
    withdrawn = step(group, S.WITHDRAWN, day, actor=officer_a, note="Phát sinh điểm chứa chấp mới")
    assert withdrawn.status == S.WITHDRAWN
    again = step(group, S.REGISTERED, day, actor=officer_a)
    assert (again.status, again.decision_number, again.recognised_on) == (S.REGISTERED, "", None)
    events = list(
        RecognitionEvent.objects.filter(recognition=again).values_list(
            "from_status", "to_status", "actor_id"
        )
    )
    assert [(f, t) for f, t, _ in events] == [
        ("not_registered", "registered"),
        ("registered", "cleaning"),
        ("cleaning", "proposed"),
        ("proposed", "recognised"),
        ("recognised", "kept"),
        ("kept", "kept"),
        ("kept", "withdrawn"),
        ("withdrawn", "registered"),
    ]
    assert {a for _, _, a in events} == {officer_a.pk}
    recognised_event = RecognitionEvent.objects.get(recognition=again, to_status=S.RECOGNISED)
    assert recognised_event.note == (
        f"Quyết định số 125/QĐ-UBND ngày {day - timedelta(days=200):%d/%m/%Y} "
        "của UBND phường Gia Viên"
    )
    # The proposal and each keep stored the live evaluation they relied on.
    evaluations = list(
        Evaluation.objects.filter(area=group)
        .order_by("on")
        .values_list("on", "passed", "rule_set_code")
    )
    assert evaluations == [
        (day - timedelta(days=201), True, "to_dan_pho_khong_ma_tuy"),
        (day - timedelta(days=10), True, "to_dan_pho_khong_ma_tuy"),
        (day, True, "to_dan_pho_khong_ma_tuy"),
    ]
    assert (
        AuditEvent.objects.filter(model="criteria.Recognition", object_id=str(again.pk)).count()
        == 8
    )


def test_a_commune_is_recognised_against_decision_28(world: World) -> None:
    recognition = recognise(world.ward_a)
    assert (recognition.rule_set_code, recognition.status) == ("qd28_xa_khong_ma_tuy", "recognised")


@pytest.mark.parametrize(
    ("path", "to_status"),
    [
        ([], S.RECOGNISED),
        ([], S.PROPOSED),
        ([], S.KEPT),
        ([], S.WITHDRAWN),
        ([S.REGISTERED], S.PROPOSED),
        ([S.REGISTERED], S.RECOGNISED),
        ([S.REGISTERED, S.CLEANING], S.RECOGNISED),
        ([S.REGISTERED, S.CLEANING], S.KEPT),
        ([S.REGISTERED, S.CLEANING, S.PROPOSED], S.KEPT),
        ([S.REGISTERED, S.CLEANING, S.PROPOSED], S.WITHDRAWN),
        ([S.REGISTERED], S.REGISTERED),
    ],
)
def test_refused_transitions_leave_nothing(world: World, path: list[str], to_status: str) -> None:
    day = today()
    for status in path:
        step(world.group_a1, status, day)
    before = (RecognitionEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidTransition) as refused:
        step(
            world.group_a1,
            to_status,
            day,
            note="x",
            decision_number="1",
            decision_date=day,
            authority="UBND",
        )
    current = path[-1] if path else "not_registered"
    assert refused.value.message_dict["to_status"] == [lifecycle.refusal(current, to_status)]
    assert (RecognitionEvent.objects.count(), AuditEvent.objects.count()) == before


def test_refused_from_recognised_and_withdrawn(world: World) -> None:
    day = today()
    recognise(world.group_a1)
    for to_status in (S.REGISTERED, S.CLEANING, S.PROPOSED, S.RECOGNISED, S.NOT_REGISTERED):
        with pytest.raises(InvalidTransition):
            step(world.group_a1, to_status, day)
    step(world.group_a1, S.WITHDRAWN, day, note="Không duy trì được tiêu chí")
    for to_status in (S.CLEANING, S.PROPOSED, S.RECOGNISED, S.KEPT, S.WITHDRAWN):
        with pytest.raises(InvalidTransition):
            step(world.group_a1, to_status, day, note="x")
    assert Recognition.objects.get(area=world.group_a1).status == S.WITHDRAWN


def test_a_proposal_sent_back_returns_to_cleaning(world: World) -> None:
    day = today()
    for status in (S.REGISTERED, S.CLEANING, S.PROPOSED, S.CLEANING):
        recognition = step(world.group_a1, status, day)
    assert recognition.status == S.CLEANING


def test_propose_refused_with_the_failing_criteria_named(world: World) -> None:
    day = today()
    step(world.group_a1, S.REGISTERED, day)
    step(world.group_a1, S.CLEANING, day)
    new_user(world.group_a1, "Vũ Văn Mới", started_on=day - timedelta(days=30))
    before = (Evaluation.objects.count(), RecognitionEvent.objects.count())
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.PROPOSED, day)
    start = date(day.year - 1, day.month, day.day)
    assert refused.value.message_dict["to_status"] == [
        f"Không thể đề nghị công nhận. Địa bàn chưa đạt tính đến ngày {day:%d/%m/%Y}: "
        "(1) Không phát sinh mới người nghiện, người sử dụng trái phép chất ma túy: "
        "Giá trị 1 không thỏa điều kiện = 0: không đạt. Khoảng thời gian xét: "
        f"{start:%d/%m/%Y} – {day:%d/%m/%Y}."
    ]
    assert (Evaluation.objects.count(), RecognitionEvent.objects.count()) == before
    assert Recognition.objects.get(area=world.group_a1).status == S.CLEANING


def test_propose_passes_in_another_group_of_the_same_ward(world: World) -> None:
    new_user(world.group_a1, "Vũ Văn Mới")
    assert recognise(world.group_a2).status == S.RECOGNISED


def test_a_dealer_fails_criterion_3_only(world: World) -> None:
    day = today()
    step(world.group_a1, S.REGISTERED, day)
    step(world.group_a1, S.CLEANING, day)
    new_user(
        world.group_a1, "Lý Văn Bán", category=Category.DEALER, started_on=day - timedelta(days=800)
    )
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.PROPOSED, day)
    message = refused.value.message_dict["to_status"][0]
    assert "(3) Không có đối tượng mua bán trái phép chất ma túy: Giá trị 1" in message
    assert "(1)" not in message
    assert "(2)" not in message


def test_recognising_requires_the_decision(world: World) -> None:
    day = today()
    for status in (S.REGISTERED, S.CLEANING, S.PROPOSED):
        step(world.group_a1, status, day)
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.RECOGNISED, day)
    assert refused.value.message_dict == {
        "decision_number": ["Nhập số quyết định công nhận."],
        "decision_date": ["Nhập ngày quyết định công nhận."],
        "authority": ["Nhập cơ quan ra quyết định công nhận."],
    }
    with pytest.raises(DomainError) as refused:
        step(
            world.group_a1,
            S.RECOGNISED,
            day - timedelta(days=1),
            decision_number="1",
            decision_date=day,
            authority="UBND",
        )
    # dated before the proposal's date is refused first
    assert list(refused.value.message_dict) == ["on"]
    with pytest.raises(DomainError) as refused:
        step(
            world.group_a1,
            S.RECOGNISED,
            day,
            decision_number="1",
            decision_date=day + timedelta(days=1),
            authority="UBND",
            day=day + timedelta(days=5),
        )
    assert refused.value.message_dict == {
        "decision_date": [f"Ngày quyết định không thể sau ngày công nhận ({day:%d/%m/%Y})."]
    }


def test_withdrawal_needs_a_reason(world: World) -> None:
    recognise(world.group_a1)
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.WITHDRAWN, today(), note="   ")
    assert refused.value.message_dict == {"note": ["Nhập lý do thu hồi công nhận."]}


def test_keep_needs_a_passing_live_evaluation_within_the_year(world: World) -> None:
    day = today()
    # the group's resident population on record since before its recognition
    area_services.figure_set(
        actor=None,
        area=world.group_a1,
        as_of=day - timedelta(days=800),
        population=500,
        households=120,
    )
    recognise(world.group_a1, on=day - timedelta(days=500))
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.KEPT, day - timedelta(days=400))
    earliest = date(day.year - 1, day.month, day.day)
    assert refused.value.message_dict == {
        "on": [f"Đánh giá giữ vững phải có ngày trong vòng một năm qua (từ {earliest:%d/%m/%Y})."]
    }
    new_user(world.group_a1, "Vũ Văn Mới", started_on=day - timedelta(days=5))
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.KEPT, day)
    assert refused.value.message_dict["to_status"][0].startswith(
        f"Không thể ghi nhận giữ vững. Địa bàn chưa đạt tính đến ngày {day:%d/%m/%Y}: (1) "
    )
    # As of before the new user appeared, the group still passed: a keep dated then is accepted.
    kept = step(world.group_a1, S.KEPT, day - timedelta(days=6))
    assert kept.status == S.KEPT


def test_dates_not_in_the_future_nor_before_the_last_step(world: World) -> None:
    day = today()
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.REGISTERED, day + timedelta(days=1))
    assert refused.value.message_dict == {
        "on": [f"Ngày {day + timedelta(days=1):%d/%m/%Y} ở tương lai; hôm nay là {day:%d/%m/%Y}."]
    }
    step(world.group_a1, S.REGISTERED, day)
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.CLEANING, day - timedelta(days=1))
    assert refused.value.message_dict == {
        "on": [f"Ngày phải từ ngày chuyển trạng thái gần nhất ({day:%d/%m/%Y}) trở đi."]
    }


def test_the_rule_set_must_fit_the_level(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.recognition_transition(
            actor=None,
            area=world.group_a1,
            rule_set_code="qd28_xa_khong_ma_tuy",
            to_status=S.REGISTERED,
            on=today(),
        )
    # The rule set's name, never its code.
    name = "Địa bàn cấp xã không ma túy"
    assert refused.value.message_dict == {
        "rule_set_code": [f"Bộ tiêu chí “{name}” không áp dụng cho địa bàn này."]
    }
    with pytest.raises(DomainError) as refused:
        services.recognition_transition(
            actor=None,
            area=world.haiphong,
            rule_set_code="qd28_xa_khong_ma_tuy",
            to_status=S.REGISTERED,
            on=today(),
        )
    assert refused.value.message_dict == {
        "area": ["Chỉ công nhận xã, phường, đặc khu hoặc tổ dân phố, thôn."]
    }


# --- the decision file ----------------------------------------------------------------------


def _proposed(world: World) -> None:
    for status in (S.REGISTERED, S.CLEANING, S.PROPOSED):
        step(world.group_a1, status, today())


def _recognise_with(world: World, document: SimpleUploadedFile) -> Recognition:
    return step(
        world.group_a1,
        S.RECOGNISED,
        today(),
        decision_number="125/QĐ-UBND",
        decision_date=today(),
        authority="UBND phường Gia Viên",
        document=document,
    )


def test_a_pdf_decision_is_stored_under_a_random_name(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    recognition = _recognise_with(world, pdf("Quyết định.pdf"))
    name = recognition.document.name
    assert name.startswith(f"recognitions/{today():%Y}/")
    assert name.endswith(".pdf")
    assert "Quyết" not in name
    assert recognition.document.read() == PDF


def test_an_image_named_pdf_is_stored_as_an_image(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    recognition = _recognise_with(world, SimpleUploadedFile("scan.pdf", PNG))
    assert recognition.document.name.endswith(".png")
    assert services.document_content_type(recognition.document.name) == "image/png"


def test_a_scanned_decision_is_stored_without_its_metadata(
    world: World, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    scan = image_bytes("JPEG", exif=phone_exif(orientation=6), comment=SECRET.encode())
    recognition = _recognise_with(world, SimpleUploadedFile("qd.jpg", scan))
    stored = recognition.document.read()
    assert recognition.document.name.endswith(".jpg")
    assert SECRET.encode() not in stored
    image = Image.open(io.BytesIO(stored))
    assert dict(image.getexif()) == {}
    assert image.size == (4, 8)


def test_a_broken_image_decision_is_refused(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    with pytest.raises(DomainError) as refused:
        _recognise_with(world, SimpleUploadedFile("qd.png", PNG[:30]))
    assert refused.value.message_dict == {
        "document": ["Không đọc được ảnh “qd.png”: tệp hỏng hoặc không phải ảnh."]
    }
    assert Recognition.objects.get(area=world.group_a1).status == S.PROPOSED
    assert list(tmp_path.rglob("*.*")) == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("qd.pdf", b"Not a PDF at all"),
            "Tệp “qd.pdf” không phải PDF hoặc ảnh JPEG, PNG, WebP.",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "Tệp “empty.pdf” rỗng."),
        (
            SimpleUploadedFile("big.pdf", PDF + b"\x00" * (10 * 1024 * 1024)),
            "Tệp “big.pdf” lớn hơn 10 MB.",
        ),
    ],
)
def test_bad_decision_files_are_refused(world: World, settings, tmp_path, upload, message) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    with pytest.raises(DomainError) as refused:
        _recognise_with(world, upload)
    assert refused.value.message_dict == {"document": [message]}
    assert Recognition.objects.get(area=world.group_a1).status == S.PROPOSED
    assert list(tmp_path.rglob("*.*")) == []


def test_exactly_10_mb_is_accepted(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _proposed(world)
    content = PDF + b"\x00" * (10 * 1024 * 1024 - len(PDF))
    recognition = _recognise_with(world, SimpleUploadedFile("qd.pdf", content))
    assert recognition.document.size == 10 * 1024 * 1024


def test_a_file_only_with_the_recognition(world: World, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError) as refused:
        step(world.group_a1, S.REGISTERED, today(), document=pdf())
    assert refused.value.message_dict == {"document": ["Chỉ đính kèm quyết định khi công nhận."]}


# --- who may --------------------------------------------------------------------------------


def test_leadership_group_leader_and_other_wards_may_not(  # type: ignore[no-untyped-def]
    world: World, leadership_a, leader_a, officer_b, officer_a
) -> None:
    for actor in (leadership_a, leader_a, officer_b):
        with pytest.raises(PermissionDenied):
            step(world.group_a1, S.REGISTERED, today(), actor=actor)
    assert not Recognition.objects.exists()
    assert step(world.group_a1, S.REGISTERED, today(), actor=officer_a).status == S.REGISTERED
