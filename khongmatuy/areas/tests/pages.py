"""What the area page tests share: a client per user, the errors a page shows, and a fingerprint
of every table the pages write."""

from __future__ import annotations

from django.test import Client
from django.utils.html import escape

from khongmatuy.areas.models import Area, AreaChange, AreaFigure, Organisation
from khongmatuy.audit.models import AuditEvent

HX = {"HX-Request": "true"}
INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ. {} không phải là một trong các lựa chọn khả thi."


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def form_errors(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return {k: list(v) for k, v in response.context["form"].errors.items()}


def assert_shown(response, errors: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Each message is on the page, inside its field's error list when it has a field."""
    text = body(response)
    for field, messages in errors.items():
        for message in messages:
            assert escape(message) in text, message
            if field != "__all__":
                block = text.split(f'id="id_{field}_error"', 1)[1].split("</ul>", 1)[0]
                assert escape(message) in block, (field, message)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def state() -> tuple[object, ...]:
    """A fingerprint of every table the area pages write."""
    return (
        list(
            Area.objects.order_by("pk").values_list("pk", "name", "is_active", "commune_id", "code")
        ),
        list(AreaFigure.objects.order_by("pk").values_list("pk", "population", "is_current")),
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "area_id")),
        AreaChange.objects.count(),
        AuditEvent.objects.exclude(action__in=["login", "logout", "view"]).count(),
    )
