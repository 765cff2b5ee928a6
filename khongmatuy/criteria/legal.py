"""Decision 28's UNCONFIRMED thresholds as a legal source: an administrator confirms one from the
official text through ``khongmatuy.legal``, and confirming it makes a new stored version of the
rule set (``services.rules.threshold_confirm``), so every evaluation keeps the version it used."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField, decode

from .engine import METRICS, ConditionSpec, RuleSetSpec
from .evaluate import threshold_text
from .forms import COMPARATOR_CHOICES
from .rules import decision28, registry
from .services import rules as services_rules

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.legal.models import LegalValue

KEY = "criteria"


def _fields(condition: ConditionSpec) -> tuple[ValueField, ...]:
    metrics: list[tuple[str, object]] = [(code, m.label) for code, m in METRICS.items()]
    if condition.metric in decision28.DATA_INPUT_METRICS:  # no registry gives it yet
        metrics.insert(0, (condition.metric, condition.label))
    return (
        ValueField(
            "metric",
            gettext_lazy("Chỉ số"),
            Kind.CHOICE,
            choices=tuple((code, str(label)) for code, label in metrics),
        ),
        ValueField(
            "comparator", gettext_lazy("So sánh"), Kind.CHOICE, choices=tuple(COMPARATOR_CHOICES)
        ),
        ValueField(
            "threshold",
            gettext_lazy("Ngưỡng theo văn bản chính thức"),
            Kind.DECIMAL,
            minimum=Decimal(0),
            help_text=gettext_lazy("Tỷ lệ tính theo phần trăm: 0,5 nghĩa là 0,5 %."),
        ),
        ValueField(
            "effective_from",
            gettext_lazy("Áp dụng từ ngày"),
            Kind.DATE,
            help_text=gettext_lazy(
                "Việc xác nhận tạo một phiên bản mới của bộ tiêu chí từ ngày này; các kết quả"
                " đánh giá đã lưu giữ phiên bản cũ."
            ),
        ),
    )


def _item(spec: RuleSetSpec, condition: ConditionSpec, stored: LegalValue | None) -> LegalItem:
    return LegalItem(
        source=KEY,
        code=f"{spec.code}:{condition.code}",
        effective_from=decision28.EFFECTIVE,
        title=_("%(rule_set)s, tiêu chí %(code)s: %(label)s")
        % {"rule_set": spec.name, "code": condition.code, "label": condition.label},
        article=condition.article,
        value_text=threshold_text(condition) or _("Chưa có ngưỡng"),
        confirmed=condition.confirmed,
        set_by_administrator=stored is not None,
        note=stored.note if stored is not None else "",
        fields=() if condition.confirmed else _fields(condition),
        initial={
            "metric": condition.metric,
            "comparator": condition.comparator,
            "threshold": condition.threshold,
            "effective_from": spec.effective_from,
        },
    )


class ThresholdsSource(LegalSource):
    key = KEY
    label = gettext_lazy("Ngưỡng tiêu chí theo Quyết định số 28/2025/QĐ-TTg")

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        items: list[LegalItem] = []
        for built_in in decision28.RULE_SETS:
            spec = registry.latest(built_in.code)
            if spec is None:  # pragma: no cover - a built-in always has version 1
                continue
            for condition in spec.conditions:
                stored = values.get((f"{spec.code}:{condition.code}", decision28.EFFECTIVE))
                items.append(_item(spec, condition, stored))
        return items

    def apply(self, *, item: LegalItem, value: LegalValue, actor: User) -> None:
        rule_set, condition = item.code.split(":", 1)
        confirmed = decode(item, value)
        services_rules.threshold_confirm(
            actor=actor,
            code=rule_set,
            condition_code=condition,
            threshold=confirmed["threshold"],
            comparator=confirmed["comparator"],
            metric=confirmed["metric"],
            article=value.article,
            effective_from=confirmed["effective_from"],
        )
