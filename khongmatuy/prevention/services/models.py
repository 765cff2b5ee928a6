"""Drug-free models: create (with the establishing decision), move along the lifecycle with an
event per step, and review once a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.audit import services as audit
from khongmatuy.common import storage, validators
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.scoping import scope_for
from khongmatuy.tips import uploads

from ..models import DrugFreeModel, DrugFreeModelEvent, DrugFreeModelReview
from ..rules.models import LIFECYCLE

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

S = DrugFreeModel.Status


def _event(*, actor: User, model: DrugFreeModel, on: date, from_status: str, note: str) -> None:
    event = DrugFreeModelEvent(
        model=model, on=on, from_status=from_status, to_status=model.status, note=note[:250]
    )
    event.actor = actor
    event.full_clean()
    event.save()
    audit.record_change(actor=actor, obj=event, before=None)


@dataclass(frozen=True)
class _Checked:
    name: str
    members_named: str
    members_count: int | None
    upload: uploads.CheckedUpload | None


def _check(
    *,
    actor: User,
    area: Area,
    kind: str,
    name: str,
    today: date,
    host: Organisation | None,
    decision_number: str,
    decision_date: date | None,
    decision_file: UploadedFile | None,
    members_count: int | None,
    members_named: str,
    replicated_from: DrugFreeModel | None,
    model: DrugFreeModel | None = None,
) -> _Checked:
    """What a new or corrected model must satisfy; every refusal at once, by field."""
    errors: Errors = {}
    scope = scope_for(actor)
    if not scope.contains(area):
        add_error(errors, "area", _("Địa bàn không thuộc phạm vi của bạn."))
    validators.choice(kind, DrugFreeModel.Kind, field="kind")
    title = validators.required_text(
        name, field="name", message=_("Ghi tên mô hình."), max_length=200
    )
    if host is not None and not scope.contains(host.area):
        add_error(errors, "host", _("Đơn vị chủ trì không thuộc địa bàn của bạn."))
    if decision_date is not None and decision_date > today:
        add_error(errors, "decision_date", _("Ngày quyết định không được sau hôm nay."))
    if decision_date is not None and not decision_number.strip():
        add_error(errors, "decision_number", _("Ghi số quyết định."))
    if replicated_from is not None:
        if not DrugFreeModel.objects.for_user(actor).filter(pk=replicated_from.pk).exists():
            add_error(errors, "replicated_from", _("Không tìm thấy mô hình gốc."))
        elif model is not None and model.pk in _lineage(replicated_from):
            add_error(
                errors,
                "replicated_from",
                _("Mô hình gốc không thể là chính mô hình này hoặc mô hình nhân rộng từ nó."),
            )
    checked = None
    if decision_file is not None:
        try:
            checked = uploads.check_uploads([decision_file], documents=True)[0]
        except uploads.UploadRefused as exc:
            add_error(errors, "decision_file", str(exc))
    raise_if(errors)
    names = "\n".join(line.strip() for line in members_named.splitlines() if line.strip())
    count = members_count if members_count is not None else (len(names.splitlines()) or None)
    return _Checked(name=title, members_named=names, members_count=count, upload=checked)


def _lineage(model: DrugFreeModel) -> set[int]:
    """The model and every model it was replicated from, up the chain (one query a step)."""
    seen: set[int] = set()
    pk: int | None = model.pk
    while pk is not None and pk not in seen:
        seen.add(pk)
        pk = DrugFreeModel.objects.filter(pk=pk).values_list("replicated_from", flat=True).first()
    return seen


def _attach(model: DrugFreeModel, upload: uploads.CheckedUpload | None) -> list[str]:
    """Write the decision's checked scan to storage for ``model`` (saved by the caller); the
    stored names, for ``uploads.removed_on_failure``."""
    if upload is None:
        return []
    model.decision_file.save(upload.stored_name, upload.file, save=False)
    model.decision_file_type = upload.content_type
    return [model.decision_file.name or ""]


@transaction.atomic
def model_create(
    *,
    actor: User,
    area: Area,
    kind: str,
    name: str,
    today: date,
    host: Organisation | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    decision_file: UploadedFile | None = None,
    members_count: int | None = None,
    members_named: str = "",
    replicated_from: DrugFreeModel | None = None,
) -> DrugFreeModel:
    """A new model, "building", with its first event; the decision's scan is an image checked
    and re-encoded like every upload."""
    checked = _check(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        today=today,
        host=host,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_file=decision_file,
        members_count=members_count,
        members_named=members_named,
        replicated_from=replicated_from,
    )
    model = DrugFreeModel(
        area=area,
        kind=kind,
        name=checked.name,
        host=host,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decision_issuer=decision_issuer.strip(),
        members_count=checked.members_count,
        members_named=checked.members_named,
        replicated_from=replicated_from,
        recorded_by=actor,
    )
    with storage.removed_on_failure(_attach(model, checked.upload)):
        model.full_clean()
        model.save()
        audit.record_change(actor=actor, obj=model, before=None)
        _event(actor=actor, model=model, on=decision_date or today, from_status="", note="")
    return model


@transaction.atomic
def model_update(
    *,
    actor: User,
    model: DrugFreeModel,
    area: Area,
    kind: str,
    name: str,
    today: date,
    host: Organisation | None = None,
    decision_number: str = "",
    decision_date: date | None = None,
    decision_issuer: str = "",
    decision_file: UploadedFile | None = None,
    members_count: int | None = None,
    members_named: str = "",
    replicated_from: DrugFreeModel | None = None,
) -> DrugFreeModel:
    """Correct a model's details (a wrong decision number, members, host…), checked as when it
    was recorded, by a role that may record in both its old and its new area. Its status and
    events are not touched (they move through ``model_transition``). A new decision scan
    replaces the old one, whose file is deleted once the transaction has committed; without a
    new scan the old one is kept."""
    model = DrugFreeModel.objects.select_for_update().select_related("area").get(pk=model.pk)
    if not scope_for(actor).contains(model.area):
        raise DomainError({"name": _("Mô hình không thuộc địa bàn của bạn.")})
    checked = _check(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        today=today,
        host=host,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_file=decision_file,
        members_count=members_count,
        members_named=members_named,
        replicated_from=replicated_from,
        model=model,
    )
    before = audit.snapshot(model)
    old_file = model.decision_file.name or ""
    model.area = area
    model.kind = kind
    model.name = checked.name
    model.host = host
    model.decision_number = decision_number.strip()
    model.decision_date = decision_date
    model.decision_issuer = decision_issuer.strip()
    model.members_count = checked.members_count
    model.members_named = checked.members_named
    model.replicated_from = replicated_from
    stored = _attach(model, checked.upload)
    with storage.removed_on_failure(stored):
        model.full_clean()
        model.save()
        audit.record_change(actor=actor, obj=model, before=before)
    if stored and old_file:
        transaction.on_commit(lambda: default_storage.delete(old_file))
    return model


@transaction.atomic
def model_transition(
    *, actor: User, model: DrugFreeModel, to_status: str, on: date, today: date, note: str = ""
) -> DrugFreeModel:
    """Move the model along ``LIFECYCLE`` on ``on`` (not in the future, not before its last
    step); "dissolved" is final."""
    model = DrugFreeModel.objects.select_for_update().select_related("area").get(pk=model.pk)
    if not scope_for(actor).contains(model.area):
        raise DomainError({"to_status": _("Mô hình không thuộc địa bàn của bạn.")})
    LIFECYCLE.guard(model.status, to_status)
    if on > today:
        raise DomainError({"on": _("Ngày không được sau hôm nay.")})
    last = model.events.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise DomainError(
            {"on": _("Ngày không được trước bước gần nhất (%(d)s).") % {"d": f"{last.on:%d/%m/%Y}"}}
        )
    before = audit.snapshot(model)
    from_status = model.status
    model.status = to_status
    model.full_clean()
    model.save(update_fields=["status", "updated_at"])
    audit.record_change(actor=actor, obj=model, before=before)
    _event(actor=actor, model=model, on=on, from_status=from_status, note=note)
    return model


@transaction.atomic
def model_review(
    *,
    actor: User,
    model: DrugFreeModel,
    year: int,
    reviewed_on: date,
    result: str,
    today: date,
    note: str = "",
) -> DrugFreeModelReview:
    """The model's review of ``year`` (one per year, dated in that year or early the next)."""
    if not scope_for(actor).contains(model.area):
        raise DomainError({"result": _("Mô hình không thuộc địa bàn của bạn.")})
    errors: Errors = {}
    validators.choice(result, DrugFreeModelReview.Result, field="result")
    if reviewed_on > today:
        add_error(errors, "reviewed_on", _("Ngày đánh giá không được sau hôm nay."))
    if reviewed_on.year not in (year, year + 1):
        add_error(
            errors, "reviewed_on", _("Ngày đánh giá phải thuộc năm đánh giá hoặc đầu năm sau.")
        )
    if DrugFreeModelReview.objects.filter(model=model, year=year).exists():
        add_error(errors, "year", _("Mô hình đã được đánh giá năm %(year)s.") % {"year": year})
    raise_if(errors)
    review = DrugFreeModelReview(
        model=model, year=year, reviewed_on=reviewed_on, result=result, note=note.strip()
    )
    review.full_clean()
    review.save()
    audit.record_change(actor=actor, obj=review, before=None)
    return review
