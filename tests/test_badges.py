"""One meaning of colour everywhere: every status is mapped once, and pages use the map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.template import Context, Template

from khongmatuy.common.badges import STATUS_TONES, Tone, tone_of

ROOT = Path(__file__).resolve().parent.parent / "khongmatuy"


@pytest.mark.parametrize("key", sorted(STATUS_TONES))
def test_every_choice_of_a_mapped_field_has_its_tone(key: str) -> None:
    app_label, model_name, field_name = key.split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    assert {value for value, _ in field.choices} == set(STATUS_TONES[key])


def test_recognised_is_never_red_and_relapse_never_grey() -> None:
    assert tone_of("criteria.Recognition.status", "recognised") == Tone.DONE
    assert tone_of("criteria.Recognition.status", "kept") == Tone.DONE
    assert tone_of("places.Place.status", "recurred") == Tone.URGENT
    assert tone_of("people.Episode.status", "completed") == Tone.DONE  # not red as it once was


def test_the_tag_renders_the_label_with_its_tone() -> None:
    place = apps.get_model("places", "Place")(status="recurred")
    html = Template("{% status_badge place %}").render(Context({"place": place}))
    assert html == '<span class="badge alert">Tái phát</span>'
    plain = Template('{% status_badge place html_id="s" %}').render(
        Context({"place": apps.get_model("places", "Place")(status="eliminated")})
    )
    assert plain == '<span class="badge ok" id="s">Đã triệt xóa</span>'


def test_no_template_colours_a_status_by_hand() -> None:
    """A status shown in a badge goes through ``{% status_badge %}`` (or the model's badge
    property, which reads the same map); an overdue tip's red is the one deliberate override."""
    hand_coloured = re.compile(r'class="badge[^"]*"[^>]*>\{\{ [\w.]+\.get_(status|result)_display')
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        for match in hand_coloured.finditer(path.read_text())
        if "tip.get_status_display" not in match.group(0)
        and "recognition.get_status_display" not in match.group(0)  # recognition.badge: the map
    ]
    assert offenders == []
