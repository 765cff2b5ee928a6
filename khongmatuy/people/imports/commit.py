"""The signed preview and the commit: every row registered in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.common.errors import DomainError

from ..models import Person
from ..services import episodes as episode_services
from ..services import persons as services

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

from .parsing import (
    ParsedRow,
)

# --- the signed preview and the commit -----------------------------------------------------------


def rows_to_payload(rows: Sequence[ParsedRow]) -> list[dict[str, Any]]:
    """JSON-ready rows for the signed token (areas by id, dates in ISO form)."""
    payload = []
    for parsed in rows:
        spec = parsed.spec
        payload.append(
            {
                "row": parsed.row,
                "area": spec["area"].pk,
                "full_name": spec["full_name"],
                "sex": spec["sex"],
                "date_of_birth": spec["date_of_birth"].isoformat()
                if spec["date_of_birth"]
                else None,
                "citizen_id": spec["citizen_id"],
                "aliases": spec["aliases"],
                "permanent_address": spec["permanent_address"],
                "current_address": spec["current_address"],
                "phone": spec["phone"],
                "occupation": spec["occupation"],
                "psychosis": spec["psychosis"],
                "categories": [
                    [c.category, c.started_on.isoformat(), c.source] for c in spec["categories"]
                ],
                "episode": parsed.episode,
            }
        )
    return payload


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def commit_rows(
    *, actor: User, payload: list[dict[str, Any]], today: date
) -> tuple[list[Person], list[str]]:
    """Register every row of a preview in one transaction. Returns (persons, errors); with any
    error nothing is saved. Areas are re-read through the actor's scope."""
    area_ids = {row["area"] for row in payload}
    areas = {a.pk: a for a in Area.objects.for_user(actor).filter(pk__in=area_ids)}
    missing = [row["row"] for row in payload if row["area"] not in areas]
    if missing:
        return [], [
            _("Dòng %(row)s: địa bàn không còn thuộc phạm vi tài khoản.") % {"row": n}
            for n in missing
        ]
    specs = [
        services.PersonSpec(
            area=areas[row["area"]],
            full_name=row["full_name"],
            sex=row["sex"],
            date_of_birth=_day(row["date_of_birth"]),
            citizen_id=row["citizen_id"],
            aliases=row["aliases"],
            permanent_address=row["permanent_address"],
            current_address=row["current_address"],
            phone=row["phone"],
            occupation=row["occupation"],
            psychosis=row["psychosis"],
            categories=tuple(
                services.CategorySpec(code, date.fromisoformat(start), source=source)
                for code, start, source in row["categories"]
            ),
        )
        for row in payload
    ]
    try:
        with transaction.atomic():
            persons = services.persons_import(actor=actor, specs=specs, today=today)
            for index, (person, row) in enumerate(zip(persons, payload, strict=True)):
                if not row["episode"]:
                    continue
                try:
                    _open_episode(actor=actor, person=person, episode=row["episode"], today=today)
                except DomainError as exc:
                    raise DomainError({f"row:{index}": exc.messages}) from exc
    except DomainError as exc:
        return [], _row_messages(exc, payload)
    return persons, []


def _open_episode(*, actor: User, person: Person, episode: dict[str, Any], today: date) -> None:
    """Open the row's management episode through the episodes module's service."""
    started_on = _day(episode["started_on"])
    if started_on is None:  # the preview refuses such rows; a token is never built without it
        raise DomainError({"started_on": _("Nhập ngày bắt đầu biện pháp.")})
    episode_services.episode_open(
        today=today,
        actor=actor,
        person=person,
        kind=episode["kind"],
        started_on=started_on,
        decision_number=episode["decision_number"],
        decision_date=_day(episode["decision_date"]),
        authority=episode["authority"],
    )


def _row_messages(exc: DomainError, payload: list[dict[str, Any]]) -> list[str]:
    messages = []
    for key, errs in exc.message_dict.items():
        sheet_row: int | None = None
        if key.startswith("row:"):
            index = int(key[4:])
            sheet_row = payload[index]["row"] if 0 <= index < len(payload) else None
        for message in errs:
            if sheet_row is None:
                messages.append(str(message))
            else:
                messages.append(
                    _("Dòng %(row)s: %(message)s") % {"row": sheet_row, "message": message}
                )
    return messages
