"""Writes to accounts: creating users, binding them to areas. Audited like domain writes."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from khongmatuy.audit import services as audit

from .models import AreaAssignment, User
from .scoping import forget_scope


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    full_name: str,
    role: str,
    areas: Sequence[object],
    title: str = "",
    phone: str = "",
    validate: bool = True,
) -> User:
    user = User(username=username.strip(), full_name=full_name.strip(), role=role, title=title, phone=phone)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record_change(actor=actor, obj=user, before=None)
    user_set_areas(actor=actor, user=user, areas=areas)
    return user


@transaction.atomic
def user_set_areas(*, actor: User | None, user: User, areas: Sequence[object]) -> None:
    """Replace the user's bound areas; each added or removed binding is audited."""
    wanted = {a.pk for a in areas}  # type: ignore[attr-defined]
    current = {a.area_id: a for a in user.area_assignments.all()}
    for area_id, assignment in current.items():
        if area_id not in wanted:
            audit.record_delete(actor=actor, obj=assignment)
            assignment.delete()
    for area_id in wanted - set(current):
        assignment = AreaAssignment(user=user, area_id=area_id)
        assignment.save()
        audit.record_change(actor=actor, obj=assignment, before=None)
    forget_scope(user)
