"""The container recipe (Dockerfile, compose.yaml) and the server settings it shares with
``make serve`` (config/gunicorn_conf.py), read as files: no container is started here.
docs/deployment.md describes the run by hand."""

from __future__ import annotations

import re
import runpy
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = "config/gunicorn_conf.py"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_compose_runs_the_app_on_postgresql_15(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"db", "migrate", "app", "worker"}
    db = services["db"]
    assert db["image"].startswith("postgres:15")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert set(compose["volumes"]) == {"kmt-db", "kmt-data"}


def test_the_app_waits_for_the_database_and_the_migrations(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "manage.py migrate" in " ".join(services["migrate"]["command"])
    app = services["app"]
    assert app["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert app["build"] == "."
    assert "command" not in app  # the image's CMD: the same gunicorn settings as make serve
    assert "/health/" in " ".join(app["healthcheck"]["test"])
    # Published on this machine's loopback only: others go through a TLS proxy.
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])


def test_the_worker_is_its_own_process_on_the_same_image(compose: dict[str, Any]) -> None:
    services = compose["services"]
    worker, app = services["worker"], services["app"]
    assert worker["image"] == app["image"]
    assert worker["environment"] == app["environment"]
    assert worker["command"][:3] == ["python", "manage.py", "run_worker"]
    assert "--no-reload" in worker["command"]
    assert worker["depends_on"] == app["depends_on"]
    assert worker["stop_signal"] == "SIGTERM"  # finishes the running job, then stops
    assert "ports" not in worker


def test_the_app_environment(compose: dict[str, Any]) -> None:
    env = compose["services"]["app"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://kmt:")
    assert env["DATABASE_URL"].endswith("@db:5432/kmt")
    assert env["DJANGO_SECRET_KEY_FILE"].startswith("/var/lib/khongmatuy/")
    assert "DJANGO_SECRET_KEY" in env
    assert "127.0.0.1" in env["DJANGO_ALLOWED_HOSTS"]  # the health probe's host
    for name in ("KMT_PROXY_HOPS", "KMT_HTTPS", "KMT_WORKERS", "DJANGO_CSRF_TRUSTED_ORIGINS"):
        assert name in env
    # The one-shot service that writes the secret key sees the same environment and volume.
    assert compose["services"]["migrate"]["environment"] == env
    assert compose["services"]["migrate"]["volumes"] == compose["services"]["app"]["volumes"]


def test_dockerfile_base_user_and_requirements() -> None:
    steps = dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [args for keyword, args in steps if keyword == "USER"]
    assert users
    assert users[-1] not in ("root", "0")
    runs = " ".join(args for keyword, args in steps if keyword == "RUN")
    assert "pip install --no-compile -r requirements/base.txt" in runs
    assert "manage.py collectstatic --noinput" in runs
    env = " ".join(args for keyword, args in steps if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=config.settings.base" in env


def test_requirements_are_pinned() -> None:
    for name in ("base.txt", "dev.txt"):
        for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith(("#", "-r")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.]*", line), line


def test_container_and_make_serve_run_the_same_server() -> None:
    (cmd,) = [args for keyword, args in dockerfile() if keyword == "CMD"]
    assert cmd == f'["gunicorn", "-c", "{GUNICORN_CONF}"]'
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    (line,) = [line for line in serve.splitlines() if "gunicorn" in line]
    assert shlex.split(line)[-3:] == ["$(VENV)/bin/gunicorn", "-c", GUNICORN_CONF]
    assert "DJANGO_SETTINGS_MODULE=config.settings.base" in makefile


def _gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in ("HOST", "PORT", "KMT_WORKERS", "KMT_WORKER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / GUNICORN_CONF))


def test_gunicorn_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = _gunicorn_settings(monkeypatch, HOST="0.0.0.0", PORT="8100", KMT_WORKERS="3")  # noqa: S104
    assert (conf["bind"], conf["workers"], conf["wsgi_app"]) == (
        "0.0.0.0:8100",
        3,
        "config.wsgi:application",
    )
    assert conf["accesslog"] == "-"
    assert conf["timeout"] > 0
    default = _gunicorn_settings(monkeypatch)
    assert default["bind"] == "127.0.0.1:8000"
    assert default["workers"] == 2 * conf["multiprocessing"].cpu_count() + 1


def test_a_typo_in_the_worker_count_stops_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="KMT_WORKERS"):
        _gunicorn_settings(monkeypatch, KMT_WORKERS="four")
