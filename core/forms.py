"""The one place a domain refusal becomes a form error."""

from django import forms
from django.contrib import messages

from .errors import DomainError
from .wording import refusal_text


def domain_error_text(exc: DomainError, message: str | None = None, *, staff: bool = False) -> str:
    """The refusal as shown to a person: a registry code (801, 6013) is kept as a label; rule ids (B5, C6 …)
    only for staff (``staff=True``); generic codes never. The default is the customer's wording."""
    return refusal_text(exc.message if message is None else message, exc.code, staff=staff)


def is_staff(request) -> bool:
    return bool(getattr(request.user, "is_staff_role", False))


def apply_domain_error(form: forms.BaseForm, exc: DomainError, *, staff: bool = False) -> None:
    """Attach the refusal to the fields it names (or to the form), with its code as ``domain_error_text`` says."""
    if exc.errors:
        for field, messages in exc.errors.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, domain_error_text(exc, message, staff=staff))
    else:
        form.add_error(None, domain_error_text(exc, staff=staff))


def run_and_report(request, action, success):
    """Run a service call for a page: its refusal becomes an error message, its success ``success`` (a text,
    or a function of the call's result). Returns the call's result, or None when it was refused."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, domain_error_text(exc, staff=is_staff(request)))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
