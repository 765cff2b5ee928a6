"""The health endpoint (django-health-check): database, cache, file storage, disk, migrations.

Anyone gets the plain answer a load balancer or container runtime needs: ``{"status": "ok"}``
with 200, or ``{"status": "error"}`` with 503, and nothing else. The result of each check (names,
error messages, timings) is shown only to a logged-in administrator (past the TOTP step when
they have a device) or to a request from this machine
(``client_ip``, so a request forwarded by a trusted proxy counts as its real client), in the
formats django-health-check offers (HTML, ``?format=json``, ``?format=text``…). No check reads a
record, so no answer carries personal data.

A check is added to ``CHECKS``; the task worker's heartbeat joins them once there is a worker.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_otp import user_has_device
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.contrib.psutil import Disk
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from khongmatuy.common.access import public
from khongmatuy.common.http import client_ip
from khongmatuy.common.roles import Role


@dataclasses.dataclass
class Migrations(HealthCheck):  # type: ignore[misc]
    """Every migration of the code is applied to the database (a deployment that skipped
    ``migrate`` serves pages that fail on missing columns)."""

    alias: str = "default"

    async def run(self) -> None:
        # In the request's own thread, on its own connection: that one is health-checked and
        # closed by Django's request signals, one opened in a pool thread would never be.
        pending = await sync_to_async(self._pending, thread_sensitive=True)()
        if pending:
            raise ServiceUnavailable(f"{pending} unapplied migrations")

    def _pending(self) -> int:
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        except DatabaseError as exc:
            raise ServiceUnavailable("Database unavailable") from exc


def checks() -> tuple[HealthCheck, ...]:
    return (
        Database(),
        Cache(),
        Storage(),  # writes, reads and deletes a small file in MEDIA_ROOT
        Disk(path=settings.VAR_DIR, max_disk_usage_percent=settings.KMT_HEALTH_DISK_PERCENT),
        Migrations(),
    )


async def _may_see_details(request: HttpRequest) -> bool:
    address = client_ip(request)
    if address is not None and ipaddress.ip_address(address).is_loopback:
        return True
    user = await request.auser()
    if getattr(user, "role", "") != Role.ADMIN:
        return False
    # Half-way through the login (password given, the TOTP code not yet) is not logged in.
    verified = user.is_verified()  # type: ignore[union-attr]  # added by OTPMiddleware
    return bool(verified) or not await sync_to_async(user_has_device)(user, confirmed=True)


class HealthView(HealthCheckView):  # type: ignore[misc]
    def get_checks(self) -> Any:
        yield from checks()

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if await _may_see_details(request):
            response: HttpResponse = await super().get(request, *args, **kwargs)
            if response.status_code == 500:  # the library's failure status; ours is 503
                response.status_code = 503
            return response
        with self.get_executor() as executor:
            results = await asyncio.gather(*(c.get_result(executor) for c in self.get_checks()))
        if any(result.error for result in results):
            return JsonResponse({"status": "error"}, status=503)
        return JsonResponse({"status": "ok"})


health = public(HealthView.as_view())
