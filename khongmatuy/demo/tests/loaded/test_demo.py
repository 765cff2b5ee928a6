"""The demo that ``make run`` loads: logins, the registry's stories, the README walkthrough,
the issued report."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.demo.demo_data import DEMO_PASSWORD


def test_demo_logins_work_and_officer_sees_former_communes(db):
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
