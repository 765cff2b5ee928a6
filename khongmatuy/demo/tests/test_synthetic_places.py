"""The places stage of the synthetic generator: contents, determinism, idempotence, the command."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import CasePerson
from khongmatuy.demo import synthetic, synthetic_people, synthetic_places
from khongmatuy.places.models import Business, Inspection, Place, PlaceEvent
from khongmatuy.tips.models import Tip, TipEvent

ON = date(2026, 11, 23)


def _load() -> synthetic_places.PlacesResult:
    synthetic.generate(scale="ward", seed=42)
    synthetic_people.generate(scale="ward", seed=42, on=ON)
    return synthetic_places.generate(scale="ward", seed=42, on=ON)


def _snapshot() -> list[tuple[object, ...]]:
    return sorted(
        [(p.name, p.kind, p.status, p.discovered_on, p.latitude) for p in Place.objects.all()]
        + [(t.code, t.status, t.due_on, t.closed_on) for t in Tip.objects.all()]
        + [(b.name, b.last_inspected_on) for b in Business.objects.all()],
        key=repr,
    )


@pytest.mark.django_db
def test_ward_scale_fills_gia_vien_consistently():
    result = _load()
    gia_vien = Area.objects.get(level=Level.COMMUNE, code="11359")
    assert (result.communes_filled, result.places, result.businesses, result.tips) == (1, 8, 20, 30)
    assert Place.objects.filter(area__commune=gia_vien).count() == 8
    for place in Place.objects.all():
        events = list(place.events.order_by("on", "pk"))
        assert events[0].to_status == "detected"
        assert events[0].on == place.discovered_on
        assert events[-1].to_status == place.status  # the log ends in the current status
    for business in Business.objects.exclude(last_inspected_on=None):
        latest = Inspection.objects.filter(business=business).order_by("-inspected_on").first()
        assert latest is not None
        assert latest.inspected_on == business.last_inspected_on
    assert CasePerson.objects.filter(role="arrested", person__area__commune=gia_vien).exists()
    for tip in Tip.objects.all():
        assert (tip.status == "closed") == (tip.closed_on is not None)
        assert tip.due_on > tip.received_at.date()
        assert TipEvent.objects.filter(tip=tip, action="received").count() == 1
    assert {t.status for t in Tip.objects.all()} == set(Tip.Status.values)
    assert Tip.objects.exclude(status="closed").filter(due_on__lt=ON).exists()  # overdue
    assert Place.objects.filter(latitude=None).exists()
    assert PlaceEvent.objects.count() >= 8


@pytest.mark.django_db
def test_places_are_deterministic_and_a_second_run_does_nothing():
    _load()
    first = _snapshot()
    again = synthetic_places.generate(scale="ward", seed=42, on=ON)
    assert not again.created_anything
    assert _snapshot() == first


@pytest.mark.django_db
def test_command_generates_places_on_request_only():
    out = io.StringIO()
    call_command("generate_synthetic", scale="ward", seed=42, on=ON, stdout=out)
    assert Place.objects.count() == 0  # off by default below national scale
    call_command("generate_synthetic", scale="ward", seed=42, on=ON, places=True, stdout=out)
    assert Place.objects.count() == 8
    assert "8 places, 20 businesses" in out.getvalue()
