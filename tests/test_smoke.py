from __future__ import annotations

from django.urls import reverse


def test_tree_shows_own_ward(officer_a_client, world):
    response = officer_a_client.get(reverse("areas:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gia Viên" in body
    assert "Tổ dân phố số 1" in body
    assert "Thành Đông" not in body
