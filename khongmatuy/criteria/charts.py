"""Server-side SVG charts: no JavaScript, no CDN, nothing inline that the CSP would block (SVG
presentation attributes only, no ``style``). Each chart carries a <title> and a <desc> that reads
out every number, and text labels on every bar, in Vietnamese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 44, 52
TARGET_FILL = "#c6d4ea"
TARGET_STROKE = "#4a6aa5"
REACHED = "#1e7b34"
BEHIND = "#b3261e"
PENDING = "#6b7280"


@dataclass(frozen=True)
class ChartPoint:
    label: str  # the year (or the date) of the target
    target: int
    actual: int
    is_due: bool  # the due date has passed: a shortfall is "behind schedule"


def _ticks(top: int) -> list[int]:
    """Four or five round gridline values from 0 to at least ``top``."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if top / candidate <= 5:
            break
    else:
        step = max(1, -(-top // 5))
    last = -(-max(top, 1) // step) * step
    return list(range(0, last + 1, step))


def _colour(point: ChartPoint) -> str:
    if point.actual >= point.target:
        return REACHED
    return BEHIND if point.is_due else PENDING


def target_actual_chart(*, points: Sequence[ChartPoint], title: str, chart_id: str) -> SafeString:
    """A grouped bar chart: for each target, the number of areas required and achieved."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        _("%(label)s: mục tiêu %(target)s, đạt %(actual)s")
        % {"label": p.label, "target": p.target, "actual": p.actual}
        + (_(" (chậm tiến độ)") if p.is_due and p.actual < p.target else "")
        for p in points
    ]
    desc = "; ".join(parts) + "." if parts else _("Chưa có mục tiêu.")
    target_text = escape(_("Mục tiêu"))
    reached_text = escape(_("Đạt"))
    behind_text = escape(_("Chậm tiến độ"))
    pending_text = escape(_("Chưa đến hạn"))
    caption = escape(_("Số địa bàn (mục tiêu và thực tế đạt) theo hạn hoàn thành"))
    ticks = _ticks(max([p.target for p in points] + [p.actual for p in points] + [1]))
    top_value = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h

    def y(value: int) -> float:
        return base_y - plot_h * value / top_value

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" class="chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" font-size="12">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    for value in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#e3e6eb" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'fill="#5f6368">{value}</text>'
        )
    # legend
    out.append(
        f'<g class="legend"><rect x="{LEFT}" y="12" width="14" height="14" fill="{TARGET_FILL}" '
        f'stroke="{TARGET_STROKE}"/><text x="{LEFT + 20}" y="24">{target_text}</text>'
        f'<rect x="{LEFT + 110}" y="12" width="14" height="14" fill="{REACHED}"/>'
        f'<text x="{LEFT + 130}" y="24">{reached_text}</text>'
        f'<rect x="{LEFT + 180}" y="12" width="14" height="14" fill="{BEHIND}"/>'
        f'<text x="{LEFT + 200}" y="24">{behind_text}</text>'
        f'<rect x="{LEFT + 310}" y="12" width="14" height="14" fill="{PENDING}"/>'
        f'<text x="{LEFT + 330}" y="24">{pending_text}</text></g>'
    )
    slot = plot_w / max(len(points), 1)
    bar = min(48.0, slot * 0.35)
    for i, p in enumerate(points):
        centre = LEFT + slot * (i + 0.5)
        tx, ax = centre - bar - 2, centre + 2
        label = escape(p.label)
        out.append(
            f'<g class="point" data-label="{label}" data-target="{p.target}" '
            f'data-actual="{p.actual}">'
            f'<rect x="{tx:.1f}" y="{y(p.target):.1f}" width="{bar:.1f}" '
            f'height="{base_y - y(p.target):.1f}" fill="{TARGET_FILL}" stroke="{TARGET_STROKE}">'
            f"<title>{target_text} {label}: {p.target}</title></rect>"
            f'<text x="{tx + bar / 2:.1f}" y="{y(p.target) - 4:.1f}" text-anchor="middle" '
            f'class="target-value">{p.target}</text>'
            f'<rect x="{ax:.1f}" y="{y(p.actual):.1f}" width="{bar:.1f}" '
            f'height="{base_y - y(p.actual):.1f}" fill="{_colour(p)}">'
            f"<title>{reached_text} {label}: {p.actual}</title></rect>"
            f'<text x="{ax + bar / 2:.1f}" y="{y(p.actual) - 4:.1f}" text-anchor="middle" '
            f'class="actual-value">{p.actual}</text>'
            f'<text x="{centre:.1f}" y="{base_y + 18}" text-anchor="middle" '
            f'font-weight="bold">{label}</text></g>'
        )
    # The target line across years (cumulative roadmaps read as a rising staircase).
    if len(points) > 1:
        coords = " ".join(
            f"{LEFT + slot * (i + 0.5):.1f},{y(p.target):.1f}" for i, p in enumerate(points)
        )
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{TARGET_STROKE}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base_y}" y2="{base_y}" stroke="#5f6368"/>'
        f'<text x="{LEFT}" y="{HEIGHT - 10}" fill="#5f6368">'
        f"{caption}</text>"
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above
