"""What each status means, as a badge colour: the one map every page reads.

The tones (``static/kmt/app.css``): ``alert`` (solid red) and ``inactive`` (light red) need action,
``warn`` (amber) is a warning or work in hand, ``ok`` (green) is achieved, ``""`` (grey) is
neutral information. Keys name the model's field as ``app_label.Model.field`` (strings: ``common``
imports no app). A status not listed is grey. So "Được công nhận" is green and "Tái phát" red on
every page; a new status joins here, and ``tests/test_badges.py`` checks every choice is mapped.
"""

from __future__ import annotations

from enum import StrEnum


class Tone(StrEnum):
    URGENT = "alert"  # red, solid: act now (a relapse, an unconfirmed legal value)
    ACTION = "inactive"  # red: needs action (overdue, withdrawn, broken)
    WARNING = "warn"  # amber: a warning, work in hand
    DONE = "ok"  # green: achieved
    INFO = ""  # grey: neutral information


STATUS_TONES: dict[str, dict[str, Tone]] = {
    "places.Place.status": {
        "detected": Tone.URGENT,
        "recurred": Tone.URGENT,  # "Tái phát": never grey
        "under_action": Tone.WARNING,
        "eliminated": Tone.DONE,
        "watched": Tone.DONE,
    },
    "places.Camera.status": {"active": Tone.DONE, "broken": Tone.ACTION, "removed": Tone.INFO},
    "criteria.Recognition.status": {
        "not_registered": Tone.INFO,
        "registered": Tone.INFO,
        "cleaning": Tone.INFO,
        "proposed": Tone.INFO,
        "recognised": Tone.DONE,  # "Được công nhận": never red
        "kept": Tone.DONE,
        "withdrawn": Tone.ACTION,
    },
    "people.Episode.status": {
        "active": Tone.INFO,
        "completed": Tone.DONE,
        "stopped": Tone.WARNING,
        "restarted": Tone.WARNING,
        "transferred": Tone.INFO,
        "cancelled": Tone.INFO,
    },
    "people.Transfer.status": {
        "pending": Tone.ACTION,
        "accepted": Tone.DONE,
        "refused": Tone.WARNING,
        "cancelled": Tone.INFO,
    },
    "people.DrugTest.result": {
        "positive": Tone.ACTION,
        "negative": Tone.INFO,
        "invalid": Tone.WARNING,
    },
    "common.Job.status": {
        "queued": Tone.INFO,
        "running": Tone.WARNING,
        "done": Tone.DONE,
        "failed": Tone.ACTION,
    },
    "reports.Report.status": {
        "draft": Tone.WARNING,
        "approved": Tone.INFO,
        "issued": Tone.DONE,
    },
    "prevention.DrugFreeModel.status": {
        "building": Tone.WARNING,
        "active": Tone.INFO,
        "recognised": Tone.DONE,  # "Được công nhận": never red
        "suspended": Tone.ACTION,
        "dissolved": Tone.INFO,
    },
    "tips.Tip.status": {
        "received": Tone.INFO,
        "assigned": Tone.INFO,
        "verifying": Tone.INFO,
        "closed": Tone.DONE,
    },
}


def tone_of(field: str, value: str) -> str:
    """The badge class of ``value`` of ``field`` (``app_label.Model.field``)."""
    return str(STATUS_TONES.get(field, {}).get(value, Tone.INFO))
