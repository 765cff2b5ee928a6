"""Puts the client's address and a request id where ``audit.record`` can find them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from khongmatuy.common.http import client_ip

from .context import RequestContext, current


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current.set(
            RequestContext(ip_address=client_ip(request), request_id=str(uuid.uuid4()))
        )
        try:
            return self.get_response(request)
        finally:
            current.reset(token)
