"""The OpenAPI schema of API v1: generated, complete, valid, warning-free; docs behind a login."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.common.access import Access, ScopedAPIView, declared_access, iter_url_patterns
from tests.personas import client_for

OPENAPI_JSON = "application/vnd.oai.openapi+json"

AREA_OPERATIONS = {
    ("get", "/api/v1/areas/"),
    ("get", "/api/v1/areas/{id}/"),
    ("get", "/api/v1/areas/{id}/children/"),
    ("get", "/api/v1/areas/{id}/figures/"),
    ("post", "/api/v1/areas/{id}/figures/"),
    ("get", "/api/v1/areas/{id}/organisations/"),
    ("get", "/api/v1/notifications/"),
    ("post", "/api/v1/notifications/{id}/read/"),
}


def api_routes() -> set[str]:
    """Every data route of the URLconf under /api/v1/, written as an OpenAPI path."""
    paths = set()
    for route, _, view in iter_url_patterns():
        view_class = getattr(view, "cls", None)
        if route.startswith("api/v1/") and view_class and issubclass(view_class, ScopedAPIView):
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            paths.add(path.replace("{pk}", "{id}"))  # SCHEMA_COERCE_PATH_PK
    return paths


def route_operations() -> set[tuple[str, str]]:
    """Every (method, path) a data route of the URLconf serves: its view class's handlers."""
    found = set()
    for route, _, view in iter_url_patterns():
        view_class = getattr(view, "cls", None)
        if route.startswith("api/v1/") and view_class and issubclass(view_class, ScopedAPIView):
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")
            for method in ("get", "post", "put", "patch", "delete"):
                if hasattr(view_class, method):
                    found.add((method, path))
    return found


def operations(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {(method, path) for path, item in schema["paths"].items() for method in item}


@pytest.fixture
def fresh_stats() -> None:
    GENERATOR_STATS.reset()


def test_schema_view_serves_every_api_path(officer_a) -> None:
    response = client_for(officer_a).get(reverse("api-schema"), HTTP_ACCEPT=OPENAPI_JSON)
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == api_routes()
    assert operations(schema) == route_operations()
    assert operations(schema) >= AREA_OPERATIONS
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_view_accepts_a_token(officer_a) -> None:
    response = Client().get(
        reverse("api-schema"),
        HTTP_ACCEPT=OPENAPI_JSON,
        HTTP_AUTHORIZATION=f"Token {api_key_for(officer_a)}",
    )
    assert response.status_code == 200


def test_schema_and_docs_need_a_login(db) -> None:
    assert Client().get(reverse("api-schema")).status_code == 401
    response = Client().get(reverse("api-docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_schema_and_docs_declare_their_access() -> None:
    declared = {name: declared_access(view) for _, name, view in iter_url_patterns()}
    assert declared["api-schema"] == Access.OWN_ACCOUNT
    assert declared["api-docs"] == Access.OWN_ACCOUNT
    assert all(declared[name] == Access.SCOPED for name in declared if name.startswith("api-area"))


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str | None] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.sources.append(values.get("src"))
        if tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.stylesheets.append(values["href"] or "")


def test_docs_page_runs_without_inline_script_and_from_local_assets(officer_a) -> None:
    client = client_for(officer_a)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    page = _Scripts()
    page.feed(response.content.decode())
    assert None not in page.sources, "inline <script> would be blocked by the CSP"
    assert "<style" not in response.content.decode(), "inline <style> would be blocked by the CSP"
    init = [src for src in page.sources if src and src.startswith(reverse("api-docs"))]
    assert init == [reverse("api-docs") + "?script="]
    # Swagger UI's files come from the app's static files (drf-spectacular-sidecar), no CDN.
    assets = [src for src in page.sources if src not in init] + page.stylesheets
    assert len(assets) == 4
    assert "/static/kmt/swagger.css" in assets  # the page style, moved out of an inline <style>
    for asset in assets:
        assert asset.startswith(("/static/drf_spectacular_sidecar/", "/static/kmt/"))
        assert finders.find(asset.removeprefix("/static/")) is not None

    script = client.get(init[0])
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api-schema") in script.content.decode()


def test_generation_has_no_warnings_and_validates(fresh_stats) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular emitted warnings or errors (see stderr)"
    validate_schema(schema)  # raises on any OpenAPI 3 compliance error
    assert operations(schema) == route_operations()
    assert operations(schema) >= AREA_OPERATIONS


def test_spectacular_command_with_validate_and_fail_on_warn(fresh_stats, tmp_path: Path) -> None:
    """The same command CI runs: ``manage.py spectacular --validate --fail-on-warn``."""
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/areas/{id}/figures/:" in target.read_text(encoding="utf-8")


# Model JSON fields whose content is free-form JSON (a record's before/after, per-criterion
# results, frozen report figures): typed "any value" in the schema, still described.
FREE_FORM_JSON = {
    "AuditEventOutput.before",
    "AuditEventOutput.after",
    "EvaluationOutput.results",
    "EvaluationOutput.missing_evidence",
    "ReportOutput.figures",
}


def test_every_field_is_typed_and_described_and_every_enum_labelled() -> None:
    document = SchemaGenerator().get_schema(request=None, public=True)
    schema = json.loads(json.dumps(document, default=str))
    undescribed, untyped, unlabelled = [], [], []
    for name, component in schema["components"]["schemas"].items():
        for key, prop in (component.get("properties") or {}).items():
            label = f"{name}.{key}"
            if not prop.get("description"):
                undescribed.append(label)
            typed = {"type", "$ref", "allOf", "oneOf", "anyOf"} & set(prop)
            if not typed and label not in FREE_FORM_JSON:
                untyped.append(label)
        values = [v for v in component.get("enum", []) if v not in ("", None)]
        description = component.get("description") or ""
        # Each value with its Vietnamese label: "* `value` - nhãn".
        unlabelled += [f"{name}:{v}" for v in values if f"* `{v}` - " not in description]
    parameters = [
        f"{method} {path} {parameter['name']}"
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []
    assert untyped == []
    assert unlabelled == []
    assert parameters == []
