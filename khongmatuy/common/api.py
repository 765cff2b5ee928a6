"""API helpers shared by every app's ``api.py``.

* ``exception_handler``: a service's ``ValidationError`` becomes a 400 naming the field.
* ``Pagination`` and ``paginated_response``: limit/offset pages with a total ``count``.
* ``CapabilityByMethodMixin``: one URL that reads (GET) and writes (POST) with different
  capabilities, still checked by ``ScopedAPIView``'s single permission class.
* Vietnamese error messages for input fields (DRF's own Vietnamese catalogue is incomplete).
* ``SchemaApi`` and ``DocsApi``: the OpenAPI schema and Swagger UI, login required.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, pagination, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from khongmatuy.common.access import Access
from khongmatuy.common.ids import MAX_ID

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from khongmatuy.accounts.models import User
    from khongmatuy.common.roles import Capability


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn a model ``ValidationError`` raised by a service into a 400, never a 500.

    The body has DRF's shape (``{"field": ["message"]}``); Django's ``__all__`` key becomes
    DRF's ``non_field_errors`` so clients read one convention.
    """
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                (
                    api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
                ): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


def api_user(request: Request) -> User:
    """``request.user`` of a view whose permission class has already required a login."""
    return cast("User", request.user)


class Pagination(pagination.LimitOffsetPagination):
    """``?limit=&offset=``; the answer carries ``count``, ``next``, ``previous``, ``results``.

    ``max_limit`` bounds the rows a single request can ask for.
    """

    default_limit = 100
    max_limit = 500
    # DRF's own descriptions are lazy strings too; its stubs say ``str``.
    limit_query_description = _("Số dòng mỗi trang (tối đa 500, mặc định 100).")  # type: ignore[assignment]
    offset_query_description = _("Vị trí dòng đầu tiên của trang (bắt đầu từ 0).")  # type: ignore[assignment]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """DRF's page envelope, each key described in the schema like every other field."""
        envelope: dict[str, Any] = super().get_paginated_response_schema(schema)
        described = {
            "count": "Tổng số bản ghi khớp bộ lọc (mọi trang).",
            "next": "Đường dẫn trang sau; null ở trang cuối.",
            "previous": "Đường dẫn trang trước; null ở trang đầu.",
            "results": "Các bản ghi của trang này.",
        }
        for key, text in described.items():
            envelope["properties"][key]["description"] = text
        return envelope


def paginated_response(
    *,
    request: Request,
    view: APIView,
    queryset: Any,
    serializer_class: type[serializers.BaseSerializer[Any]],
    prepare: Callable[[list[Any]], Sequence[Any]] | None = None,
) -> Response:
    """One page of ``queryset`` (one COUNT and one SELECT), serialised by ``serializer_class``.

    ``prepare`` turns the page's rows into what the serialiser reads, so per-page figures can be
    attached in a constant number of queries.
    """
    paginator = Pagination()
    rows: Sequence[Any] = list(paginator.paginate_queryset(queryset, request, view=view) or [])
    if prepare is not None:
        rows = prepare(list(rows))
    data = serializer_class(rows, many=True).data
    return paginator.get_paginated_response(data)


class CapabilityByMethodMixin:
    """A route that serves several operations, each needing its own capability.

    ``ScopedAPIView`` checks one ``required_capability`` (the read capability). A view that
    also writes at the same URL (``GET``/``POST /areas/{pk}/figures/``) lists the write
    capability per method here; it replaces ``required_capability`` for that request before
    the permission check runs.
    """

    required_capability: Capability | None
    capability_by_method: ClassVar[dict[str, Capability]] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        capability = self.capability_by_method.get(request.method or "")
        if capability is not None:
            self.required_capability = capability
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


# Vietnamese messages for input fields. DRF formats the placeholders itself.
_COMMON_ERRORS: dict[str, StrOrPromise] = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
}
INTEGER_ERRORS: dict[str, StrOrPromise] = {
    **_COMMON_ERRORS,
    "invalid": _("Phải là một số nguyên."),
    "min_value": _("Không được nhỏ hơn {min_value}."),
    "max_value": _("Không được lớn hơn {max_value}."),
    "max_string_length": _("Số quá lớn."),
}
DATE_ERRORS: dict[str, StrOrPromise] = {
    **_COMMON_ERRORS,
    "invalid": _("Ngày không hợp lệ; dùng định dạng ISO 8601 (YYYY-MM-DD)."),
    "datetime": _("Cần một ngày (YYYY-MM-DD), không phải ngày giờ."),
}
TEXT_ERRORS: dict[str, StrOrPromise] = {
    **_COMMON_ERRORS,
    "blank": _("Trường này không được để trống."),
    "invalid": _("Phải là một chuỗi ký tự."),
    "max_length": _("Tối đa {max_length} ký tự."),
}
CHOICE_ERRORS: dict[str, StrOrPromise] = {
    **_COMMON_ERRORS,
    "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
}
BOOLEAN_ERRORS: dict[str, StrOrPromise] = {
    **_COMMON_ERRORS,
    "invalid": _("Phải là true hoặc false."),
}


def choice_field(choices: Iterable[tuple[Any, Any]], **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(choices), error_messages=CHOICE_ERRORS, **kwargs)


def text_input(max_length: int, help_text: str, *, required: bool = False) -> serializers.CharField:
    """A text input; optional ones default to "" (the services' blank)."""
    options: dict[str, Any] = {} if required else {"default": ""}
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        max_length=max_length,
        error_messages=TEXT_ERRORS,
        help_text=help_text,
        **options,
    )


def id_input(help_text: str, *, required: bool = True) -> serializers.IntegerField:
    """The id of a record; an optional one may be null."""
    return serializers.IntegerField(
        required=required,
        allow_null=not required,
        min_value=1,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text=help_text,
    )


def date_input(help_text: str, *, required: bool = True) -> serializers.DateField:
    return serializers.DateField(
        required=required,
        allow_null=not required,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class SchemaApi(SpectacularAPIView):
    """The OpenAPI 3 schema of API v1. Login required; it describes routes, not data."""

    kmt_access = Access.OWN_ACCOUNT
    permission_classes = [IsAuthenticated]


class DocsApi(LoginRequiredMixin, SpectacularSwaggerSplitView):
    """Swagger UI for API v1, its assets served by the app (drf-spectacular-sidecar).

    The split view serves its start-up script from the same URL with ``?script`` rather than
    inline, which the site's CSP (``script-src 'self'``) requires. A browser without a session
    is sent to the login page (``LoginRequiredMixin``) instead of getting a bare 401.
    """

    kmt_access = Access.OWN_ACCOUNT
    permission_classes = [IsAuthenticated]
    url_name = "api-schema"
