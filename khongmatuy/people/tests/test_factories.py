"""The test factories write through the services: what they create is what the services create,
audited, with the defaults their docstrings state."""

from __future__ import annotations

from datetime import date

from khongmatuy.audit.models import AuditEvent
from khongmatuy.people import choices

from .factories import (
    ContactFactory,
    DrugTestFactory,
    PersonFactory,
    SupervisionFactory,
    events_for,
)


def test_person_factory_registers_with_one_category(world, officer_a):
    person = PersonFactory(actor=officer_a, area=world.group_a1, full_name="Đặng Văn Thử")
    assert (person.full_name, person.date_of_birth, person.name_folded) == (
        "Đặng Văn Thử",
        date(1990, 5, 17),
        "dang van thu",
    )
    assert [(c.category, c.started_on, c.source) for c in person.personcategorys.all()] == [
        (choices.Category.ILLEGAL_USER, date(2026, 1, 10), "QĐ 12/QĐ-UBND")
    ]
    assert [e.action for e in events_for(person)] == [AuditEvent.Action.CREATE]


def test_care_factories_record_through_the_services(world, officer_a):
    person = PersonFactory(actor=officer_a, area=world.group_a1)
    contact = ContactFactory(actor=officer_a, person=person)
    test = DrugTestFactory(actor=officer_a, person=person)
    supervision = SupervisionFactory(actor=officer_a, person=person)
    assert (contact.contacted_on, contact.form, contact.recorded_by) == (
        date(2026, 11, 1),
        choices.ContactForm.HOME_VISIT,
        officer_a,
    )
    assert (test.tested_on, test.result, test.performed_by) == (
        date(2026, 11, 1),
        choices.TestResult.NEGATIVE,
        "Công an phường",
    )
    assert (supervision.name, supervision.kind, supervision.started_on) == (
        "Trần Văn Giúp",
        choices.SupervisorKind.VETERAN,
        date(2026, 2, 1),
    )
    for record in (contact, test, supervision):
        assert [e.action for e in events_for(record)] == [AuditEvent.Action.CREATE]
