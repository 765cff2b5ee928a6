"""Synthetic persons at ward scale: plausible, valid, deterministic, idempotent, audited in summary,
and the ``generate_synthetic`` command's people stage."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.text import fold
from khongmatuy.demo import (
    synthetic,
    synthetic_people,
    synthetic_people_data,
    synthetic_people_rows,
)
from khongmatuy.people import durations
from khongmatuy.people.choices import Category, EpisodeStatus
from khongmatuy.people.models import (
    Contact,
    DrugTest,
    Episode,
    EpisodeEvent,
    FollowUp,
    Person,
    PersonCategory,
    ReconciliationRound,
    Supervision,
    SupportService,
)
from khongmatuy.people.selectors import quality as selectors
from khongmatuy.people.services.persons import search_text_for
from khongmatuy.people.validators import citizen_id_problems

ON = date(2026, 11, 23)
TABLES = (
    Person, PersonCategory, Episode, EpisodeEvent, Supervision, Contact, DrugTest, FollowUp,
    SupportService,
)  # fmt: skip


def snapshot() -> list[tuple[object, ...]]:
    """Everything the generator decides, without primary keys or timestamps (except the
    synthetic ``updated_at``, which it sets on purpose)."""
    persons = {
        p.pk: p.citizen_id or f"{p.full_name}|{p.area_id}|{p.date_of_birth}"
        for p in Person.objects.all()
    }
    rows: list[tuple[object, ...]] = [
        (
            p.area.name,
            p.full_name,
            p.citizen_id,
            p.date_of_birth,
            p.sex,
            p.phone,
            p.search_text,
            p.is_active,
            p.last_verified_on,
            p.updated_at.date(),
        )
        for p in Person.objects.select_related("area")
    ]
    rows += [
        (persons[c.person_id], c.category, c.started_on, c.ended_on)
        for c in PersonCategory.objects.all()
    ]
    rows += [
        (persons[e.person_id], e.kind, e.status, e.started_on, e.due_on, e.ended_on, e.rule_version)
        for e in Episode.objects.all()
    ]
    rows += [(persons[c.person_id], c.contacted_on, c.form) for c in Contact.objects.all()]
    rows += [(persons[t.person_id], t.tested_on, t.result) for t in DrugTest.objects.all()]
    rows += [(persons[s.person_id], s.name, s.started_on) for s in Supervision.objects.all()]
    return sorted(rows, key=repr)


@pytest.fixture
def ward(db):  # type: ignore[no-untyped-def]
    synthetic.generate(scale="ward", seed=42)
    return synthetic_people.generate(scale="ward", seed=42, on=ON)


def test_ward_scale_fills_gia_vien_with_persons_and_events(ward):
    gia_vien = Area.objects.get(level=Level.COMMUNE, code=synthetic_people_rows.GIA_VIEN_CODE)
    persons = Person.objects.all()
    counts = {m.__name__: m.objects.count() for m in TABLES}
    assert ward.communes_filled == 1
    assert ward.persons == counts["Person"]
    assert (
        synthetic_people_rows.GIA_VIEN_PERSONS
        <= ward.persons
        <= synthetic_people_rows.GIA_VIEN_PERSONS + 5
    )
    assert ward.categories == counts["PersonCategory"]
    assert ward.episodes == counts["Episode"]
    assert ward.supervisions == counts["Supervision"]
    assert ward.events == sum(
        counts[m] for m in ("EpisodeEvent", "Contact", "DrugTest", "FollowUp", "SupportService")
    )
    assert ward.events >= 5 * ward.persons  # "millions of events" at national scale
    assert {p.area.commune_id for p in persons.select_related("area")} == {gia_vien.pk}
    # Every stage of management is there.
    statuses = set(Episode.objects.values_list("kind", "status"))
    assert {("user_management", "active"), ("post_rehab", "active"), ("methadone", "active")} <= (
        statuses
    )
    assert FollowUp.objects.filter(resolved_on__isnull=True).exists()
    assert Person.objects.filter(is_active=False).exists()


def test_most_groups_have_a_data_review_within_the_year(ward):
    """Evaluations of synthetic data can conclude: most groups' data reviews are on record, within
    the year before the reference date, and a few groups are left without one."""
    code = synthetic_people_rows.GIA_VIEN_CODE
    groups = Area.objects.filter(level=Level.GROUP, commune__code=code)
    rounds = ReconciliationRound.objects.filter(area__in=groups)
    reviewed = rounds.values("area_id").distinct().count()
    assert 0.8 * groups.count() <= reviewed < groups.count()
    assert not rounds.filter(completed_on__isnull=True).exists()
    assert not rounds.filter(completed_on__gt=ON).exists()
    assert not rounds.filter(completed_on__lt=ON - timedelta(days=365)).exists()


def test_synthetic_persons_are_valid_records(ward):
    persons = list(Person.objects.select_related("area"))
    ids = [p.citizen_id for p in persons if p.citizen_id]
    assert len(ids) == len(set(ids))
    for person in persons:
        assert person.name_folded == fold(person.full_name)
        assert person.name_sort == name_sort_string(person.full_name)
        assert person.search_text == search_text_for(person)
        if person.citizen_id:
            assert (
                citizen_id_problems(
                    person.citizen_id, sex=person.sex, date_of_birth=person.date_of_birth, today=ON
                )
                == []
            )
        family, middle, given = person.full_name.split(" ")
        assert family in {f for f, _w in synthetic_people_data.FAMILY_NAMES}
        assert middle in synthetic_people_data.MIDDLE_NAMES[person.sex]
        assert given in synthetic_people_data.GIVEN_NAMES[person.sex]
    for episode in Episode.objects.select_related("previous"):
        term = durations.due_on_for(
            episode.kind,
            started_on=episode.started_on,
            is_minor=episode.is_minor,
            planned_months=episode.planned_months,
            after_kind=episode.previous.kind if episode.previous else None,
            on=episode.started_on,
        )
        assert episode.due_on == term.due_on
        assert (episode.status == EpisodeStatus.ACTIVE) == (episode.ended_on is None)
        assert episode.started_on <= ON


def test_the_data_quality_pages_have_something_to_find(ward, officer_for_gia_vien):
    gia_vien = Area.objects.get(level=Level.COMMUNE, code=synthetic_people_rows.GIA_VIEN_CODE)
    total, rows = selectors.quality_rows(
        user=officer_for_gia_vien, area=gia_vien, on=ON, verify_days=180
    )
    assert total.total == Person.objects.filter(is_active=True).count()
    assert 0 < total.incomplete < total.total
    assert 0 < total.stale < total.total
    assert 0 < total.unverified < total.total
    assert len(rows) > 30


@pytest.fixture
def officer_for_gia_vien(ward):  # type: ignore[no-untyped-def]
    from khongmatuy.accounts.models import User

    return User.objects.get(username="bench_commune")


def test_the_load_is_audited_in_one_summary_event(ward):
    event = AuditEvent.objects.get(object_id="synthetic-people:ward:42")
    assert (event.action, event.actor, event.model) == ("create", None, "people.Person")
    assert f"{ward.persons} persons" in event.object_repr
    # No per-row entries: the stage summary and one bulk entry per table.
    persons = AuditEvent.objects.filter(model="people.Person")
    assert persons.exclude(object_id__startswith="synthetic-people:ward:42").count() == 0
    bulk = persons.get(object_id="synthetic-people:ward:42/person")
    assert bulk.object_repr.startswith(f"{ward.persons} × ")


def test_a_second_run_does_nothing(ward):
    before = (snapshot(), AuditEvent.objects.count())

    again = synthetic_people.generate(scale="ward", seed=42, on=ON)

    assert not again.created_anything
    assert (snapshot(), AuditEvent.objects.count()) == before


@pytest.mark.unaudited_writes  # the test deletes the generated rows between runs
def test_the_same_seed_and_date_write_the_same_rows(ward):
    first = snapshot()
    Person.objects.all().delete()

    synthetic_people.generate(scale="ward", seed=42, on=ON)
    assert snapshot() == first

    Person.objects.all().delete()
    synthetic_people.generate(scale="ward", seed=43, on=ON)
    assert snapshot() != first


@pytest.mark.unaudited_writes  # the hand-entered record is written raw
def test_a_hand_entered_citizen_id_is_never_duplicated(db):
    synthetic.generate(scale="ward", seed=42)
    info = synthetic_people._commune_infos(
        [Area.objects.select_related("province").get(code=synthetic_people_rows.GIA_VIEN_CODE)]
    )[0]
    planned = synthetic_people_rows.commune_people(seed=42, commune=info, on=ON)
    taken = next(r.person.citizen_id for r in planned if r.person.citizen_id)
    group = Area.objects.filter(level=Level.GROUP).first()
    Person.objects.create(
        area=group, full_name="Hồ Văn Nhập", sex="male", citizen_id=taken, name_folded="x"
    )

    synthetic_people.generate(scale="ward", seed=42, on=ON)

    assert Person.objects.filter(citizen_id=taken).count() == 1


def test_profiles_spread_like_a_real_commune():
    info = synthetic_people_rows.CommuneInfo(
        pk=1,
        code="10525",
        kind="commune",
        province_code="31",
        groups=tuple((i, f"Thôn {i}") for i in range(1, 31)),
    )
    sizes: list[int] = []
    categories: Counter[str] = Counter()
    deadlines: Counter[str] = Counter()
    for code in range(20000, 20100):
        commune = synthetic_people_rows.CommuneInfo(**{**info.__dict__, "code": str(code)})
        people = synthetic_people_rows.commune_people(seed=42, commune=commune, on=ON)
        sizes.append(len(people))
        categories.update(c.category for rows in people for c in rows.categories)
        for rows in people:
            for episode in rows.episodes:
                if episode.status == EpisodeStatus.ACTIVE and episode.due_on is not None:
                    deadlines["overdue" if episode.due_on < ON else "open"] += 1
                    deadlines["within 30 days"] += ON <= episode.due_on <= date(2026, 12, 23)
    assert min(sizes) >= synthetic_people_rows.PERSONS_PER_COMMUNE[0]
    assert max(sizes) <= synthetic_people_rows.PERSONS_PER_COMMUNE[1] + 10  # + the odd duplicate
    assert 55 <= sum(sizes) / len(sizes) <= 80  # legal-basis §8: about 60-70 per commune
    assert set(categories) == {c.value for c in Category}
    assert categories.most_common(1)[0][0] == Category.ADDICT
    # The deadline lists have rows: some measures overdue, some ending within 30 days.
    assert 0.01 < deadlines["overdue"] / deadlines["open"] < 0.1
    assert 0.02 < deadlines["within 30 days"] / deadlines["open"] < 0.15


@pytest.mark.django_db
def test_command_generates_people_then_finds_nothing_to_do():
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", "ward", "--on", "2026-11-23", stdout=out)
    call_command("generate_synthetic", "--scale", "ward", "--on", "2026-11-23", stdout=out)

    first, second = out.getvalue().splitlines()
    persons = Person.objects.count()
    assert "73 groups" in first
    assert f"; {persons} persons in 1 communes with " in first
    assert second.startswith("ward: already loaded, nothing to do")


@pytest.mark.django_db
def test_command_without_people_then_with_people():
    out = io.StringIO()
    call_command("generate_synthetic", "--scale", "ward", "--no-people", stdout=out)
    assert Person.objects.count() == 0

    call_command("generate_synthetic", "--scale", "ward", "--on", "2026-11-23", stdout=out)

    first, second = out.getvalue().splitlines()
    assert "persons" not in first
    assert second.startswith(f"ward: areas already loaded; {Person.objects.count()} persons")
