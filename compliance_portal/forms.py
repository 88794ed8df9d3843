"""The one place a domain refusal becomes a form error."""

from django import forms

from .errors import DomainError

GENERIC_CODES = {"", "invalid", "required"}


def apply_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Attach the refusal to the fields it names (or to the form), prefixed with its code."""
    if exc.errors:
        for field, messages in exc.errors.items():
            target = field if field in form.fields else None
            for message in messages:
                # "invalid"/"required" are generic: only rule codes (801, V5, B5 …) help the reader.
                form.add_error(target, f"{message} ({exc.code})" if exc.code not in GENERIC_CODES else message)
    else:
        form.add_error(None, f"{exc.message} ({exc.code})" if exc.code not in GENERIC_CODES else exc.message)
