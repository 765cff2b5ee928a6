"""Writes of the tips app: public submission (rate limit, uploads), intake and handling."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from PIL import Image

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import images
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Role
from khongmatuy.places.models import Place
from khongmatuy.tips import services
from khongmatuy.tips.models import Tip, TipAttachment, TipEvent
from tests.images import GPS_IFD, JPEG, PNG, SECRET, WEBP, clean, image_bytes, phone_exif
from tests.personas import make_user

from .factories import VN, PublicTipFactory, TipFactory, upload


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- public submission ----------------------------------------------------------------------


def test_public_tip_is_anonymous_with_a_code_and_a_deadline(world) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 5, 20, 0, tzinfo=VN)
    tip = PublicTipFactory(area=world.ward_a, now=now)
    assert len(tip.code) == services.CODE_LENGTH
    assert set(tip.code) <= set(services.CODE_ALPHABET)
    assert tip.anonymous is True
    assert tip.channel == Tip.Channel.PUBLIC_FORM
    assert tip.status == Tip.Status.RECEIVED
    assert tip.due_on == date(2026, 11, 25)
    assert tip.due_rule == "law99-2025-07-01+0"
    assert len(tip.source_hash) == 64
    assert "203.0.113.7" not in tip.source_hash
    assert list(TipEvent.objects.filter(tip=tip).values_list("action", flat=True)) == ["received"]


def test_public_submission_audit_has_no_identity_and_no_ip(world) -> None:  # type: ignore[no-untyped-def]
    tip = PublicTipFactory(
        area=world.ward_a, contact_name="Vũ Thị Người Báo", contact_phone="0912345678"
    )
    assert tip.anonymous is False
    entry = AuditEvent.objects.get(model="tips.Tip", object_id=str(tip.pk), action="create")
    assert "contact_name" not in entry.after
    assert "contact_phone" not in entry.after
    assert "source_hash" not in entry.after
    assert entry.after["identity_given"] is True
    assert "Người Báo" not in str(entry.after)
    assert AuditEvent.objects.filter(ip_address__isnull=False).count() == 0


def test_public_submission_needs_a_commune(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        PublicTipFactory(area=world.group_a1)
    assert exc.value.message_dict == {"area": ["Chọn một xã, phường, đặc khu."]}
    assert Tip.objects.count() == 0


def test_sixth_tip_within_an_hour_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        PublicTipFactory(area=world.ward_a)
    with pytest.raises(DomainError) as exc:
        PublicTipFactory(area=world.ward_a)
    assert "nhiều tin báo" in exc.value.messages[0]
    assert Tip.objects.count() == 5
    # another address is not limited
    PublicTipFactory(area=world.ward_a, client_ip="198.51.100.1")
    assert Tip.objects.count() == 6


def test_daily_limit(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_TIP_RATE_PER_DAY = 3
    start = timezone.now()
    for hours in (0, 2, 4):
        PublicTipFactory(area=world.ward_a, now=start + timedelta(hours=hours))
    with pytest.raises(DomainError):
        PublicTipFactory(area=world.ward_a, now=start + timedelta(hours=6))
    assert Tip.objects.count() == 3
    # The first has left the window.
    PublicTipFactory(area=world.ward_a, now=start + timedelta(hours=24, minutes=1))
    assert Tip.objects.count() == 4


def test_photos_checked_by_content_and_stored_with_random_names(world) -> None:  # type: ignore[no-untyped-def]
    tip = PublicTipFactory(
        area=world.ward_a,
        photos=[
            upload("cua-nha.jpg", PNG, "image/jpeg"),  # a PNG renamed .jpg: accepted as PNG
            upload("ngo.jpeg", JPEG),
            upload("x.webp", WEBP, "image/webp"),
        ],
    )
    rows = list(TipAttachment.objects.filter(tip=tip).order_by("pk"))
    assert [r.content_type for r in rows] == ["image/png", "image/jpeg", "image/webp"]
    assert [r.original_name for r in rows] == ["cua-nha.jpg", "ngo.jpeg", "x.webp"]
    assert rows[0].file.name.startswith("tips/")
    assert rows[0].file.name.endswith(".png")
    assert "cua-nha" not in rows[0].file.name
    assert len(stored_files()) == 3


def test_a_phone_photo_is_stored_without_its_gps_position(world) -> None:  # type: ignore[no-untyped-def]
    photo = image_bytes("JPEG", exif=phone_exif(orientation=6))
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(GPS_IFD)
    tip = PublicTipFactory(area=world.ward_a, photos=[upload("IMG_0001.jpg", photo)])
    attachment = TipAttachment.objects.get(tip=tip)
    stored = attachment.file.read()
    assert SECRET.encode() not in stored
    assert attachment.size == len(stored)
    image = Image.open(io.BytesIO(stored))
    image.load()
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    assert image.size == (4, 8)  # turned upright
    assert [p.read_bytes() for p in stored_files()] == [stored]


def test_a_photo_too_large_once_decoded_is_refused(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(images, "MAX_PIXELS", 31)  # the test photo has 32
    with pytest.raises(DomainError) as exc:
        PublicTipFactory(area=world.ward_a, photos=[upload("a.jpg", JPEG)])
    assert exc.value.message_dict == {
        "photos": ["Ảnh “a.jpg” quá lớn (8 × 4 điểm ảnh; tối đa 31 điểm ảnh)."]
    }
    assert Tip.objects.count() == 0
    assert stored_files() == []


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([upload("anh.png", b"hello, this is text", "image/png")], "không phải ảnh"),
        ([upload("to.jpg", JPEG + b"\x00" * (5 * 1024 * 1024))], "lớn hơn 5 MB"),
        ([upload(f"{i}.jpg", JPEG) for i in range(4)], "tối đa 3 ảnh"),
        ([upload("a.jpg", JPEG), upload("b.png", b"GIF89a......", "image/png")], "b.png"),
    ],
)
def test_bad_uploads_refuse_everything(world, photos, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        PublicTipFactory(area=world.ward_a, photos=photos)
    assert list(exc.value.message_dict) == ["photos"]
    assert message in exc.value.message_dict["photos"][0]
    assert Tip.objects.count() == 0
    assert TipAttachment.objects.count() == 0
    assert stored_files() == []


def test_exactly_five_megabytes_is_accepted(world) -> None:  # type: ignore[no-untyped-def]
    content = JPEG + b"\x00" * (5 * 1024 * 1024 - len(JPEG))
    tip = PublicTipFactory(area=world.ward_a, photos=[upload("vua.jpg", content)])
    # Only the re-encoded image is stored: the bytes after its end are not.
    attachment = TipAttachment.objects.get(tip=tip)
    assert attachment.size == len(clean(JPEG, "image/jpeg"))
    assert attachment.file.read() == clean(JPEG, "image/jpeg")


def test_a_failing_store_leaves_no_file(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = {"n": 0}
    original = services.core._save_created

    def fail_on_second_attachment(actor, obj):  # type: ignore[no-untyped-def]
        if isinstance(obj, TipAttachment):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        original(actor, obj)

    monkeypatch.setattr(services.core, "_save_created", fail_on_second_attachment)
    with pytest.raises(RuntimeError):
        PublicTipFactory(area=world.ward_a, photos=[upload("a.jpg", JPEG), upload("b.jpg", JPEG)])
    assert Tip.objects.count() == 0
    assert stored_files() == []


# --- intake and handling --------------------------------------------------------------------


def test_record_by_officer(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    tip = TipFactory(actor=officer_a, area=world.group_a1)
    assert tip.recorded_by == officer_a
    assert tip.due_on == date(2026, 11, 25)
    assert tip.source_hash == ""


def test_a_deadline_in_tet_moves_past_the_holidays(world, officer_a, time_machine) -> None:  # type: ignore[no-untyped-def]
    # 19/01/2027 + 20 days = 08/02/2027, inside Tết (04-10/02/2027 off): due Thursday 11/02.
    time_machine.move_to("2027-01-20 09:00:00+07:00", tick=False)
    tip = TipFactory(
        actor=officer_a, area=world.group_a1, received_at=datetime(2027, 1, 19, 9, 30, tzinfo=VN)
    )
    assert tip.due_on == date(2027, 2, 11)


def test_a_swap_announced_later_is_a_setting(world, officer_a, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_EXTRA_HOLIDAYS = ["2026-11-25"]
    assert TipFactory(actor=officer_a, area=world.group_a1).due_on == date(2026, 11, 26)


def test_record_refuses_the_future_and_other_wards(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        TipFactory(
            actor=officer_a, area=world.group_a1, received_at=timezone.now() + timedelta(hours=1)
        )
    assert list(exc.value.message_dict) == ["received_at"]
    with pytest.raises(PermissionDenied):
        TipFactory(actor=officer_a, area=world.ward_b)
    assert Tip.objects.count() == 0


def test_full_lifecycle_with_a_new_harbouring_place(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    services.tip_assign(actor=officer_a, tip=tip_a, officer=officer_a)
    services.tip_start(actor=officer_a, tip=tip_a)
    tip = services.tip_close(
        actor=officer_a,
        tip=tip_a,
        outcome=Tip.Outcome.VERIFIED,
        note="Xác minh đúng: nhà số 12 cho người đến sử dụng.",
        new_place=services.NewPlace(name="Nhà số 12 ngõ Hoa Sữa", address="12 ngõ Hoa Sữa"),
        today=date(2026, 11, 20),
    )
    assert tip.status == Tip.Status.CLOSED
    assert tip.closed_on == date(2026, 11, 20)
    place = Place.objects.get()
    assert tip.place == place
    assert (place.kind, place.area, place.discovered_on) == (
        Place.Kind.HARBOURING,
        world.group_a1,
        date(2026, 11, 20),
    )
    actions = list(TipEvent.objects.filter(tip=tip).values_list("action", flat=True))
    assert actions == ["received", "assigned", "verifying", "closed"]


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "start"),
        ([], "close"),
        (["assign"], "close"),
        (["assign", "start"], "assign"),
        (["assign", "start", "close"], "start"),
        (["assign", "start", "close"], "classify"),
        (["assign", "start", "close"], "extend"),
    ],
)
def test_refused_transitions(world, officer_a, tip_a, steps, refused) -> None:  # type: ignore[no-untyped-def]
    other = make_user("cand_giavien2", Role.COMMUNE_POLICE, [world.ward_a], "Đỗ Văn Hai")
    calls = {
        "assign": lambda: services.tip_assign(actor=officer_a, tip=tip_a, officer=other),
        "start": lambda: services.tip_start(actor=officer_a, tip=tip_a),
        "close": lambda: services.tip_close(
            actor=officer_a, tip=tip_a, outcome=Tip.Outcome.DISMISSED, note="Không có căn cứ."
        ),
        "classify": lambda: services.tip_classify(
            actor=officer_a, tip=tip_a, category=Tip.Category.USE, area=world.group_a2
        ),
        "extend": lambda: services.tip_extend(
            actor=officer_a, tip=tip_a, reason="Phức tạp", today=date(2026, 11, 20)
        ),
    }
    if "assign" in steps:
        services.tip_assign(actor=officer_a, tip=tip_a, officer=officer_a)
    if "start" in steps:
        services.tip_start(actor=officer_a, tip=tip_a)
    if "close" in steps:
        services.tip_close(
            actor=officer_a, tip=tip_a, outcome=Tip.Outcome.DISMISSED, note="Không có căn cứ."
        )
    before = Tip.objects.values().get(pk=tip_a.pk)
    events = TipEvent.objects.count()
    with pytest.raises(InvalidTransition):
        calls[refused]()
    assert Tip.objects.values().get(pk=tip_a.pk) == before
    assert TipEvent.objects.count() == events


def test_assign_only_to_an_officer_covering_the_area(world, officer_a, officer_b, tip_a) -> None:  # type: ignore[no-untyped-def]
    leader = make_user("lanhdao_x", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    for officer in (officer_b, leader):
        with pytest.raises(DomainError) as exc:
            services.tip_assign(actor=officer_a, tip=tip_a, officer=officer)
        assert list(exc.value.message_dict) == ["officer"]
    tip_a.refresh_from_db()
    assert tip_a.status == Tip.Status.RECEIVED


def test_outsider_cannot_act_on_the_tip(world, officer_b, tip_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.tip_assign(actor=officer_b, tip=tip_a, officer=officer_b)


WITHIN_BASIC_LIMIT = date(2026, 11, 20)  # tip_a is due 25/11/2026
WITHIN_EXTENDED_LIMIT = date(2026, 12, 30)  # 05/01/2027 after the first extension


def test_extend_twice_then_refused(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    services.tip_extend(
        actor=officer_a, tip=tip_a, reason="Phải xác minh ở nhiều nơi", today=WITHIN_BASIC_LIMIT
    )
    tip_a.refresh_from_db()
    assert (tip_a.extensions, tip_a.due_on) == (1, date(2027, 1, 5))
    services.tip_extend(
        actor=officer_a,
        tip=tip_a,
        reason="Viện kiểm sát gia hạn",
        procuracy_decision_number="15/QĐ-VKS",
        procuracy_decision_date=date(2026, 12, 28),
        today=WITHIN_EXTENDED_LIMIT,
    )
    tip_a.refresh_from_db()
    assert (tip_a.extensions, tip_a.due_on) == (2, date(2027, 3, 5))
    with pytest.raises(InvalidTransition):
        services.tip_extend(actor=officer_a, tip=tip_a, reason="Lần ba", today=date(2027, 1, 2))
    first, second = TipEvent.objects.filter(tip=tip_a, action="extended").order_by("pk")
    assert first.note == "25/11/2026 → 05/01/2027: Phải xác minh ở nhiều nơi"
    assert second.note == (
        "05/01/2027 → 05/03/2027: Viện kiểm sát gia hạn "
        "(Quyết định của Viện kiểm sát số 15/QĐ-VKS ngày 28/12/2026)"
    )


def test_extend_needs_a_reason(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        services.tip_extend(actor=officer_a, tip=tip_a, reason="  ", today=WITHIN_BASIC_LIMIT)
    assert list(exc.value.message_dict) == ["reason"]


def test_no_first_extension_after_the_basic_limit(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    """Art. 147(2) extends a running limit: on 26/11 the 20 days (to 25/11) have passed."""
    with pytest.raises(DomainError) as exc:
        services.tip_extend(actor=officer_a, tip=tip_a, reason="Phức tạp", today=date(2026, 11, 26))
    assert exc.value.message_dict == {
        "__all__": [
            "Thời hạn giải quyết đã hết ngày 25/11/2026: không thể gia hạn sau khi hết hạn "
            "(Điều 147 khoản 2 Bộ luật Tố tụng hình sự)."
        ]
    }
    tip_a.refresh_from_db()
    assert (tip_a.extensions, tip_a.due_on) == (0, date(2026, 11, 25))
    services.tip_extend(actor=officer_a, tip=tip_a, reason="Phức tạp", today=date(2026, 11, 25))


def test_second_extension_needs_the_procuracys_decision_in_time(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    services.tip_extend(actor=officer_a, tip=tip_a, reason="Phức tạp", today=WITHIN_BASIC_LIMIT)
    tip_a.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.tip_extend(
            actor=officer_a, tip=tip_a, reason="Gia hạn", today=WITHIN_EXTENDED_LIMIT
        )
    assert set(exc.value.message_dict) == {
        "procuracy_decision_number",
        "procuracy_decision_date",
    }
    with pytest.raises(DomainError) as late:
        services.tip_extend(
            actor=officer_a,
            tip=tip_a,
            reason="Gia hạn",
            procuracy_decision_number="15/QĐ-VKS",
            procuracy_decision_date=date(2027, 1, 5),
            today=date(2027, 1, 6),
        )
    assert list(late.value.message_dict) == ["__all__"]
    tip_a.refresh_from_db()
    assert (tip_a.extensions, tip_a.due_on) == (1, date(2027, 1, 5))
    assert TipEvent.objects.filter(tip=tip_a, action="extended").count() == 1


def test_classify_moves_area_and_unassigns_an_officer_who_does_not_cover_it(
    world, officer_a, tip_a
) -> None:  # type: ignore[no-untyped-def]
    group_officer = make_user("cand_to1", Role.COMMUNE_POLICE, [world.group_a1])
    services.tip_assign(actor=officer_a, tip=tip_a, officer=group_officer)
    tip = services.tip_classify(
        actor=officer_a, tip=tip_a, category=Tip.Category.USE, area=world.group_a2
    )
    assert (tip.category, tip.area, tip.assigned_to, tip.status) == (
        Tip.Category.USE,
        world.group_a2,
        None,
        Tip.Status.RECEIVED,
    )


def test_dismissal_cannot_link_records(world, officer_a, tip_a) -> None:  # type: ignore[no-untyped-def]
    services.tip_assign(actor=officer_a, tip=tip_a, officer=officer_a)
    services.tip_start(actor=officer_a, tip=tip_a)
    with pytest.raises(DomainError) as exc:
        services.tip_close(
            actor=officer_a,
            tip=tip_a,
            outcome=Tip.Outcome.DISMISSED,
            note="Không có căn cứ",
            new_place=services.NewPlace(name="X"),
        )
    assert list(exc.value.message_dict) == ["outcome"]
    assert Place.objects.count() == 0


def test_codes_are_unique_after_a_collision(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = PublicTipFactory(area=world.ward_a)
    codes = iter([first.code, "ABCDEFGHJK"])
    monkeypatch.setattr(services.core, "new_code", lambda: next(codes))
    second = PublicTipFactory(area=world.ward_a, client_ip="198.51.100.2")
    assert second.code == "ABCDEFGHJK"


@pytest.mark.django_db(transaction=True)
def test_the_form_token_is_held_by_the_database(world) -> None:  # type: ignore[no-untyped-def]
    """Two requests that both passed the check: the unique constraint keeps one tip."""
    from django.db import IntegrityError, transaction

    tip = PublicTipFactory(area=world.ward_a, form_token="page-token-1")
    copy = Tip.objects.get(pk=tip.pk)
    copy.pk, copy.code = None, "ZZZZZZZZZZ"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    with pytest.raises(DomainError) as exc:
        PublicTipFactory(area=world.ward_a, form_token="page-token-1")
    assert list(exc.value.message_dict) == ["__all__"]
    assert PublicTipFactory(area=world.ward_a, form_token="page-token-2").pk != tip.pk
    assert Tip.objects.count() == 2
