"""Request-wide middleware: bounded request size, Vietnamese first, the app's 404 under DEBUG.

Vietnamese first: the UI language is the user's explicit choice, else Vietnamese.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many office computers
run an English browser; officers would then get English number and date formats by accident.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        # The active language is per thread: restore it afterwards, or the next request or task
        # served by this thread would inherit this user's choice.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeLimitMiddleware:
    """A body announced larger than ``KMT_REQUEST_MAX_BYTES`` is answered 413, unread.

    Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files, which it
    streams to a temporary file whatever their size; this stops the request before that. It runs
    before sessions and authentication, so its page is rendered without the request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.KMT_REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            page = render_to_string("413.html", {"mb": f"{limit / 2**20:g}"})
            return HttpResponse(page, status=413)
        return self.get_response(request)


class NotFoundPageInDebugMiddleware:
    """Under DEBUG (``make run``) a missing page still shows the app's 404, as users see it.

    Django answers an ``Http404`` with its technical page (the URL patterns tried) whenever
    DEBUG is on. A developer who wants that page sets ``KMT_TECHNICAL_404=true``; DEBUG's other
    help (the technical 500 page with its traceback, static files, template debugging) stays.
    Outside DEBUG the middleware removes itself: Django's ``handler404`` already serves the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG or settings.KMT_TECHNICAL_404:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return self._page(request)  # no URL matched
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return self._page(request) if isinstance(exception, Http404) else None

    @staticmethod
    def _page(request: HttpRequest) -> HttpResponse:
        from .views import page_not_found

        return page_not_found(request)
