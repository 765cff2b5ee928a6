"""Prevention API, v1: communication activities and their coverage, households and their
commitments (personal data: ``HOUSEHOLDS`` only, each read logged), paper counts, organisation
commitments, drug-free models and their lifecycle. Reads through ``objects.for_user``; every
write calls ``prevention.services``, the functions the pages call."""

from __future__ import annotations

from .activities import api_urlpatterns as activity_urls
from .households import api_urlpatterns as household_urls
from .models import api_urlpatterns as model_urls

api_urlpatterns = [*activity_urls, *household_urls, *model_urls]
