"""Reading the sheet: every bad cell reported (row and column) before anything is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from khongmatuy.areas.imports import RowError
from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.rules.naming import NameIndex
from khongmatuy.common import xlsx
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold

from ..choices import Category, EpisodeKind, Sex
from ..models import Person
from ..rules import transitions
from ..services import episodes as episode_services
from ..services import persons as services

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

from .columns import (
    _COLUMN_OF,
    _EPISODE_COLUMN_OF,
    _NO,
    _YES,
    ALIASES,
    AUTHORITY,
    BORN,
    CATEGORY,
    CATEGORY_FROM,
    CATEGORY_SEPARATOR,
    CITIZEN_ID,
    COLUMNS,
    CURRENT,
    DECISION_DATE,
    DECISION_NUMBER,
    EPISODE,
    EPISODE_COLUMNS,
    EPISODE_FROM,
    GROUP,
    NAME,
    OCCUPATION,
    PERMANENT,
    PHONE,
    PSYCHOSIS,
    REQUIRED_COLUMNS,
    SEX,
    SOURCE,
    _blank,
    _citizen_id,
    _date,
    _Invalid,
    _labels,
    _text,
)


@dataclass
class ParsedRow:
    """One valid row, JSON-ready for the signed preview token."""

    row: int
    spec: services.PersonSpec
    episode: dict[str, Any] | None = None

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c.category).label) for c in self.spec["categories"]]

    @property
    def episode_label(self) -> str:
        return str(EpisodeKind(self.episode["kind"]).label) if self.episode else ""


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def episodes_supported() -> bool:
    return callable(getattr(episode_services, "episode_open", None))


def _read(file: IO[bytes], result: ParseResult) -> list[list[Any]] | None:
    """The sheet's rows, or None with the file's errors in ``result`` (``common.xlsx`` bounds the
    work: archive size, compression ratio, cell length)."""
    try:
        sheet = xlsx.read_first_sheet(file, name=xlsx.file_name(file))
    except xlsx.WorkbookRefused as exc:
        result.errors.append(RowError(1, "", str(exc)))
        return None
    for cell in sheet.too_long:
        column = COLUMNS[cell.column] if cell.column < len(COLUMNS) else cell.letter
        result.errors.append(RowError(cell.row, column, xlsx.too_long_message()))
    return None if sheet.too_long else sheet.rows


def _header_ok(header: list[Any]) -> bool:
    """The template's columns in order; the optional episode columns may be left out."""
    cells = [fold(_text(c)) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    expected = [fold(c) for c in COLUMNS]
    return len(REQUIRED_COLUMNS) <= len(cells) <= len(expected) and cells == expected[: len(cells)]


def parse_persons(file: IO[bytes], *, user: User, commune: Area, today: date) -> ParseResult:
    """Read the sheet; return the valid rows and every error. Nothing is written.

    ``commune`` must be in the user's scope; residential groups are matched by folded name
    among its active groups (a blank group cell means the commune itself).
    """
    result = ParseResult()
    rows = _read(file, result)
    if rows is None:
        return result
    if not rows or not _header_ok(rows[0]):
        result.errors.append(
            RowError(1, "", _("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và điền lại."))
        )
        return result
    body = [
        (index, [*raw, *([None] * len(COLUMNS))][: len(COLUMNS)])
        for index, raw in enumerate(rows[1:], start=2)
        if not all(_blank(c) for c in raw)
    ]
    if len(body) > settings.KMT_IMPORT_MAX_ROWS:
        result.errors.append(
            RowError(
                1,
                "",
                _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": settings.KMT_IMPORT_MAX_ROWS},
            )
        )
        return result
    if not body:
        result.errors.append(RowError(2, "", _("Tệp không có dòng dữ liệu nào.")))
        return result
    groups = NameIndex(
        [commune, *Area.objects.filter(commune=commune, level=Level.GROUP, is_active=True)]
    )
    context = _Context(user=user, commune=commune, groups=groups, today=today)
    for index, cells in body:
        _parse_row(index, dict(zip(COLUMNS, cells, strict=True)), context, result)
    _check_against_registry(result, user=user)
    result.errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column else -1))
    return result


@dataclass
class _Context:
    user: User
    commune: Area
    groups: NameIndex
    today: date
    categories: dict[str, str] = field(default_factory=lambda: _labels(Category))
    sexes: dict[str, str] = field(default_factory=lambda: _labels(Sex))
    kinds: dict[str, str] = field(default_factory=lambda: _labels(EpisodeKind))
    seen_ids: dict[str, int] = field(default_factory=dict)
    seen_people: dict[tuple[str, date | None], tuple[int, str]] = field(default_factory=dict)


def _parse_row(index: int, cells: dict[str, Any], ctx: _Context, result: ParseResult) -> None:
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(index, column, message))

    def read_date(column: str) -> date | None:
        value = _date(cells[column])
        if isinstance(value, _Invalid):
            error(column, _("Ngày không hợp lệ (dùng dd/mm/yyyy)."))
            return None
        return value

    sex = ctx.sexes.get(fold(_text(cells[SEX])), "")
    if not sex:
        error(SEX, _("Giới tính phải là Nam hoặc Nữ."))
    born = read_date(BORN)
    group_name = _text(cells[GROUP])
    area: Area | None = ctx.commune
    if group_name:
        # A group as written ("Tổ dân phố số 5", "Tổ 5"), or the commune itself by its name
        # with or without its unit word ("Phường Gia Viên", "Gia Viên").
        area = ctx.groups.find(group_name)
        if area is None:
            error(
                GROUP,
                _("Không có tổ dân phố, thôn “%(name)s” trong %(commune)s.")
                % {"name": group_name, "commune": ctx.commune.display_name},
            )
    category_codes: list[str] = []
    category_text = _text(cells[CATEGORY])
    if not category_text:
        error(CATEGORY, _("Nhập ít nhất một diện quản lý."))
    for part in (p.strip() for p in category_text.split(CATEGORY_SEPARATOR)):
        if not part:
            continue
        code = ctx.categories.get(fold(part))
        if code is None:
            error(
                CATEGORY, _("Diện quản lý “%(value)s” không có trong danh mục.") % {"value": part}
            )
        elif code not in category_codes:
            category_codes.append(code)
    started_on = read_date(CATEGORY_FROM)
    if started_on is None and not any(e.column == CATEGORY_FROM for e in errors):
        error(CATEGORY_FROM, _("Nhập ngày bắt đầu thuộc diện quản lý."))
    psychosis_text = fold(_text(cells[PSYCHOSIS]))
    if psychosis_text not in _YES | _NO:
        error(PSYCHOSIS, _("Ghi “Có” hoặc để trống."))
    episode = _parse_episode(cells, ctx, error, read_date, born=born)
    spec = services.PersonSpec(
        area=area or ctx.commune,
        full_name=_text(cells[NAME]),
        sex=sex or Sex.MALE,
        date_of_birth=born,
        citizen_id=_citizen_id(cells[CITIZEN_ID]) or None,
        aliases=_text(cells[ALIASES]),
        permanent_address=_text(cells[PERMANENT]),
        current_address=_text(cells[CURRENT]),
        phone=_text(cells[PHONE]),
        occupation=_text(cells[OCCUPATION]),
        psychosis=psychosis_text in _YES,
        categories=tuple(
            services.CategorySpec(code, started_on, source=_text(cells[SOURCE]))
            for code in category_codes
            if started_on is not None
        ),
    )
    # The service's own checks, mapped to columns (skipping what is already reported).
    reported = {e.column for e in errors}
    for key, messages in services.spec_problems(actor=ctx.user, spec=spec, today=ctx.today).items():
        column = _COLUMN_OF.get(key, "")
        if column in reported or (key == "sex" and SEX in reported):
            continue
        for message in messages:
            error(column, message)
    _check_duplicates_in_file(index, spec, ctx, error)
    if errors:
        result.errors.extend(errors)
    else:
        result.rows.append(ParsedRow(row=index, spec=spec, episode=episode))


def _parse_episode(
    cells: dict[str, Any],
    ctx: _Context,
    error: Callable[[str, str], None],
    read_date: Callable[[str], date | None],
    *,
    born: date | None,
) -> dict[str, Any] | None:
    if all(_blank(cells[c]) for c in EPISODE_COLUMNS):
        return None
    if not episodes_supported():
        error(EPISODE, _("Chưa hỗ trợ nhập biện pháp quản lý từ tệp; hãy để trống các cột này."))
        return None
    kind_text = _text(cells[EPISODE])
    kind = ctx.kinds.get(fold(kind_text))
    if not kind_text:
        error(EPISODE, _("Nhập tên biện pháp quản lý (hoặc để trống cả các cột biện pháp)."))
    elif kind is None:
        error(
            EPISODE,
            _("Biện pháp quản lý “%(value)s” không có trong danh mục.") % {"value": kind_text},
        )
    started_on = read_date(EPISODE_FROM)
    decision_date = read_date(DECISION_DATE)
    if started_on is None and _date(cells[EPISODE_FROM]) is None:
        error(EPISODE_FROM, _("Nhập ngày bắt đầu biện pháp."))
    for column, value in ((EPISODE_FROM, started_on), (DECISION_DATE, decision_date)):
        if value is not None and value > ctx.today:
            error(column, _("Ngày không được sau ngày hôm nay."))
        elif value is not None and born is not None and value < born:
            error(column, _("Ngày không được trước ngày sinh."))
    plan_open = getattr(transitions, "plan_open", None)
    if kind is not None and started_on is not None and callable(plan_open):
        # The episodes module's own guard, for a person with no earlier episode (a new record):
        # e.g. post-rehab management needs a completed rehab on the registry (Law 73 Art. 40).
        try:
            plan_open(
                kind,
                episodes=[],
                date_of_birth=born,
                started_on=started_on,
                decision_date=decision_date,
                today=ctx.today,
            )
        except DomainError as exc:
            for key, messages in exc.message_dict.items():
                column = _EPISODE_COLUMN_OF.get(key, EPISODE)
                for message in messages:
                    error(column, message)
    return {
        "kind": kind,
        "started_on": started_on.isoformat() if started_on else None,
        "decision_number": _text(cells[DECISION_NUMBER])[:100],
        "decision_date": decision_date.isoformat() if decision_date else None,
        "authority": _text(cells[AUTHORITY])[:200],
    }


def _check_duplicates_in_file(
    index: int, spec: services.PersonSpec, ctx: _Context, error: Callable[[str, str], None]
) -> None:
    """Same citizen ID twice; same folded name and date of birth when an ID is missing."""
    if spec["citizen_id"]:
        first = ctx.seen_ids.setdefault(spec["citizen_id"], index)
        if first != index:
            error(CITIZEN_ID, _("Trùng số CCCD với dòng %(row)s.") % {"row": first})
    if not spec["full_name"]:
        return
    key = (fold(spec["full_name"]), spec["date_of_birth"])
    earlier = ctx.seen_people.get(key)
    if earlier is None:
        ctx.seen_people[key] = (index, spec["citizen_id"] or "")
    elif not spec["citizen_id"] or not earlier[1]:
        error(NAME, _("Trùng họ tên và ngày sinh với dòng %(row)s.") % {"row": earlier[0]})


def _check_against_registry(result: ParseResult, *, user: User) -> None:
    """Citizen IDs already registered (anywhere), and same name + date of birth already in the
    user's scope when one of the two has no ID. Two queries for the whole file (plus one to
    know which ID holders the user may see)."""
    by_id = {r.spec["citizen_id"]: r for r in result.rows if r.spec["citizen_id"]}
    bad: set[int] = set()
    if by_id:
        holders = dict(
            Person.objects.filter(citizen_id__in=list(by_id)).values_list("citizen_id", "pk")
        )
        visible = {
            p.pk: p for p in Person.objects.for_user(user).filter(pk__in=list(holders.values()))
        }
        for citizen_id, pk in holders.items():
            row = by_id[str(citizen_id)]
            person = visible.get(pk)
            if person is None:
                message = _("Số CCCD đã được đăng ký trong hồ sơ do địa bàn khác quản lý.")
            else:
                message = _("Số CCCD đã có trong hồ sơ của %(name)s: %(url)s") % {
                    "name": person.full_name,
                    "url": person.get_absolute_url(),
                }
            result.errors.append(RowError(row.row, CITIZEN_ID, message))
            bad.add(row.row)
    names = {fold(r.spec["full_name"]) for r in result.rows}
    if names:
        existing: dict[tuple[str, date | None], Person] = {}
        for person in Person.objects.for_user(user).filter(
            name_folded__in=sorted(names), merged_into__isnull=True
        ):
            existing.setdefault((person.name_folded, person.date_of_birth), person)
        for row in result.rows:
            match = existing.get((fold(row.spec["full_name"]), row.spec["date_of_birth"]))
            if match is None or row.row in bad:
                continue
            if row.spec["citizen_id"] and match.citizen_id:
                continue  # two different IDs: two different people with the same name
            result.errors.append(
                RowError(
                    row.row,
                    NAME,
                    _("Đã có người cùng họ tên và ngày sinh: %(name)s (%(url)s).")
                    % {"name": match.full_name, "url": match.get_absolute_url()},
                )
            )
            bad.add(row.row)
    result.rows = [r for r in result.rows if r.row not in bad]
