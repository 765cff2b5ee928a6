"""Correcting a drug-free model's details: the page, the audit, the decision's scan, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.prevention import services
from khongmatuy.prevention.models import DrugFreeModel, DrugFreeModelEvent
from tests.images import image_bytes
from tests.personas import client_for

TODAY = date(2026, 11, 20)
S = DrugFreeModel.Status


def _scan(name: str = "quyet-dinh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def _parish(actor, area, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("kind", DrugFreeModel.Kind.PARISH)
    kwargs.setdefault("name", "Giáo xứ Mẫu không ma túy")
    return services.model_create(actor=actor, area=area, today=TODAY, **kwargs)


def _fields(model: DrugFreeModel, **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "kind": model.kind,
        "name": model.name,
        "area": model.area_id,
        "decision_number": model.decision_number,
        "decision_date": f"{model.decision_date:%d/%m/%Y}" if model.decision_date else "",
        "decision_issuer": model.decision_issuer,
        "members_count": model.members_count if model.members_count is not None else "",
        "members_named": model.members_named,
    }
    fields.update(changes)
    return fields


def test_the_page_corrects_the_details_and_leaves_the_status_alone(
    world, officer_a, officer_a_client
):
    model = _parish(
        officer_a,
        world.ward_a,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 2, 1),
        decision_issuer="UBND phường Gia Viên",
        members_count=40,
    )
    services.model_transition(
        actor=officer_a, model=model, to_status=S.ACTIVE, on=date(2026, 3, 1), today=TODAY
    )
    url = reverse("prevention:model_edit", args=[model.pk])

    form = officer_a_client.get(url).content.decode()
    assert 'value="12/QĐ-UBND"' in form  # filled
    assert 'value="01/02/2026"' in form
    response = officer_a_client.post(
        url, _fields(model, decision_number="21/QĐ-UBND", members_count=45)
    )

    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.decision_number, model.members_count, model.status) == (
        "21/QĐ-UBND",
        45,
        S.ACTIVE,
    )
    assert DrugFreeModelEvent.objects.filter(model=model).count() == 2  # no event for a correction
    change = AuditEvent.objects.filter(
        model="prevention.DrugFreeModel", object_id=str(model.pk), action="update"
    ).latest("pk")  # the step to "active" is the one before
    assert change.before["decision_number"] == "12/QĐ-UBND"
    assert change.after["decision_number"] == "21/QĐ-UBND"
    page = officer_a_client.get(model.get_absolute_url()).content.decode()
    assert "Số 21/QĐ-UBND ngày 01/02/2026" in page
    assert url in page  # the detail page links to the correction


def test_a_new_scan_replaces_the_old_one_whose_file_goes_after_commit(
    world, officer_a, django_capture_on_commit_callbacks
):
    model = _parish(
        officer_a,
        world.ward_a,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 2, 1),
        decision_file=_scan(),
    )
    first = model.decision_file.name
    fields = {
        "area": model.area,
        "kind": model.kind,
        "name": model.name,
        "decision_number": model.decision_number,
        "decision_date": model.decision_date,
    }

    kept = services.model_update(actor=officer_a, model=model, today=TODAY, **fields)
    assert kept.decision_file.name == first  # no new scan: the old one is kept

    with django_capture_on_commit_callbacks(execute=True):
        replaced = services.model_update(
            actor=officer_a, model=model, today=TODAY, decision_file=_scan("moi.png"), **fields
        )

    assert replaced.decision_file.name not in ("", first)
    assert default_storage.exists(replaced.decision_file.name)
    assert not default_storage.exists(first)


def test_refusals_name_the_field_and_change_nothing(world, officer_a, officer_b):
    parish = _parish(officer_a, world.ward_a)
    clan = _parish(
        officer_a,
        world.group_a1,
        kind=DrugFreeModel.Kind.CLAN,
        name="Dòng họ Mẫu không ma túy",
        replicated_from=parish,
    )
    base = {"area": parish.area, "kind": parish.kind, "name": "Tên mới", "today": TODAY}

    with pytest.raises(ValidationError) as cycle:
        services.model_update(actor=officer_a, model=parish, replicated_from=clan, **base)
    with pytest.raises(ValidationError) as itself:
        services.model_update(actor=officer_a, model=parish, replicated_from=parish, **base)
    with pytest.raises(ValidationError) as future:
        services.model_update(
            actor=officer_a,
            model=parish,
            decision_number="1/QĐ",
            decision_date=date(2026, 12, 1),
            **base,
        )
    with pytest.raises(ValidationError) as outside:
        services.model_update(actor=officer_b, model=parish, **{**base, "area": world.ward_b})

    assert "replicated_from" in cycle.value.message_dict
    assert "replicated_from" in itself.value.message_dict
    assert "decision_date" in future.value.message_dict
    assert outside.value.message_dict
    parish.refresh_from_db()
    assert parish.name == "Giáo xứ Mẫu không ma túy"
    assert not AuditEvent.objects.filter(
        model="prevention.DrugFreeModel", object_id=str(parish.pk), action="update"
    ).exists()


def test_only_recorders_of_its_area_open_the_page(world, officer_a, officer_b_client, leadership_a):
    model = _parish(officer_a, world.ward_a)
    url = reverse("prevention:model_edit", args=[model.pk])

    assert officer_b_client.get(url).status_code == 404
    assert client_for(leadership_a).get(url).status_code == 403
    assert officer_b_client.post(url, _fields(model, name="Đổi tên")).status_code == 404
    model.refresh_from_db()
    assert model.name == "Giáo xứ Mẫu không ma túy"
