"""Area API, v1. Reads through the same selectors and scoping as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.accounts.access import ScopedAPIView

from .models import Area


class AreaOutput(serializers.ModelSerializer[Area]):
    class Meta:
        model = Area
        fields = ["id", "name", "level", "kind", "code", "parent", "is_active"]


class AreaListApi(ScopedAPIView):
    @extend_schema(responses=AreaOutput(many=True))
    def get(self, request: Request) -> Response:
        qs = Area.objects.for_user(request.user).filter(is_active=True).order_by("level", "sort_key")[:100]
        return Response(AreaOutput(qs, many=True).data)
