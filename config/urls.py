"""The URLconf. Every view here declares its access (khongmatuy.common.access)."""

from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from khongmatuy.common import views as common_views
from khongmatuy.common.access import public
from khongmatuy.common.health import health

urlpatterns = [
    path("", common_views.home, name="home"),
    path("health/", health, name="health"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("accounts/", include("khongmatuy.accounts.urls")),
    path("areas/", include("khongmatuy.areas.urls")),
    path("people/", include("khongmatuy.people.urls")),
    path("places/", include("khongmatuy.places.urls")),
    path("cases/", include("khongmatuy.cases.urls")),
    path("tips/", include("khongmatuy.tips.urls")),
    path("prevention/", include("khongmatuy.prevention.urls")),
    path("plans/", include("khongmatuy.plans.urls")),
    path("programme/", include("khongmatuy.programme.urls")),
    path("reports/", include("khongmatuy.reports.urls")),
    path("alerts/", include("khongmatuy.alerts.urls")),
    path("criteria/", include("khongmatuy.criteria.urls")),
    path("audit/", include("khongmatuy.audit.urls")),
    path("legal/", include("khongmatuy.legal.urls")),
    path("jobs/", include("khongmatuy.common.jobs.urls")),
    path("api/v1/", include("config.api_urls")),
]

# The app's error pages (khongmatuy/templates/40x.html, 500.html): its look, menu and a way back.
handler400 = "khongmatuy.common.views.bad_request"
handler403 = "khongmatuy.common.views.permission_denied"
handler404 = "khongmatuy.common.views.page_not_found"
handler500 = "khongmatuy.common.views.server_error"
