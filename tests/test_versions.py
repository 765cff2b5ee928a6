"""No lost updates on any edit page: for each record edited in place, two people open the page
at the same version; the first save wins, the second is refused with the stored and the typed
value, nothing of it is saved or audited, and the page shown again carries the new version.

Each page is driven as a browser would: the form is read from the page's HTML and posted back
with one field changed."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import connection, models, transaction
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases.models import Substance
from khongmatuy.common.roles import Role
from khongmatuy.common.versioning import StaleVersion
from khongmatuy.people.models import Person
from tests.leak_data import build_data
from tests.leak_routes import Data
from tests.personas import World, client_for, make_user

STALE = "Người khác đã sửa hồ sơ này lúc"
BAD_VERSION = "Không xác định được phiên bản của hồ sơ bạn đã mở"


class _Forms(HTMLParser):
    """The fields of the page's form that carries a version, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        fields = self.forms[-1] if self.forms else []
        if tag == "form":
            self.forms.append([])
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value") or "on"))
            else:
                fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1].append((self._textarea, self._text.strip("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def edit_form(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Forms()
    parser.feed(response.content.decode())
    (fields,) = [f for f in parser.forms if any(name == "version" for name, _value in f)]
    data: dict[str, Any] = {}
    for name, value in fields:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


def version_on(html: str) -> str:
    parser = _Forms()
    parser.feed(html)
    (version,) = [v for f in parser.forms for name, v in f if name == "version"]
    return version


@dataclass(frozen=True)
class Edit:
    """One edit page: whose record, who edits it, one field and the two values typed."""

    route: str
    record: Callable[[Data], models.Model]
    role: str
    bound: Callable[[World], Any]
    field: str
    values: tuple[str, str] | Callable[[tuple[User, User]], tuple[str, str]]
    shown: tuple[str, str] | Callable[[tuple[User, User]], tuple[str, str]] | None = None
    label: str = ""  # the field's name in the message


def _substance(data: Data) -> Substance:
    return Substance.objects.get(name="Methamphetamine")


def _officer(data: Data) -> User:
    return User.objects.get(username="leak_places_officer")


POLICE = Role.COMMUNE_POLICE
EDITS = [
    Edit("people:edit", lambda d: d.person, POLICE, lambda w: w.ward_a, "phone",
         ("0987111222", "0903333444"), label="Điện thoại"),
    Edit("places:edit", lambda d: d.place, POLICE, lambda w: w.ward_a, "address",
         ("Ngõ 10", "Ngõ 11"), label="Địa chỉ"),
    Edit("places:business_edit", lambda d: d.business, POLICE, lambda w: w.ward_a, "address",
         ("Số 2", "Số 3"), label="Địa chỉ"),
    Edit("places:cultivation_edit", lambda d: d.cultivation, POLICE, lambda w: w.ward_a, "site",
         ("Vườn Bắc", "Vườn Nam")),
    Edit("places:camera_edit", lambda d: d.camera, POLICE, lambda w: w.ward_a, "location",
         ("Cổng Bắc", "Cổng Nam")),
    Edit("cases:edit", lambda d: d.case, POLICE, lambda w: w.ward_a, "summary",
         ("Tóm tắt một", "Tóm tắt hai")),
    Edit("cases:substance_edit", _substance, Role.ADMIN, lambda w: w.country, "other_names",
         ("Đá", "Hàng đá")),
    Edit("tips:classify", lambda d: d.tip, POLICE, lambda w: w.ward_a, "category",
         ("use", "other"), shown=("Sử dụng trái phép chất ma túy", "Khác"), label="Nội dung"),
    Edit("tips:assign", lambda d: d.tip, POLICE, lambda w: w.ward_a, "officer",
         lambda users: (str(users[0].pk), str(users[1].pk)),
         shown=lambda users: (users[0].full_name, users[1].full_name)),
    Edit("areas:edit", lambda d: d.world.group_a1, POLICE, lambda w: w.ward_a, "area_km2",
         ("1.5", "2,5"), shown=("1,5", "2,5")),
    Edit("areas:organisation_edit", lambda d: d.organisation, POLICE, lambda w: w.ward_a,
         "address", ("Số 4 Lạch Tray", "Số 6 Lạch Tray"), label="Địa chỉ"),
    Edit("accounts:user_edit", _officer, Role.ADMIN, lambda w: w.country, "title",
         ("Phó trưởng Công an", "Cán bộ"), label="Chức vụ"),
    Edit("criteria:key_route_edit", lambda d: d.key_route, Role.CITY_POLICE,
         lambda w: w.haiphong, "axis", ("Quốc lộ 10", "Quốc lộ 37")),
]  # fmt: skip


@pytest.fixture
def data(world: World) -> Data:
    return build_data(world)


def _editors(edit: Edit, world: World) -> tuple[Client, Client, tuple[str, str], tuple[str, str]]:
    """Two people who may edit the record, and the values each types and the message shows."""
    users = (
        make_user("sua_mot", edit.role, [edit.bound(world)], "Vũ Văn Một"),
        make_user("sua_hai", edit.role, [edit.bound(world)], "Đặng Thị Hai"),
    )
    values = edit.values(users) if callable(edit.values) else edit.values
    shown = edit.shown(users) if callable(edit.shown) else edit.shown or values
    return client_for(users[0]), client_for(users[1]), values, shown


@pytest.mark.parametrize("edit", EDITS, ids=[e.route for e in EDITS])
def test_the_second_of_two_saves_read_at_one_version_is_refused(world, data, edit):
    record = edit.record(data)
    url = reverse(edit.route, args=[record.pk])
    one, two, values, shown = _editors(edit, world)
    form_one, form_two = edit_form(one, url), edit_form(two, url)
    assert form_one["version"] == form_two["version"] == str(record.version)

    saved = one.post(url, {**form_one, edit.field: values[0]})
    assert saved.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", saved.content.decode()
    )
    stored = type(record)._default_manager.get(pk=record.pk)
    stored_values = audit.snapshot(stored)
    entries = AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count()

    refused = two.post(url, {**form_two, edit.field: values[1]})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert STALE in html
    assert "(Vũ Văn Một)" in html
    assert f"giá trị đã lưu {shown[0]}, giá trị của bạn {shown[1]}." in html
    if edit.label:
        assert f"{edit.label}: giá trị đã lưu" in html
    assert version_on(html) == str(stored.version)  # the page now carries the stored version
    after = type(record)._default_manager.get(pk=record.pk)
    assert audit.snapshot(after) == stored_values  # nothing of the refused save is stored
    assert AuditEvent.objects.exclude(action=AuditEvent.Action.VIEW).count() == entries

    # Having seen the stored value, she saves again: now her value is the one kept.
    again = two.post(url, {**form_two, edit.field: values[1], "version": stored.version})
    assert again.status_code == 302
    after = type(record)._default_manager.get(pk=record.pk)
    assert after.version == stored.version + 1


@pytest.mark.parametrize("edit", EDITS, ids=[e.route for e in EDITS])
@pytest.mark.parametrize("version", [None, "2147483648"])
def test_a_missing_or_altered_version_is_a_message_on_the_form(world, data, edit, version):
    record = edit.record(data)
    url = reverse(edit.route, args=[record.pk])
    one, _two, values, _shown = _editors(edit, world)
    form = {**edit_form(one, url), edit.field: values[0]}
    if version is None:
        del form["version"]
    else:
        form["version"] = version
    before = audit.snapshot(type(record)._default_manager.get(pk=record.pk))

    response = one.post(url, form)

    assert response.status_code == 200
    assert BAD_VERSION in response.content.decode()
    assert audit.snapshot(type(record)._default_manager.get(pk=record.pk)) == before


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_is_refused(world, officer_a):
    """Two threads, each with its own connection, save one person read at version 1 at once:
    the row lock makes one wait and then see the other's version."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database refuses, not queues, a second writer")
    from datetime import date

    from khongmatuy.people.choices import Category, Sex
    from khongmatuy.people.services import persons

    person = persons.person_register(
        actor=officer_a,
        area=world.group_a1,
        full_name="Cao Văn Đua",
        sex=Sex.MALE,
        phone="0912000000",
        categories=[persons.CategorySpec(Category.ILLEGAL_USER, date(2026, 1, 10))],
    )
    second = make_user("cand_giavien_3", Role.COMMUNE_POLICE, [world.ward_a], "Lý Văn Ba")
    outcomes: dict[str, str] = {}
    start = threading.Barrier(3)

    def save(actor: User, phone: str) -> None:
        try:
            start.wait()
            persons.person_update(actor=actor, person=person, version=1, phone=phone)
            outcomes[phone] = "saved"
        except StaleVersion:
            outcomes[phone] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(officer_a, "0987111222")),
        threading.Thread(target=save, args=(second, "0903333444")),
    ]
    with transaction.atomic():  # hold the row so that both threads queue behind it
        Person.objects.select_for_update().get(pk=person.pk)
        for thread in threads:
            thread.start()
        start.wait()
        time.sleep(0.3)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    (kept,) = [phone for phone, outcome in outcomes.items() if outcome == "saved"]
    person.refresh_from_db()
    assert (person.phone, person.version) == (kept, 2)
    updates = AuditEvent.objects.filter(
        model="people.Person", object_id=str(person.pk), action=AuditEvent.Action.UPDATE
    )
    assert updates.count() == 1
