"""Over-large requests get a clear page (413 or 400), never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

LOGIN = reverse("accounts:login")


def test_the_limits_are_set_explicitly() -> None:
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 5000
    assert django_settings.KMT_REQUEST_MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.django_db
def test_a_body_over_the_request_limit_is_a_413_page(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_REQUEST_MAX_BYTES = 1000
    response = Client().post(LOGIN, data=b"x" * 1001, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
    assert "Mỗi lần gửi tối đa 0.000953674 MB" in response.content.decode()


@pytest.mark.django_db
def test_too_many_fields_is_a_400_page(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post(LOGIN, {f"f{i}": "1" for i in range(11)})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_form_data_over_the_memory_limit_is_a_400_page(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = Client().post(LOGIN, {"username": "a" * 200, "password": "b"})
    assert response.status_code == 400
    assert "quá nhiều dữ liệu" in response.content.decode()
