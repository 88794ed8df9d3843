"""Finding an event's subject from its audit type and id: its page and its reference.

The request that causes an event should not pay a query for its link: the subjects with a detail page by pk are
linked by URL name alone. The reference (``C-12``) is read from the subject itself by the worker that dispatches
the event (``services.event_dispatch``), off the request."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

#: Subject type → its detail page's URL name (pages taking the pk).
URL_NAMES = {
    "brand": "brand-detail",
    "campaign": "campaign-detail",
    "vet": "vet-detail",
    "appeal": "appeal-detail",
    "sub_account": "sub-account-detail",
}


@cache
def subject_models() -> dict[str, type]:
    found: dict[str, type] = {}
    for model in apps.get_models():
        subject_type = getattr(model, "audit_subject_type", None)
        if isinstance(subject_type, str):
            found.setdefault(subject_type, model)
    return found


def load_subject(subject_type: str, subject_id):
    model = subject_models().get(subject_type)
    if model is None or not str(subject_id).isdecimal():
        return None
    return model.objects.filter(pk=int(subject_id)).first()


def url_by_name(subject_type: str, subject_id) -> str | None:
    """The subject's page without loading it, when its type has a known page (else None)."""
    name = URL_NAMES.get(subject_type)
    if name is None or not str(subject_id).isdecimal():
        return None
    try:
        return reverse(name, args=[int(subject_id)])
    except NoReverseMatch:
        return None


def subject_url(subject, subject_type: str) -> str:
    if subject is None:
        return ""
    if hasattr(subject, "get_absolute_url"):
        return subject.get_absolute_url()
    return url_by_name(subject_type, subject.pk) or ""


def subject_reference(subject, fallback: str) -> str:
    return str(getattr(subject, "work_reference", "") or fallback)
