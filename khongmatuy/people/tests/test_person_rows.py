"""``{% person_rows %}`` writes the person list's rows byte for byte as the template loop it
replaced did (kept below as the reference), whatever the values and the language."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import engines
from django.utils import translation

from khongmatuy.areas.models import Area
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person, PersonCategory

# The rows as people/list.html wrote them through the template engine.
LOOP = """{% load i18n %}
    {% for p in page_obj.object_list %}
      <tr>
        <td><a href="{{ p.get_absolute_url }}">{{ p.full_name }}</a>
          {% if p.psychosis %} <span class="badge inactive" title="{% translate 'Có biểu hiện loạn thần' %}">{% translate "Loạn thần" %}</span>{% endif %}
          {% if not p.is_active %} <span class="badge">{% translate "Đã ra khỏi danh sách" %}</span>{% endif %}
          {% if p.aliases %}<br><span class="muted">{{ p.aliases }}</span>{% endif %}</td>
        <td>{{ p.date_of_birth|date:"d/m/Y" }}</td>
        <td>{{ p.get_sex_display }}</td>
        {% if can_see_sensitive %}<td>{{ p.citizen_id|default:"" }}</td>{% endif %}
        <td>{{ p.area.name }}</td>
        <td>{% for c in p.open_categories %}<span class="badge">{{ c.get_category_display }}</span> {% endfor %}</td>
      </tr>
    {% endfor %}
"""  # noqa: E501
TAG = """{% load kmt_person_rows %}
    {% person_rows page_obj.object_list can_see_sensitive %}
"""


def _person(pk: int, area: str, categories: list[str], **values: object) -> Person:
    person = Person(pk=pk, **values)
    person.area = Area(pk=pk + 1000, name=area)
    person.open_categories = [PersonCategory(category=c) for c in categories]  # type: ignore[attr-defined]
    return person


def _persons() -> list[Person]:
    return [
        _person(
            1,
            "Tổ dân phố số 1",
            [Category.ILLEGAL_USER],
            full_name="Nguyễn Văn An",
            date_of_birth=date(1990, 5, 7),
            sex=Sex.MALE,
            citizen_id="031090000001",
            psychosis=False,
            is_active=True,
            aliases="",
        ),
        _person(
            22,
            "Tổ <b>\"2\"</b> & '3'",
            [Category.ADDICT, Category.POST_REHAB],
            full_name="Trần <script>alert('x')</script> & Bình",
            date_of_birth=date(987, 1, 2),
            sex=Sex.FEMALE,
            citizen_id=None,
            psychosis=True,
            is_active=False,
            aliases='"Bình béo" <i>& co</i>',
        ),
        _person(
            333,
            "Phường Gia Viên",
            [],
            full_name="Lê Thị Chưa Rõ",
            date_of_birth=None,
            sex="",
            citizen_id="",
            psychosis=True,
            is_active=True,
            aliases="",
        ),
        _person(
            4444,
            "Tổ 4",
            [Category.REHAB_COMPULSORY],
            full_name="Phạm Văn Dũng",
            date_of_birth=date(2001, 12, 31),
            sex="other",
            citizen_id="031201000004",
            psychosis=False,
            is_active=False,
            aliases="Dũng",
        ),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("sensitive", [True, False])
def test_rows_are_the_template_loops_byte_for_byte(language: str, sensitive: bool) -> None:
    django = engines["django"]
    context = {"page_obj": {"object_list": _persons()}, "can_see_sensitive": sensitive}
    with translation.override(language):
        expected = django.from_string(LOOP).render(context)
        rendered = django.from_string(TAG).render(context)
    assert rendered == expected
    assert rendered.count("<tr>") == 4
    assert "Trần &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Bình" in rendered


def test_no_rows_for_no_persons() -> None:
    rendered = engines["django"].from_string(TAG).render({"page_obj": {"object_list": []}})
    assert rendered == "\n    \n"
