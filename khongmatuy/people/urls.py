"""URLs of the people registry, gathered from the view modules (one owner per module)."""

from __future__ import annotations

from .views import care, episodes, overview, persons, quality, transfers

app_name = "people"

urlpatterns = [
    *overview.urlpatterns,
    *persons.urlpatterns,
    *episodes.urlpatterns,
    *care.urlpatterns,
    *transfers.urlpatterns,
    *quality.urlpatterns,
]
