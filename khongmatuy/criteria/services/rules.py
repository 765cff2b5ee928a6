"""Writes of rule sets: composing a local rule set (or a new version of one) and confirming a
threshold of Decision 28 from the official text. Both create a new ``RuleSetVersion`` (versions are
immutable: an evaluation records the version it used) and audit every row they write.

Keyword-only, one transaction, ``full_clean`` before saving. Every check runs before the first
write. Refusals are ``DomainError`` keyed by field; a condition's error is keyed
``conditions-<row index>-<field>`` (the formset's own prefix; a condition may carry its on-screen
index as ``row``) and its message names the row ("Dòng 2: ..."). Only a role holding
``COMPOSE_RULES`` may call them (``PermissionDenied``); ``actor`` is ``None`` only for system
writes (demo data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.choices import Combination
from khongmatuy.criteria.engine import COMPARATORS, METRICS, RuleSetSpec
from khongmatuy.criteria.evaluate import group_of
from khongmatuy.criteria.models import ConditionRow, RuleSetVersion
from khongmatuy.criteria.rules import decision28, registry
from khongmatuy.criteria.services.access import require

MAX_CONDITIONS = 30
MAX_WINDOW_MONTHS = 120
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# A criterion's number: "a", "đ", "3"; alternatives of one criterion share it: "d.1", "d.2".
CONDITION_CODE_RE = re.compile(r"^[a-zđ0-9]{1,4}(\.[0-9]{1,2})?$")
CONDITION_FIELDS = ("code", "label", "metric", "comparator", "threshold", "window_months")


def condition_key(index: int, field: str) -> str:
    return f"conditions-{index}-{field}"


def _row_error(errors: dict[str, list[str]], index: int, field: str, message: str) -> None:
    errors.setdefault(condition_key(index, field), []).append(
        _("Dòng %(row)d: %(message)s") % {"row": index + 1, "message": message}
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValueError from None
    if not result.is_finite():
        raise ValueError
    return result


def _clean_conditions(
    conditions: Sequence[Mapping[str, Any]], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Each row checked on its own and against the others; returns the normalised rows."""
    if not conditions:
        errors.setdefault("conditions", []).append(_("Bộ tiêu chí phải có ít nhất một tiêu chí."))
    if len(conditions) > MAX_CONDITIONS:
        errors.setdefault("conditions", []).append(
            _("Một bộ tiêu chí có tối đa %(n)d tiêu chí.") % {"n": MAX_CONDITIONS}
        )
        return []
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(conditions):
        # ``row``: the row's 0-based index on screen when blank rows were skipped.
        i = int(raw.get("row", position))
        code = str(raw.get("code") or "").strip().lower()
        metric_code = str(raw.get("metric") or "")
        comparator = str(raw.get("comparator") or "")
        label = str(raw.get("label") or "").strip()
        if not code:
            _row_error(errors, i, "code", _("nhập số thứ tự tiêu chí."))
        elif not CONDITION_CODE_RE.match(code):
            _row_error(
                errors,
                i,
                "code",
                _("số thứ tự chỉ gồm chữ thường hoặc số, ví dụ “a”, “3” hoặc “d.1”."),
            )
        elif code in seen:
            _row_error(
                errors,
                i,
                "code",
                _("số thứ tự “%(code)s” trùng với dòng %(other)d.")
                % {"code": code, "other": seen[code] + 1},
            )
        else:
            seen[code] = i
        metric = METRICS.get(metric_code)
        if metric is None:
            _row_error(errors, i, "metric", _("chọn một chỉ số trong danh sách."))
        if comparator not in COMPARATORS:
            _row_error(errors, i, "comparator", _("chọn một phép so sánh trong danh sách."))
        try:
            threshold = _decimal(raw.get("threshold"))
        except ValueError:
            threshold = None
            _row_error(errors, i, "threshold", _("ngưỡng phải là một số."))
        else:
            if threshold is None:
                _row_error(errors, i, "threshold", _("nhập ngưỡng."))
            elif threshold < 0:
                _row_error(errors, i, "threshold", _("ngưỡng không được âm."))
            elif metric is not None and metric.unit in ("percent", "share") and threshold > 100:
                _row_error(errors, i, "threshold", _("tỷ lệ không được lớn hơn 100 %."))
            elif abs(threshold) >= Decimal("1e8") or threshold != threshold.quantize(
                Decimal("0.0001")
            ):
                _row_error(
                    errors,
                    i,
                    "threshold",
                    _("ngưỡng có tối đa 8 chữ số phần nguyên và 4 chữ số thập phân."),
                )
        raw_window: Any = raw.get("window_months")
        window: int | None = None
        if raw_window not in ("", None):
            try:
                window = int(raw_window)
            except (TypeError, ValueError):
                window = None
                _row_error(errors, i, "window_months", _("khoảng thời gian phải là số tháng."))
            else:
                if not 1 <= window <= MAX_WINDOW_MONTHS:
                    _row_error(
                        errors,
                        i,
                        "window_months",
                        _("khoảng thời gian từ 1 đến %(n)d tháng.") % {"n": MAX_WINDOW_MONTHS},
                    )
                elif metric is not None and not metric.windowed:
                    _row_error(
                        errors,
                        i,
                        "window_months",
                        _(
                            "chỉ số này tính tại ngày đánh giá, không có khoảng thời gian; "
                            "để trống ô này."
                        ),
                    )
        if len(label) > 250:
            _row_error(errors, i, "label", _("nội dung tiêu chí tối đa 250 ký tự."))
        cleaned.append(
            {
                "code": code,
                "label": label or (str(metric.label) if metric else ""),
                "metric": metric_code,
                "comparator": comparator,
                "threshold": threshold,
                "window_months": window,
                "article": str(raw.get("article") or "").strip()[:250],
            }
        )
    return cleaned


def _next_version(code: str) -> int:
    found = registry.versions(code)
    return max((int(s.version) for s in found), default=0) + 1


def _check_effective(
    errors: dict[str, list[str]], base: RuleSetSpec | None, effective_from: date | None
) -> None:
    if effective_from is None:
        errors.setdefault("effective_from", []).append(_("Nhập ngày hiệu lực."))
    elif base is not None and effective_from < base.effective_from:
        errors.setdefault("effective_from", []).append(
            _(
                "Phiên bản mới phải có hiệu lực từ ngày %(date)s (hiệu lực của phiên bản "
                "%(version)s) trở đi."
            )
            % {"date": f"{base.effective_from:%d/%m/%Y}", "version": base.version}
        )


def _save(
    *, actor: User | None, version: RuleSetVersion, rows: list[dict[str, Any]], note: str
) -> RuleSetVersion:
    version.full_clean()
    version.save()
    audit.record_change(actor=actor, obj=version, before=None, note=note)
    for position, data in enumerate(rows):
        row = ConditionRow(rule_set=version, position=position, **data)
        row.full_clean()
        row.save()
        audit.record_change(actor=actor, obj=row, before=None, note=note)
    return version


@transaction.atomic
def rule_set_compose(
    *,
    actor: User | None,
    code: str,
    name: str,
    level: int,
    combination: str,
    at_least: int | None,
    window_months: int,
    effective_from: date | None,
    conditions: Sequence[Mapping[str, Any]],
    source: str = "",
    owner_area: Area | None = None,
    new_version_of: str | None = None,
) -> RuleSetVersion:
    """A new local rule set (``new_version_of`` None: ``code`` must be unused) or a new version of
    an existing local one (``new_version_of`` is its code). The whole input is checked at once;
    every condition's threshold is set by the administrator, so it is confirmed."""
    require(actor, Capability.COMPOSE_RULES, owner_area)
    errors: dict[str, list[str]] = {}
    code = (new_version_of or code or "").strip().lower()
    base: RuleSetSpec | None = None
    if new_version_of:
        base = registry.latest(code)
        if base is None:
            raise DomainError({"code": [_("Không tìm thấy bộ tiêu chí này.")]})
        if registry.is_decision28(code):
            raise DomainError(
                {
                    "code": [
                        _(
                            "Bộ tiêu chí theo Quyết định 28/2025/QĐ-TTg không soạn lại được; "
                            "chỉ xác nhận từng ngưỡng chưa xác nhận."
                        )
                    ]
                }
            )
    elif not code:
        errors["code"] = [_("Nhập mã bộ tiêu chí.")]
    elif len(code) > 60 or not CODE_RE.match(code):
        errors["code"] = [_("Mã chỉ gồm chữ thường không dấu, số, “_” và “-”, tối đa 60 ký tự.")]
    elif registry.versions(code):
        errors["code"] = [
            _("Mã “%(code)s” đã có; để sửa, hãy tạo phiên bản mới của bộ tiêu chí đó.")
            % {"code": code}
        ]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Nhập tên bộ tiêu chí.")]
    elif len(name) > 250:
        errors["name"] = [_("Tên tối đa 250 ký tự.")]
    if level not in Level.values:
        errors["level"] = [_("Chọn cấp địa bàn.")]
    if combination not in Combination.values:
        errors["combination"] = [_("Chọn cách kết hợp các tiêu chí.")]
    if not 1 <= window_months <= MAX_WINDOW_MONTHS:
        errors["window_months"] = [
            _("Khoảng thời gian xét từ 1 đến %(n)d tháng.") % {"n": MAX_WINDOW_MONTHS}
        ]
    _check_effective(errors, base, effective_from)
    rows = _clean_conditions(conditions, errors)
    criteria = {group_of(r["code"]) for r in rows if r["code"]}
    if combination == "at_least":
        if at_least is None:
            errors["at_least"] = [_("Nhập số tiêu chí tối thiểu phải đạt.")]
        elif not 1 <= at_least <= max(len(criteria), 1):
            errors["at_least"] = [
                _("Số tiêu chí tối thiểu phải từ 1 đến %(n)d (số tiêu chí đã nhập).")
                % {"n": max(len(criteria), 1)}
            ]
    else:
        at_least = None
    if errors or effective_from is None:
        raise DomainError(errors)
    version = RuleSetVersion(
        code=code,
        version=_next_version(code),
        name=name,
        level=level,
        combination=combination,
        at_least=at_least,
        window_months=window_months,
        effective_from=effective_from,
        source=(source or "").strip(),
        owner_area=owner_area,
        created_by=actor if actor is not None and actor.pk else None,
    )
    for row in rows:
        row["confirmed"] = True
    note = _("Soạn bộ tiêu chí") if base is None else _("Phiên bản mới của bộ tiêu chí")
    return _save(actor=actor, version=version, rows=rows, note=note)


@transaction.atomic
def threshold_confirm(
    *,
    actor: User | None,
    code: str,
    condition_code: str,
    threshold: Decimal | None,
    article: str,
    effective_from: date | None,
    comparator: str | None = None,
    metric: str | None = None,
    source: str = "",
) -> RuleSetVersion:
    """Set or confirm one UNCONFIRMED threshold of a built-in rule set from the official text.

    Copies the latest version with that one condition confirmed (threshold, and the comparator or
    metric if given) and the article cited, as a new version effective from ``effective_from``
    (not before the latest version's date). A criterion whose content is unknown (province
    criterion 1) also takes its metric here."""
    require(actor, Capability.COMPOSE_RULES)
    base = registry.latest(code)
    if base is None or not registry.is_builtin(code):
        raise DomainError(
            {"code": [_("Chỉ xác nhận ngưỡng của bộ tiêu chí có sẵn trong hệ thống.")]}
        )
    target = next((c for c in base.conditions if c.code == condition_code), None)
    if target is None:
        raise DomainError({"condition_code": [_("Không tìm thấy tiêu chí này.")]})
    if target.confirmed:
        raise DomainError({"condition_code": [_("Ngưỡng của tiêu chí này đã được xác nhận.")]})
    errors: dict[str, list[str]] = {}
    comparator = comparator or target.comparator
    if comparator not in COMPARATORS:
        errors["comparator"] = [_("Chọn một phép so sánh trong danh sách.")]
    metric = metric or target.metric
    # A data input no registry gives yet (a provincial criterion) is a valid metric too.
    if metric not in METRICS and metric not in decision28.DATA_INPUT_METRICS:
        errors["metric"] = [_("Chọn một chỉ số trong danh sách.")]
    if threshold is None:
        errors["threshold"] = [_("Nhập ngưỡng theo văn bản chính thức.")]
    elif threshold < 0:
        errors["threshold"] = [_("Ngưỡng không được âm.")]
    elif metric in METRICS and METRICS[metric].unit in ("percent", "share") and threshold > 100:
        errors["threshold"] = [_("Tỷ lệ không được lớn hơn 100 %.")]
    article = (article or "").strip()
    if not article:
        errors["article"] = [_("Ghi rõ điều, khoản của văn bản chính thức quy định ngưỡng này.")]
    elif len(article) > 250:
        errors["article"] = [_("Tối đa 250 ký tự.")]
    _check_effective(errors, base, effective_from)
    if errors or effective_from is None:
        raise DomainError(errors)
    rows = []
    for c in base.conditions:
        row = {
            "code": c.code,
            "label": str(c.label)[:250],
            "metric": c.metric,
            "comparator": c.comparator,
            "threshold": c.threshold,
            "confirmed": c.confirmed,
            "window_months": c.window_months,
            "article": c.article[:250],
            "with_other_met": c.with_other_met,
        }
        if c.code == condition_code:
            row.update(
                threshold=threshold,
                confirmed=True,
                comparator=comparator,
                metric=metric,
                article=article,
            )
            if metric != c.metric and metric in METRICS:
                row["label"] = str(METRICS[metric].label)[:250]
        rows.append(row)
    version = RuleSetVersion(
        code=code,
        version=_next_version(code),
        name=str(base.name)[:250],
        level=base.level,
        combination=base.combination,
        at_least=base.at_least,
        window_months=base.window_months,
        effective_from=effective_from,
        source=((source or "").strip() or base.source)[:250],
        created_by=actor if actor is not None and actor.pk else None,
    )
    note = _("Xác nhận ngưỡng tiêu chí %(code)s: %(article)s") % {
        "code": condition_code,
        "article": article,
    }
    return _save(actor=actor, version=version, rows=rows, note=note)
