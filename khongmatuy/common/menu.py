"""The main menu, grouped by task, declared once.

Each entry names a URL by its string name and never imports the app that serves it, so ``common``
stays at the bottom floor. Who sees an entry is read from the view itself: the capability its
``@scoped(...)`` declaration (or an API view's ``required_capability``) demands. A link is therefore
never shown to a role the page would answer 403; ``capability`` and ``roles`` only narrow further
(a page the role may open but has no use for). An entry whose URL name is not registered (an app
not installed yet) is skipped, so a new app joins by adding its lines here:

    Entry(_("Hoạt động tuyên truyền"), "prevention:activities"),

A group with no visible entry is not shown. ``tests/test_menu.py`` opens every visible link as
every role and expects 200.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import required_capability
from .roles import Capability, Role, role_can

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    capability: Capability | None = None  # needed on top of the view's own
    roles: frozenset[str] | None = None  # only these roles (the page is of no use to others)
    badge_url: str | None = None  # a URL name answering a small htmx fragment (a counter)


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    entries: tuple[Entry, ...] = field(default_factory=tuple)


# A supervisor's menu is her people and their visits; the rest is office work.
NOT_SUPERVISOR = frozenset(
    {
        Role.ADMIN,
        Role.CITY_POLICE,
        Role.COMMUNE_POLICE,
        Role.COMMUNE_LEADERSHIP,
        Role.GROUP_LEADER,
        Role.MASS_ORG_OFFICER,
    }
)
# Roles that work with communes and their groups, and so search for an area by name.
AREA_WORK = frozenset(
    {
        Role.ADMIN,
        Role.CITY_POLICE,
        Role.COMMUNE_POLICE,
        Role.COMMUNE_LEADERSHIP,
        Role.MASS_ORG_OFFICER,
    }
)
AGENCY = frozenset({Role.AGENCY_OFFICER})  # its own organisation's records only
STAFF = frozenset({Role.ADMIN, Role.CITY_POLICE, Role.COMMUNE_POLICE, Role.COMMUNE_LEADERSHIP})

MENU: tuple[Group, ...] = (
    Group(
        "people",
        _("Người trong diện quản lý"),
        (
            Entry(_("Người tôi giúp đỡ"), "people:visits", roles=frozenset({Role.SUPERVISOR})),
            Entry(_("Tổng quan"), "people:overview", roles=NOT_SUPERVISOR),
            Entry(_("Danh sách"), "people:list", roles=NOT_SUPERVISOR),
            Entry(_("Hạn xử lý"), "people:deadlines", roles=NOT_SUPERVISOR),
            Entry(_("Thăm gặp"), "people:visits", roles=NOT_SUPERVISOR),
            Entry(_("Quá hạn thăm gặp"), "people:contacts_overdue", roles=STAFF),
            Entry(_("Đến hạn xét nghiệm"), "people:tests_due"),
            Entry(_("Chỉ số hỗ trợ"), "people:support_indicator", roles=STAFF),
            Entry(_("Chuyển giao"), "people:transfers", capability=Capability.MANAGE_PERSONS),
            Entry(_("Chất lượng dữ liệu"), "people:quality", capability=Capability.MANAGE_PERSONS),
            Entry(_("Đăng ký người mới"), "people:register"),
        ),
    ),
    Group(
        "places",
        _("Địa điểm, vụ việc"),
        (
            Entry(_("Điểm, tụ điểm"), "places:list"),
            Entry(_("Cơ sở kinh doanh có điều kiện"), "places:businesses"),
            Entry(_("Trồng cây có chất ma túy"), "places:cultivations"),
            Entry(_("Camera, hòm thư tố giác"), "places:cameras"),
            Entry(_("Vụ việc"), "cases:list"),
            Entry(_("Người bị bắt giữ"), "cases:arrests"),
        ),
    ),
    Group(
        "tips",
        _("Tin báo, tố giác"),
        (
            Entry(_("Tin báo"), "tips:queue", badge_url="tips:overdue_badge"),
            Entry(_("Tin báo quá hạn"), "tips:overdue"),
            Entry(_("Tiếp nhận tin báo"), "tips:create"),
        ),
    ),
    Group(
        "prevention",
        _("Phòng ngừa"),
        (
            Entry(_("Hoạt động tuyên truyền"), "prevention:list"),
            Entry(_("Ghi buổi tuyên truyền"), "prevention:record"),
            Entry(_("Độ phủ tuyên truyền"), "prevention:coverage"),
            Entry(_("Cam kết của hộ gia đình"), "prevention:households"),
            Entry(_("Cam kết của cơ quan, tổ chức"), "prevention:commitments"),
            Entry(_("Cam kết của đơn vị"), "prevention:own_commitments", roles=AGENCY),
            Entry(_("Mô hình không ma túy"), "prevention:models"),
            Entry(_("Số người lao động"), "prevention:workforce", roles=STAFF),
        ),
    ),
    Group(
        "plans",
        _("Kế hoạch"),
        (
            Entry(_("Văn bản kế hoạch"), "plans:documents"),
            Entry(_("Nhiệm vụ"), "plans:tasks"),
            Entry(_("Nhiệm vụ quá hạn"), "plans:overdue"),
            Entry(_("Giao ban, sơ kết"), "plans:meetings"),
            Entry(_("Khen thưởng, kỷ luật"), "plans:rewards"),
            Entry(_("Ghi văn bản kế hoạch"), "plans:document_create"),
            Entry(_("Chương trình MTQG"), "programme:overview"),
            Entry(_("Dự án, giải ngân"), "programme:list"),
            Entry(_("Chỉ tiêu Chương trình"), "programme:indicators"),
        ),
    ),
    Group(
        "criteria",
        _("Tiêu chí, lộ trình"),
        (
            Entry(_("Đánh giá"), "criteria:evaluations"),
            Entry(_("Công nhận"), "criteria:recognitions"),
            Entry(_("Lộ trình"), "criteria:roadmaps"),
            Entry(_("Bộ tiêu chí"), "criteria:rule_sets"),
            Entry(_("Tuyến trọng điểm"), "criteria:key_routes"),
        ),
    ),
    Group(
        "reports",
        _("Báo cáo"),
        (
            Entry(_("Bảng điều hành"), "reports:dashboard"),
            Entry(
                _("So sánh các xã, phường"),
                "reports:communes",
                roles=frozenset({Role.ADMIN, Role.CITY_POLICE}),
            ),
            Entry(_("Báo cáo định kỳ"), "reports:list"),
            Entry(_("Bản đồ"), "reports:map"),
            Entry(_("Công việc nền"), "jobs:list"),
        ),
    ),
    Group(
        "admin",
        _("Địa bàn, quản trị"),
        (
            Entry(_("Địa bàn"), "areas:tree"),
            Entry(_("Tìm địa bàn"), "areas:search", roles=AREA_WORK),
            Entry(_("Nhật ký"), "audit:list"),
            Entry(_("Quy định pháp luật"), "legal:index"),
            Entry(
                _("Quy định pháp luật"),
                "people:legal_rules",
                capability=Capability.MANAGE_PERSONS,
                roles=frozenset({Role.CITY_POLICE, Role.COMMUNE_POLICE}),
            ),
            Entry(_("Chu kỳ thăm gặp"), "people:care_policies"),
            Entry(_("Danh mục chất ma túy"), "cases:substances"),
            Entry(_("Tài khoản"), "accounts:user_list"),
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    url_name: str
    active: bool
    badge_url: str | None


@dataclass(frozen=True)
class VisibleGroup:
    key: str
    label: str | Promise
    links: list[Link]
    active: bool


def _target(url_name: str) -> tuple[str, Capability | None] | None:
    """The URL of an entry and the capability its view demands; None if not registered."""
    return _target_in(url_name, get_urlconf() or settings.ROOT_URLCONF)


@cache
def _target_in(url_name: str, urlconf: str) -> tuple[str, Capability | None] | None:
    """Cached per URL configuration: a page served under another one (a test's) never decides
    what the site's menu shows."""
    try:
        url = reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None
    return url, required_capability(resolve(url, urlconf=urlconf).func)


def visible(entry: Entry, role: str) -> bool:
    target = _target(entry.url_name)
    if target is None:
        return False
    needed = [c for c in (target[1], entry.capability) if c is not None]
    if not all(role_can(role, c) for c in needed):
        return False
    return entry.roles is None or role in entry.roles


def menu_for(role: str, current: str = "", menu: Iterable[Group] = MENU) -> list[VisibleGroup]:
    """The groups and links ``role`` may open; ``current`` (a view name) marks the active one."""
    groups = []
    for group in menu:
        links = [
            Link(
                label=entry.label,
                url=target[0],
                url_name=entry.url_name,
                active=entry.url_name == current,
                badge_url=reverse(entry.badge_url) if entry.badge_url else None,
            )
            for entry in group.entries
            if visible(entry, role) and (target := _target(entry.url_name)) is not None
        ]
        if links:
            groups.append(
                VisibleGroup(group.key, group.label, links, any(link.active for link in links))
            )
    return groups


def menu_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``menu`` for the signed-in user, the current page marked."""
    user = request.user
    if not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    groups = menu_for(getattr(user, "role", ""), current)
    urls = {link.url_name for group in groups for link in group.links}
    return {"menu": groups, "menu_urls": urls}
