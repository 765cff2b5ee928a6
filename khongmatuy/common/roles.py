"""Roles and what each may do. Visibility is decided by areas (scoping.py), not by role."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_POLICE = "city_police", _("Công an thành phố, tỉnh")
    COMMUNE_POLICE = "commune_police", _("Cán bộ Công an xã, phường (cơ quan thường trực)")
    COMMUNE_LEADERSHIP = "commune_leadership", _("Lãnh đạo xã, phường (chỉ xem)")
    GROUP_LEADER = "group_leader", _("Tổ trưởng tổ dân phố, trưởng thôn")
    SUPERVISOR = "supervisor", _("Người được giao quản lý, giúp đỡ")
    MASS_ORG_OFFICER = "mass_org_officer", _("Cán bộ Mặt trận, đoàn thể")
    # An office or agency of a commune given tasks by a plan (the culture-social office, the
    # economic office, a school…): bound to a commune AND an organisation (``User.organisation``),
    # it sees and reports only the tasks its organisation leads or coordinates.
    AGENCY_OFFICER = "agency_officer", _("Cán bộ cơ quan, đơn vị được giao nhiệm vụ")
    ADMIN = "admin", _("Quản trị hệ thống")


class Capability(StrEnum):
    """Things a role may do inside the areas it sees."""

    MANAGE_AREAS = "manage_areas"  # residential groups, figures, renames, merges
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    USE_API = "use_api"
    VIEW_PERSONS = "view_persons"  # the people registry, within the user's areas
    # The registry's .xlsx export (names, addresses, phone numbers): not for a volunteer
    # supervisor, who visits her few people and has no use for a file of them.
    EXPORT_PERSONS = "export_persons"
    VIEW_SENSITIVE = "view_sensitive"  # citizen ID, health, test results, police notes
    MANAGE_PERSONS = "manage_persons"  # register, classify, episodes, tests, transfers, merge
    RECORD_CONTACTS = "record_contacts"  # visits and support by supervisors and group leaders
    CONFIGURE_RULES = "configure_rules"  # legal-rule values and care intervals (administrator)
    VIEW_PLACES = "view_places"  # hotspots, businesses, cultivation, cameras, cases, the map
    MANAGE_PLACES = "manage_places"  # write the above
    HANDLE_TIPS = "handle_tips"  # the tip queue: intake, assignment, verification, closing
    VIEW_TIP_IDENTITY = "view_tip_identity"  # a tip sender's name and contact (handling chain)
    VIEW_CRITERIA = "view_criteria"  # evaluations, recognition status, roadmaps and progress
    EVALUATE = "evaluate"  # run evaluations, move areas through the recognition lifecycle
    COMPOSE_RULES = "compose_rules"  # compose local rule sets, confirm unconfirmed thresholds
    KEY_ROUTES = "key_routes"  # key drug routes: list those seen; record those of one's province
    VIEW_PREVENTION = "view_prevention"  # communication activities and their coverage
    RECORD_PREVENTION = "record_prevention"  # record communication activities, worker figures
    HOUSEHOLDS = "households"  # household lists and commitments (personal data): see and record
    # An agency, school or enterprise sees its own drug-free commitment and whether it is broken
    OWN_COMMITMENT = "own_commitment"
    DRAFT_REPORTS = "draft_reports"  # official reports: create, draft the narrative, render
    ISSUE_REPORTS = "issue_reports"  # official reports: approve and issue (a leader)
    VIEW_REPORTS = "view_reports"  # official reports: read drafts and issued reports
    VIEW_PLANS = "view_plans"  # plan documents, all tasks of the area, meetings, rewards
    MANAGE_PLANS = "manage_plans"  # write documents, assign tasks, meetings, rewards
    VIEW_TASKS = "view_tasks"  # tasks (an agency: only those its organisation leads/coordinates)
    REPORT_TASKS = "report_tasks"  # report a task's progress with its evidence
    ACCEPT_TASKS = "accept_tasks"  # accept or return a reported task (the accepting authority)
    # The national target programme: projects, money, indicators (figures, no persons)
    VIEW_PROGRAMME = "view_programme"
    # Record what a commune runs: its projects, allocations, disbursements, indicator values
    MANAGE_PROGRAMME = "manage_programme"


POLICE_ROLES = frozenset({Role.CITY_POLICE, Role.COMMUNE_POLICE})

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.CITY_POLICE: frozenset(
        {
            Capability.MANAGE_AREAS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.VIEW_AUDIT,
            Capability.USE_API,
            Capability.VIEW_PERSONS,
            Capability.EXPORT_PERSONS,
            Capability.VIEW_SENSITIVE,
            Capability.MANAGE_PERSONS,
            Capability.RECORD_CONTACTS,
            Capability.VIEW_PLACES,
            Capability.MANAGE_PLACES,
            Capability.HANDLE_TIPS,
            Capability.VIEW_TIP_IDENTITY,
            Capability.VIEW_CRITERIA,
            Capability.EVALUATE,
            Capability.KEY_ROUTES,
            Capability.VIEW_PREVENTION,
            Capability.RECORD_PREVENTION,
            Capability.VIEW_REPORTS,
            Capability.DRAFT_REPORTS,
            Capability.ISSUE_REPORTS,
            Capability.VIEW_PLANS,
            Capability.MANAGE_PLANS,
            Capability.VIEW_TASKS,
            Capability.VIEW_PROGRAMME,
        }
    ),
    Role.COMMUNE_POLICE: frozenset(
        {
            Capability.MANAGE_AREAS,
            Capability.MANAGE_ORGANISATIONS,
            Capability.USE_API,
            Capability.VIEW_PERSONS,
            Capability.EXPORT_PERSONS,
            Capability.VIEW_SENSITIVE,
            Capability.MANAGE_PERSONS,
            Capability.RECORD_CONTACTS,
            Capability.VIEW_PLACES,
            Capability.MANAGE_PLACES,
            Capability.HANDLE_TIPS,
            Capability.VIEW_TIP_IDENTITY,
            Capability.VIEW_CRITERIA,
            Capability.EVALUATE,
            Capability.KEY_ROUTES,
            Capability.VIEW_PREVENTION,
            Capability.RECORD_PREVENTION,
            Capability.HOUSEHOLDS,
            Capability.VIEW_REPORTS,
            Capability.DRAFT_REPORTS,
            # The ward police is the standing agency: it drafts the plans, assigns, guides,
            # checks and chases the tasks ("hướng dẫn, kiểm tra, đôn đốc", Kế hoạch UBND phường
            # Thủy Nguyên IV.1-2) and reports its own.
            Capability.VIEW_PLANS,
            Capability.MANAGE_PLANS,
            Capability.VIEW_TASKS,
            Capability.REPORT_TASKS,
            Capability.ACCEPT_TASKS,
            # Kế hoạch UBND phường Thủy Nguyên III.1.a, e: the ward police is the programme's
            # standing body and records its projects, money and monitoring.
            Capability.VIEW_PROGRAMME,
            Capability.MANAGE_PROGRAMME,
        }
    ),
    # Leadership reads everything of its commune, sensitive facts included, and changes no
    # record; it approves and issues the official reports the police drafted.
    Role.COMMUNE_LEADERSHIP: frozenset(
        {
            Capability.USE_API,
            Capability.VIEW_PERSONS,
            Capability.EXPORT_PERSONS,
            Capability.VIEW_SENSITIVE,
            Capability.VIEW_PLACES,
            Capability.VIEW_CRITERIA,
            Capability.VIEW_PREVENTION,
            Capability.VIEW_REPORTS,
            Capability.ISSUE_REPORTS,
            # The leadership hears the reports and gives conclusions (Nghị quyết Đảng bộ phường
            # Thành Đông III.1), and accepts the tasks it assigned.
            Capability.VIEW_PLANS,
            Capability.VIEW_TASKS,
            Capability.ACCEPT_TASKS,
            Capability.VIEW_PROGRAMME,
        }
    ),
    # Group leaders and supervisors see the persons of their group / assigned to them, without
    # citizen ID, health or test results, and record visits. A group leader records the monthly
    # communication session of the group (Kế hoạch UBND phường Gia Viên III.1: at least once a
    # month) and keeps its household list and commitments; on a phone app too (the API). City police
    # and leadership see household coverage as figures only: they have no need for the names.
    Role.GROUP_LEADER: frozenset(
        {
            Capability.USE_API,
            Capability.VIEW_PERSONS,
            Capability.EXPORT_PERSONS,
            Capability.RECORD_CONTACTS,
            Capability.VIEW_CRITERIA,
            Capability.VIEW_PREVENTION,
            Capability.RECORD_PREVENTION,
            Capability.HOUSEHOLDS,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {Capability.USE_API, Capability.VIEW_PERSONS, Capability.RECORD_CONTACTS}
    ),
    # The Front and mass organisations carry much of the communication (Nghị quyết Đảng bộ xã Kiến
    # Minh III.2) and the household commitment campaign with the group leaders (Nghị quyết Đảng bộ
    # phường Thành Đông II.2.2).
    Role.MASS_ORG_OFFICER: frozenset(
        {
            Capability.MANAGE_ORGANISATIONS,
            Capability.VIEW_PREVENTION,
            Capability.RECORD_PREVENTION,
            Capability.HOUSEHOLDS,
        }
    ),
    # An agency sees its own tasks and reports on them; no person, no other registry.
    # It also sees its organisation's own commitment (no person): the head answers for it.
    Role.AGENCY_OFFICER: frozenset(
        {Capability.VIEW_TASKS, Capability.REPORT_TASKS, Capability.OWN_COMMITMENT}
    ),
}


def role_can(role: str, capability: Capability) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
