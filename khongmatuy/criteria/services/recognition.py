"""Every write of the recognition lifecycle: moving an area along ``lifecycle.TRANSITIONS``.

Keyword-only, one transaction, ``full_clean`` before saving, audited (the recognition, each
``RecognitionEvent`` and the stored live ``Evaluation`` a proposal or a keep relied on). Refusals
are ``DomainError`` keyed by the form field with a Vietnamese message; a step the current
status does not allow is ``InvalidTransition`` (never a 403). Every check runs before the first
write, so a refusal leaves nothing (the uploaded decision included).

``actor`` is ``None`` only for system writes (demo data). For a user, the role must hold
``EVALUATE`` and the area must be in the user's scope (``PermissionDenied`` otherwise).
``today`` defaults to the local date; tests and the demo pass it in.

The rules for keeping, re-recognising and withdrawing are UNCONFIRMED nationally
nationally; see ``lifecycle``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import images, storage
from khongmatuy.common.dates import add_months, today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize
from khongmatuy.criteria.engine import CriterionResult, EvaluationResult
from khongmatuy.criteria.models import Evaluation, Recognition, RecognitionEvent
from khongmatuy.criteria.rules import lifecycle, registry
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.criteria.services.access import require
from khongmatuy.criteria.services.evaluation import evaluation_of

S = Recognition.Status

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
HEADER_BYTES = 12
PDF, JPEG, PNG, WEBP = "application/pdf", "image/jpeg", "image/png", "image/webp"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp"}
CONTENT_TYPES = {ext: kind for kind, ext in EXTENSIONS.items()}


# --- checks (no writes) ---------------------------------------------------------------------


def _fmt(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _check_area(area: Area, rule_set_code: str) -> None:
    if not area.is_active:
        raise DomainError({"area": _("Địa bàn %(area)s không còn hoạt động.") % {"area": area}})
    expected = selectors.rule_set_code_for(area)
    if expected is None:
        raise DomainError({"area": _("Chỉ công nhận xã, phường, đặc khu hoặc tổ dân phố, thôn.")})
    if rule_set_code != expected:
        raise DomainError(
            {
                "rule_set_code": _("Bộ tiêu chí “%(name)s” không áp dụng cho địa bàn này.")
                % {"name": registry.names([rule_set_code])[rule_set_code]}
            }
        )


def sniff(head: bytes) -> str | None:
    """The type of a decision file from its first bytes (PDF or image), never from its name."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= HEADER_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


@dataclass(frozen=True)
class CheckedDocument:
    """A decision ready to store: the PDF as sent, or an image re-encoded without metadata."""

    file: File[bytes]
    content_type: str

    @property
    def stored_name(self) -> str:
        return secrets.token_hex(16) + EXTENSIONS[self.content_type]


def check_document(upload: UploadedFile) -> CheckedDocument:
    """A PDF or image of at most 10 MB, judged by its content; else ``DomainError``.

    An image is decoded and re-encoded without its metadata (``common.images.reencode``); only
    that copy is stored.
    """
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    size = upload.size or 0
    if size == 0:
        raise DomainError({"document": _("Tệp “%(name)s” rỗng.") % {"name": name}})
    if size > MAX_DOCUMENT_BYTES:
        raise DomainError(
            {
                "document": _("Tệp “%(name)s” lớn hơn %(mb)s MB.")
                % {"name": name, "mb": MAX_DOCUMENT_BYTES // 2**20}
            }
        )
    upload.seek(0)
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    content_type = sniff(head if isinstance(head, bytes) else b"")
    if content_type is None:
        raise DomainError(
            {
                "document": _("Tệp “%(name)s” không phải PDF hoặc ảnh JPEG, PNG, WebP.")
                % {"name": name}
            }
        )
    if content_type == PDF:
        return CheckedDocument(upload, content_type)
    try:
        clean = images.reencode(upload, name=name, content_type=content_type)
    except images.ImageRefused as exc:
        raise DomainError({"document": str(exc)}) from None
    return CheckedDocument(ContentFile(clean.content), clean.content_type)


def document_content_type(name: str) -> str:
    """The type of a stored decision file (its extension was set from its content)."""
    return CONTENT_TYPES.get("." + name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _not_future(value: date, *, today: date, field: str) -> None:
    if value > today:
        raise DomainError(
            {
                field: _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.")
                % {"date": _fmt(value), "today": _fmt(today)}
            }
        )


def _describe(criterion: CriterionResult) -> str:
    return f"({criterion.code}) {criterion.label}: {criterion.explanation.rstrip('.')}"


def _require_passing(area: Area, rule_set_code: str, on: date, *, refused: str) -> EvaluationResult:
    """The area's live evaluation on ``on``; refused (criteria listed) unless it passes."""
    result = selectors.live_evaluation(area=area, rule_set_code=rule_set_code, on=on)
    if result is None:
        raise DomainError(
            {
                "to_status": _("%(refused)s Không có bộ tiêu chí có hiệu lực ngày %(on)s.")
                % {"refused": refused, "on": _fmt(on)}
            }
        )
    if result.missing_evidence:
        raise DomainError(
            {
                "to_status": _(
                    "%(refused)s Chưa kết luận được tính đến ngày %(on)s, thiếu căn cứ: %(missing)s"
                )
                % {
                    "refused": refused,
                    "on": _fmt(on),
                    "missing": " ".join(result.missing_evidence),
                }
            }
        )
    if result.passed is not True:
        listed = "; ".join(_describe(c) for c in selectors.failing(result))
        raise DomainError(
            {
                "to_status": _("%(refused)s Địa bàn chưa đạt tính đến ngày %(on)s: %(criteria)s.")
                % {"refused": refused, "on": _fmt(on), "criteria": listed}
            }
        )
    return result


@dataclass(frozen=True)
class Decision:
    number: str
    on: date
    authority: str


def _check_decision(
    number: str, on: date | None, authority: str, *, step_on: date, today: date
) -> Decision:
    errors: dict[str, str] = {}
    number = normalize(number or "")
    authority = normalize(authority or "")
    if not number:
        errors["decision_number"] = _("Nhập số quyết định công nhận.")
    if on is None:
        errors["decision_date"] = _("Nhập ngày quyết định công nhận.")
    elif on > today:
        errors["decision_date"] = _("Ngày quyết định %(date)s ở tương lai.") % {"date": _fmt(on)}
    elif on > step_on:
        errors["decision_date"] = _("Ngày quyết định không thể sau ngày công nhận (%(date)s).") % {
            "date": _fmt(step_on)
        }
    if not authority:
        errors["authority"] = _("Nhập cơ quan ra quyết định công nhận.")
    if errors or on is None:
        raise DomainError(errors)
    return Decision(number[:100], on, authority[:200])


# --- writes ---------------------------------------------------------------------------------


def _snapshot(obj: Model) -> audit.Snapshot:
    """``audit.snapshot``, with an empty decision file as "" (the audit's file check reads
    ``.url``, which raises on an empty ``FieldFile``)."""
    if not isinstance(obj, Recognition):
        return audit.snapshot(obj)
    values = audit.snapshot(obj, exclude=frozenset({"document"}))
    values["document"] = obj.document.name or ""
    return values


def _save(actor: User | None, obj: Model, before: audit.Snapshot | None) -> None:
    obj.full_clean()
    obj.save()
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    audit.record(actor=actor, action=action, obj=obj, before=before, after=_snapshot(obj))


def _store_evaluation(
    actor: User | None, area: Area, rule_set_code: str, result: EvaluationResult
) -> Evaluation:
    evaluation = evaluation_of(actor=actor, area=area, rule_set_code=rule_set_code, result=result)
    _save(actor, evaluation, None)
    return evaluation


@transaction.atomic
def recognition_transition(
    *,
    actor: User | None,
    area: Area,
    rule_set_code: str,
    to_status: str,
    on: date,
    note: str = "",
    decision_number: str = "",
    decision_date: date | None = None,
    authority: str = "",
    document: UploadedFile | None = None,
    today: date | None = None,
) -> Recognition:
    """Move ``area``'s recognition under ``rule_set_code`` to ``to_status`` on ``on``.

    * proposed, kept: the area's live evaluation on ``on`` (facts gathered now, rule set in
      force on ``on``) must pass; otherwise refused with the failing criteria listed. A keep is
      dated within the last year (re-evaluated at least yearly). The evaluation is stored.
    * recognised: decision number, date and authority; optionally the decision (PDF or image,
      ≤ 10 MB, checked by content).
    * withdrawn: a reason (``note``).
    * registered again after a withdrawal: the previous decision stays in the history (events,
      audit) and is cleared from the current record.
    """
    day = today_or(today)
    require(actor, Capability.EVALUATE, area)
    _check_area(area, rule_set_code)
    recognition = (
        Recognition.objects.select_for_update()
        .filter(area=area, rule_set_code=rule_set_code)
        .first()
    )
    is_new = recognition is None
    if recognition is None:
        recognition = Recognition(area=area, rule_set_code=rule_set_code, status=S.NOT_REGISTERED)
    from_status = recognition.status
    reason = lifecycle.refusal(from_status, to_status)
    if reason is not None:
        raise InvalidTransition({"to_status": reason})
    _not_future(on, today=day, field="on")
    last = None if is_new else recognition.events.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise DomainError(
            {
                "on": _("Ngày phải từ ngày chuyển trạng thái gần nhất (%(date)s) trở đi.")
                % {"date": _fmt(last.on)}
            }
        )
    note = normalize(note or "")
    if to_status in lifecycle.NEEDS_REASON and not note:
        raise DomainError({"note": _("Nhập lý do thu hồi công nhận.")})
    decision = None
    if to_status in lifecycle.NEEDS_DECISION:
        decision = _check_decision(decision_number, decision_date, authority, step_on=on, today=day)
    checked = check_document(document) if document is not None else None
    if checked is not None and decision is None:
        raise DomainError({"document": _("Chỉ đính kèm quyết định khi công nhận.")})
    result = None
    if to_status == S.KEPT:
        earliest = add_months(day, -lifecycle.KEEP_INTERVAL_MONTHS)
        if on < earliest:
            raise DomainError(
                {
                    "on": _("Đánh giá giữ vững phải có ngày trong vòng một năm qua (từ %(date)s).")
                    % {"date": _fmt(earliest)}
                }
            )
        result = _require_passing(
            area, rule_set_code, on, refused=_("Không thể ghi nhận giữ vững.")
        )
    elif to_status == S.PROPOSED:
        result = _require_passing(
            area, rule_set_code, on, refused=_("Không thể đề nghị công nhận.")
        )

    # Every check passed: write.
    before = None if is_new else _snapshot(recognition)
    recognition.status = to_status
    if decision is not None:
        recognition.decision_number = decision.number
        recognition.decision_date = decision.on
        recognition.authority = decision.authority
        recognition.recognised_on = on
        recognition.last_kept_on = None
        recognition.document = None
        note = note or _("Quyết định số %(number)s ngày %(date)s của %(authority)s") % {
            "number": decision.number,
            "date": _fmt(decision.on),
            "authority": decision.authority,
        }
    elif to_status == S.KEPT:
        recognition.last_kept_on = on
    elif to_status == S.REGISTERED and from_status == S.WITHDRAWN:
        recognition.decision_number = ""
        recognition.decision_date = None
        recognition.authority = ""
        recognition.document = None
        recognition.recognised_on = None
        recognition.last_kept_on = None
    stored: list[str] = []
    with storage.removed_on_failure(stored):
        if checked is not None:
            recognition.document.save(checked.stored_name, checked.file, save=False)
            stored.append(recognition.document.name or "")
        _save(actor, recognition, before)
        if result is not None:
            _store_evaluation(actor, area, rule_set_code, result)
        event = RecognitionEvent(
            recognition=recognition,
            on=on,
            from_status=from_status,
            to_status=to_status,
            note=note[:250],
            actor=actor if actor is not None and actor.pk else None,
        )
        _save(actor, event, None)
    return recognition
