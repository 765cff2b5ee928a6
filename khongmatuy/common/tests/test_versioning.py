"""The version column of ``common.versioning.Versioned``: raised by every update of the row in the
database, not by an insert, a bookkeeping save or a failed save."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation

from khongmatuy.accounts.models import User
from khongmatuy.cases.models import Substance
from khongmatuy.common.versioning import VersionField, display


@pytest.mark.unaudited_writes
def test_each_update_raises_the_version_in_the_database(db):
    substance = Substance.objects.create(name="Chất Thử A", unit="g")
    assert substance.version == 1
    stale = Substance.objects.get(pk=substance.pk)
    substance.other_names = "A"
    substance.save()
    stale.other_names = "B"
    stale.save()  # an old copy still moves the row on: the UPDATE adds one to the stored value
    assert (substance.version, stale.version) == (2, 3)
    assert Substance.objects.get(pk=substance.pk).version == 3


@pytest.mark.unaudited_writes
def test_a_failed_save_keeps_the_version_and_its_error(db):
    Substance.objects.create(name="Chất Thử B", unit="g")
    substance = Substance.objects.create(name="Chất Thử C", unit="g")
    substance.name = "Chất Thử B"
    with pytest.raises(IntegrityError), transaction.atomic():
        substance.save()
    assert substance.version == 1
    assert Substance.objects.get(pk=substance.pk).version == 1


def test_a_login_stamp_is_not_an_edit(officer_a):
    officer_a.save(update_fields=["last_login"])
    assert User.objects.get(pk=officer_a.pk).version == 1


@pytest.mark.parametrize("value", ["", "x", "0", "-3", "2147483648", "1e3"])
def test_the_version_field_refuses_what_no_record_holds(value):
    field = VersionField()
    with pytest.raises(ValidationError, match="phiên bản"):
        field.clean(value)


def test_a_stored_decimal_reads_in_the_active_language() -> None:
    field = models.DecimalField(max_digits=9, decimal_places=2)
    with translation.override("vi"):
        assert display(field, Decimal("1234.50")) == "1.234,5"
    with translation.override("en"):
        assert display(field, Decimal("1234.50")) == "1,234.5"
