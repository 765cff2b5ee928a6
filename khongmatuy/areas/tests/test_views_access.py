"""Who may open which area page, no 500 from any bad input, and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.areas.models import Area, Organisation
from khongmatuy.common.roles import Role

from .factories import OrganisationFactory, commune_with_groups, user_bound_to
from .pages import HX, client_for, state

# --- who may do what ------------------------------------------------------------------------------

WRITE_PAGES = [
    "edit",
    "rename",
    "merge",
    "group_create",
    "groups_bulk",
    "groups_import",
    "figure_create",
    "organisation_create",
]

VALID_POSTS = {
    "edit": {"kind": "ward", "code": "99999"},
    "rename": {"new_name": "Đổi", "effective_on": "01/01/2026"},
    "merge": {"predecessors": ["<group_a1>"], "effective_on": "01/01/2026"},
    "group_create": {"name": "Tổ 99", "kind": "residential_group"},
    "groups_bulk": {"name_prefix": "Tổ", "first": "1", "last": "3", "kind": "residential_group"},
    "groups_import": {},
    "figure_create": {"as_of": "01/01/2027", "population": "10", "households": "1"},
    "organisation_create": {"area": "<ward_a>", "kind": "school", "name": "Trường mới"},
}


def _valid_post(name: str, world) -> dict[str, object]:  # type: ignore[no-untyped-def]
    def value(v):  # type: ignore[no-untyped-def]
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, str) and v.startswith("<"):
            return str(getattr(world, v.strip("<>")).pk)
        return v

    return {k: value(v) for k, v in VALID_POSTS[name].items()}


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize("persona", ["leadership_client", "leader_client"])
def test_read_only_roles_get_403_on_every_write_page(request, world, school, name, persona):
    client = request.getfixturevalue(persona)
    url = reverse(f"areas:{name}", args=[world.ward_a.pk])
    before = state()
    assert client.get(url).status_code == 403
    assert client.post(url, _valid_post(name, world)).status_code == 403
    assert state() == before


@pytest.mark.parametrize("persona", ["leadership_client", "leader_client"])
def test_read_only_roles_get_403_on_organisation_edit_and_template(request, world, school, persona):
    client = request.getfixturevalue(persona)
    url = reverse("areas:organisation_edit", args=[school.pk])
    before = state()
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"area": world.group_a1.pk, "kind": "school", "name": "Khác"}).status_code
        == 403
    )
    assert client.get(reverse("areas:groups_import_template")).status_code == 403
    assert state() == before


@pytest.mark.parametrize("name", [*WRITE_PAGES, "detail", "children", "export"])
def test_other_ward_gets_404_and_changes_nothing(officer_b_client, world, name):
    url = reverse(f"areas:{name}", args=[world.ward_a.pk])
    before = state()
    assert officer_b_client.get(url, headers=HX).status_code == 404
    if name in WRITE_PAGES:
        assert officer_b_client.post(url, _valid_post(name, world)).status_code == 404
    assert state() == before


def test_other_ward_gets_404_on_groups_and_organisations(officer_b_client, world, school):
    for url in (
        reverse("areas:detail", args=[world.group_a1.pk]),
        reverse("areas:figure_create", args=[world.group_a1.pk]),
        reverse("areas:organisation_edit", args=[school.pk]),
        reverse("areas:detail", args=[world.haiphong.pk]),
        "/areas/99999999999999999999999/",
    ):
        assert officer_b_client.get(url).status_code == 404, url
    response = officer_b_client.post(
        reverse("areas:organisation_edit", args=[school.pk]),
        {"area": world.group_b1.pk, "kind": "school", "name": "Chiếm"},
    )
    assert response.status_code == 404
    assert Organisation.objects.get(pk=school.pk).area_id == world.group_a1.pk


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("areas:detail", args=[world.ward_a.pk]))
    assert response.status_code == 302
    assert "/accounts/login" in response.url


# --- no 500 from any bad input --------------------------------------------------------------------

# Arabic-Indic and mathematical digits are decimal digits to Python: they must not crash either.
JUNK = ["", "abc", "-1", "9" * 40, "31/02/2026", "1e400", "NaN", "0x10", "  ", "٣", "𝟗", "<x>"]


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("name", [n for n in WRITE_PAGES if n != "groups_import"])
def test_junk_in_any_field_is_never_a_500(officer_a_client, world, school, name, junk):
    """Each field in turn gets the junk value, the others stay valid: a form error or a save."""
    target = world.group_a2 if name == "merge" else world.ward_a
    url = reverse(f"areas:{name}", args=[target.pk])
    for field in [*_valid_post(name, world), *JUNK_FIELDS.get(name, [])]:
        data = _valid_post(name, world) | {field: [junk] if field == "predecessors" else junk}
        response = officer_a_client.post(url, data)
        assert response.status_code in (200, 302), (field, response.status_code)
        if response.status_code == 200:
            assert response.context["form"].errors, field


JUNK_FIELDS = {
    "edit": ["area_km2", "valid_from"],
    "rename": ["legal_basis"],
    "merge": ["legal_basis"],
    "group_create": ["population", "households", "as_of"],
    "figure_create": ["source"],
    "organisation_create": ["address", "head_name", "phone", "member_count"],
}


# --- query counts ---------------------------------------------------------------------------------


@pytest.fixture
def wards_5_and_50(world):  # type: ignore[no-untyped-def]
    clients = {}
    for n in (5, 50):
        ward = commune_with_groups(
            province=world.quangninh, name=f"Phường {n} tổ", groups=n, population=200
        )
        groups = list(Area.objects.filter(parent=ward).order_by("pk"))
        for i, group in enumerate(groups[: n // 2]):
            OrganisationFactory(area=group, kind="school", name=f"Trường {i}")
        officer = user_bound_to(f"cand_{n}", Role.COMMUNE_POLICE, [ward])
        clients[n] = (client_for(officer), ward)
    return clients


def _count(client: Client, url: str, **kwargs) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "hx"),
    [
        ("tree", False),
        ("detail", False),
        ("children", True),
        ("export", False),
        ("search", False),
        ("search", True),
    ],
)
def test_pages_issue_the_same_queries_for_5_and_50_groups(
    wards_5_and_50, django_assert_max_num_queries, url_name, hx
):
    counts = {}
    for n, (client, ward) in wards_5_and_50.items():
        if url_name == "tree":
            url = reverse("areas:tree")
        elif url_name == "search":
            url = reverse("areas:search") + "?q=to"  # every group ("Tổ 1"…) and the ward match
        else:
            url = reverse(f"areas:{url_name}", args=[ward.pk])
        client.get(url, headers=HX if hx else {})  # warm the session
        with django_assert_max_num_queries(16):
            counts[n] = _count(client, url, headers=HX if hx else {})
    assert counts[5] == counts[50]
