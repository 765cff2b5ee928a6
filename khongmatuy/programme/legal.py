"""The programme's unconfirmed catalogue as values an administrator confirms (``khongmatuy.legal``).

Project numbers and names beyond those Kế hoạch UBND phường Thủy Nguyên III.1.b names, and the
indicators not fixed by Nghị quyết 163/2024/QH15, are shipped unconfirmed (``catalogue.py``) and
shown "chưa xác nhận". An administrator confirms one on the legal-values page from the official
text (Quyết định 7619/QĐ-BCA or its annexes): for a project, its number as the text writes it;
for an indicator, its 2030 target. Confirming stores the ``LegalValue`` and marks the row
confirmed with the article given as its source (``apply``), audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.audit import services as audit
from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField, decode

from .models import Indicator, IndicatorTarget, Project

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.legal.models import LegalValue

KEY = "programme-catalogue"
# Quyết định 7619/QĐ-BCA approving the programme is dated 8/9/2025.
SINCE = date(2025, 9, 8)
TARGET_YEAR = 2030

PROJECT_FIELDS = (
    ValueField(
        "number",
        gettext_lazy("Số thứ tự của dự án, tiểu dự án theo văn bản"),
        Kind.INTEGER,
        Decimal(1),
        Decimal(99),
    ),
)
INDICATOR_FIELDS = (
    ValueField(
        "target",
        gettext_lazy("Chỉ tiêu năm 2030 theo văn bản (%)"),
        Kind.DECIMAL,
        Decimal(0),
        Decimal(100),
    ),
)


class ProjectsSource(LegalSource):
    key = KEY
    label = gettext_lazy("Chương trình MTQG phòng, chống ma túy đến năm 2030: dự án và chỉ tiêu")

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        items: list[LegalItem] = []
        for project in Project.objects.select_related("parent"):
            code = f"project-{project.code}"
            row = values.get((code, SINCE))
            items.append(
                LegalItem(
                    source=KEY,
                    code=code,
                    effective_from=SINCE,
                    title=f"{project.label}: {project.name or _('(chưa có tên)')}",
                    article=project.source or _("Chưa có văn bản xác nhận"),
                    value_text=str(project.number),
                    confirmed=project.confirmed,
                    set_by_administrator=row is not None,
                    note=row.note if row is not None else "",
                    fields=() if project.confirmed and row is None else PROJECT_FIELDS,
                    initial={"number": project.number},
                    explanation=_("Xác nhận số thứ tự theo Quyết định 7619/QĐ-BCA hoặc phụ lục."),
                )
            )
        targets = {
            t.indicator_id: t.value for t in IndicatorTarget.objects.filter(year=TARGET_YEAR)
        }
        for indicator in Indicator.objects.all():
            code = f"indicator-{indicator.code}"
            row = values.get((code, SINCE))
            target = targets.get(indicator.pk)
            items.append(
                LegalItem(
                    source=KEY,
                    code=code,
                    effective_from=SINCE,
                    title=indicator.name,
                    article=indicator.source,
                    value_text="" if target is None else f"{target.normalize()} %",
                    confirmed=indicator.confirmed,
                    set_by_administrator=row is not None,
                    note=row.note if row is not None else "",
                    fields=() if indicator.confirmed and row is None else INDICATOR_FIELDS,
                    initial={"target": target},
                    explanation=_("Chỉ tiêu đến năm 2030 theo Nghị quyết 163/2024/QH15."),
                )
            )
        return items

    def apply(self, *, item: LegalItem, value: LegalValue, actor: User) -> None:
        decoded: dict[str, Any] = decode(item, value)
        kind, _sep, code = item.code.partition("-")
        if kind == "project":
            project = Project.objects.select_for_update().get(code=code)
            before = audit.snapshot(project)
            project.number = decoded["number"]
            project.confirmed = True
            project.source = value.article
            project.save()
            audit.record_change(actor=actor, obj=project, before=before)
            return
        indicator = Indicator.objects.select_for_update().get(code=code)
        before = audit.snapshot(indicator)
        indicator.confirmed = True
        indicator.source = value.article
        indicator.save()
        audit.record_change(actor=actor, obj=indicator, before=before)
        target = IndicatorTarget.objects.filter(indicator=indicator, year=TARGET_YEAR).first()
        target_before = audit.snapshot(target) if target is not None else None
        target = target or IndicatorTarget(indicator=indicator, year=TARGET_YEAR)
        target.value = decoded["target"]
        target.save()
        audit.record_change(actor=actor, obj=target, before=target_before)
