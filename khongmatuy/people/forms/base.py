"""The base of the people forms that carry a model's fields."""

from __future__ import annotations

from typing import Any, NoReturn

from django import forms


class ParseOnlyModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A form for fields of a model (``Meta.model``, ``Meta.fields``) that only parses them.

    The model gives each field it does not declare itself its type, length and whether it is
    required; ``Meta`` keeps the page's own labels, help texts and widgets. The view passes
    ``cleaned_data`` to a service, which checks the record (model validation, unique values,
    scope) with the project's messages and writes it, so this form stops at parsing: no model
    ``full_clean``, no uniqueness query, no ``save()``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what the view passes: a blank instance's defaults (empty text, no date) would
        # hide the fields' own initial values, such as today's date or the usual choice.
        self.initial = dict(kwargs.get("initial") or {})

    def _post_clean(self) -> None:
        """Skip the model's validation: the service runs it (see the class docstring)."""

    def save(self, commit: bool = True) -> NoReturn:
        raise TypeError(f"{type(self).__name__} only parses input: call the service instead.")
