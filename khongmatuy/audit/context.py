"""Request context (IP, request id) for audit entries written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    request_id: str


current: ContextVar[RequestContext | None] = ContextVar("kmt_audit_request", default=None)
