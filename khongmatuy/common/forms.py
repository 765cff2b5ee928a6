"""Form helpers shared by every app's views: binding, service errors, Vietnamese messages, the
parse-only model form, and model choice fields that refuse ids no database key can hold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.forms import BaseForm
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .ids import out_of_key_range
from .numbers import parse_decimal
from .versioning import StaleVersion, carry_version

# A date typed dd/mm/yyyy; ``app.js`` adds a calendar button beside it (``data-date``) that fills
# the same box, so typing keeps working.
DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "data-date": "", "autocomplete": "off"}
)
DATE_INVALID = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.")


def date_field(
    label: Any, *, required: bool = True, today: bool = False, **kwargs: Any
) -> forms.DateField:
    """A date typed dd/mm/yyyy, with the one wording of a bad date; ``today`` starts it on today's
    date (read when the form is built, not at import)."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if today else None,
        error_messages={"invalid": DATE_INVALID},
        **kwargs,
    )


_NO_NUL = ProhibitNullCharactersValidator(message=_("Không được chứa ký tự điều khiển (NUL)."))
_WHOLE_NUMBER = _("Nhập một số nguyên.")


class VietnameseMessages:
    """Mixin: clearer Vietnamese messages for the errors Django's catalogue words poorly."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                _NO_NUL if isinstance(v, ProhibitNullCharactersValidator) else v
                for v in field.validators
            ]
            # DecimalField and FloatField subclass IntegerField: they keep "Nhập một số."
            if type(field) is forms.IntegerField:
                field.error_messages["invalid"] = _WHOLE_NUMBER


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A model choice whose out-of-range id is an invalid choice, refused before any query."""

    def to_python(self, value: Any) -> Any:
        if self.to_field_name is None and out_of_key_range(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several model choices; an out-of-range id is an invalid choice, refused before the
    ``pk__in`` query that would overflow."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None:
            for pk in value:
                if out_of_key_range(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, not in the stubs


class ParseOnlyModelForm(VietnameseMessages, forms.ModelForm):  # type: ignore[type-arg]
    """A model form that parses and validates its fields, and writes nothing.

    ``Meta.model`` and ``Meta.fields`` say which model fields the form reads; fields the form
    does not declare itself are built from the model (label, length, choices). The view hands
    ``cleaned_data`` to a service, which runs its own checks and then ``full_clean`` and saves.
    So the model is not validated here (its messages would come before the service's, worded
    differently), ``instance`` is only read (pass it to show a record's current values), and
    ``save()`` is refused.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        shows_record = kwargs.get("instance") is not None
        super().__init__(*args, **kwargs)
        if not shows_record:
            # A new record: only what the view passes. A blank instance's defaults (empty text,
            # no date) would hide the fields' own initial values, such as today's date.
            self.initial = dict(kwargs.get("initial") or {})

    def _post_clean(self) -> None:
        """Skip ``ModelForm``'s copy onto ``instance`` and its ``full_clean``: the service does
        both after its own checks."""

    def save(self, commit: bool = True) -> NoReturn:
        raise TypeError(f"{type(self).__name__} only parses: pass cleaned_data to the service.")


def post_data(request: HttpRequest, *, files: bool = False) -> Any:
    """The POST data to bind a form with, or None on GET.

    ``request.POST or None`` would leave an empty POST unbound, so it would show no errors.
    """
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def errors_to_form(
    exc: ValidationError, form: BaseForm, *, key_map: dict[str, str] | None = None
) -> None:
    """Put a service's refusal next to the field it names (or on top of the form).

    A ``StaleVersion`` also makes the form carry the record's current version, so that saving
    the page again (after reading the stored values) is not refused a second time.
    """
    if isinstance(exc, StaleVersion):
        carry_version(form, exc.current_version)
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    key_map = key_map or {}
    for key, errs in exc.message_dict.items():
        name = key_map.get(key, key)
        form.add_error(name if name in form.fields else None, errs)


class DecimalField(forms.DecimalField):
    """A decimal typed with a comma or a point (``common.numbers.parse_decimal``), in a text box.

    A text box, not a number input: browsers drop the decimal comma of a number input.
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args: Any, grouping: bool = True, **kwargs: Any) -> None:
        """``grouping=False``: a figure never grouped by thousands (a coordinate), where a comma
        and a point both mark the decimals (``parse_decimal``)."""
        self.grouping = grouping
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        parsed = parse_decimal(str(value), grouping=self.grouping)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class MarkedBoundField(forms.BoundField):
    """Every form's fields: a required field's label carries the class ``required`` (the
    stylesheet adds a red asterisk), whatever the form."""

    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        if self.field.required and not self.is_hidden:
            attrs = dict(attrs or {})
            attrs["class"] = f"{attrs.get('class', '')} required".strip()
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(DjangoTemplates):
    """The project's form renderer (``FORM_RENDERER``): Django's, with ``MarkedBoundField``."""

    bound_field_class = MarkedBoundField
