"""Organisation commitments and when one is broken.

Nghị quyết Đảng bộ phường Thành Đông III.2: "Từng cơ quan, đơn vị, doanh nghiệp, trường học... phải
cam kết không để phát sinh người nghiện ma tuý và người đứng đầu phải chịu trách nhiệm nếu phát
sinh"; Kế hoạch UBND phường Gia Viên III.1: organisations "cam kết tự quản, tự bảo vệ, giữ vững mục
tiêu “không ma túy”". The commitment of a year is broken when a person linked to the organisation
(``Affiliation``) becomes, in that year, a new illegal drug user (a first user or addict category,
``people.counting.new_user_between``) or a new addict (a first addict category, even after an
earlier user category).

The organisation's commune sees the count of such persons, never who they are: the persons may
live in another commune, outside the user's scope.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery

from khongmatuy.people.choices import Category
from khongmatuy.people.counting import new_user_between
from khongmatuy.people.models import PersonCategory

from ..models import OrganisationCommitment

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def breaking_category(year: int) -> Q:
    """On ``PersonCategory``: a row that makes its person a new user or a new addict in
    ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    earlier_addict = PersonCategory.objects.filter(
        person_id=OuterRef("person_id"), category=Category.ADDICT, started_on__lt=start
    )
    new_addict = Q(category=Category.ADDICT, started_on__gte=start, started_on__lte=end) & Q(
        ~Exists(earlier_addict)
    )
    return new_user_between(start, end) | new_addict


def commitment_list(*, user: User, year: int) -> QuerySet[OrganisationCommitment]:
    """The year's commitments the user sees, each with ``broken_count``: the persons linked to
    its organisation who became new users or addicts in the year (one query)."""
    breaking = (
        PersonCategory.objects.filter(
            breaking_category(year),
            person__affiliation__organisation_id=OuterRef("organisation_id"),
        )
        .order_by()
        .values("person__affiliation__organisation_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    return (
        OrganisationCommitment.objects.for_user(user)
        .filter(year=year)
        .select_related("organisation", "organisation__area")
        .annotate(broken_count=Subquery(breaking, output_field=IntegerField()))
        .order_by("organisation__name_sort", "pk")
    )
