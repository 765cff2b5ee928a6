"""The demo's places, cases and tips: every stage present, overdue items, the map shows them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import CasePerson, Seizure
from khongmatuy.demo.demo_places import DEMO_PUBLIC_TIP_CODE, WARDS
from khongmatuy.places import selectors as place_selectors
from khongmatuy.places.models import Business, Camera, Cultivation, Place
from khongmatuy.tips.models import Tip


def test_demo_has_places_cases_and_tips_in_every_seed_ward(db):
    today = timezone.localdate()
    for ward in WARDS:
        officer = User.objects.get(username=ward.officer)
        places = Place.objects.for_user(officer)
        assert places.count() == 5
        assert places.filter(latitude__isnull=True).count() == 1  # listed beside the map
        assert Business.objects.for_user(officer).count() == 5
        assert Camera.objects.for_user(officer).count() == 4
        assert CasePerson.objects.for_user(officer).filter(role="arrested").count() == 2
        assert Seizure.objects.for_user(officer).count() == 2
        tips = Tip.objects.for_user(officer)
        assert tips.filter(status="received", due_on__lt=today).exists()  # overdue
        assert tips.filter(status="closed").exists()
    gia_vien = User.objects.get(username="cand_giavien")
    statuses = set(Place.objects.for_user(gia_vien).values_list("status", flat=True))
    assert statuses == set(Place.Status.values)
    assert set(Tip.objects.for_user(gia_vien).values_list("status", flat=True)) == set(
        Tip.Status.values
    )
    assert Cultivation.objects.count() == 3
    assert set(Cultivation.objects.values_list("area__commune__code", flat=True)) == {"11725"}
    uninspected = place_selectors.businesses_uninspected(user=gia_vien, on=today)
    assert {b.name for b in uninspected} == {"Quán bar Sóng Biển", "Nhà nghỉ Hoa Phượng"}
    public = Tip.objects.get(code=DEMO_PUBLIC_TIP_CODE)
    assert public.anonymous
    assert public.channel == "public_form"
    assert public.area == Area.objects.get(level=Level.COMMUNE, code="11359")

    client = Client()
    client.force_login(gia_vien)
    collection = client.get(reverse("reports:map_points")).json()
    layers = {f["properties"]["layer"] for f in collection["features"] if f["geometry"]}
    assert layers == {"hotspot", "harbouring", "business", "camera"}
    other = User.objects.get(username="cand_caoxanh")
    client.force_login(other)
    features = client.get(reverse("reports:map_points")).json()["features"]
    titles = {f["properties"]["title"] for f in features}
    assert not any("Lê Lợi" in t for t in titles)
