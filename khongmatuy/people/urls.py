"""URLs of the people registry."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import api
from .views import care, episodes, overview, persons, quality, transfers

app_name = "people"

urlpatterns: list[URLPattern] = [
    # overview
    path("overview/", overview.overview, name="overview"),
    # persons
    path("", persons.person_list, name="list"),
    path("register/", persons.register, name="register"),
    path("autocomplete/", persons.autocomplete, name="autocomplete"),
    path("export/", persons.export, name="export"),
    path("export/<uuid:pk>/", persons.export_file, name="export_file"),
    path("import/", persons.import_persons, name="import"),
    path("import/template/", persons.import_template, name="import_template"),
    path("<int:pk>/", persons.detail, name="detail"),
    path("<int:pk>/edit/", persons.edit, name="edit"),
    path("<int:pk>/categories/add/", persons.category_add, name="category_add"),
    path("categories/<int:pk>/end/", persons.category_end, name="category_end"),
    path("<int:pk>/psychosis/", persons.psychosis, name="psychosis"),
    path("<int:pk>/remove/", persons.remove, name="remove"),
    path("<int:pk>/return/", persons.return_to_list, name="return_to_list"),
    # episodes
    path("deadlines/", episodes.deadlines, name="deadlines"),
    path("<int:pk>/episodes/new/", episodes.open_episode, name="episode_open"),
    path("episodes/<int:pk>/", episodes.detail, name="episode_detail"),
    path("episodes/<int:pk>/complete/", episodes.complete, name="episode_complete"),
    path("episodes/<int:pk>/stop/", episodes.stop, name="episode_stop"),
    path("episodes/<int:pk>/restart/", episodes.restart, name="episode_restart"),
    path("episodes/<int:pk>/extend/", episodes.extend, name="episode_extend"),
    path("episodes/<int:pk>/cancel/", episodes.cancel, name="episode_cancel"),
    path("episodes/<int:pk>/dossier/", episodes.dossier, name="dossier"),
    path("dossier-items/<int:pk>/", episodes.dossier_item_set, name="dossier_item_set"),
    path("legal-rules/", episodes.legal_rules, name="legal_rules"),
    # care
    path("care/visits/", care.visits, name="visits"),
    path("care/<int:pk>/contact/", care.contact_record, name="contact_record"),
    path("care/<int:pk>/support/", care.support_record, name="support_record"),
    path("care/<int:pk>/supervisor/", care.supervision_assign, name="supervision_assign"),
    path("care/supervisors/<int:pk>/end/", care.supervision_end, name="supervision_end"),
    path("care/<int:pk>/test/", care.drug_test_record, name="drug_test_record"),
    path("care/contacts/overdue/", care.contacts_overdue, name="contacts_overdue"),
    path("care/tests/due/", care.tests_due, name="tests_due"),
    path("care/followups/", care.followups, name="followups"),
    path("care/followups/<int:pk>/resolve/", care.followup_resolve, name="followup_resolve"),
    path("care/support/indicator/", care.support_indicator, name="support_indicator"),
    path("care/policies/", care.care_policies, name="care_policies"),
    # transfers
    path("transfers/", transfers.transfers, name="transfers"),
    path("transfers/request/", transfers.transfer_request, name="transfer_request"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/propose/<int:pk>/", transfers.transfer_propose, name="transfer_propose"),
    path("transfers/<int:pk>/accept/", transfers.transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", transfers.transfer_refuse, name="transfer_refuse"),
    path("transfers/<int:pk>/cancel/", transfers.transfer_cancel, name="transfer_cancel"),
    # quality
    path("quality/", quality.quality, name="quality"),
    path("quality/duplicates/", quality.duplicates, name="duplicates"),
    path("quality/merge/<int:keep_pk>/<int:remove_pk>/", quality.merge, name="merge"),
    path("quality/reconciliations/", quality.reconciliations, name="reconciliations"),
    path(
        "quality/reconciliations/start/<int:area_pk>/",
        quality.reconciliation_start,
        name="reconciliation_start",
    ),
    path(
        "quality/reconciliations/<int:pk>/",
        quality.reconciliation_detail,
        name="reconciliation_detail",
    ),
    path(
        "quality/reconciliations/<int:pk>/check/<int:person_pk>/",
        quality.reconciliation_check,
        name="reconciliation_check",
    ),
    path(
        "quality/reconciliations/<int:pk>/complete/",
        quality.reconciliation_complete,
        name="reconciliation_complete",
    ),
]

api_urlpatterns = api.api_urlpatterns
