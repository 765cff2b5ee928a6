"""The people registry's JSON API (``/api/v1/``): reads in ``reads``, writes in ``writes``.

``api_urlpatterns`` is mounted by ``config/api_urls.py`` through ``people.urls``.
"""

from __future__ import annotations

from dataclasses import replace

from django.urls import path

from khongmatuy.common.api_registry import registry_urls

from . import exchange, reads, writes

api_urlpatterns = [
    # Before ``persons/<int:pk>/`` so the words are not read as ids (they would not match anyway).
    path("persons/import/", exchange.PersonImportApi.as_view(), name="api-persons-import"),
    path("persons/export/", exchange.PersonExportApi.as_view(), name="api-persons-export"),
    *registry_urls(
        replace(reads.PERSONS, list_mixin=writes.PersonCreate, detail_mixin=writes.PersonUpdate),
        reads.EPISODES,
        reads.CONTACTS,
        reads.DRUG_TESTS,
        reads.SUPERVISIONS,
        reads.TRANSFERS,
    ),
    path(
        "persons/<int:pk>/contacts/",
        writes.ContactRecord.as_view(),
        name="api-person-contact-create",
    ),
    path(
        "persons/<int:pk>/drug-tests/",
        writes.DrugTestRecord.as_view(),
        name="api-person-drug-test-create",
    ),
    path(
        "persons/<int:pk>/episodes/",
        writes.EpisodeOpen.as_view(),
        name="api-person-episode-create",
    ),
    path(
        "episodes/<int:pk>/complete/",
        writes.EpisodeComplete.as_view(),
        name="api-episode-complete",
    ),
    path(
        "persons/<int:pk>/transfers/",
        writes.TransferPropose.as_view(),
        name="api-person-transfer-create",
    ),
    path(
        "transfers/<int:pk>/accept/",
        writes.TransferAccept.as_view(),
        name="api-transfer-accept",
    ),
    path(
        "transfers/<int:pk>/refuse/",
        writes.TransferRefuse.as_view(),
        name="api-transfer-refuse",
    ),
]
