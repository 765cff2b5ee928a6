"""Recording communication activities and the worker figures of organisations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level, Organisation
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import storage, validators
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.tips import uploads

from ..choices import ActivityForm, Audience
from ..models import Activity, ActivityPhoto, GroupReach, OrganisationReach, Workforce

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.people.models import Person


def _check_reach(
    *, actor: User, groups: Sequence[Area], organisations: Sequence[Organisation], errors: Errors
) -> int | None:
    """The one commune every group and organisation reached belongs to (None if refused)."""
    if not groups and not organisations:
        add_error(
            errors,
            "groups",
            _("Chọn ít nhất một tổ dân phố hoặc một cơ quan, trường học được tuyên truyền."),
        )
        return None
    scope = scope_for(actor)
    communes: set[int | None] = set()
    for group in groups:
        if group.level != Level.GROUP or not scope.contains(group):
            add_error(
                errors, "groups", _("“%(name)s” không phải tổ dân phố của bạn.") % {"name": group}
            )
        communes.add(group.commune_id)
    for organisation in organisations:
        if not scope.contains(organisation.area):
            add_error(
                errors,
                "organisations",
                _("“%(name)s” không thuộc địa bàn của bạn.") % {"name": organisation},
            )
        communes.add(organisation.area.commune_id)
    if len(communes) > 1 or None in communes:
        add_error(
            errors,
            "groups",
            _("Mỗi hoạt động ghi cho một xã, phường: các tổ dân phố, đơn vị phải cùng một xã."),
        )
        return None
    return communes.pop()


@dataclass(frozen=True)
class ActivitySpec:
    """What an officer types about an activity (recorded or corrected)."""

    held_on: date
    form: str
    topic: str
    audience: str
    groups: Sequence[Area] = ()
    organisations: Sequence[Organisation] = ()
    organiser: Organisation | None = None
    audience_count: int | None = None
    persons: Sequence[Person] = ()
    note: str = ""
    photos: Sequence[UploadedFile] = ()


@dataclass(frozen=True)
class _Checked:
    spec: ActivitySpec
    topic: str
    groups: list[Area]
    organisations: list[Organisation]
    area_id: int
    uploads: list[uploads.CheckedUpload]


def _check(
    *, actor: User, spec: ActivitySpec, today: date, photos_kept: int = 0, persons: bool
) -> _Checked:
    """Every check of an activity, all errors at once; nothing is written."""
    errors: Errors = {}
    validators.choice(spec.form, ActivityForm, field="form")
    validators.choice(spec.audience, Audience, field="audience")
    topic = validators.required_text(
        spec.topic, field="topic", message=_("Ghi nội dung, chủ đề tuyên truyền."), max_length=250
    )
    if spec.held_on > today:
        add_error(errors, "held_on", _("Ngày thực hiện không được sau hôm nay."))
    groups = list(dict.fromkeys(spec.groups))
    organisations = list(dict.fromkeys(spec.organisations))
    commune_id = _check_reach(
        actor=actor, groups=groups, organisations=organisations, errors=errors
    )
    organiser = spec.organiser
    if organiser is not None and not scope_for(actor).contains(organiser.area):
        add_error(errors, "organiser", _("Đơn vị tổ chức không thuộc địa bàn của bạn."))
    if persons and spec.persons:
        if spec.form != ActivityForm.TARGETED:
            add_error(errors, "persons", _("Chỉ ghi người cụ thể cho buổi tuyên truyền cá biệt."))
        elif not actor.can(Capability.VIEW_PERSONS) or any(
            not scope_for(actor).contains(p.area) for p in spec.persons
        ):
            add_error(errors, "persons", _("Bạn không được ghi người này."))
    checked: list[uploads.CheckedUpload] = []
    if photos_kept + len(spec.photos) > uploads.MAX_FILES and spec.photos:
        add_error(
            errors,
            "photos",
            _("Hoạt động đã có %(kept)s tệp; chỉ thêm được tối đa %(n)s tệp nữa.")
            % {"kept": photos_kept, "n": max(uploads.MAX_FILES - photos_kept, 0)},
        )
    else:
        try:
            checked = uploads.check_uploads(spec.photos, documents=True)
        except uploads.UploadRefused as exc:
            add_error(errors, "photos", str(exc))
    raise_if(errors)
    assert commune_id is not None  # noqa: S101 - _check_reach added an error otherwise
    area_id: int = groups[0].pk if len(groups) == 1 and not organisations else commune_id
    return _Checked(spec, topic, groups, organisations, area_id, checked)


def _fill(activity: Activity, checked: _Checked) -> None:
    spec = checked.spec
    activity.area_id = checked.area_id
    activity.held_on = spec.held_on
    activity.form = spec.form
    activity.topic = checked.topic
    activity.organiser = spec.organiser
    activity.audience = spec.audience
    activity.audience_count = spec.audience_count
    activity.note = spec.note.strip()


@transaction.atomic
def activity_record(
    *,
    actor: User,
    held_on: date,
    form: str,
    topic: str,
    audience: str,
    groups: Sequence[Area] = (),
    organisations: Sequence[Organisation] = (),
    organiser: Organisation | None = None,
    audience_count: int | None = None,
    persons: Sequence[Person] = (),
    note: str = "",
    photos: Sequence[UploadedFile] = (),
    today: date,
) -> Activity:
    """Record an activity with what it reached, its linked persons and its photos.

    Filed under the residential group when it reached one group and nothing else, otherwise under
    the commune of what it reached (all of one commune). Linked persons are for targeted
    communication only and need a role that sees persons. Nothing is saved on a refusal.
    """
    spec = ActivitySpec(
        held_on=held_on,
        form=form,
        topic=topic,
        audience=audience,
        groups=groups,
        organisations=organisations,
        organiser=organiser,
        audience_count=audience_count,
        persons=persons,
        note=note,
        photos=photos,
    )
    checked = _check(actor=actor, spec=spec, today=today, persons=True)
    activity = Activity(recorded_by=actor)
    _fill(activity, checked)
    activity.full_clean()
    activity.save()
    audit.record_change(actor=actor, obj=activity, before=None)
    _reach(
        actor=actor, activity=activity, groups=checked.groups, organisations=checked.organisations
    )
    if persons:
        activity.persons.set(persons)
    _store_photos(actor=actor, activity=activity, checked=checked.uploads)
    return activity


@transaction.atomic
def activity_update(
    *, actor: User, activity: Activity, spec: ActivitySpec, today: date
) -> Activity:
    """Correct an activity: its fields, what it reached (the reach rows are replaced, so the
    coverage follows at once), its linked persons when the actor sees persons (otherwise they are
    kept), and further photos or minutes up to the limit. Refused like a new record, and for an
    activity outside the actor's scope."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not scope_for(actor).contains(activity.area):
        raise DomainError({"groups": _("Hoạt động này không thuộc địa bàn của bạn.")})
    sees_persons = actor.can(Capability.VIEW_PERSONS)
    checked = _check(
        actor=actor,
        spec=spec,
        today=today,
        photos_kept=activity.photos.count(),
        persons=sees_persons,
    )
    before = audit.snapshot(activity)
    _fill(activity, checked)
    activity.full_clean()
    activity.save()
    audit.record_change(actor=actor, obj=activity, before=before)
    _unreach(actor=actor, activity=activity)
    _reach(
        actor=actor, activity=activity, groups=checked.groups, organisations=checked.organisations
    )
    if sees_persons:
        activity.persons.set(spec.persons if spec.form == ActivityForm.TARGETED else [])
    _store_photos(actor=actor, activity=activity, checked=checked.uploads)
    return activity


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    """Delete an activity recorded by mistake, with what it reached and its files (the files
    once the transaction has committed)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not scope_for(actor).contains(activity.area):
        raise DomainError({"__all__": _("Hoạt động này không thuộc địa bàn của bạn.")})
    _unreach(actor=actor, activity=activity)
    files = [photo.file.name for photo in activity.photos.all()]
    for photo in activity.photos.all():
        audit.record_delete(actor=actor, obj=photo)
    activity.persons.clear()
    audit.record_delete(actor=actor, obj=activity)
    activity.delete()

    def delete_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


def _unreach(*, actor: User, activity: Activity) -> None:
    """Remove what the activity reached, each row audited (a few dozen groups at most)."""
    for model in (GroupReach, OrganisationReach):
        rows = list(model.objects.filter(activity=activity))
        for row in rows:
            audit.record_delete(actor=actor, obj=row)
        model.objects.filter(pk__in=[row.pk for row in rows]).delete()


def _reach(
    *, actor: User, activity: Activity, groups: list[Area], organisations: list[Organisation]
) -> None:
    if groups:
        GroupReach.objects.bulk_create(
            GroupReach(activity=activity, group=g, held_on=activity.held_on) for g in groups
        )
        audit.record_bulk(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            model=GroupReach,
            count=len(groups),
            area_id=activity.area_id,
            tag=f"activity-{activity.pk}",
        )
    if organisations:
        people = activity.audience_count if len(organisations) == 1 else None
        OrganisationReach.objects.bulk_create(
            OrganisationReach(
                activity=activity, organisation=o, held_on=activity.held_on, people=people
            )
            for o in organisations
        )
        audit.record_bulk(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            model=OrganisationReach,
            count=len(organisations),
            area_id=activity.area_id,
            tag=f"activity-{activity.pk}",
        )


def _store_photos(
    *, actor: User, activity: Activity, checked: Sequence[uploads.CheckedUpload]
) -> None:
    """Store the re-encoded photos; the files already written are deleted if one fails."""
    stored: list[str] = []
    with storage.removed_on_failure(stored):
        for upload in checked:
            photo = ActivityPhoto(
                activity=activity,
                content_type=upload.content_type,
                size=upload.size,
                original_name=upload.original_name,
            )
            photo.file.save(upload.stored_name, upload.file, save=False)
            stored.append(photo.file.name)
            photo.full_clean()
            photo.save()
            audit.record_change(actor=actor, obj=photo, before=None)


@transaction.atomic
def workforce_set(
    *, actor: User, organisation: Organisation, as_of: date, workers: int
) -> Workforce:
    """The number of workers of ``organisation`` at ``as_of`` (a new figure, or the day's one
    corrected)."""
    if not scope_for(actor).contains(organisation.area):
        raise DomainError({"organisation": _("Đơn vị không thuộc địa bàn của bạn.")})
    figure = (
        Workforce.objects.select_for_update().filter(organisation=organisation, as_of=as_of).first()
    )
    before = audit.snapshot(figure) if figure is not None else None
    if figure is None:
        figure = Workforce(organisation=organisation, as_of=as_of)
    figure.workers = workers
    figure.full_clean()
    figure.save()
    audit.record_change(actor=actor, obj=figure, before=before)
    return figure
