"""Reads of figures go to the replica when one is configured; writes, and reads inside a
transaction of the primary, never do. The test database's ``replica`` alias mirrors the primary
(config/settings/test.py), so the queries of each alias can be told apart."""

from __future__ import annotations

import re

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.replicas import REPLICA, ReplicaRouter, reading_replica, replica_reads
from khongmatuy.criteria.models import Evaluation
from khongmatuy.criteria.rules import local
from khongmatuy.criteria.services import evaluation as services
from tests.personas import World, client_for

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])

# A bulk write is logged as "COPY …" (PostgreSQL) or "<n> times: INSERT …" (executemany).
WRITE = re.compile(r"^\s*(\d+ times: )?(INSERT|UPDATE|DELETE|COPY)\b", re.IGNORECASE)


def _writes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]


def _reads(captured: CaptureQueriesContext, table: str) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and table in q["sql"]
    ]


def test_router_sends_reads_to_the_replica_only_when_asked_and_configured() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Area) == "default"
    with replica_reads():
        assert router.db_for_read(Area) == "default"  # no replica configured
        with override_settings(KMT_READ_REPLICA=True):
            assert reading_replica()
            assert router.db_for_read(Area) == REPLICA
            assert router.db_for_write(Area) == "default"
            with transaction.atomic():  # a transaction may read what it wrote: the primary
                assert router.db_for_read(Area) == "default"
    with override_settings(KMT_READ_REPLICA=True):
        assert router.db_for_read(Area) == "default"  # outside replica_reads()
    assert router.allow_migrate("default", "people")
    assert not router.allow_migrate(REPLICA, "people")


@override_settings(KMT_READ_REPLICA=True)
def test_overview_reads_figures_from_the_replica_and_writes_nowhere_there(
    world: World, officer_a: User
) -> None:
    client = client_for(officer_a)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(reverse("people:overview"))
    assert response.status_code == 200
    assert _reads(replica, "people_person"), "the overview's figures come from the replica"
    assert not _reads(primary, "people_person")
    assert not _writes(replica)


@override_settings(KMT_READ_REPLICA=True)
def test_map_points_read_from_the_replica(world: World, officer_a: User) -> None:
    client = client_for(officer_a)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(reverse("reports:map_points"), {"area": world.ward_a.pk})
    assert response.status_code == 200
    assert _reads(replica, "places_place")
    assert not _reads(primary, "places_place")
    assert not _writes(replica)


@override_settings(KMT_READ_REPLICA=True)
def test_bulk_evaluation_reads_facts_from_the_replica_and_stores_on_the_primary(
    world: World, officer_a: User
) -> None:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        outcome = services.evaluate_all(
            actor=officer_a,
            root=world.ward_a,
            rule_set_code=local.DRUG_FREE_GROUP,
            on=timezone.localdate(),
        )
    assert outcome.evaluated == Evaluation.objects.filter(area__commune=world.ward_a).count() > 0
    assert _reads(replica, "people_")  # the facts
    assert not _writes(replica)
    assert [sql for sql in _writes(primary) if "criteria_evaluation" in sql]
    assert [sql for sql in _writes(primary) if "audit_auditevent" in sql]
