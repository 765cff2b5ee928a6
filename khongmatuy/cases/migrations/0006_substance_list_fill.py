"""The national list of substances, and each seizure's free text mapped onto it.

A seizure whose text, folded (no diacritics, lower case, single spaces), equals a substance's name
or one of its other names gets that substance. A text of the form "name (other name)" is mapped
when its parts name one substance and no other. Any other text stays in ``original_substance``
for an officer to correct; nothing is dropped. The reverse writes each seizure's text back.
"""

import re
import unicodedata

from django.db import migrations

# (name, other names, usual unit)
SUBSTANCES = (
    ("Heroin", "Hêrôin, Heroine", "g"),
    ("Methamphetamine", "Ma túy đá, Hồng phiến, Meth", "g"),
    ("MDMA", "Thuốc lắc, Ecstasy", "pill"),
    ("Ketamine", "Ke, Ketamin", "g"),
    ("Cần sa", "Cannabis, Marijuana, Bồ đà", "g"),
    ("Thuốc phiện", "Nhựa thuốc phiện, Opium", "g"),
    ("Cocaine", "Côcain, Cocain", "g"),
    ("Ma túy tổng hợp dạng lỏng", "Nước vui, Ma túy dạng lỏng", "ml"),
    ("Morphine", "Morphin", "g"),
    ("Amphetamine", "Amphetamin", "g"),
    ("Cây cần sa", "", "plant"),
    ("Cây thuốc phiện", "Cây anh túc", "plant"),
)

# Copied from khongmatuy.common.text.fold (a migration never imports app code).
_SPACES = re.compile(r"\s+")
_D_LIKE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_PARTS = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def _fold(text):  # type: ignore[no-untyped-def]
    visible = "".join(
        ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    decomposed = unicodedata.normalize("NFD", visible.translate(_D_LIKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def _match(text, by_name):  # type: ignore[no-untyped-def]
    found = by_name.get(_fold(text))
    if found is not None:
        return found
    parts = _PARTS.match(text)
    if parts is None:
        return None
    named = {by_name.get(_fold(part)) for part in parts.groups() if part.strip()}
    named.discard(None)
    return named.pop() if len(named) == 1 else None


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Substance = apps.get_model("cases", "Substance")
    Seizure = apps.get_model("cases", "Seizure")
    for name, other_names, unit in SUBSTANCES:
        Substance.objects.get_or_create(
            name=name, defaults={"other_names": other_names, "unit": unit}
        )
    by_name = {}
    for substance in Substance.objects.order_by("pk"):
        names = [substance.name, *substance.other_names.split(",")]
        for name in names:
            if name.strip():
                by_name.setdefault(_fold(name), substance)
    batch = []
    for seizure in Seizure.objects.filter(substance_item=None).order_by("pk").iterator(2000):
        found = _match(seizure.substance, by_name)
        seizure.substance_item = found
        seizure.original_substance = "" if found is not None else seizure.substance[:100]
        batch.append(seizure)
    Seizure.objects.bulk_update(batch, ["substance_item", "original_substance"], batch_size=2000)


def unfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Seizure = apps.get_model("cases", "Seizure")
    Substance = apps.get_model("cases", "Substance")
    batch = []
    for seizure in Seizure.objects.select_related("substance_item").order_by("pk").iterator(2000):
        if seizure.substance_item is not None:
            seizure.substance = seizure.substance_item.name
        else:
            seizure.substance = seizure.original_substance
        seizure.substance_item = None
        seizure.original_substance = ""
        batch.append(seizure)
    Seizure.objects.bulk_update(
        batch, ["substance", "substance_item", "original_substance"], batch_size=2000
    )
    Substance.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_substance_list")]

    operations = [migrations.RunPython(fill, unfill)]
