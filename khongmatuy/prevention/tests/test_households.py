"""Households: the import (bad rows named, nothing saved; all or nothing), list or paper counts
never both for a year, commitments, and the coverage against the households figure."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Kind
from khongmatuy.common.roles import Role
from khongmatuy.prevention import imports, services
from khongmatuy.prevention.models import Household, HouseholdCommitment
from khongmatuy.prevention.selectors import households as selectors
from tests.personas import client_for, make_user

TODAY = date(2026, 11, 20)
HEADER = list(imports.COLUMNS)


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ho.xlsx", out.getvalue())


def test_bad_rows_are_named_by_row_and_column():
    specs, errors = imports.parse_households(
        xlsx(
            [
                ["Nguyễn Văn An", "Số 1", 4, "01/03/2026", ""],
                ["", "Số 2", 3, None, None],
                ["Trần Thị Bình", "Số 3", "bốn", "31/02/2026", None],
                ["Lê Văn Cường", "Số 4", 2, "01/12/2026", None],
            ]
        ),
        today=TODAY,
    )

    assert [str(e) for e in errors] == [
        "Dòng 3, cột “Họ tên chủ hộ”: Họ tên chủ hộ không được để trống.",
        "Dòng 4, cột “Số nhân khẩu”: Số nhân khẩu từ 1 đến 99.",
        "Dòng 4, cột “Ngày ký cam kết”: Ngày không hợp lệ (dùng dd/mm/yyyy).",
        "Dòng 5, cột “Ngày ký cam kết”: Ngày ký không được sau hôm nay.",
    ]
    assert [s.head_name for s in specs] == ["Nguyễn Văn An"]


def test_a_wrong_header_is_refused():
    _specs, errors = imports.parse_households(xlsx([["A"]], header=["Tên"]), today=TODAY)
    assert "tiêu đề" in str(errors[0])


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_the_import_previews_then_commits_all_rows(world, leader_a):
    client = client_for(leader_a)
    url = reverse("prevention:households_import", args=[world.group_a1.pk])
    bad = client.post(
        url, {"file": xlsx([["Nguyễn Văn An", "", 4, None, None], ["", "", 1, None, None]])}
    )
    assert "Dòng 3" in bad.content.decode()
    assert not Household.objects.exists()

    preview = client.post(
        url,
        {
            "file": xlsx(
                [
                    ["Nguyễn Văn An", "Số 1", 4, "01/03/2026", ""],
                    ["Phạm Thị Dung", "", 2, None, None],
                ]
            )
        },
    )
    assert "Phạm Thị Dung" in preview.content.decode()
    assert not Household.objects.exists()  # the preview saves nothing
    token = preview.context["token"]
    done = client.post(url, {"token": token})

    assert done.status_code == 302
    assert sorted(Household.objects.values_list("head_name", flat=True)) == [
        "Nguyễn Văn An",
        "Phạm Thị Dung",
    ]
    assert list(HouseholdCommitment.objects.values_list("year", "signed_by")) == [
        (2026, "Nguyễn Văn An")
    ]


def test_an_import_into_a_paper_year_saves_nothing(world, leader_a):
    services.household_counts_set(
        actor=leader_a, group=world.group_a1, year=2026, households=10, signed=5, as_of=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        services.households_import(
            actor=leader_a,
            group=world.group_a1,
            specs=[
                services.HouseholdSpec("Nguyễn Văn An"),
                services.HouseholdSpec("Phạm Thị Dung", signed_on=date(2026, 3, 1)),
            ],
            today=TODAY,
        )
    assert "Dòng 3" in refused.value.messages[0]
    assert not Household.objects.exists()


def test_a_group_with_a_list_may_not_record_paper_counts(world, leader_a):
    services.household_add(
        actor=leader_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Nguyễn Văn An"),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as refused:
        services.household_counts_set(
            actor=leader_a, group=world.group_a1, year=2026, households=10, signed=5, as_of=TODAY
        )
    assert "year" in refused.value.message_dict


def test_one_commitment_per_household_and_year(world, leader_a):
    household = services.household_add(
        actor=leader_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Nguyễn Văn An", signed_on=date(2026, 2, 1)),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as refused:
        services.commitment_record(
            actor=leader_a,
            household=household,
            signed_on=date(2026, 5, 1),
            signed_by="An",
            today=TODAY,
        )
    assert "2026" in refused.value.message_dict["signed_on"][0]
    services.commitment_record(
        actor=leader_a, household=household, signed_on=date(2025, 5, 1), signed_by="An", today=TODAY
    )
    assert HouseholdCommitment.objects.count() == 2


def test_coverage_against_the_households_figure_at_the_date(world, officer_a, leader_a):
    # Group 1: figure 128 households (512 // 4), 2 signed in the list this year, 1 last year.
    for n, signed in enumerate((date(2026, 3, 1), date(2026, 11, 1), None)):
        services.household_add(
            actor=leader_a,
            group=world.group_a1,
            spec=services.HouseholdSpec(f"Hộ {n}", signed_on=signed),
            today=TODAY,
        )
    # Group 2 keeps paper: 100 of its figure's 107 households signed.
    services.household_counts_set(
        actor=officer_a, group=world.group_a2, year=2026, households=107, signed=100, as_of=TODAY
    )

    rows = selectors.group_rows(user=officer_a, on=TODAY)
    before_november = selectors.group_rows(user=officer_a, on=date(2026, 10, 31))

    assert [(r.group_name, r.reached, r.total, r.paper) for r in rows] == [
        ("Tổ dân phố số 1", 2, 128, False),
        ("Tổ dân phố số 2", 100, 107, True),
    ]
    assert before_november[0].reached == 1
    commune = selectors.by_commune(rows)
    assert [(c.commune_name, c.reached, c.total) for c in commune] == [("Gia Viên", 102, 235)]
    assert [r.group_name for r in selectors.below_target(rows, 90)] == ["Tổ dân phố số 1"]


@pytest.mark.parametrize("extra_groups", [0, 10])
def test_household_coverage_query_count_is_constant(
    world, officer_a, django_assert_num_queries, extra_groups
):
    for n in range(extra_groups):
        area_services.area_create(
            actor=None, parent=world.ward_a, name=f"Tổ thêm {n}", kind=Kind.RESIDENTIAL_GROUP
        )
    selectors.group_rows(user=officer_a, on=TODAY)
    with django_assert_num_queries(1):
        selectors.group_rows(user=officer_a, on=TODAY)


def test_household_names_only_for_roles_with_a_need(world, leader_a):
    services.household_add(
        actor=leader_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Hộ Riêng Tư"),
        today=TODAY,
    )
    leadership = make_user("lanhdao_ho", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    group_url = reverse("prevention:households_group", args=[world.group_a1.pk])

    assert client_for(leadership).get(reverse("prevention:households")).status_code == 200
    assert client_for(leadership).get(group_url).status_code == 403
    page = client_for(leader_a).get(group_url)
    assert "Hộ Riêng Tư" in page.content.decode()


def test_the_list_is_in_vietnamese_name_order(world, leader_a):
    for name in ("Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Bình"):
        services.household_add(
            actor=leader_a, group=world.group_a1, spec=services.HouseholdSpec(name), today=TODAY
        )
    names = [h.head_name for h in selectors.household_list(group=world.group_a1, year=2026)]
    assert names == ["Nguyễn Thị Ánh", "Lê Văn Bình", "Trần Văn Đức"]  # by given name
