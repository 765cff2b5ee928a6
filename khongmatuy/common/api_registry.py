"""The read side of every registry's API: one list route and one detail route per registry.

A ``Registry`` names the scoped queryset, the output serialiser and what a client may filter,
search and order by; ``registry_views`` makes the two ``ScopedAPIView`` classes with their
OpenAPI description. Lists are paginated (``?limit=&offset=``) and ordered
(``?ordering=name`` or ``-name``); ``?area=<id>`` keeps the records of that area and everything
below it (the caller's scope still applies first); ``?q=`` searches the folded text the services
keep, so diacritics and case do not matter. A record outside the caller's scope is a 404.

``shown`` is the app's hook that writes the access log for what a page shows (a person's record:
``audit.services.record_views``); ``context`` tells the serialiser what the caller may see
(``sensitive``: ``Capability.VIEW_SENSITIVE``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from .access import ScopedAPIView
from .api import (
    INTEGER_ERRORS,
    TEXT_ERRORS,
    CapabilityByMethodMixin,
    Pagination,
    api_user,
    choice_field,
)
from .ids import MAX_ID
from .roles import Capability
from .text import fold

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

DETAIL = inline_serializer(
    name="ErrorDetail",
    fields={"detail": serializers.CharField(help_text="Lý do, tiếng Việt.")},
)
# No body declared: a path the URLconf does not match at all (a negative id) gets Django's own
# 404 page, not JSON; a record outside the scope gets {"detail": "…"}.
NOT_FOUND = OpenApiResponse(description="Không có bản ghi này trong phạm vi của tài khoản.")
NOT_ALLOWED = OpenApiResponse(
    response=DETAIL,
    description="Vai trò của tài khoản (hoặc mã chỉ đọc) không có quyền này.",
)
BAD_INPUT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description='Dữ liệu không hợp lệ: {"tên trường": ["thông báo"]} (non_field_errors: cả '
    "bản ghi); không lưu gì.",
)

Shown = Callable[["User", Sequence[Any]], None]


def sensitive_context(request: Request) -> dict[str, Any]:
    """What the serialisers of person data read: may the caller see the sensitive fields?"""
    return {"sensitive": api_user(request).can(Capability.VIEW_SENSITIVE), "request": request}


class ModelOutput(serializers.ModelSerializer[Any]):
    """A read-only output of a model's fields, each described by its Vietnamese verbose name
    (the same label the pages show) in the OpenAPI schema."""

    def build_field(
        self, field_name: str, info: Any, model_class: Any, nested_depth: int
    ) -> tuple[type[serializers.Field[Any, Any, Any, Any]], dict[str, Any]]:
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        try:
            model_field = model_class._meta.get_field(field_name)
        except Exception:
            return field_class, kwargs
        label = getattr(model_field, "verbose_name", "")
        if label and "help_text" not in kwargs:
            kwargs["help_text"] = str(label)
        kwargs["read_only"] = True
        kwargs.pop("required", None)
        for key in ("validators", "queryset", "max_length", "min_value", "max_value"):
            kwargs.pop(key, None)
        return field_class, kwargs


class SensitiveModelOutput(ModelOutput):
    """``ModelOutput`` whose ``Meta.sensitive_fields`` read ``null`` for roles without
    ``Capability.VIEW_SENSITIVE``."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self.context.get("sensitive", False):
            for name in getattr(self.Meta, "sensitive_fields", ()):
                data[name] = None
        return data


@dataclass(frozen=True)
class Registry:
    """One registry's read API. ``queryset(user)`` must start from ``objects.for_user(user)``."""

    name: str  # the URL segment and route name: ``api-<name>``, ``api-<name>-detail``
    tag: str
    label: str  # "địa điểm", for the descriptions
    queryset: Callable[[User], QuerySet[Any]]
    output: type[serializers.BaseSerializer[Any]]
    capability: Capability
    ordering: dict[str, tuple[str, ...]]
    default_ordering: str
    choices: dict[str, tuple[str, Sequence[tuple[str, Any]]]] = field(default_factory=dict)
    area_field: str | None = "area"
    search_field: str | None = None
    # A registry with its own search rule (persons: citizen IDs only for sensitive roles).
    search: Callable[[User, QuerySet[Any], str], QuerySet[Any]] | None = None
    shown: Shown | None = None
    context: Callable[[Request], dict[str, Any]] = sensitive_context
    description: str = ""
    # Writes at the same URLs (``post`` on the list, ``patch`` on the detail), each class with
    # its own capabilities (``CapabilityByMethodMixin``) and schema.
    list_mixin: type | None = None
    detail_mixin: type | None = None

    def filter_input(self) -> type[serializers.Serializer[Any]]:
        fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {}
        for param, (_path, options) in self.choices.items():
            fields[param] = choice_field(options, required=False, help_text=f"Lọc theo {param}.")
        if self.area_field:
            fields["area"] = serializers.IntegerField(
                required=False,
                min_value=1,
                max_value=MAX_ID,
                error_messages=INTEGER_ERRORS,
                help_text="Mã địa bàn: chỉ bản ghi của địa bàn này và các địa bàn trực thuộc.",
            )
        if self.search_field or self.search:
            fields["q"] = serializers.CharField(
                required=False,
                allow_blank=True,
                max_length=100,
                error_messages=TEXT_ERRORS,
                help_text="Tìm kiếm, không phân biệt dấu và hoa thường.",
            )
        orders = [*self.ordering, *(f"-{key}" for key in self.ordering)]
        fields["ordering"] = choice_field(
            [(o, o) for o in orders],
            required=False,
            help_text=f"Sắp xếp (thêm “-” để đảo chiều); mặc định {self.default_ordering}.",
        )
        name = "".join(part.title() for part in self.name.split("-")) + "FilterInput"
        return type(name, (serializers.Serializer,), fields)

    def filtered(self, user: User, params: dict[str, Any]) -> QuerySet[Any]:
        qs = self.queryset(user)
        for param, (path, _options) in self.choices.items():
            if params.get(param):
                qs = qs.filter(**{path: params[param]})
        if self.area_field and params.get("area"):
            qs = qs.filter(in_area(self.area_field, params["area"]))
        query = (params.get("q") or "").strip()
        if query and self.search is not None:
            qs = self.search(user, qs, query)
        elif query and self.search_field:
            qs = qs.filter(**{f"{self.search_field}__contains": fold(query)})
        key = params.get("ordering") or self.default_ordering
        fields = self.ordering[key.lstrip("-")]
        if key.startswith("-"):
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return qs.order_by(*fields, "-pk" if key.startswith("-") else "pk")


def in_area(area_field: str, area_id: int) -> Q:
    """Records of the area ``area_id`` or any area below it, whatever its level: an area row
    stores its commune and province, so the record's area, commune or province is the id."""
    return (
        Q(**{f"{area_field}_id": area_id})
        | Q(**{f"{area_field}__commune_id": area_id})
        | Q(**{f"{area_field}__province_id": area_id})
    )


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã (id)."
)


def registry_views(registry: Registry) -> tuple[type[ScopedAPIView], type[ScopedAPIView]]:
    """The list and detail views of ``registry``, each with its OpenAPI description."""
    filter_input = registry.filter_input()

    def list_get(self: ScopedAPIView, request: Request) -> Response:
        params = filter_input(data=request.query_params)
        params.is_valid(raise_exception=True)
        user = api_user(request)
        qs = registry.filtered(user, dict(params.validated_data))
        paginator = Pagination()
        rows = list(paginator.paginate_queryset(qs, request, view=self) or [])
        if registry.shown is not None and rows:
            registry.shown(user, rows)
        data = registry.output(rows, many=True, context=registry.context(request)).data
        return paginator.get_paginated_response(data)

    def detail_get(self: ScopedAPIView, request: Request, pk: int) -> Response:
        user = api_user(request)
        obj: Model = get_object_or_404(registry.queryset(user), pk=pk)
        if registry.shown is not None:
            registry.shown(user, [obj])
        return Response(registry.output(obj, context=registry.context(request)).data)

    list_get = extend_schema(
        tags=[registry.tag],
        operation_id=f"{registry.name.replace('-', '_')}_list",
        summary=f"Danh sách {registry.label}",
        description=registry.description
        or f"Các {registry.label} trong phạm vi tài khoản, lọc, tìm và sắp xếp được.",
        parameters=[filter_input],
        responses={200: registry.output(many=True), 400: BAD_INPUT, 403: NOT_ALLOWED},
    )(list_get)
    detail_get = extend_schema(
        tags=[registry.tag],
        operation_id=f"{registry.name.replace('-', '_')}_retrieve",
        summary=f"Một {registry.label}",
        description=f"Một {registry.label}; ngoài phạm vi của tài khoản trả 404.",
        parameters=[ID_PARAMETER],
        responses={200: registry.output, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )(detail_get)
    base = "".join(part.title() for part in registry.name.split("-"))
    list_view = type(
        f"{base}ListApi",
        (*([registry.list_mixin] if registry.list_mixin else []), ScopedAPIView),
        {
            "required_capability": registry.capability,
            "pagination_class": Pagination,
            "get": list_get,
            "__doc__": f"The {registry.name} the caller sees, one page at a time.",
        },
    )
    detail_view = type(
        f"{base}DetailApi",
        (*([registry.detail_mixin] if registry.detail_mixin else []), ScopedAPIView),
        {
            "required_capability": registry.capability,
            "get": detail_get,
            "__doc__": f"One of the {registry.name} the caller sees.",
        },
    )
    return list_view, detail_view


def registry_urls(*registries: Registry) -> list[Any]:
    """``<name>/`` and ``<name>/<pk>/`` for each registry."""
    from django.urls import path

    patterns = []
    for registry in registries:
        list_view, detail_view = registry_views(registry)
        patterns += [
            path(f"{registry.name}/", list_view.as_view(), name=f"api-{registry.name}"),
            path(
                f"{registry.name}/<int:pk>/",
                detail_view.as_view(),
                name=f"api-{registry.name}-detail",
            ),
        ]
    return patterns


def action_view(
    *,
    name: str,
    tag: str,
    summary: str,
    description: str,
    capability: Capability,
    input_serializer: type[serializers.Serializer[Any]],
    output: type[serializers.BaseSerializer[Any]],
    perform: Callable[[User, Any, dict[str, Any]], Any],
    lookup: Callable[[User, int], Any] | None = None,
    created: bool = False,
    method: str = "post",
    shown: Shown | None = None,
    context: Callable[[Request], dict[str, Any]] = sensitive_context,
) -> type[ScopedAPIView]:
    """A ``POST`` (or ``method``) that validates ``input_serializer`` and calls
    ``perform(user, obj, data)``, a service of the app: the same function, the same checks and
    the same audit as the page.

    ``lookup(user, pk)`` finds the object in the caller's scope (404 otherwise) for an action on
    a record (``/episodes/{id}/complete/``); without it the route creates (``/persons/``).
    A refusal of the service is a 400 naming the field, and nothing is saved. The class may be
    a registry's ``list_mixin``/``detail_mixin``: ``capability`` then holds for this method only.
    """

    def handler(self: ScopedAPIView, request: Request, pk: int | None = None) -> Response:
        user = api_user(request)
        obj = lookup(user, pk) if lookup is not None and pk is not None else None
        data = input_serializer(data=request.data, context={"user": user})
        data.is_valid(raise_exception=True)
        result = perform(user, obj, dict(data.validated_data))
        if shown is not None:
            shown(user, [result])
        return Response(
            output(result, context=context(request)).data, status=201 if created else 200
        )

    responses: dict[int, Any] = {
        201 if created else 200: output,
        400: BAD_INPUT,
        403: NOT_ALLOWED,
    }
    if lookup is not None:
        responses[404] = NOT_FOUND
    handler = extend_schema(
        tags=[tag],
        operation_id=name.replace("-", "_"),
        summary=summary,
        description=description,
        parameters=[ID_PARAMETER] if lookup is not None else [],
        request=input_serializer,
        responses=responses,
    )(handler)
    base = "".join(part.title() for part in name.split("-"))
    return type(
        f"{base}Api",
        (CapabilityByMethodMixin, ScopedAPIView),
        {
            "capability_by_method": {method.upper(): capability},
            method: handler,
            "__doc__": summary,
        },
    )
