"""The inspection interval of conditional businesses is a local rule an administrator sets on the
legal-values page: listed there as not confirmed by a legal text, confirmed through the one
service, read back in one query by the uninspected list, and explained on that list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.common.errors import DomainError
from khongmatuy.legal import selectors as legal_selectors
from khongmatuy.legal import services as legal_services
from khongmatuy.legal.models import LegalValue
from khongmatuy.places import legal, selectors
from khongmatuy.places.models import Business
from tests.personas import World

from .factories import TODAY, BusinessFactory, InspectionFactory

pytestmark = pytest.mark.usefixtures("frozen")

CONFIRM_ARGS = [legal.KEY, legal.CODE, legal.SINCE.isoformat()]
TITLE = (
    "Khoảng thời gian tối đa giữa hai lần kiểm tra cơ sở kinh doanh có điều kiện"
    " (quy định của địa phương)"
)
NOTICE = "là quy định của địa phương, không phải quy định của luật"


@pytest.fixture
def inspected(world: World) -> dict[str, Business]:
    """Businesses of ward A inspected 100, 50 and 20 days before TODAY."""
    rows = {}
    for name, days in (("Karaoke Bình Minh", 100), ("Nhà nghỉ Biển Xanh", 50), ("Bar Mây", 20)):
        business = BusinessFactory(area=world.group_a1, name=name)
        InspectionFactory(business=business, inspected_on=TODAY - timedelta(days=days))
        rows[name] = business
    return rows


def _set_interval(days: int, actor: User) -> LegalValue:
    return legal_services.legal_value_confirm(
        source=legal.KEY,
        code=legal.CODE,
        effective_from=legal.SINCE,
        values={"days": days},
        article="Kế hoạch số 15/KH-UBND của Ủy ban nhân dân phường Gia Viên",
        actor=actor,
    )


def _names(user: User) -> list[str]:
    return [b.name for b in selectors.businesses_uninspected(user=user, on=TODAY)]


def test_the_interval_starts_at_180_days_not_confirmed(admin_user: User) -> None:
    item = legal_selectors.item_get(source=legal.KEY, code=legal.CODE, effective_from=legal.SINCE)
    assert item is not None
    assert (item.confirmed, item.set_by_administrator) == (False, False)
    assert item.initial == {"days": 180}
    assert item.value_text == "180 ngày"
    assert "không phải quy định của luật" in str(item.article)
    assert selectors.inspection_interval() == legal.InspectionInterval(
        days=180, set_by_administrator=False
    )


def test_setting_the_interval_changes_which_businesses_are_listed(
    inspected: dict[str, Business],
    officer_a: User,
    admin_user: User,
    django_assert_num_queries: object,
) -> None:
    assert _names(officer_a) == []
    _set_interval(45, admin_user)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert selectors.inspection_interval_days() == 45
    assert _names(officer_a) == ["Karaoke Bình Minh", "Nhà nghỉ Biển Xanh"]
    _set_interval(30, admin_user)
    assert _names(officer_a) == ["Karaoke Bình Minh", "Nhà nghỉ Biển Xanh"]
    _set_interval(60, admin_user)
    assert _names(officer_a) == ["Karaoke Bình Minh"]
    assert LegalValue.objects.get().values == {"days": 60}
    item = legal_selectors.item_get(source=legal.KEY, code=legal.CODE, effective_from=legal.SINCE)
    assert item is not None
    assert (item.confirmed, item.set_by_administrator, item.value_text) == (True, True, "60 ngày")


@pytest.mark.parametrize("days", [29, 731])
def test_the_interval_is_bounded(admin_user: User, days: int) -> None:
    with pytest.raises(DomainError) as refused:
        _set_interval(days, admin_user)
    assert set(refused.value.message_dict) == {"days"}
    assert LegalValue.objects.count() == 0


def test_the_legal_page_lists_the_interval(admin_client_kmt: Client) -> None:
    body = admin_client_kmt.get(reverse("legal:index") + "?unconfirmed=1").content.decode()
    assert TITLE in body
    assert "180 ngày" in body
    assert reverse("legal:confirm", args=CONFIRM_ARGS) in body
    form = admin_client_kmt.get(reverse("legal:confirm", args=CONFIRM_ARGS)).content.decode()
    assert 'value="180"' in form


def test_the_uninspected_page_says_the_interval_is_local(
    officer_a_client: Client, admin_client_kmt: Client, admin_user: User
) -> None:
    link = reverse("legal:confirm", args=CONFIRM_ARGS)
    officer = officer_a_client.get(reverse("places:uninspected")).content.decode()
    assert NOTICE in officer
    assert "quá 180 ngày" in officer
    assert "hệ thống đang dùng giá trị mặc định" in officer
    assert link not in officer  # only administrators change it
    admin = admin_client_kmt.get(reverse("places:uninspected")).content.decode()
    assert NOTICE in admin
    assert link in admin
    _set_interval(90, admin_user)
    after = officer_a_client.get(reverse("places:uninspected")).content.decode()
    assert "quá 90 ngày" in after
    assert "quản trị viên đã đặt giá trị này" in after


def test_the_business_page_uses_the_interval_set(
    inspected: dict[str, Business],
    officer_a: User,
    officer_a_client: Client,
    admin_user: User,
) -> None:
    business = inspected["Nhà nghỉ Biển Xanh"]  # inspected 50 days ago
    url = reverse("places:business_detail", args=[business.pk])
    assert selectors.business_get_with_interval(user=officer_a, pk=business.pk)[1] == 180
    assert "ngày chưa kiểm tra" not in officer_a_client.get(url).content.decode()
    _set_interval(45, admin_user)
    assert selectors.business_get_with_interval(user=officer_a, pk=business.pk)[1] == 45
    assert "quá 45 ngày chưa kiểm tra" in officer_a_client.get(url).content.decode()
