"""The routes of the area-leak test, and ward A's data that they are walked with.

Ward A (Gia Viên) holds the data. Two outsiders try every route with ward A's ids: a police
officer of ward B (Thành Đông, same city) and a city police user of another province (Quảng Ninh),
who holds more capabilities. Each must get a 404 for ward A's objects, and no page, export, search,
count or API answer may contain ward A's names. A ward A officer reaches the same routes, proving
the test walks real data. Every URL pattern must appear in ``CASES``: a new route without a case
fails ``test_every_route_has_a_leak_case``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

from khongmatuy.areas.models import Organisation
from tests.personas import World
from tests.workbooks import OLE_MAGIC

# The password of the encrypted exports the test asks for; ``body_text`` opens them with it.
EXPORT_PASSWORD = "Leak-Mat-khau-2026"

# Text that exists only in ward A's data.
MARKERS = (
    "Gia Viên",
    "Gia Vi&ecirc;n",
    "Tổ Hoa Phượng Đỏ",
    "Trường THCS Mẫu Leak",
    # the ward A person (synthetic), in every spelling a page or export could use
    "Đinh Thị Mẫu Rò",
    "dinh thi mau ro",
    "Mẫu Rò",
    "031301009876",
)


@dataclass
class Data:
    world: World
    organisation: Organisation
    person: Any = None
    category: Any = None
    episode: Any = None
    dossier: Any = None
    dossier_item: Any = None
    supervision: Any = None
    follow_up: Any = None
    transfer: Any = None
    duplicate: Any = None
    round: Any = None
    place: Any = None
    business: Any = None
    cultivation: Any = None
    camera: Any = None
    case: Any = None
    case_person: Any = None
    seizure: Any = None
    tip: Any = None
    attachment: Any = None
    roadmap: Any = None
    key_route: Any = None
    activity: Any = None
    activity_photo: Any = None
    household: Any = None
    commitment: Any = None
    drug_free_model: Any = None
    household_count: Any = None
    job: Any = None
    report: Any = None
    issued_report: Any = None
    export_job: Any = None
    case_export_job: Any = None
    activity_export_job: Any = None
    notification: Any = None
    contact: Any = None
    plan: Any = None
    task: Any = None
    task_report: Any = None
    meeting: Any = None
    reward: Any = None
    commune_project: Any = None
    allocation: Any = None
    adjustment: Any = None
    programme_commitment: Any = None
    disbursement: Any = None
    indicator_value: Any = None


@dataclass(frozen=True)
class Case:
    """How to call one route with ward A's objects, and what an outsider must get."""

    name: str
    args: Callable[[Data], list[Any]] = lambda d: []
    method: str = "get"
    query: str = ""
    post: dict[str, Any] | Callable[[Data], dict[str, Any]] = field(default_factory=dict)
    # "object": the route names a ward A object, so an outsider gets 404.
    # "listing": the route lists what the user sees; an outsider gets a page without ward A.
    # "own": the route serves only the caller's own account or public content.
    kind: str = "object"
    owner_status: int | None = 200
    htmx: bool = False


def ward_a(d: Data) -> list[Any]:
    return [d.world.ward_a.pk]


def group_a1(d: Data) -> list[Any]:
    return [d.world.group_a1.pk]


GROUP_RULES = "to_dan_pho_khong_ma_tuy"


def person_a(d: Data) -> list[Any]:
    return [d.person.pk]


def notification_a(d: Data) -> list[Any]:
    """Ward A officer's notification (made with the clients: a walk without them gets a 404)."""
    return [d.notification.pk if d.notification is not None else 0]


def ward_a_user(d: Data) -> list[Any]:
    from khongmatuy.accounts.models import User

    return [User.objects.get(username="leak_officer_a").pk]


def ward_a_commune(d: Data) -> dict[str, Any]:
    """An import naming ward A without a file: refused (400), nothing of ward A named."""
    return {"commune": d.world.ward_a.pk}


def evaluation_a(d: Data) -> list[Any]:
    from khongmatuy.criteria.models import Evaluation

    return [Evaluation.objects.filter(area=d.world.group_a2).earliest("pk").pk]


def recognition_a(d: Data) -> list[Any]:
    from khongmatuy.criteria.models import Recognition

    return [Recognition.objects.get(area=d.world.group_a2).pk]


def audit_event_a(d: Data) -> list[Any]:
    """An entry about ward A's person, with her name in its description."""
    from khongmatuy.audit.models import AuditEvent

    return [AuditEvent.objects.filter(model="people.Person", object_id=str(d.person.pk)).first().pk]  # type: ignore[union-attr]


def organisation_commitment_a(d: Data) -> list[Any]:
    from khongmatuy.prevention.models import OrganisationCommitment

    return [OrganisationCommitment.objects.get(organisation=d.organisation).pk]


def own_token(d: Data) -> list[Any]:
    from khongmatuy.accounts.models import ApiToken

    return [ApiToken.objects.get(user__username="leak_officer_a", name="leak").pk]


CASES: list[Case] = [
    Case("home", kind="listing", owner_status=302),
    Case("health", kind="own"),
    Case("set_language", method="post", post={"language": "vi"}, kind="own", owner_status=302),
    Case("accounts:login", kind="own", owner_status=302),
    Case("accounts:logout", method="post", kind="own", owner_status=302),
    Case("accounts:profile", kind="own"),
    Case("accounts:password_change", kind="own"),
    Case("accounts:api_tokens", kind="own"),
    Case(
        "accounts:api_tokens",
        method="post",
        post={"name": "Leak", "kind": "personal", "days": "3"},
        kind="own",
    ),
    # The leak officer's own token: another account's revoke is a 404.
    Case("accounts:api_token_revoke", own_token, method="post", owner_status=302),
    Case("accounts:two_factor_setup", kind="own"),
    Case("accounts:two_factor_verify", kind="own", owner_status=302),
    Case("accounts:two_factor_disable", method="post", kind="own", owner_status=302),
    # The notification centre serves only the caller's own notifications.
    Case("alerts:centre", kind="listing"),
    Case("alerts:badge", kind="own"),
    Case("alerts:preferences", kind="own"),
    Case("alerts:read_all", method="post", kind="own", owner_status=302),
    Case("alerts:read", notification_a, method="post", owner_status=302),
    Case("alerts:open", notification_a, method="post", owner_status=302),
    Case("api-notifications", kind="listing"),
    Case("api-notification-read", notification_a, method="post"),
    # User management needs MANAGE_USERS: ward officers are refused (admin-vs-admin scoping is
    # covered in khongmatuy/accounts/tests/test_user_management.py).
    Case("accounts:user_list", kind="listing", query="q=gia", owner_status=403),
    Case("accounts:user_create", kind="listing", owner_status=403),
    Case("accounts:area_lookup", kind="listing", query="q=gia+vien", owner_status=403),
    Case("accounts:user_edit", ward_a_user, owner_status=403),
    Case("accounts:user_deactivate", ward_a_user, method="post", owner_status=403),
    Case("accounts:user_activate", ward_a_user, method="post", owner_status=403),
    Case(
        "accounts:user_reset_password",
        ward_a_user,
        method="post",
        post={"new_password1": "Leak-Mat-khau-2026", "new_password2": "Leak-Mat-khau-2026"},
        owner_status=403,
    ),
    Case("accounts:user_reset_two_factor", ward_a_user, method="post", owner_status=403),
    Case("accounts:user_login_unlock", ward_a_user, method="post", owner_status=403),
    Case("areas:tree", kind="listing"),
    Case("areas:search", query="q=gia+vien", kind="listing"),
    Case("areas:autocomplete", query="q=gia+vien", kind="listing"),
    Case("areas:groups_import_template", kind="own"),
    Case("areas:detail", ward_a),
    Case("areas:detail", group_a1),
    Case("areas:children", ward_a, htmx=True),
    Case("areas:children", ward_a, owner_status=302),
    Case("areas:export", ward_a),
    Case("areas:edit", ward_a),
    Case("areas:rename", ward_a),
    Case("areas:merge", ward_a),
    Case("areas:group_create", ward_a),
    Case("areas:groups_bulk", ward_a),
    Case("areas:groups_import", ward_a),
    Case("areas:figure_create", group_a1),
    Case("areas:organisation_create", ward_a),
    Case("areas:organisation_edit", lambda d: [d.organisation.pk]),
    Case(
        "areas:edit",
        ward_a,
        method="post",
        post=lambda d: {"kind": "ward", "code": "X", "version": d.world.ward_a.version},
        owner_status=302,
    ),
    Case(
        "areas:figure_create",
        group_a1,
        method="post",
        post={"as_of": "01/06/2026", "population": "10", "households": "2"},
        owner_status=302,
    ),
    Case("audit:list", kind="listing", query="area=0", owner_status=403),
    Case("api-areas", kind="listing"),
    Case("api-areas", kind="listing", query="q=gia+vien"),
    Case("api-area-detail", ward_a),
    Case("api-area-detail", group_a1),
    Case("api-area-children", ward_a),
    Case("api-area-figures", group_a1),
    Case(
        "api-area-figures",
        group_a1,
        method="post",
        post={"as_of": "2026-06-01", "population": "10", "households": "2"},
        owner_status=201,
    ),
    Case("api-area-organisations", ward_a),
    Case("api-schema", kind="own"),
    Case("api-docs", kind="own"),
    # people API
    Case("api-persons", kind="listing"),
    Case("api-persons", kind="listing", query="q=mau+ro"),
    Case("api-persons", kind="listing", query="q=031301009876"),
    Case("api-persons", method="post", post={}, kind="listing", owner_status=400),
    Case(
        "api-persons-import", method="post", post=ward_a_commune, kind="listing", owner_status=400
    ),
    Case("api-persons-export", kind="listing"),
    Case("api-persons-export", kind="listing", query="q=mau+ro"),
    Case("api-changes", kind="listing"),
    Case("api-persons-detail", person_a),
    Case("api-persons-detail", person_a, method="patch", post={"phone": "x"}, owner_status=400),
    Case("api-episodes", kind="listing"),
    Case("api-episodes-detail", lambda d: [d.episode.pk]),
    Case("api-contacts", kind="listing"),
    Case("api-contacts-detail", lambda d: [d.contact.pk]),
    Case("api-drug-tests", kind="listing"),
    Case("api-drug-tests-detail", lambda d: [d.follow_up.test_id]),
    Case("api-supervisions", kind="listing"),
    Case("api-supervisions-detail", lambda d: [d.supervision.pk]),
    Case("api-transfers", kind="listing"),
    Case("api-transfers-detail", lambda d: [d.transfer.pk]),
    Case("api-person-contact-create", person_a, method="post", owner_status=400),
    Case("api-person-drug-test-create", person_a, method="post", owner_status=400),
    Case("api-person-episode-create", person_a, method="post", owner_status=400),
    Case("api-episode-complete", lambda d: [d.episode.pk], method="post", owner_status=400),
    # places, cases, tips, criteria, audit API
    Case("api-places", kind="listing"),
    Case("api-places", kind="listing", query="q=mau+ro"),
    Case("api-places", method="post", post={}, kind="listing", owner_status=400),
    Case("api-places-detail", lambda d: [d.place.pk]),
    Case(
        "api-places-detail",
        lambda d: [d.place.pk],
        method="patch",
        post={"version": -1},
        owner_status=400,
    ),
    Case("api-places-import", method="post", post=ward_a_commune, kind="listing", owner_status=400),
    Case("api-places-export", kind="listing"),
    Case("api-places-export", kind="listing", query="q=mau+ro"),
    Case("api-place-transition", lambda d: [d.place.pk], method="post", owner_status=400),
    Case("api-businesses", kind="listing"),
    Case("api-businesses-detail", lambda d: [d.business.pk]),
    Case(
        "api-businesses-detail",
        lambda d: [d.business.pk],
        method="patch",
        post={"version": -1},
        owner_status=400,
    ),
    Case("api-businesses", method="post", post={}, kind="listing", owner_status=400),
    Case(
        "api-business-inspection-create",
        lambda d: [d.business.pk],
        method="post",
        owner_status=400,
    ),
    Case("api-inspections", kind="listing"),
    Case("api-inspections-detail", lambda d: [d.business.inspections.get().pk]),
    Case("api-cultivation", kind="listing"),
    Case("api-cultivation-detail", lambda d: [d.cultivation.pk]),
    Case(
        "api-cultivation-detail",
        lambda d: [d.cultivation.pk],
        method="patch",
        post={"version": -1},
        owner_status=400,
    ),
    Case("api-cultivation", method="post", post={}, kind="listing", owner_status=400),
    Case("api-cultivation-destroy", lambda d: [d.cultivation.pk], method="post", owner_status=400),
    Case("api-cameras", kind="listing"),
    Case("api-cameras-detail", lambda d: [d.camera.pk]),
    Case(
        "api-cameras-detail",
        lambda d: [d.camera.pk],
        method="patch",
        post={"version": -1},
        owner_status=400,
    ),
    Case("api-cameras", method="post", post={}, kind="listing", owner_status=400),
    Case("api-cases", kind="listing"),
    Case("api-cases-detail", lambda d: [d.case.pk]),
    Case("api-case-status", lambda d: [d.case.pk], method="post", owner_status=400),
    Case("api-cases", method="post", post={}, kind="listing", owner_status=400),
    Case("api-case-person-create", lambda d: [d.case.pk], method="post", owner_status=400),
    Case("api-case-seizure-create", lambda d: [d.case.pk], method="post", owner_status=400),
    Case("api-case-persons", kind="listing"),
    Case("api-case-persons-detail", lambda d: [d.case_person.pk]),
    Case("api-seizures", kind="listing"),
    Case("api-seizures-detail", lambda d: [d.seizure.pk]),
    # prevention API
    Case("api-prevention-coverage", kind="listing"),
    Case("api-prevention-coverage", kind="listing", query="on=2026-11-30"),
    Case("api-prevention-coverage", kind="listing", query="area=1000000", owner_status=400),
    Case("api-prevention-activities", kind="listing"),
    Case("api-prevention-activities", kind="listing", query="form=targeted"),
    Case("api-prevention-activities", method="post", post={}, kind="listing", owner_status=400),
    Case("api-prevention-activities-detail", lambda d: [d.activity.pk]),
    Case(
        "api-prevention-activities-detail",
        lambda d: [d.activity.pk],
        method="put",
        owner_status=400,
    ),
    Case("api-organisation-commitments", kind="listing"),
    Case("api-organisation-commitments", method="post", post={}, kind="listing", owner_status=400),
    Case("api-organisation-commitments-detail", organisation_commitment_a),
    Case("api-households-coverage", kind="listing"),
    Case("api-households", kind="listing"),
    Case("api-households", method="post", post={}, kind="listing", owner_status=400),
    # A group named in the body: an unseen one is refused as absent (400 on the field "area").
    Case(
        "api-households",
        method="post",
        post=lambda d: {"area": d.world.group_a1.pk, "head_name": "Hộ bà Mới"},
        kind="listing",
        owner_status=201,
    ),
    Case("api-households-detail", lambda d: [d.household.pk]),
    Case("api-households-detail", lambda d: [d.household.pk], method="put", owner_status=400),
    Case("api-household-remove", lambda d: [d.household.pk], method="post", owner_status=400),
    Case(
        "api-household-commitment-create",
        lambda d: [d.household.pk],
        method="post",
        owner_status=400,
    ),
    Case("api-household-commitments", kind="listing"),
    Case("api-household-commitments-detail", lambda d: [d.commitment.pk]),
    Case("api-household-counts", kind="listing"),
    Case("api-household-counts", method="post", post={}, kind="listing", owner_status=400),
    Case("api-household-counts-detail", lambda d: [d.household_count.pk]),
    Case("api-drug-free-models", kind="listing"),
    Case("api-drug-free-models", kind="listing", query="status=building&kind=parish"),
    Case("api-drug-free-models", method="post", post={}, kind="listing", owner_status=400),
    Case("api-drug-free-models-detail", lambda d: [d.drug_free_model.pk]),
    Case(
        "api-drug-free-model-transition",
        lambda d: [d.drug_free_model.pk],
        method="post",
        owner_status=400,
    ),
    Case(
        "api-drug-free-model-review",
        lambda d: [d.drug_free_model.pk],
        method="post",
        owner_status=400,
    ),
    Case("api-tips", kind="listing"),
    Case("api-tips-detail", lambda d: [d.tip.pk]),
    # Ward A's officer is not in this tip's handling chain: 403 for the owner too.
    Case("api-tip-identity", lambda d: [d.tip.pk], owner_status=403),
    Case("api-tip-assign", lambda d: [d.tip.pk], method="post", owner_status=400),
    Case("api-tip-start", lambda d: [d.tip.pk], method="post", owner_status=None),
    Case("api-tip-close", lambda d: [d.tip.pk], method="post", owner_status=400),
    Case("api-evaluations", kind="listing"),
    Case("api-evaluations-detail", evaluation_a),
    Case("api-evaluate", method="post", post={}, kind="listing", owner_status=400),
    # An area named in the body: an unseen one is refused as absent (400 on the field "area").
    Case(
        "api-evaluate",
        method="post",
        post=lambda d: {"area": d.world.group_a2.pk, "rule_set": GROUP_RULES, "on": "2026-11-02"},
        kind="listing",
        owner_status=201,
    ),
    Case("api-recognitions", kind="listing"),
    Case("api-recognitions-detail", recognition_a),
    Case(
        "api-recognition-step",
        method="post",
        post=lambda d: {
            "area": d.world.group_a2.pk,
            "rule_set": GROUP_RULES,
            "to_status": "recognised",
            "on": "2026-11-02",
        },
        kind="listing",
        owner_status=None,
    ),
    Case("api-roadmaps", kind="listing"),
    Case("api-roadmaps-detail", lambda d: [d.roadmap.pk]),
    Case("api-roadmaps", method="post", post={}, kind="listing", owner_status=400),
    Case("api-roadmap-target-create", lambda d: [d.roadmap.pk], method="post", owner_status=400),
    Case("api-roadmap-progress", lambda d: [d.roadmap.pk]),
    Case("api-roadmap-progress", lambda d: [d.roadmap.pk], query="on=2030-12-31"),
    Case("api-roadmap-targets", kind="listing"),
    # No target in the leak data: the route is walked for its 404 and its silence.
    Case("api-roadmap-targets-detail", lambda d: [10**9], owner_status=404),
    # Commune police do not read the audit log (403); the city police outsider gets 404.
    Case("api-audit-events", kind="listing", owner_status=403),
    Case("api-audit-events", kind="listing", query="action=view", owner_status=403),
    Case("api-audit-events-detail", audit_event_a, owner_status=403),
    # The proposing side cannot decide its own transfer: the owner's answer is not checked.
    Case("api-transfer-accept", lambda d: [d.transfer.pk], method="post", owner_status=None),
    Case("api-person-transfer-create", person_a, method="post", owner_status=400),
    Case(
        "api-transfer-refuse",
        lambda d: [d.transfer.pk],
        method="post",
        post={"reason": "Leak"},
        owner_status=None,
    ),
    # people: persons
    Case("people:overview", kind="listing"),
    Case("people:list", kind="listing"),
    Case("people:list", kind="listing", query="q=mau+ro"),
    Case("people:list", kind="listing", query="q=03130100987"),  # ID prefix (police only)
    Case("people:list", kind="listing", query="q=mau", htmx=True),
    Case("people:register", kind="listing"),
    Case("people:autocomplete", kind="listing", query="q=mau+ro"),
    Case("people:export", kind="listing"),
    Case("people:export", kind="listing", query="q=mau+ro"),
    Case(
        "people:export",
        kind="listing",
        query="q=mau+ro",
        method="post",
        post={"password": EXPORT_PASSWORD},
    ),
    Case("people:import", kind="listing"),
    Case("people:export_file", lambda d: [d.export_job.pk]),
    Case("people:export_file", lambda d: [d.export_job.pk], method="post"),
    Case("cases:export_file", lambda d: [d.case_export_job.pk]),
    Case("cases:export_file", lambda d: [d.case_export_job.pk], method="post"),
    Case("reports:list", kind="listing"),
    Case("reports:create", kind="listing"),
    Case("reports:dossier_create", kind="listing"),
    Case("reports:programme_create", kind="listing"),
    Case("reports:detail", lambda d: [d.report.pk]),
    Case("reports:detail", lambda d: [d.issued_report.pk]),
    Case("reports:edit", lambda d: [d.report.pk]),
    Case("reports:approve", lambda d: [d.report.pk], method="post", owner_status=403),
    Case("reports:issue", lambda d: [d.report.pk], method="post", owner_status=403),
    Case("reports:correct", lambda d: [d.issued_report.pk], method="post", owner_status=302),
    Case(
        "reports:render",
        lambda d: [d.report.pk],
        method="post",
        post={"format": "xlsx"},
        owner_status=302,
    ),
    Case("reports:download", lambda d: [d.issued_report.pk, "docx"]),
    Case("reports:download", lambda d: [d.issued_report.pk, "pdf"]),
    Case("api-reports", kind="listing"),
    Case("api-reports", kind="listing", query="status=issued&ordering=-issued_on"),
    Case("api-reports-detail", lambda d: [d.report.pk]),
    Case("api-reports-detail", lambda d: [d.issued_report.pk]),
    Case("jobs:list", kind="own"),
    Case("jobs:notice", kind="own"),
    Case("jobs:detail", lambda d: [d.job.pk]),
    Case("jobs:download", lambda d: [d.export_job.pk], owner_status=404),
    Case("jobs:download", lambda d: [d.job.pk]),
    Case("people:import_template", kind="own"),
    Case("people:detail", person_a),
    Case("people:edit", person_a),
    Case("people:edit", person_a, method="post", post={"full_name": "X"}, owner_status=200),
    Case("people:category_add", person_a),
    Case("people:category_end", lambda d: [d.category.pk]),
    Case("people:psychosis", person_a),
    Case("people:remove", person_a),
    Case("people:return_to_list", person_a),
    # people: episodes
    Case("people:deadlines", kind="listing"),
    Case("people:deadlines", kind="listing", query="tab=overdue"),
    Case("people:deadlines", kind="listing", query="tab=kind"),
    Case("people:deadlines", kind="listing", query="tab=group"),
    Case("people:episode_open", person_a),
    Case("people:episode_detail", lambda d: [d.episode.pk]),
    Case("people:episode_complete", lambda d: [d.episode.pk]),
    Case("people:episode_stop", lambda d: [d.episode.pk]),
    Case("people:episode_restart", lambda d: [d.episode.pk]),
    Case("people:episode_extend", lambda d: [d.episode.pk]),
    Case("people:episode_cancel", lambda d: [d.episode.pk]),
    Case(
        "people:episode_cancel",
        lambda d: [d.episode.pk],
        method="post",
        post={"reason": "nhập nhầm"},
        owner_status=302,
    ),
    Case("people:dossier", lambda d: [d.dossier.pk]),
    Case(
        "people:dossier_item_set",
        lambda d: [d.dossier_item.pk],
        method="post",
        post={"done_on": "20/11/2026"},
        owner_status=302,
    ),
    Case("people:legal_rules", kind="own"),
    # people: care
    Case("people:visits", kind="listing"),
    Case("people:contact_record", person_a),
    Case("people:support_record", person_a),
    Case("people:supervision_assign", person_a),
    Case(
        "people:supervision_end",
        lambda d: [d.supervision.pk],
        method="post",
        post={"ended_on": "22/11/2026"},
        owner_status=302,
    ),
    Case("people:drug_test_record", person_a),
    Case("people:contacts_overdue", kind="listing"),
    Case("people:tests_due", kind="listing"),
    Case("people:followups", kind="listing"),
    Case("people:followups", kind="listing", query="state=resolved"),
    Case("people:followup_resolve", lambda d: [d.follow_up.pk]),
    Case("people:support_indicator", kind="listing"),
    Case("people:care_policies", kind="own", owner_status=403),
    # people: transfers (ward A → a third ward, so neither outsider is a party)
    Case("people:transfers", kind="listing"),
    Case("people:transfer_request", kind="listing"),
    Case("people:transfer_detail", lambda d: [d.transfer.pk]),
    Case("people:transfer_propose", person_a),
    Case("people:transfer_accept", lambda d: [d.transfer.pk], method="post", owner_status=200),
    Case(
        "people:transfer_refuse",
        lambda d: [d.transfer.pk],
        method="post",
        post={"reason": "x"},
        owner_status=200,
    ),
    Case("people:transfer_cancel", lambda d: [d.transfer.pk], method="post", owner_status=302),
    # places
    Case("places:list", kind="listing"),
    Case("places:list", kind="listing", query="q=mau+ro"),
    Case("places:create", kind="listing"),
    Case("places:import", kind="listing"),
    # A preview naming ward A's commune without a file: refused on the form, nothing named.
    Case("places:import", method="post", post=ward_a_commune, kind="listing"),
    Case("places:import_template", kind="own"),
    Case("places:detail", lambda d: [d.place.pk]),
    Case("places:edit", lambda d: [d.place.pk]),
    Case(
        "places:transition",
        lambda d: [d.place.pk],
        method="post",
        post={"to_status": "under_action", "on": "20/11/2026"},
        owner_status=302,
    ),
    Case("places:link_person", lambda d: [d.place.pk]),
    Case("places:businesses", kind="listing"),
    Case("places:business_create", kind="listing"),
    Case("places:uninspected", kind="listing"),
    Case("places:business_detail", lambda d: [d.business.pk]),
    Case("places:business_edit", lambda d: [d.business.pk]),
    Case("places:inspection_create", lambda d: [d.business.pk]),
    Case("places:cultivations", kind="listing"),
    Case("places:cultivation_create", kind="listing"),
    Case("places:cultivation_edit", lambda d: [d.cultivation.pk]),
    Case("places:cameras", kind="listing"),
    Case("places:camera_create", kind="listing"),
    Case("places:camera_edit", lambda d: [d.camera.pk]),
    Case("places:facilities", kind="listing"),
    Case("places:facilities", kind="listing", query="all=on"),
    Case(
        "places:facility_check",
        method="post",
        kind="object",
        owner_status=302,
        post=lambda d: {
            "area": d.world.group_a1.pk,
            "checked_on": "20/11/2026",
            "has_tip_box": "on",
        },
    ),
    # cases
    Case("cases:list", kind="listing"),
    Case("cases:create", kind="listing"),
    Case("cases:export", kind="listing"),
    Case("cases:export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}),
    Case("cases:arrests", kind="listing"),
    Case("cases:detail", lambda d: [d.case.pk]),
    Case("cases:edit", lambda d: [d.case.pk]),
    Case(
        "cases:status",
        lambda d: [d.case.pk],
        method="post",
        post={"status": "prosecuted"},
        owner_status=302,
    ),
    Case("cases:person_add", lambda d: [d.case.pk]),
    Case("cases:person_remove", lambda d: [d.case_person.pk], method="post", owner_status=302),
    Case("cases:seizure_add", lambda d: [d.case.pk]),
    Case("cases:seizure_remove", lambda d: [d.seizure.pk], method="post", owner_status=302),
    # the list of substances: national, administrators only (the ward A officer is refused)
    Case("cases:substances", kind="own", owner_status=403),
    Case("cases:substance_create", kind="own", owner_status=403),
    Case("cases:substance_edit", lambda d: [d.seizure.substance_id], kind="own", owner_status=403),
    # tips: the public pages expose nothing but a code's status
    Case("tips:public_new", kind="own"),
    Case("tips:public_status", kind="own"),
    Case("tips:public_status", method="post", kind="own", post={"code": "AAAAAAAAAA"}),
    Case("tips:queue", kind="listing"),
    Case("tips:overdue", kind="listing"),
    Case("tips:overdue_badge", kind="listing"),
    Case("tips:create", kind="listing"),
    Case("tips:detail", lambda d: [d.tip.pk]),
    Case("tips:classify", lambda d: [d.tip.pk]),
    Case("tips:assign", lambda d: [d.tip.pk]),
    Case("tips:start", lambda d: [d.tip.pk]),
    Case("tips:extend", lambda d: [d.tip.pk]),
    Case("tips:close", lambda d: [d.tip.pk]),
    Case("tips:attachment", lambda d: [d.attachment.pk]),
    Case("tips:place_tips", lambda d: [d.place.pk]),
    Case("tips:case_tips", lambda d: [d.case.pk]),
    # reports
    Case("reports:dashboard", kind="listing"),
    Case("reports:map", kind="listing"),
    Case("reports:map_points", kind="listing"),
    Case("reports:communes", kind="listing"),
    # criteria: rule sets are national (no area data); evaluations, recognitions, roadmaps are
    Case("criteria:rule_sets", kind="own"),
    Case("criteria:rule_set_detail", lambda d: ["qd28_xa_trong_diem_loai_1", 1], kind="own"),
    Case("criteria:rule_set_compose", kind="own", owner_status=403),
    # Definitions, the same for every user. The built-in local rule set cites the ward plan it
    # was drawn from ("kế hoạch phường Gia Viên"), which the ward-A marker would flag, so the walk
    # asks for a Decision 28 rule set, as the page case above does.
    Case("api-rule-sets", kind="own", query="code=qd28_xa_trong_diem_loai_1"),
    Case("api-rule-sets", kind="own", query="code=qd28_xa_trong_diem_loai_1&on=2026-11-30"),
    # legal values: national, administrators only (the ward A officer is refused)
    Case("legal:index", kind="own", owner_status=403),
    Case(
        "legal:confirm",
        lambda d: ["durations", "user_management", "2026-07-01"],
        kind="own",
        owner_status=403,
    ),
    Case("criteria:evaluation", ward_a),
    Case("criteria:evaluation", group_a1, query=f"rule_set={GROUP_RULES}"),
    Case(
        "criteria:evaluate",
        ward_a,
        method="post",
        post={"rule_set": GROUP_RULES, "all": "1"},
        owner_status=302,
    ),
    Case("criteria:evaluations", kind="listing"),
    Case("criteria:recognitions", kind="listing"),
    Case("criteria:at_risk_panel", kind="listing"),
    Case("criteria:at_risk_panel", kind="listing", query="area=0", owner_status=404),
    Case("criteria:recognition_detail", lambda d: [d.world.group_a2.pk, GROUP_RULES]),
    Case(
        "criteria:recognition_transition",
        lambda d: [d.world.group_a2.pk, GROUP_RULES],
        method="post",
        post={"to_status": "cleaning", "on": "20/11/2026"},
        owner_status=302,
    ),
    Case(
        "criteria:recognition_document",
        lambda d: [d.world.group_a2.pk, GROUP_RULES],
        owner_status=404,
    ),  # no document attached: 404 for the owner too
    # Key routes: a Hải Phòng route through ward A. Ward A's officer reads it and may not edit it
    # (the recording province does), so the edit answers 404 to the owner too.
    Case("criteria:key_routes", kind="listing"),
    Case("criteria:key_route_create", kind="listing"),
    Case("criteria:key_route_edit", lambda d: [d.key_route.pk], owner_status=404),
    Case(
        "criteria:key_route_edit",
        lambda d: [d.key_route.pk],
        method="post",
        post={"name": "Tuyến đổi tên", "kind": "inter_provincial"},
        owner_status=404,
    ),
    Case("criteria:roadmaps", kind="listing"),
    Case("criteria:roadmap_create", kind="listing"),
    Case("criteria:roadmap_detail", lambda d: [d.roadmap.pk]),
    Case("criteria:roadmap_target_create", lambda d: [d.roadmap.pk]),
    # programme: the national target programme's projects, money and indicators
    Case("programme:overview", kind="listing"),
    Case("programme:overview", kind="listing", query="year=2026"),
    Case("programme:overview", kind="listing", query="area=0", owner_status=404),
    Case("programme:list", kind="listing", query="year=2026"),
    Case("programme:list", kind="listing", query="year=2026&late=on"),
    Case("programme:export", kind="listing", query="year=2026"),
    Case(
        "programme:export",
        kind="listing",
        method="post",
        query="year=2026",
        post={"password": EXPORT_PASSWORD},
    ),
    Case("programme:project_create", kind="listing"),
    Case("programme:project", lambda d: [d.commune_project.pk]),
    Case("programme:project_lead", lambda d: [d.commune_project.pk]),
    Case("programme:allocation_create", lambda d: [d.commune_project.pk]),
    Case(
        "programme:disbursement_create",
        lambda d: [d.commune_project.pk],
        method="post",
        post={"year": "2026", "paid_on": "01/06/2026", "amount": "1000", "document": "PC"},
        owner_status=302,
    ),
    Case("programme:disbursement_create", lambda d: [d.commune_project.pk]),
    Case("programme:adjustment_create", lambda d: [d.commune_project.pk]),
    Case("programme:commitment_create", lambda d: [d.commune_project.pk]),
    Case("programme:output_create", lambda d: [d.commune_project.pk]),
    Case("programme:indicators", kind="listing", query="year=2026"),
    Case("programme:indicator_value", kind="listing"),
    Case("programme:catalogue", kind="listing"),
    Case("programme:indicator_target", kind="listing", owner_status=403),
    Case("api-programme-projects", kind="listing"),
    Case("api-programme-projects-detail", lambda d: [d.commune_project.project_id], kind="own"),
    Case("api-programme-commune-projects", kind="listing"),
    Case("api-programme-commune-projects-detail", lambda d: [d.commune_project.pk]),
    Case("api-programme-allocations", kind="listing"),
    Case("api-programme-allocations-detail", lambda d: [d.allocation.pk]),
    Case("api-programme-adjustments", kind="listing"),
    Case("api-programme-adjustments-detail", lambda d: [d.adjustment.pk]),
    Case("api-programme-commitments", kind="listing"),
    Case("api-programme-commitments-detail", lambda d: [d.programme_commitment.pk]),
    Case("api-programme-disbursements", kind="listing"),
    Case("api-programme-disbursements-detail", lambda d: [d.disbursement.pk]),
    Case("api-programme-indicators", kind="listing"),
    Case("api-programme-indicators-detail", lambda d: [d.indicator_value.indicator_id], kind="own"),
    Case("api-programme-indicator-values", kind="listing"),
    Case("api-programme-indicator-summary", kind="listing"),
    Case("api-programme-indicator-summary", kind="listing", query="year=2026"),
    Case("api-programme-indicator-summary", kind="listing", query="area=0", owner_status=400),
    Case("api-programme-indicator-values-detail", lambda d: [d.indicator_value.pk]),
    Case(
        "api-programme-allocation-create",
        lambda d: [d.commune_project.pk],
        method="post",
        post={},
        owner_status=400,
    ),
    Case(
        "api-programme-disbursement-create",
        lambda d: [d.commune_project.pk],
        method="post",
        post={"year": 2026, "paid_on": "2026-06-01", "amount": "1000", "document": "PC-API"},
        owner_status=201,
    ),
    # prevention: activities and their coverage
    Case("prevention:list", kind="listing"),
    Case("prevention:record", kind="listing"),
    Case("prevention:export", kind="listing"),
    Case("prevention:export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}),
    Case("prevention:export_file", lambda d: [d.activity_export_job.pk]),
    Case("prevention:export_file", lambda d: [d.activity_export_job.pk], method="post"),
    Case("prevention:detail", lambda d: [d.activity.pk]),
    Case("prevention:edit", lambda d: [d.activity.pk]),
    Case("prevention:edit", lambda d: [d.activity.pk], method="post", post={"topic": ""}),
    Case("prevention:delete", lambda d: [d.activity.pk], method="post", owner_status=302),
    Case("prevention:photo", lambda d: [d.activity_photo.pk]),
    Case("prevention:coverage", kind="listing"),
    Case("prevention:coverage", kind="listing", query="month=11/2026"),
    Case("prevention:coverage", kind="listing", query="area=0", owner_status=404),
    Case("prevention:coverage_tile", kind="listing"),
    Case("prevention:workforce", kind="listing"),
    Case("prevention:models_export", kind="listing"),
    Case("prevention:commitments_export", kind="listing", query="year=2026"),
    Case("prevention:households_export", kind="listing"),
    Case(
        "prevention:households_export",
        kind="listing",
        method="post",
        post={"password": EXPORT_PASSWORD},
    ),
    Case("prevention:models", kind="listing"),
    Case("prevention:models", kind="listing", query="status=building&kind=parish"),
    Case("prevention:model_create", kind="listing"),
    Case("prevention:model_detail", lambda d: [d.drug_free_model.pk]),
    Case("prevention:model_transition", lambda d: [d.drug_free_model.pk]),
    Case(
        "prevention:model_transition",
        lambda d: [d.drug_free_model.pk],
        method="post",
        post={"to_status": "active", "on": "30/11/2026"},
        owner_status=302,
    ),
    Case("prevention:model_edit", lambda d: [d.drug_free_model.pk]),
    Case("prevention:model_edit", lambda d: [d.drug_free_model.pk], method="post", post={}),
    Case("prevention:model_review", lambda d: [d.drug_free_model.pk]),
    Case("prevention:model_decision", lambda d: [d.drug_free_model.pk]),
    Case("prevention:commitments", kind="listing"),
    Case("prevention:commitments", kind="listing", query="year=2026"),
    Case("prevention:commitment_create", kind="listing"),
    # an agency's own commitment: ward A's officer is no agency (403); the agency case below
    Case("prevention:own_commitments", kind="listing", owner_status=403),
    Case("prevention:person_affiliation", person_a),
    Case("prevention:households", kind="listing"),
    Case("prevention:households", kind="listing", query="area=0", owner_status=404),
    Case("prevention:households_template", kind="own"),
    Case("prevention:households_group", group_a1),
    Case("prevention:households_add", group_a1),
    Case("prevention:households_import", group_a1),
    Case("prevention:households_counts", group_a1),
    Case("prevention:households_commit", lambda d: [d.household.pk]),
    Case("prevention:households_edit", lambda d: [d.household.pk]),
    Case(
        "prevention:households_edit",
        lambda d: [d.household.pk],
        method="post",
        post={"head_name": ""},
    ),
    Case(
        "prevention:households_remove",
        lambda d: [d.household.pk],
        method="post",
        post={"note": "Chuyển đi nơi khác"},
        owner_status=302,
    ),
    Case("prevention:households_scan", lambda d: [d.commitment.pk]),
    # people: data quality
    Case("people:quality", kind="listing"),
    Case("people:quality", lambda d: [], query="list=incomplete", kind="listing"),
    Case("people:quality", kind="listing", query="area=0", owner_status=404),
    Case("people:duplicates", kind="listing"),
    Case("people:merge", lambda d: [d.person.pk, d.duplicate.pk]),
    Case("people:reconciliations", kind="listing"),
    Case("people:reconciliation_start", lambda d: [d.world.group_a1.pk]),
    Case("people:reconciliation_detail", lambda d: [d.round.pk]),
    Case(
        "people:reconciliation_check",
        lambda d: [d.round.pk, d.person.pk],
        method="post",
        post={"outcome": "confirmed"},
        owner_status=302,
    ),
    Case("people:reconciliation_complete", lambda d: [d.round.pk], method="post", owner_status=302),
]

# plans: documents, tasks, meetings, rewards
CASES += [
    Case("plans:documents", kind="listing"),
    Case("plans:documents", kind="listing", query="q=mau&kind=plan"),
    Case("plans:documents_export", kind="listing"),
    Case(
        "plans:documents_export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}
    ),
    Case("plans:document_create", kind="listing"),
    Case("plans:document", lambda d: [d.plan.pk]),
    Case("plans:document_edit", lambda d: [d.plan.pk]),
    Case("plans:document_file", lambda d: [d.plan.pk]),
    Case("plans:task_create", lambda d: [d.plan.pk]),
    Case("plans:tasks", kind="listing"),
    Case("plans:tasks", kind="listing", query="due=overdue&status=submitted"),
    Case("plans:tasks", kind="listing", query="lead=0", owner_status=200),
    Case("plans:tasks_export", kind="listing"),
    Case("plans:tasks_export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}),
    Case("plans:overdue", kind="listing"),
    Case("plans:task", lambda d: [d.task.pk]),
    Case("plans:task_edit", lambda d: [d.task.pk]),
    Case("plans:task_progress", lambda d: [d.task.pk]),
    Case("plans:task_review", lambda d: [d.task.pk]),
    Case(
        "plans:task_review",
        lambda d: [d.task.pk],
        method="post",
        post={"decision": "return", "note": "Làm lại"},
        owner_status=None,
    ),
    Case("plans:evidence", lambda d: [d.task_report.pk]),
    Case("plans:meetings", kind="listing"),
    Case("plans:meetings", kind="listing", query="kind=briefing"),
    Case("plans:meetings_export", kind="listing"),
    Case(
        "plans:meetings_export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}
    ),
    Case("plans:meeting_create", kind="listing"),
    Case("plans:meeting", lambda d: [d.meeting.pk]),
    Case("plans:conclusion_task", lambda d: [d.meeting.pk]),
    Case("plans:rewards", kind="listing"),
    Case("plans:rewards", kind="listing", query="kind=reward&stage=proposed"),
    Case("plans:rewards_export", kind="listing"),
    Case("plans:rewards_export", kind="listing", method="post", post={"password": EXPORT_PASSWORD}),
    Case("plans:reward_create", kind="listing"),
    Case("plans:reward", lambda d: [d.reward.pk]),
    Case("plans:reward_decide", lambda d: [d.reward.pk]),
    Case("api-plan-documents", kind="listing"),
    Case("api-plan-documents-detail", lambda d: [d.plan.pk]),
    Case("api-plan-tasks", kind="listing"),
    Case("api-plan-tasks", kind="listing", query="status=submitted"),
    Case("api-plan-tasks", method="post", post={}, kind="listing", owner_status=400),
    Case("api-plan-tasks-detail", lambda d: [d.task.pk]),
    Case(
        "api-plan-tasks-detail",
        lambda d: [d.task.pk],
        method="patch",
        post={"content": ""},
        owner_status=400,
    ),
    Case("api-plan-task-progress", lambda d: [d.task.pk], method="post", owner_status=400),
    Case("api-plan-task-accept", lambda d: [d.task.pk], method="post", owner_status=None),
    Case("api-plan-task-return", lambda d: [d.task.pk], method="post", owner_status=400),
    Case("api-plan-meetings", kind="listing"),
    Case("api-plan-meetings-detail", lambda d: [d.meeting.pk]),
]

OUTSIDERS = ("officer_b", "qn_city")


def call(client: Client, case: Case, data: Data) -> Any:
    url = reverse(case.name, args=case.args(data))
    if case.query:
        url = f"{url}?{case.query}"
    headers = {"HX-Request": "true"} if case.htmx else {}
    if case.method in ("post", "patch", "put"):
        post = case.post(data) if callable(case.post) else case.post
        if case.method in ("patch", "put"):
            send = client.patch if case.method == "patch" else client.put
            return send(url, json.dumps(post), content_type="application/json")
        return client.post(url, post, headers=headers)
    return client.get(url, headers=headers)


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    content = response.content
    if content.startswith(OLE_MAGIC):  # an encrypted .xlsx: decrypt it, then read it as below
        import io

        import msoffcrypto

        office = msoffcrypto.OfficeFile(io.BytesIO(content))
        office.load_key(password=EXPORT_PASSWORD)
        plain = io.BytesIO()
        office.decrypt(plain)
        content = plain.getvalue()
    if content[:2] == b"PK":  # .xlsx: read the cells, not the zip bytes
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        # \uXXXX escapes would hide a leaked name from a plain substring check.
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8", "replace")
