"""Simulated ward officers against a running server, with locust used as a library.

    python -m bench.load_officer PLAN.json RESULT.json

Run by ``bench_load`` in its own process, because locust patches the standard library (gevent)
when it is imported, which must happen before anything else opens a socket. No Django here: only
HTTP. PLAN.json holds the server's address, the users, the seconds to run, the officer's login,
the ids to open and the day to write. Each simulated user logs in through the login form, then
mixes the officer's daily pages and records a contact visit through the real form (CSRF token
from the page). RESULT.json gets the totals, the percentiles overall and per page, every failed
request with its time, and the content of every contact the server acknowledged (a redirect
after the POST), so the caller can look for each one in the database.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGES = (
    "home",
    "people_list",
    "people_search",
    "person",
    "places_list",
    "cases_list",
    "tips_list",
    "criteria",
    "contact_form",
    "contact_save",
)


def _on_login_page(response: Any) -> bool:
    """An answer that is the login form (status 0: no answer at all)."""
    return 0 < response.status_code < 400 and "/accounts/login/" in (response.url or "")


def main() -> None:
    plan: dict[str, Any] = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    acknowledged: list[str] = []
    failures: list[dict[str, Any]] = []

    class Officer(HttpUser):
        host = plan["host"]
        wait_time = between(1, 3)

        def _token(self, response: Any) -> str:
            match = CSRF.search(response.text or "") if response.status_code else None
            return match.group(1) if match else ""

        logged_in = False

        def _login(self) -> None:
            page = self.client.get("/accounts/login/", name="login_form")
            token = self._token(page)
            if not token:
                return  # the failed page is already counted
            with self.client.post(
                "/accounts/login/",
                {
                    "csrfmiddlewaretoken": token,
                    "username": plan["username"],
                    "password": plan["password"],
                },
                name="login",
                catch_response=True,
            ) as response:
                if _on_login_page(response):
                    response.failure("login refused")
                elif 0 < response.status_code < 400:
                    self.logged_in = True

        def on_start(self) -> None:
            self._login()

        def _get(self, path: str, name: str) -> Any:
            """A page, logging in first when needed; the login form instead of the page (a lost
            session) is a failure too. None when there is no session."""
            if not self.logged_in:
                self._login()
                if not self.logged_in:
                    return None
            with self.client.get(path, name=name, catch_response=True) as response:
                if _on_login_page(response):
                    response.failure("sent to the login page")
                    self.logged_in = False
                return response

        @task(2)
        def home(self) -> None:
            self._get("/", "home")

        @task(3)
        def people_list(self) -> None:
            self._get("/people/", "people_list")

        @task(2)
        def people_search(self) -> None:
            query = random.choice(plan["queries"])
            self._get(f"/people/?q={query}", "people_search")

        @task(3)
        def person(self) -> None:
            self._get(f"/people/{random.choice(plan['persons'])}/", "person")

        @task(1)
        def places_list(self) -> None:
            self._get("/places/", "places_list")

        @task(1)
        def cases_list(self) -> None:
            self._get("/cases/", "cases_list")

        @task(1)
        def tips_list(self) -> None:
            self._get("/tips/", "tips_list")

        @task(1)
        def criteria(self) -> None:
            self._get(f"/criteria/areas/{plan['commune']}/evaluation/", "criteria")

        @task(1)
        def contact(self) -> None:
            url = f"/people/care/{random.choice(plan['persons'])}/contact/"
            form = self._get(url, "contact_form")
            token = self._token(form) if form is not None else ""
            if not token:
                return  # the failed page is already counted
            content = f"bench-load {uuid.uuid4()}"
            with self.client.post(
                url,
                {
                    "csrfmiddlewaretoken": token,
                    "contacted_on": plan["today"],
                    "form": "home_visit",
                    "content": content,
                    "observations": "",
                    "next_step": "",
                },
                name="contact_save",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                location = response.headers.get("Location", "") if response.status_code else ""
                if response.status_code == 302 and "/accounts/login/" not in location:
                    acknowledged.append(content)
                    response.success()
                else:
                    response.failure(f"status {response.status_code}")

    def on_request(name: str, exception: Any, **kwargs: Any) -> None:
        if exception is not None:
            failures.append({"at": time.time(), "name": name, "error": str(exception)[:200]})

    env = Environment(user_classes=[Officer], host=plan["host"])
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    started = time.time()
    runner.start(plan["users"], spawn_rate=plan["spawn_rate"])
    gevent.spawn_later(plan["seconds"], runner.quit)
    runner.greenlet.join()

    stats = env.stats
    result = {
        "started": started,
        "users": plan["users"],
        "requests": stats.total.num_requests,
        "errors": stats.total.num_failures,
        "p50_ms": stats.total.get_response_time_percentile(0.5),
        "p95_ms": stats.total.get_response_time_percentile(0.95),
        "pages": {
            name: {
                "requests": entry.num_requests,
                "errors": entry.num_failures,
                "p95_ms": entry.get_response_time_percentile(0.95),
            }
            for (name, _method), entry in stats.entries.items()
        },
        "failures": failures,
        "acknowledged": acknowledged,
    }
    Path(sys.argv[2]).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
