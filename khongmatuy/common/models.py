"""Abstract models every app builds on: a record that belongs to a place, and its event log.

``ScopedModel`` is the one way a model joins the scoping mechanism (``common.scoping``): it names
the path to its area in ``scope_area_field`` and gets ``objects.for_user`` and ``scope_area_id``
(the area the audit log files a change under) from that one declaration.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from .scoping import AreaScopedQuerySet


def area_id_along(obj: models.Model, path: str) -> int | None:
    """The id of the area reached from ``obj`` through ``path`` ("" is ``obj`` itself).

    Follows foreign keys, so each hop but the last may cost a query unless it was selected.
    """
    if not path:
        return obj.pk  # type: ignore[no-any-return]
    *hops, last = path.split("__")
    target: Any = obj
    for hop in hops:
        target = getattr(target, hop)
        if target is None:
            return None
    return getattr(target, f"{last}_id")  # type: ignore[no-any-return]


_CHOICE_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


class ChoiceLabels(models.Model):
    """``get_<field>_display()`` from a dict of the field's choices built once per field.

    Django's rebuilds that dict on every call and hashes each label on the way, which translates
    every lazy label: on a list of fifty persons, a tenth of the page went to the badges.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:  # noqa: N802 (Django's name)
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = {
                make_hashable(value): label for value, label in field.flatchoices
            }
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class ScopedModel(ChoiceLabels):
    """A record that belongs to a place. Subclasses set ``scope_area_field`` when it is not
    ``"area"``: a path such as ``"place__area"``, or a tuple of paths for a record of two
    places (the first is the one its changes are filed under)."""

    scope_area_field: ClassVar[str | tuple[str, ...]] = "area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def scope_area_id(self) -> int | None:
        path = self.scope_area_field
        return area_id_along(self, path if isinstance(path, str) else path[0])


class EventModel(ScopedModel):
    """One entry of a record's history: who did it, when, with a note. Append-only by use:
    services create events, nothing edits them. Subclasses add the FK to their record."""

    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class StatusEvent(EventModel):
    """A status change on a date: the lifecycle of a place, the recognition of an area…

    The ``on`` date (not the moment of entry) is what counts at a past date.
    """

    on = models.DateField(_("ngày"))
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)

    class Meta:
        abstract = True
        ordering = ["on", "pk"]


from .jobs.models import Job, ScheduleMark  # noqa: E402 (the concrete models of the jobs kit)

__all__ = ["EventModel", "Job", "ScheduleMark", "ScopedModel", "StatusEvent", "area_id_along"]
