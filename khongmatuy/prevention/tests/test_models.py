"""Drug-free models: the lifecycle (allowed steps, refusals, events), reviews, replication."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khongmatuy.prevention import services
from khongmatuy.prevention.models import DrugFreeModel, DrugFreeModelEvent
from khongmatuy.prevention.rules.models import LIFECYCLE, next_statuses

TODAY = date(2026, 11, 20)
S = DrugFreeModel.Status


def _model(actor, area, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("kind", DrugFreeModel.Kind.PARISH)
    kwargs.setdefault("name", "Giáo xứ Mẫu không ma túy")
    return services.model_create(actor=actor, area=area, today=TODAY, **kwargs)


def test_the_lifecycle_table():
    assert next_statuses(S.BUILDING) == [S.ACTIVE, S.DISSOLVED]
    assert next_statuses(S.SUSPENDED) == [S.ACTIVE, S.DISSOLVED]
    assert next_statuses(S.DISSOLVED) == []
    assert not LIFECYCLE.allows(S.BUILDING, S.RECOGNISED)


def test_steps_write_events_and_refusals_change_nothing(world, officer_a):
    model = _model(
        officer_a,
        world.ward_a,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 2, 1),
        decision_issuer="UBND phường Gia Viên",
    )
    services.model_transition(
        actor=officer_a, model=model, to_status=S.ACTIVE, on=date(2026, 3, 1), today=TODAY
    )
    with pytest.raises(ValidationError) as skipped:
        services.model_transition(
            actor=officer_a, model=model, to_status=S.BUILDING, on=TODAY, today=TODAY
        )
    with pytest.raises(ValidationError) as backdated:
        services.model_transition(
            actor=officer_a, model=model, to_status=S.RECOGNISED, on=date(2026, 2, 15), today=TODAY
        )
    services.model_transition(
        actor=officer_a, model=model, to_status=S.RECOGNISED, on=TODAY, today=TODAY
    )

    model.refresh_from_db()
    assert model.status == S.RECOGNISED
    assert "to_status" in skipped.value.message_dict
    assert "on" in backdated.value.message_dict
    assert list(
        DrugFreeModelEvent.objects.filter(model=model).values_list("on", "from_status", "to_status")
    ) == [
        (date(2026, 2, 1), "", S.BUILDING),
        (date(2026, 3, 1), S.BUILDING, S.ACTIVE),
        (TODAY, S.ACTIVE, S.RECOGNISED),
    ]


def test_a_decision_date_needs_its_number(world, officer_a):
    with pytest.raises(ValidationError) as refused:
        _model(officer_a, world.ward_a, decision_date=date(2026, 2, 1))
    assert "decision_number" in refused.value.message_dict
    assert not DrugFreeModel.objects.exists()


def test_one_review_a_year_and_replication(world, officer_a, officer_a_client):
    parish = _model(officer_a, world.ward_a)
    services.model_review(
        actor=officer_a, model=parish, year=2026, reviewed_on=TODAY, result="good", today=TODAY
    )
    with pytest.raises(ValidationError):
        services.model_review(
            actor=officer_a, model=parish, year=2026, reviewed_on=TODAY, result="fair", today=TODAY
        )
    clan = _model(
        officer_a,
        world.group_a1,
        kind=DrugFreeModel.Kind.CLAN,
        name="Dòng họ Mẫu không ma túy",
        replicated_from=parish,
    )

    page = officer_a_client.get(parish.get_absolute_url()).content.decode()
    assert "Dòng họ Mẫu không ma túy" in page  # listed among its replicas
    assert "Hoạt động hiệu quả" in page
    assert clan.replicated_from == parish


def test_the_status_page_offers_only_allowed_steps(world, officer_a, officer_a_client):
    model = _model(officer_a, world.ward_a)
    response = officer_a_client.post(
        reverse("prevention:model_transition", args=[model.pk]),
        {"to_status": S.RECOGNISED, "on": "20/11/2026"},
    )
    assert response.status_code == 200  # not a choice from "building": shown on the form
    model.refresh_from_db()
    assert model.status == S.BUILDING
