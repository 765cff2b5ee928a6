"""Writes of data quality: merging duplicate records, and reconciliation rounds.

Every function is keyword-only, one transaction, audited in that transaction; every check runs
before the first write. Refusals are ``DomainError`` keyed by the form field at fault (Vietnamese
message). Authorization is checked here too (views check it first): without ``MANAGE_PERSONS``, or
for a record outside the actor's scope, ``PermissionDenied``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize

from ..choices import ReconciliationOutcome
from ..models import Person, ReconciliationItem, ReconciliationRound
from ..selectors.quality import round_persons
from .persons import search_text_for

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

NOTE_MAX = 250
UNCHECKED_LISTED = 20  # names listed in the refusal of an incomplete round

# Facts of the removed record copied to the kept one when the kept one lacks them.
FILLED_ON_MERGE = (
    "date_of_birth",
    "permanent_area",
    "permanent_address",
    "current_address",
    "phone",
    "occupation",
    "education",
    "family_contacts",
)
# Related rows that cannot exist twice for one person (a unique constraint on the person and
# something else): on a merge the kept record's row wins and the removed one's is deleted, with
# its values kept in the audit trail. Any other conflict refuses the merge.
DROP_ON_CONFLICT: frozenset[str] = frozenset(
    # a reconciliation result per round; a workplace or school link per person (the kept one's)
    {"people.ReconciliationItem", "prevention.Affiliation"}
)


def _require(actor: User | None, *objects: models.Model) -> None:
    """``MANAGE_PERSONS`` and every object in the actor's scope (``actor=None``: the system)."""
    if actor is None:
        return
    if not actor.can(Capability.MANAGE_PERSONS):
        raise PermissionDenied
    for obj in objects:
        if not type(obj).objects.for_user(actor).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
            raise PermissionDenied


def _error(field: str, message: str) -> DomainError:
    return DomainError({field: [message]})


def _clean_note(note: str, *, field: str = "note") -> str:
    note = normalize(note)
    if len(note) > NOTE_MAX:
        raise _error(field, _("Dài quá %(n)s ký tự.") % {"n": NOTE_MAX})
    return note


# --- merge -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeResult:
    keep: Person
    moved: dict[str, int]  # model label -> rows re-pointed to the kept record
    dropped: dict[str, int]  # model label -> conflicting rows deleted (values kept in the audit)


def _relations(model: type[models.Model]) -> list[Any]:
    """Every relation pointing at ``Person`` (found, not listed: a future model is included)."""
    return [r for r in model._meta.related_objects if not r.many_to_many]


def _merge_problems(keep: Person, remove: Person) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if keep.pk == remove.pk:
        add("remove", _("Không thể hợp nhất một hồ sơ với chính nó."))
    for field, person in (("keep", keep), ("remove", remove)):
        if person.merged_into_id is not None:
            add(
                field,
                _("Hồ sơ %(name)s đã được hợp nhất vào hồ sơ khác.") % {"name": person.full_name},
            )
    if keep.citizen_id and remove.citizen_id and keep.citizen_id != remove.citizen_id:
        add(
            "remove",
            _(
                "Hai hồ sơ có số CCCD khác nhau: có thể là hai người khác nhau. Hãy kiểm tra, "
                "sửa số CCCD sai trước khi hợp nhất."
            ),
        )
    return problems


def _many_to_many_links(remove: Person) -> list[tuple[models.Model, str]]:
    """Every automatic many-to-many link to ``remove`` (a targeted communication session's
    persons): (the linking object, its field name). A many-to-many with an explicit through model
    (places' ``Place.persons`` through ``PlacePerson``) needs nothing here: its rows point at the
    person by a foreign key and are moved with every other relation."""
    links: list[tuple[models.Model, str]] = []
    for relation in Person._meta.related_objects:
        if not relation.many_to_many:
            continue
        field: Any = relation.field
        through: Any = getattr(field.remote_field, "through", None)
        if through is not None and not through._meta.auto_created:
            continue
        for obj in field.model._base_manager.filter(**{field.name: remove.pk}).order_by("pk"):
            links.append((obj, field.name))
    return links


@transaction.atomic
def person_merge(
    *, actor: User | None, keep: Person, remove: Person, on: date | None = None
) -> MergeResult:
    """Merge ``remove`` into ``keep``: the same person registered twice.

    Every row that points at ``remove`` (categories, episodes, supervisors, contacts, tests,
    follow-ups, support, transfers, reconciliation results, records merged into it before, and any
    relation added later: they are found through ``Person._meta.related_objects``) is re-pointed
    to ``keep``, each with its own audit entry (before/after). A row that may exist only once per
    person and already exists for ``keep`` (``DROP_ON_CONFLICT``) is deleted, its values kept in
    the audit trail; any other conflict refuses the merge. ``keep`` gains the citizen ID when only
    ``remove`` has one, the facts it lacks (``FILLED_ON_MERGE``), the other name and aliases as
    aliases, and the psychosis flag. ``remove`` stays as an inactive record with
    ``merged_into=keep`` so that its audit trail stays readable (its page redirects to ``keep``).

    Refused: the same record twice, a record already merged, two different citizen IDs.
    """
    _require(actor, keep, remove)
    on = today_or(on)
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
    }
    keep, remove = locked.get(keep.pk, keep), locked.get(remove.pk, remove)
    problems = _merge_problems(keep, remove)
    if problems:
        raise DomainError(problems)
    links = _many_to_many_links(remove)

    # 1. Plan every move first: a conflict refuses the merge before anything is written.
    moves: list[tuple[models.Model, Any]] = []
    drops: list[models.Model] = []
    conflicts: list[str] = []
    for relation in _relations(Person):
        model = relation.related_model
        field = relation.field
        for row in model._base_manager.filter(**{field.name: remove.pk}).order_by("pk"):
            setattr(row, field.attname, keep.pk)
            try:
                row.validate_constraints()
            except ValidationError:
                if model._meta.label in DROP_ON_CONFLICT:
                    setattr(row, field.attname, remove.pk)
                    drops.append(row)
                    continue
                conflicts.append(f"{model._meta.verbose_name}: {row}")
            else:
                setattr(row, field.attname, remove.pk)
                moves.append((row, field))
    if conflicts:
        raise _error(
            NON_FIELD_ERRORS,
            _("Không thể hợp nhất vì hai hồ sơ có bản ghi trùng nhau: %(rows)s.")
            % {"rows": "; ".join(conflicts[:5])},
        )

    # 2. The removed record gives up its citizen ID first (the column is unique).
    remove_before = audit.snapshot(remove)
    keep_before = audit.snapshot(keep)
    moved_citizen_id = remove.citizen_id if not keep.citizen_id else None
    remove.is_active = False
    remove.merged_into = keep
    remove.removed_on = remove.removed_on or on
    remove.removal_reason = (
        _("Hồ sơ trùng, đã hợp nhất vào hồ sơ số %(pk)s (%(name)s)")
        % {"pk": keep.pk, "name": keep.full_name}
    )[:250]
    if moved_citizen_id:
        remove.citizen_id = None
    remove.full_clean(exclude=["area", "permanent_area", "merged_into", "created_by"])
    remove.save()
    audit.record_change(
        actor=actor,
        obj=remove,
        before=remove_before,
        note=f"Gộp trùng: gộp vào hồ sơ {keep.full_name} (số {keep.pk})",
    )

    # 3. The kept record gains what only the removed one had.
    if moved_citizen_id:
        keep.citizen_id = moved_citizen_id
    for name in FILLED_ON_MERGE:
        attname = Person._meta.get_field(name).attname  # type: ignore[union-attr]
        if getattr(keep, attname) in (None, "") and getattr(remove, attname) not in (None, ""):
            setattr(keep, attname, getattr(remove, attname))
    names = [keep.aliases, remove.aliases]
    if remove.full_name != keep.full_name:
        names.append(remove.full_name)
    aliases: list[str] = []
    for part in ", ".join(n for n in names if n).split(", "):
        if part and part != keep.full_name and part not in aliases:
            aliases.append(part)
    keep.aliases = ", ".join(aliases)[:250]
    if remove.psychosis and not keep.psychosis:
        keep.psychosis, keep.psychosis_note = True, remove.psychosis_note
    keep.search_text = search_text_for(keep)
    keep.full_clean(exclude=["area", "permanent_area", "merged_into", "created_by"])
    keep.save()
    audit.record_change(
        actor=actor,
        obj=keep,
        before=keep_before,
        note=f"Gộp trùng: nhận hồ sơ {remove.full_name} (số {remove.pk})",
    )

    # 4. Re-point every related row, one audited update each; delete the conflicting ones.
    moved: dict[str, int] = {}
    for row, field in moves:
        before = audit.snapshot(row)
        setattr(row, field.attname, keep.pk)
        row.save(update_fields=[field.name])
        audit.record_change(
            actor=actor,
            obj=row,
            before=before,
            note=f"Gộp trùng: chuyển từ hồ sơ số {remove.pk} sang số {keep.pk}",
        )
        moved[row._meta.label] = moved.get(row._meta.label, 0) + 1
    for obj, name in links:  # the kept record takes the removed one's place in each link
        manager = getattr(obj, name)
        manager.remove(remove)
        manager.add(keep)  # already linked to ``keep``: still one link
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=obj,
            note=f"Gộp trùng: liên kết chuyển từ hồ sơ số {remove.pk} sang số {keep.pk}",
        )
        moved[obj._meta.label] = moved.get(obj._meta.label, 0) + 1
    dropped: dict[str, int] = {}
    for row in drops:
        audit.record_delete(
            actor=actor, obj=row, note=f"Gộp trùng: trùng với dữ liệu của hồ sơ số {keep.pk}"
        )
        row.delete()
        dropped[row._meta.label] = dropped.get(row._meta.label, 0) + 1
    return MergeResult(keep=keep, moved=moved, dropped=dropped)


# --- reconciliation rounds ---------------------------------------------------------------------


@transaction.atomic
def reconciliation_start(
    *, actor: User | None, area: Area, on: date | None = None, note: str = ""
) -> list[ReconciliationRound]:
    """Start a reconciliation round for a residential group, or for each group of a commune.

    For a commune: one round per active group without a round in progress, plus one for the
    commune itself when persons are recorded there without a group. Refused when nothing can be
    started (a round is already in progress everywhere) or for another level of area.
    """
    _require(actor, area)
    on = today_or(on)
    note = _clean_note(note)
    if area.level not in (Level.COMMUNE, Level.GROUP) or not area.is_active:
        raise _error("area", _("Chọn một tổ dân phố, thôn hoặc một xã, phường đang hoạt động."))
    if area.level == Level.GROUP:
        targets = [area]
    else:
        targets = list(
            Area.objects.filter(parent=area, level=Level.GROUP, is_active=True).order_by(
                "sort_key", "pk"
            )
        )
        if Person.objects.active().filter(area=area).exists():
            targets.append(area)
    busy = set(
        ReconciliationRound.objects.filter(area__in=targets, completed_on__isnull=True).values_list(
            "area_id", flat=True
        )
    )
    todo = [a for a in targets if a.pk not in busy]
    if not todo:
        raise _error(
            "area",
            _("Đang có đợt rà soát chưa hoàn thành cho %(name)s; hãy hoàn thành đợt đó trước.")
            % {"name": area.name}
            if targets
            else _("%(name)s chưa có tổ dân phố, thôn nào để rà soát.") % {"name": area.name},
        )
    rounds = []
    for target in todo:
        round_ = ReconciliationRound(
            area=target,
            started_by=actor if actor is not None and actor.pk else None,
            started_on=on,
            note=note,
        )
        round_.full_clean(exclude=["started_by"])
        round_.save()
        audit.record_change(actor=actor, obj=round_, before=None)
        rounds.append(round_)
    return rounds


def _require_open(round_: ReconciliationRound) -> None:
    if round_.completed_on is not None:
        raise _error(
            NON_FIELD_ERRORS,
            _("Đợt rà soát đã hoàn thành ngày %(on)s; không thể thay đổi.")
            % {"on": f"{round_.completed_on:%d/%m/%Y}"},
        )


@transaction.atomic
def reconciliation_check(
    *,
    actor: User | None,
    round: ReconciliationRound,
    person: Person,
    outcome: str,
    note: str = "",
    on: date | None = None,
) -> ReconciliationItem:
    """Record what the officer found for one person of the round (again: replaces the result).

    Every outcome other than "confirmed" is a discrepancy and needs a note saying what differs.
    Sets ``person.last_verified_on``.
    """
    _require(actor, round, person)
    on = today_or(on)
    round_ = ReconciliationRound.objects.select_for_update().get(pk=round.pk)
    _require_open(round_)
    if outcome not in ReconciliationOutcome.values:
        raise _error("outcome", _("Chọn kết quả rà soát."))
    note = _clean_note(note)
    if outcome != ReconciliationOutcome.CONFIRMED and not note:
        raise _error(
            "note",
            _("Ghi rõ sai lệch so với thực tế (kết quả “%(outcome)s”).")
            % {"outcome": ReconciliationOutcome(outcome).label},
        )
    if not round_persons(round_).filter(pk=person.pk).exists():
        raise _error("person", _("Người này không thuộc danh sách của đợt rà soát."))
    checked_by = actor if actor is not None and actor.pk else None
    item = ReconciliationItem.objects.filter(round=round_, person=person).first()
    before = audit.snapshot(item) if item is not None else None
    if item is None:
        item = ReconciliationItem(round=round_, person=person)
    item.outcome, item.note, item.checked_by = outcome, note, checked_by
    item.full_clean(exclude=["checked_by"])
    item.save()
    audit.record_change(actor=actor, obj=item, before=before)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.last_verified_on != on:
        person_before = audit.snapshot(person)
        person.last_verified_on = on
        person.save(update_fields=["last_verified_on", "updated_at"])
        audit.record_change(
            actor=actor, obj=person, before=person_before, note=f"reconciliation {round_.pk}"
        )
    return item


@transaction.atomic
def reconciliation_complete(
    *, actor: User | None, round: ReconciliationRound, on: date | None = None
) -> ReconciliationRound:
    """Close the round and record its discrepancies (every non-confirmed result) in its note.

    Refused while a person of the round is unchecked; the refusal names them.
    """
    _require(actor, round)
    on = today_or(on)
    round_ = ReconciliationRound.objects.select_for_update().get(pk=round.pk)
    _require_open(round_)
    if on < round_.started_on:
        raise _error(
            "completed_on",
            _("Ngày hoàn thành không được trước ngày bắt đầu (%(on)s).")
            % {"on": f"{round_.started_on:%d/%m/%Y}"},
        )
    checked = ReconciliationItem.objects.filter(round=round_, person=models.OuterRef("pk"))
    unchecked = list(
        round_persons(round_)
        .exclude(models.Exists(checked))
        .order_by("name_sort", "pk")
        .values_list("full_name", flat=True)
    )
    if unchecked:
        names = ", ".join(unchecked[:UNCHECKED_LISTED])
        if len(unchecked) > UNCHECKED_LISTED:
            names += _(" và %(n)s người khác") % {"n": len(unchecked) - UNCHECKED_LISTED}
        raise _error(
            NON_FIELD_ERRORS,
            _("Còn %(n)s người chưa rà soát: %(names)s.") % {"n": len(unchecked), "names": names},
        )
    counts: dict[str, int] = {}
    for outcome in round_.items.exclude(outcome=ReconciliationOutcome.CONFIRMED).values_list(
        "outcome", flat=True
    ):
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = (
        _("Sai lệch: %(parts)s.")
        % {
            "parts": "; ".join(
                f"{ReconciliationOutcome(k).label}: {v}"
                for k, v in sorted(
                    counts.items(), key=lambda kv: ReconciliationOutcome.values.index(kv[0])
                )
            )
        }
        if counts
        else _("Không có sai lệch.")
    )
    before = audit.snapshot(round_)
    round_.completed_on = on
    round_.note = (f"{round_.note} {summary}" if round_.note else summary)[:NOTE_MAX]
    round_.full_clean(exclude=["started_by"])
    round_.save(update_fields=["completed_on", "note"])
    audit.record_change(actor=actor, obj=round_, before=before)
    return round_
