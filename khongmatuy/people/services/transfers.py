"""Handing a person over between communes, and asking the holder for a person found elsewhere.

Legal basis: Law 73/2021/QH14 Art. 26 (lists kept by the commune police; a person who moves away
leaves the list) and Decree 105/2021/NĐ-CP Arts. 47-48 (the dossier goes to the new place within
5 working days, Form 08; the remaining management time continues there). From 1/7/2026 Law
120/2025/QH15: the person reports to the new place's police within 24 hours and the commune police
notifies the other side within 24 hours (``care.transfer_time_limits``).

Two directions, one workflow (``pending`` → ``accepted`` | ``refused`` | ``cancelled``):

* HANDOVER: the sending commune (``from_commune``, the holder) proposes; the receiving commune
  (``to_commune``) accepts or refuses.
* REQUEST: a commune that found the person living there (``to_commune``) asks the holder; the
  holder (``from_commune``) accepts (hands the person over) or refuses.

The side that proposed may cancel; only the other side decides, and the proposer never decides
its own proposal. Until acceptance the holder stays responsible and the person stays in its scope;
both communes see the transfer (``Transfer.scope_area_field``). On acceptance the person's area
moves into the receiving commune, open episodes stay open with a ``transferred`` event, and the
open supervisions of the old place end.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import fold, normalize

from ..choices import EpisodeStatus, TransferDirection, TransferStatus
from ..models import Episode, EpisodeEvent, Person, Supervision, Transfer
from ..rules.events import EVENT_TRANSFERRED
from ..rules.transitions import TRANSFER_STEPS
from ..selectors.transfers import (
    can_cancel,
    can_decide,
    deciding_commune,
    on_side,
    proposing_commune,
)
from .persons import search_text_for

# How many lookups by identity (``transfer_request_by_lookup``) one account may make in 24 hours:
# enough for a commune's real work, too few to walk the national registry by guessing.
LOOKUP_LIMIT_PER_DAY = 20
LOOKUP_NOTE = "transfer-lookup"
NON_FIELD = "__all__"


# --- checks (no writes) ---------------------------------------------------------------------


def _commune_of(area: Area) -> Area:
    """The commune-level unit an area belongs to (a commune row is its own commune)."""
    if area.level == Level.COMMUNE:
        return area
    if area.level == Level.GROUP and area.commune is not None:
        return area.commune
    raise DomainError({"to_area": _("Chọn một xã, phường hoặc tổ dân phố, thôn.")})


def _require_police(actor: User | None) -> None:
    if actor is not None and not actor.can(Capability.MANAGE_PERSONS):
        raise DomainError({NON_FIELD: _("Chỉ Công an xã, phường thực hiện chuyển giao.")})


def _check_pending(transfer: Transfer, verb: str, step: str) -> None:
    TRANSFER_STEPS.guard(
        transfer.status,
        step,
        message=_("Không thể %(verb)s: đề nghị chuyển giao đã ở trạng thái “%(status)s”.")
        % {"verb": verb, "status": transfer.get_status_display()},
    )


def _check_no_pending(person: Person) -> None:
    if Transfer.objects.filter(person=person, status=TransferStatus.PENDING).exists():
        raise DomainError(
            {
                NON_FIELD: _(
                    "%(name)s đã có một đề nghị chuyển giao đang chờ xử lý; hãy chờ quyết định "
                    "hoặc hủy đề nghị đó trước."
                )
                % {"name": person}
            }
        )


def _check_active(person: Person) -> None:
    if not person.is_active or person.merged_into_id is not None:
        raise DomainError(
            {NON_FIELD: _("%(name)s không còn trong danh sách quản lý.") % {"name": person}}
        )


def _check_receiving_area(area: Area, commune: Area, *, field: str = "to_area") -> None:
    """A residential group of ``commune`` (or the commune itself when the group is unknown)."""
    inside = area.pk == commune.pk or (area.level == Level.GROUP and area.commune_id == commune.pk)
    if not inside or not area.is_active:
        raise DomainError(
            {
                field: _("Chọn một tổ dân phố, thôn đang hoạt động của %(commune)s.")
                % {"commune": commune.display_name}
            }
        )


def open_episodes_summary(person: Person) -> str:
    """The summary written when the proposer leaves it empty: the open categories and episodes,
    one per line, with their dates (what the receiving commune must continue)."""
    lines = [_("Diện quản lý, biện pháp đang áp dụng khi đề nghị chuyển giao:")]
    categories = person.personcategorys.filter(ended_on__isnull=True).order_by("started_on")
    for category in categories:
        lines.append(
            _("- Diện: %(category)s, từ %(start)s")
            % {
                "category": category.get_category_display(),
                "start": f"{category.started_on:%d/%m/%Y}",
            }
        )
    episodes = Episode.objects.filter(person=person, status=EpisodeStatus.ACTIVE).order_by(
        "started_on", "pk"
    )
    for episode in episodes:
        line = _("- Biện pháp: %(kind)s, từ %(start)s") % {
            "kind": episode.get_kind_display(),
            "start": f"{episode.started_on:%d/%m/%Y}",
        }
        if episode.due_on:
            line += _(", hết hạn %(due)s") % {"due": f"{episode.due_on:%d/%m/%Y}"}
        if episode.decision_number:
            line += _(" (quyết định số %(number)s)") % {"number": episode.decision_number}
        lines.append(line)
    if len(lines) == 1:
        lines.append(_("- Không có biện pháp nào đang áp dụng."))
    return "\n".join(lines)


def _save_new(transfer: Transfer, *, actor: User | None) -> Transfer:
    # The one-pending constraint was checked above with a clearer message (and is caught below).
    transfer.full_clean(exclude=["proposed_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError as exc:  # a concurrent proposal won the one-pending constraint
        raise DomainError(
            {NON_FIELD: _("Người này đã có một đề nghị chuyển giao đang chờ xử lý.")}
        ) from exc
    audit.record_change(actor=actor, obj=transfer, before=None)
    return transfer


def _locked_person(person: Person) -> Person:
    """Lock the person row: two proposals for one person are serialised here."""
    locked: Person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("area__commune")
        .get(pk=person.pk)
    )
    return locked


# --- proposals ------------------------------------------------------------------------------


@transaction.atomic
def transfer_propose(
    *,
    actor: User | None,
    person: Person,
    to_commune: Area,
    to_area: Area | None = None,
    new_address: str = "",
    summary: str = "",
) -> Transfer:
    """The holder proposes handing the person over to the commune they moved to (HANDOVER).

    Decree 105/2021 Art. 47: the commune police of the old place sends the dossier to the new
    place. With ``summary`` left empty, the open categories and episodes are listed.
    """
    _require_police(actor)
    person = _locked_person(person)
    from_commune = _commune_of(person.area)
    if not on_side(actor, from_commune):
        raise DomainError(
            {NON_FIELD: _("Chỉ nơi đang quản lý người này mới đề nghị chuyển giao được.")}
        )
    _check_active(person)
    if to_commune.level != Level.COMMUNE or not to_commune.is_active:
        raise DomainError({"to_commune": _("Chọn một xã, phường, đặc khu đang hoạt động.")})
    if to_commune.pk == from_commune.pk:
        raise DomainError(
            {
                "to_commune": _("Nơi tiếp nhận phải khác nơi đang quản lý (%(name)s).")
                % {"name": from_commune.display_name}
            }
        )
    if to_area is not None:
        _check_receiving_area(to_area, to_commune)
    _check_no_pending(person)
    transfer = Transfer(
        person=person,
        direction=TransferDirection.HANDOVER,
        from_commune=from_commune,
        to_commune=to_commune,
        to_area=to_area,
        new_address=normalize(new_address),
        summary=summary.strip() or open_episodes_summary(person),
        proposed_by=actor,
    )
    return _save_new(transfer, actor=actor)


@transaction.atomic
def transfer_request(
    *,
    actor: User | None,
    person: Person,
    to_area: Area,
    new_address: str = "",
    summary: str,
) -> Transfer:
    """A commune where the person now lives asks the holder to hand them over (REQUEST).

    ``person`` comes from ``transfer_request_by_lookup`` (the requester cannot see it); the
    requester's ``to_area`` (its commune or one of its groups) says where the person will be
    managed. Law 120/2025 (from 1/7/2026): the new place's police notifies the other side within
    24 hours.
    """
    _require_police(actor)
    person = _locked_person(person)
    to_commune = _commune_of(to_area)
    if not on_side(actor, to_area):
        raise DomainError({"to_area": _("Chọn một địa bàn bạn được giao.")})
    _check_receiving_area(to_area, to_commune)
    _check_active(person)
    from_commune = _commune_of(person.area)
    if from_commune.pk == to_commune.pk:
        raise DomainError(
            {NON_FIELD: _("Người này đã thuộc %(name)s.") % {"name": to_commune.display_name}}
        )
    _check_no_pending(person)
    text = summary.strip()
    if not text:
        raise DomainError(
            {"summary": _("Nêu lý do đề nghị (người này đang cư trú tại đâu, từ ngày nào).")}
        )
    transfer = Transfer(
        person=person,
        direction=TransferDirection.REQUEST,
        from_commune=from_commune,
        to_commune=to_commune,
        to_area=to_area if to_area.level == Level.GROUP else None,
        new_address=normalize(new_address),
        summary=text,
        proposed_by=actor,
    )
    return _save_new(transfer, actor=actor)


def _lookup_count(actor: User) -> int:
    since = timezone.now() - timedelta(days=1)
    return AuditEvent.objects.filter(
        actor=actor, action=AuditEvent.Action.VIEW, note__startswith=LOOKUP_NOTE, at__gte=since
    ).count()


def _check_lookup_input(
    *, citizen_id: str, full_name: str, date_of_birth: date | None
) -> tuple[str, str]:
    cid = "".join(citizen_id.split())
    name = normalize(full_name)
    if cid:
        if not (len(cid) == 12 and cid.isdecimal()):
            raise DomainError({"citizen_id": _("Số CCCD gồm đúng 12 chữ số.")})
        return cid, ""
    if not name or date_of_birth is None:
        raise DomainError(
            {"citizen_id": _("Nhập số CCCD, hoặc nhập đủ họ tên và ngày sinh để tra cứu.")}
        )
    return "", name


def transfer_request_by_lookup(
    *,
    actor: User,
    citizen_id: str = "",
    full_name: str = "",
    date_of_birth: date | None = None,
    to_area: Area,
    new_address: str = "",
    summary: str,
) -> Transfer | None:
    """Look a person up by identity across communes and, on a match, send the holder a request.

    The requester cannot see persons of other communes, so this is the one read of ``Person``
    that does not start from ``for_user``. It is built to answer only "yes, a request was sent"
    or "no unique match", never to show data:

    * exact identifiers only: the 12-digit citizen ID, or the diacritics-folded full name AND the
      date of birth; no partial match, no list;
    * zero and several matches give the same answer (``None``), so the count is not revealed;
    * a match does not return the record: it creates a REQUEST the holder sees and may refuse,
      so every positive lookup is visible to the commune that holds the person;
    * every lookup, matched or not, is in the audit trail (with the holder's area when matched),
      and an account may make ``LOOKUP_LIMIT_PER_DAY`` lookups per 24 hours.

    The requester sees afterwards only what it typed plus the holder's commune and the status;
    the record itself becomes visible to it only when the holder accepts.

    Two transactions on purpose: the lookup's audit entry is committed first, so that a refusal
    afterwards (already in your area, a request already pending) still leaves it in the trail
    and still counts toward the daily limit. Must not be called inside an outer transaction.
    """
    _require_police(actor)
    cid, name = _check_lookup_input(
        citizen_id=citizen_id, full_name=full_name, date_of_birth=date_of_birth
    )
    if not on_side(actor, to_area):
        raise DomainError({"to_area": _("Chọn một địa bàn bạn được giao.")})
    if not summary.strip():
        raise DomainError(
            {"summary": _("Nêu lý do đề nghị (người này đang cư trú tại đâu, từ ngày nào).")}
        )
    if _lookup_count(actor) >= LOOKUP_LIMIT_PER_DAY:
        raise DomainError(
            {
                NON_FIELD: _("Tài khoản đã tra cứu %(n)s lần trong 24 giờ qua; hãy thử lại sau.")
                % {"n": LOOKUP_LIMIT_PER_DAY}
            }
        )
    # Deliberately not ``for_user``: see the docstring. ``[:2]`` tells one match from several.
    candidates = Person.objects.active().select_related("area__commune")
    if cid:
        candidates = candidates.filter(citizen_id=cid)
    else:
        candidates = candidates.filter(name_folded=fold(name), date_of_birth=date_of_birth)
    matches = list(candidates[:2])
    person = matches[0] if len(matches) == 1 else None
    how = _("số CCCD") if cid else _("họ tên và ngày sinh")
    # Outside f-strings so that makemessages finds the two words.
    no_match, match = _("không khớp"), _("khớp")
    with transaction.atomic():
        if person is None:
            audit.record(
                actor=actor,
                action=AuditEvent.Action.VIEW,
                model_label=Person._meta.label,
                object_repr=_("Tra cứu đề nghị chuyển giao"),
                area_id=to_area.pk,
                note=f"{LOOKUP_NOTE}: {no_match} ({how})",
            )
        else:
            audit.record(
                actor=actor,
                action=AuditEvent.Action.VIEW,
                obj=person,
                note=f"{LOOKUP_NOTE}: {match} ({how})",
            )
    if person is None:
        return None
    if Person.objects.for_user(actor).filter(pk=person.pk).exists():
        raise DomainError(
            {NON_FIELD: _("Người này đã thuộc địa bàn bạn quản lý; không cần đề nghị chuyển giao.")}
        )
    # What the requester typed, as the first line: the only identity it sees until acceptance
    # (``selectors.transfers.lookup_label``). The citizen ID is masked but for its last 4 digits.
    if cid:
        typed = _("[Tra cứu theo số CCCD ********%(last4)s]") % {"last4": cid[-4:]}
    else:
        assert date_of_birth is not None  # noqa: S101  (checked by _check_lookup_input)
        typed = _("[Tra cứu theo họ tên “%(name)s”, ngày sinh %(dob)s]") % {
            "name": name,
            "dob": f"{date_of_birth:%d/%m/%Y}",
        }
    return transfer_request(
        actor=actor,
        person=person,
        to_area=to_area,
        new_address=new_address,
        summary=f"{typed}\n{summary.strip()}",
    )


# --- decisions ------------------------------------------------------------------------------


def _locked_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("person__area", "from_commune", "to_commune", "to_area")
        .get(pk=transfer.pk)
    )


def _decide(transfer: Transfer, *, actor: User | None, status: str, **fields: object) -> Transfer:
    before = audit.snapshot(transfer)
    transfer.status = status
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(transfer, name, value)
    transfer.full_clean(exclude=["proposed_by", "decided_by"], validate_constraints=False)
    transfer.save()
    audit.record_change(actor=actor, obj=transfer, before=before)
    return transfer


def _check_decider(actor: User | None, transfer: Transfer) -> None:
    _require_police(actor)
    if actor is not None and not can_decide(actor, transfer):
        if transfer.proposed_by_id == actor.pk:
            message = _("Người gửi đề nghị không thể tự quyết định đề nghị của mình.")
        else:
            message = _("Chỉ Công an %(commune)s mới quyết định được đề nghị này.") % {
                "commune": deciding_commune(transfer).display_name
            }
        raise DomainError({NON_FIELD: message})


@transaction.atomic
def transfer_accept(
    *,
    actor: User | None,
    transfer: Transfer,
    to_area: Area | None = None,
    today: date | None = None,
) -> Transfer:
    """Accept: the person moves into the receiving commune (its group ``to_area``), at the new
    address when the transfer gives one.

    Open episodes stay open, each with a ``transferred`` event (Decree 105/2021 Art. 48: the
    remaining management time continues at the new place); their history is kept. The old
    place's open supervisions end today: its supervisors no longer see the person.
    For a REQUEST the requester already chose ``to_area``; the holder's ``to_area`` is ignored.
    """
    transfer = _locked_transfer(transfer)
    _check_pending(transfer, _("tiếp nhận"), TransferStatus.ACCEPTED)
    _check_decider(actor, transfer)
    on = today_or(today)
    person = _locked_person(transfer.person)
    _check_active(person)
    if _commune_of(person.area).pk != transfer.from_commune_id:
        raise InvalidTransition(
            {NON_FIELD: _("Người này không còn do nơi chuyển đi quản lý; hãy hủy đề nghị.")}
        )
    if transfer.direction == TransferDirection.REQUEST:
        new_area = transfer.to_area or transfer.to_commune
    else:
        new_area = to_area or transfer.to_area or transfer.to_commune
    _check_receiving_area(new_area, transfer.to_commune)

    note = _("Chuyển quản lý từ %(from)s đến %(to)s") % {
        "from": transfer.from_commune.display_name,
        "to": transfer.to_commune.display_name,
    }
    before = audit.snapshot(person)
    person.area = new_area
    changed = ["area"]
    if transfer.new_address:
        person.current_address = transfer.new_address
        person.search_text = search_text_for(person)
        changed += ["current_address", "search_text"]
    person.full_clean(
        exclude=[f.name for f in Person._meta.fields if f.name not in changed],
        validate_unique=False,
        validate_constraints=False,
    )
    person.save(update_fields=[*changed, "updated_at"])
    audit.record_change(actor=actor, obj=person, before=before, note=note)

    for episode in Episode.objects.filter(person=person, status=EpisodeStatus.ACTIVE):
        event = EpisodeEvent(
            episode=episode, on=on, action=EVENT_TRANSFERRED, note=note, actor=actor
        )
        event.full_clean()
        event.save()
        audit.record_change(actor=actor, obj=event, before=None)

    for supervision in Supervision.objects.select_for_update(of=("self",)).filter(
        person=person, ended_on__isnull=True
    ):
        before = audit.snapshot(supervision)
        supervision.ended_on = max(on, supervision.started_on)
        supervision.save(update_fields=["ended_on"])
        audit.record_change(actor=actor, obj=supervision, before=before, note=note)

    transfer.person = person
    return _decide(transfer, actor=actor, status=TransferStatus.ACCEPTED, to_area=new_area)


@transaction.atomic
def transfer_refuse(*, actor: User | None, transfer: Transfer, reason: str) -> Transfer:
    """Refuse with a reason: nothing else changes, the holder stays responsible."""
    transfer = _locked_transfer(transfer)
    _check_pending(transfer, _("từ chối"), TransferStatus.REFUSED)
    _check_decider(actor, transfer)
    text = normalize(reason)
    if not text:
        raise DomainError({"reason": _("Nêu lý do từ chối.")})
    return _decide(transfer, actor=actor, status=TransferStatus.REFUSED, refusal_reason=text)


@transaction.atomic
def transfer_cancel(*, actor: User | None, transfer: Transfer) -> Transfer:
    """The proposing side withdraws its pending proposal."""
    transfer = _locked_transfer(transfer)
    _check_pending(transfer, _("hủy"), TransferStatus.CANCELLED)
    _require_police(actor)
    if actor is not None and not can_cancel(actor, transfer):
        raise DomainError(
            {
                NON_FIELD: _("Chỉ Công an %(commune)s (nơi gửi đề nghị) mới hủy được.")
                % {"commune": proposing_commune(transfer).display_name}
            }
        )
    return _decide(transfer, actor=actor, status=TransferStatus.CANCELLED)
