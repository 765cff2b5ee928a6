"""The demo's prevention work: Gia Viên's monthly sessions with a few groups missed, Thành
Đông's household campaign, a parish and a clan model, organisation commitments."""

from __future__ import annotations

from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.prevention.models import DrugFreeModel, OrganisationCommitment
from khongmatuy.prevention.rules.periods import months_ending
from khongmatuy.prevention.selectors import coverage, households


def test_the_demo_carries_the_seeds_prevention(db):
    today = timezone.localdate()
    officer = User.objects.get(username="cand_giavien")

    this_month = coverage.month_coverage(user=officer, on=today)
    last_month = coverage.month_coverage(user=officer, on=months_ending(today, 2)[0].last)
    assert (this_month.reached, this_month.total) == (50, 73)
    assert (last_month.reached, last_month.total) == (71, 73)
    assert coverage.schools_reached(user=officer, on=today).total == 2

    thanh_dong = User.objects.get(username="cand_thanhdong")
    rows = households.group_rows(user=thanh_dong, on=today)
    total = households.total(rows)
    assert len(rows) == 45
    assert 0.7 < total.reached / total.total < 1

    parish, clan = DrugFreeModel.objects.order_by("pk")
    assert (parish.kind, parish.status) == ("parish", "recognised")
    assert (clan.kind, clan.replicated_from) == ("clan", parish)
    assert OrganisationCommitment.objects.filter(year=today.year).count() == 3
