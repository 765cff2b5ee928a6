"""``{% person_rows persons can_see_sensitive %}``: the rows of the person list's table.

The list shows 50 persons a page, each row about twenty template variables (a link, badges, a
date, labels, the open categories); through the template engine that was a third of the page's
CPU time (each variable is resolved, localised and escaped through several calls). The rows are
written here in plain Python instead, escaped the same way, byte for byte what the template wrote
(``people/tests/test_person_rows.py`` renders both).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from khongmatuy.common.dates import dmy
from khongmatuy.common.links import detail_url_pattern
from khongmatuy.people.models import Person

register = template.Library()

# One line per line of the markup the template loop wrote, its indentation included.
_ROW = (
    "\n      <tr>"
    '\n        <td><a href="{url}">{name}</a>'
    "\n          {psychosis}"
    "\n          {removed}"
    "\n          {aliases}</td>"
    "\n        <td>{born}</td>"
    "\n        <td>{sex}</td>"
    "\n        {citizen_id}"
    "\n        <td>{area}</td>"
    "\n        <td>{categories}</td>"
    "\n      </tr>"
    "\n    "
)


@register.simple_tag
def person_rows(persons: Iterable[Person], can_see_sensitive: bool) -> SafeString:
    """One ``<tr>`` per person (``area`` and ``open_categories`` loaded with it)."""
    psychosis = (
        f' <span class="badge inactive" title="{escape(_("Có biểu hiện loạn thần"))}">'
        f"{escape(_('Loạn thần'))}</span>"
    )
    removed = f' <span class="badge">{escape(_("Đã ra khỏi danh sách"))}</span>'
    url = escape(detail_url_pattern("people:detail"))  # Person.get_absolute_url's, reversed once
    rows = []
    for p in persons:
        rows.append(
            _ROW.format(
                url=url.format(pk=p.pk),
                name=escape(p.full_name),
                psychosis=psychosis if p.psychosis else "",
                removed="" if p.is_active else removed,
                aliases=f'<br><span class="muted">{escape(p.aliases)}</span>' if p.aliases else "",
                born=dmy(p.date_of_birth),
                sex=escape(p.get_sex_display()),
                citizen_id=f"<td>{escape(p.citizen_id or '')}</td>" if can_see_sensitive else "",
                area=escape(p.area.name),
                categories="".join(
                    f'<span class="badge">{escape(c.get_category_display())}</span> '
                    for c in p.open_categories  # type: ignore[attr-defined]  # prefetched
                ),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value above is escaped
