"""Shared builders for the episode tests (no tests here). Data goes through the services, so the
autouse audit check holds: persons via ``services.persons.person_register``, episodes via
``services.episodes``."""

from __future__ import annotations

from datetime import date
from typing import Any

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.people.choices import EpisodeKind
from khongmatuy.people.models import DossierItem, Episode, Person
from khongmatuy.people.rules.dossier import COURT_DECISION
from khongmatuy.people.services import episodes as services
from khongmatuy.people.services.persons import person_register

TODAY = date(2026, 11, 23)  # the frozen "today" of these tests (a Monday)


def make_person(
    actor: User,
    area: Area,
    name: str,
    *,
    born: date | None = date(1990, 5, 17),
    psychosis: bool = False,
) -> Person:
    return person_register(
        actor=actor,
        area=area,
        full_name=name,
        sex="male",
        date_of_birth=born,
        psychosis=psychosis,
        today=TODAY,
    )


def open_(person: Person, kind: str, started_on: date, actor: User, **kw: Any) -> Episode:
    return services.episode_open(
        person=person, kind=kind, started_on=started_on, actor=actor, today=TODAY, **kw
    )


def court_decided_dossier(
    person: Person, actor: User, *, started_on: date, decided_on: date, applies: bool = True
) -> Episode:
    """A compulsory-rehab dossier with every document done and the court's decision recorded."""
    dossier = open_(person, EpisodeKind.COMPULSORY_DOSSIER, started_on, actor)
    for item in DossierItem.objects.filter(episode=dossier).order_by("position"):
        if item.code == COURT_DECISION:
            continue
        services.dossier_item_set(item=item, done_on=started_on, actor=actor, today=TODAY)
    court = DossierItem.objects.get(episode=dossier, code=COURT_DECISION)
    services.dossier_item_set(
        item=court,
        done_on=decided_on,
        reference="15/2026/QĐ-TA",
        court_applies=applies,
        actor=actor,
        today=TODAY,
    )
    dossier.refresh_from_db()
    return dossier
