"""The people forms: the person form's fields are ``Person.EDITABLE_FIELDS``, sensitive ones are
dropped for roles without VIEW_SENSITIVE, and the model forms only parse (no model validation,
no uniqueness query, no save)."""

from __future__ import annotations

from datetime import date

import pytest
from django.forms import ModelForm

from khongmatuy.common.roles import Role
from khongmatuy.people import forms
from khongmatuy.people.choices import Category, ContactForm, Sex
from khongmatuy.people.models import Person
from tests.personas import make_user

from .factories import CID_AN


def test_person_form_fields_are_the_editable_fields_in_order(officer_a):
    assert tuple(forms.PersonForm(user=officer_a).fields) == Person.EDITABLE_FIELDS
    assert tuple(forms.RegisterForm(user=officer_a).fields) == (
        *Person.EDITABLE_FIELDS,
        "category",
        "category_started_on",
        "category_source",
    )


def test_person_form_drops_sensitive_fields_without_view_sensitive(world):
    leader = make_user("totruong_to1", Role.GROUP_LEADER, [world.group_a1], "Tổ trưởng")
    fields = tuple(forms.PersonForm(user=leader).fields)
    assert fields == tuple(f for f in Person.EDITABLE_FIELDS if f not in Person.SENSITIVE_FIELDS)
    assert fields[-1] == "psychosis"


def test_person_form_leaves_a_registered_citizen_id_to_the_service(world, officer_a, an):
    form = forms.PersonForm(
        {
            "area": str(world.group_a1.pk),
            "full_name": "Nguyễn Văn An",
            "sex": Sex.MALE,
            "citizen_id": "0310 9001 2345",
        },
        user=officer_a,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["citizen_id"] == "0310 9001 2345"
    assert an.citizen_id == CID_AN
    with pytest.raises(TypeError, match="only parses"):
        form.save()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("_case", "form_class", "model"),
    [
        ("person", forms.PersonForm, "Person"),
        ("psychosis", forms.PsychosisForm, "Person"),
        ("removal", forms.RemoveForm, "Person"),
        ("category", forms.CategoryForm, "PersonCategory"),
        ("category end", forms.CategoryEndForm, "PersonCategory"),
        ("return", forms.ReturnForm, "PersonCategory"),
        ("supervision", forms.SupervisionForm, "Supervision"),
        ("supervision end", forms.SupervisionEndForm, "Supervision"),
        ("contact", forms.ContactRecordForm, "Contact"),
        ("drug test", forms.DrugTestForm, "DrugTest"),
        ("follow-up", forms.FollowUpResolveForm, "FollowUp"),
        ("support", forms.SupportForm, "SupportService"),
        ("episode open", forms.OpenForm, "Episode"),
        ("episode complete", forms.CompleteForm, "Episode"),
        ("episode stop", forms.StopForm, "Episode"),
        ("episode restart", forms.RestartForm, "Episode"),
        ("episode extend", forms.ExtendForm, "Episode"),
        ("dossier item", forms.DossierItemForm, "DossierItem"),
        ("transfer proposal", forms.ProposeForm, "Transfer"),
        ("transfer request", forms.RequestForm, "Transfer"),
        ("transfer acceptance", forms.AcceptForm, "Transfer"),
        ("reconciliation start", forms.StartForm, "ReconciliationRound"),
        ("reconciliation check", forms.CheckForm, "ReconciliationItem"),
    ],
)
def test_forms_of_model_fields_are_model_forms_of_that_model(_case, form_class, model):
    assert issubclass(form_class, ModelForm)
    assert form_class._meta.model.__name__ == model
    model_fields = {f.name for f in form_class._meta.model._meta.concrete_fields}
    assert set(form_class._meta.fields) <= model_fields


def test_a_model_form_keeps_the_initial_values_of_its_own_fields():
    form = forms.ContactRecordForm()
    assert form["form"].initial == ContactForm.HOME_VISIT
    assert isinstance(form["contacted_on"].initial, date)
    assert forms.ReturnForm(initial={"category": Category.ADDICT})["category"].initial == (
        Category.ADDICT
    )


def _stop_form(data):  # type: ignore[no-untyped-def]
    from khongmatuy.people.models import Episode

    return forms.StopForm(data, episode=Episode(kind="user_management"))


@pytest.mark.parametrize(
    ("_case", "build", "field"),
    [
        ("drug test result", lambda data, user: forms.DrugTestForm(data), "result"),
        ("drug test reason", lambda data, user: forms.DrugTestForm(data), "reason"),
        ("drug test method", lambda data, user: forms.DrugTestForm(data), "method"),
        ("registered category", lambda data, user: forms.RegisterForm(data, user=user), "category"),
        ("registered sex", lambda data, user: forms.RegisterForm(data, user=user), "sex"),
        ("new category", lambda data, user: forms.CategoryForm(data), "category"),
        ("category on return", lambda data, user: forms.ReturnForm(data), "category"),
        ("removal ground", lambda data, user: forms.RemoveForm(data), "ground"),
        ("measure kind", lambda data, user: forms.OpenForm(data), "kind"),
        ("stop reason", lambda data, user: _stop_form(data), "reason"),
        (
            "court decision",
            lambda data, user: forms.DossierItemForm(data, is_court_decision=True),
            "court_applies",
        ),
        ("reconciliation outcome", lambda data, user: forms.CheckForm(data), "outcome"),
    ],
)
def test_a_choice_with_legal_consequences_has_no_default(_case, build, field, officer_a):
    unbound = build(None, officer_a)[field]
    assert next(iter(unbound.field.choices)) == ("", "— Chọn —")
    assert unbound.field.required
    assert unbound.value() in (None, "")
    form = build({field: ""}, officer_a)
    assert not form.is_valid()
    assert form.errors[field] == [f'Hãy chọn "{unbound.label}".']


def test_homonyms_are_told_apart_in_every_person_choice(
    world, officer_a, django_assert_num_queries
):
    from khongmatuy.cases.forms import PersonChoiceField as CasePersonChoiceField
    from khongmatuy.people.forms.fields import PersonChoiceField
    from khongmatuy.places.forms import LinkPersonForm
    from khongmatuy.tips.forms import CloseForm

    from .factories import register

    register(officer_a, world.group_a1, "Lý Văn Sơn", date_of_birth=date(1990, 3, 4))
    register(officer_a, world.group_a2, "Lý Văn Sơn", date_of_birth=date(1996, 8, 9))
    register(officer_a, world.group_a2, "Lý Văn Sơn", date_of_birth=None)
    expected = {
        f"Lý Văn Sơn (1990) – {world.group_a1.name}",
        f"Lý Văn Sơn (1996) – {world.group_a2.name}",
        f"Lý Văn Sơn (năm sinh chưa rõ) – {world.group_a2.name}",
    }
    field = PersonChoiceField(queryset=Person.objects.for_user(officer_a))
    with django_assert_num_queries(1):
        labels = {label for value, label in field.choices if value}
    assert labels == expected
    assert isinstance(CloseForm.base_fields["person"], PersonChoiceField)
    assert isinstance(LinkPersonForm.base_fields["person"], PersonChoiceField)
    people = Person.objects.for_user(officer_a).select_related("area")
    case_field = CasePersonChoiceField(queryset=people)
    assert {case_field.label_from_instance(p) for p in people} == expected


def test_transfer_provinces_are_in_vietnamese_order(world):
    from khongmatuy.areas.models import Kind
    from khongmatuy.areas.tests.factories import AreaFactory

    for name in ("Cần Thơ", "Cao Bằng", "Cà Mau", "Đồng Tháp", "Điện Biên", "Đà Nẵng"):
        AreaFactory(parent=world.country, name=name, kind=Kind.PROVINCE)
    field = forms.ProposeForm.base_fields["province"]
    assert [a.name for a in field.queryset.all()] == [  # type: ignore[attr-defined]
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Đà Nẵng",
        "Điện Biên",
        "Đồng Tháp",
        "Hải Phòng",
        "Quảng Ninh",
    ]
