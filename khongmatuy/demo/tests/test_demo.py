"""The demo that ``make run`` loads: the seeds' wards, their history, one account per role."""

from __future__ import annotations

from django.core.management import call_command

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, AreaChange, Level
from khongmatuy.common.roles import Role
from khongmatuy.demo.demo_data import ACCOUNTS, DEMO_PASSWORD


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
