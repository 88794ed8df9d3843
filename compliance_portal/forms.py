"""The one place a domain refusal becomes a form error."""

from django import forms
from django.contrib import messages

from .errors import DomainError

GENERIC_CODES = {"", "invalid", "required"}


def domain_error_text(exc: DomainError, message: str | None = None) -> str:
    """The refusal as shown to a person: rule codes (801, V5, B5 …) are kept, generic ones dropped."""
    message = exc.message if message is None else message
    return message if exc.code in GENERIC_CODES else f"{message} ({exc.code})"


def apply_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Attach the refusal to the fields it names (or to the form), prefixed with its code."""
    if exc.errors:
        for field, messages in exc.errors.items():
            target = field if field in form.fields else None
            for message in messages:
                # "invalid"/"required" are generic: only rule codes (801, V5, B5 …) help the reader.
                form.add_error(target, domain_error_text(exc, message))
    else:
        form.add_error(None, domain_error_text(exc))


def run_and_report(request, action, success):
    """Run a service call for a page: its refusal becomes an error message, its success ``success`` (a text,
    or a function of the call's result). Returns the call's result, or None when it was refused."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
