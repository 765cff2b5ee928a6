"""The demo that ``make run`` loads: the seeds' wards, their history, one account per role."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, AreaChange, Level
from khongmatuy.common.roles import Role
from khongmatuy.demo.demo_data import ACCOUNTS, DEMO_PASSWORD, load_demo


def test_demo_loads_the_seed_wards_once(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000" in out
    assert DEMO_PASSWORD in out
    for account in ACCOUNTS:
        assert account.username in out
    assert Area.objects.filter(level=Level.PROVINCE).count() == 34
    assert Area.objects.filter(level=Level.COMMUNE, is_active=True).count() == 3321
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    groups = list(Area.objects.filter(parent=gia_vien, is_active=True).order_by("sort_key"))
    assert len(groups) == 73
    assert [g.name for g in groups[:3]] == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]
    assert groups[-1].name == "Tổ dân phố số 73"
    kien_minh = Area.objects.get(level=Level.COMMUNE, code="11725")
    assert kien_minh.figures.get(is_current=True).population == 25_855
    assert str(kien_minh.area_km2) == "16.25"
    merged = AreaChange.objects.filter(area=kien_minh, kind="merge")
    assert {c.old_name for c in merged} == {"Đông Phương", "Đại Đồng", "Minh Tân"}
    assert {c.predecessor.commune_id for c in merged} == {kien_minh.pk}  # readable by Kiến Minh
    assert {u.role for u in User.objects.all()} == set(Role.values)
    users_before = User.objects.count()
    call_command("load_demo")
    assert User.objects.count() == users_before
    assert Area.objects.filter(parent=gia_vien).count() == 73


def test_demo_logins_work_and_officer_sees_former_communes(db):
    load_demo()
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "cand_kienminh", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    kien_minh = Area.objects.get(level=Level.COMMUNE, code="11725")
    page = client.get(reverse("areas:detail", args=[kien_minh.pk])).content.decode()
    for former in ("Đông Phương", "Đại Đồng", "Minh Tân"):
        assert former in page
    former = Area.objects.get(name="Đông Phương", level=Level.COMMUNE)
    assert client.get(reverse("areas:detail", args=[former.pk])).status_code == 200
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    assert client.get(reverse("areas:detail", args=[gia_vien.pk])).status_code == 404


def test_demo_people_show_every_part_of_the_registry(db):
    from django.utils import timezone

    from khongmatuy.people.choices import EpisodeKind
    from khongmatuy.people.models import Episode, FollowUp, Person, Transfer
    from khongmatuy.people.selectors import episodes

    load_demo()
    today = timezone.localdate()
    officer = User.objects.get(username="cand_giavien")
    supervisor = User.objects.get(username="giamsat_giavien")
    assert Person.objects.for_user(officer).count() == 31  # 29 stories, a duplicate, a new user
    assert Person.objects.for_user(supervisor).count() == 3
    assert episodes.overdue(user=officer, today=today).exists()
    assert episodes.ending_within(user=officer, today=today).exists()
    kinds = set(Episode.objects.for_user(officer).values_list("kind", flat=True))
    assert kinds == set(EpisodeKind.values) - {EpisodeKind.ADDICTION_DETERMINATION}
    assert Person.objects.for_user(officer).filter(psychosis=True).count() == 1
    assert Transfer.objects.for_user(officer).filter(status="pending").count() == 1
    assert FollowUp.objects.for_user(officer).filter(resolved_on__isnull=True).exists()
    # Other wards have their own persons, invisible from Gia Viên.
    other = User.objects.get(username="cand_caoxanh")
    assert Person.objects.for_user(other).exists()
    assert (
        not Person.objects.for_user(other).filter(pk__in=Person.objects.for_user(officer)).exists()
    )


def test_the_readme_walkthrough_search_finds_nguyen_van_in_gia_vien(db):
    """README, "Năm phút đầu tiên", step 2: ``cand_giavien`` searches "nguyen van"."""
    from khongmatuy.common.text import fold
    from khongmatuy.people.models import Person

    load_demo()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "cand_giavien", "password": DEMO_PASSWORD})
    response = client.get(reverse("people:list"), {"q": "nguyen van"})
    assert response.status_code == 200
    found = list(response.context["page_obj"].object_list)
    assert len(found) >= 3
    assert all(fold(p.full_name).startswith("nguyen van ") for p in found)
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    assert {p.area.commune_id for p in found} == {gia_vien.pk}
    body = response.content.decode()
    for person in found:
        assert person.full_name in body
    assert Person.objects.filter(pk__in=[p.pk for p in found], is_active=True).count() == len(found)


def test_demo_has_gia_viens_issued_quarter_report_and_a_draft_of_the_month(db):
    from django.utils import timezone

    from khongmatuy.reports.models import Report
    from khongmatuy.reports.rules import periods

    load_demo()
    today = timezone.localdate()
    issued = Report.objects.get(status=Report.Status.ISSUED)
    assert (issued.area.code, issued.period_kind, issued.number_text) == (
        "11359",
        "quarter",
        "01/BC-CAP",
    )
    assert issued.period.end < today <= issued.period.end + timedelta(days=95)
    assert bytes(issued.docx).startswith(b"PK")
    assert issued.approved_by.username == "lanhdao_giavien"
    draft = Report.objects.get(status=Report.Status.DRAFT)
    assert draft.period == periods.current(periods.PeriodKind.MONTH, on=today)
    client = Client()
    client.force_login(User.objects.get(username="lanhdao_giavien"))
    page = client.get(reverse("reports:detail", args=[issued.pk])).content.decode()
    assert "Số: 01/BC-CAP" in page
