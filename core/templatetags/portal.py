from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import wording
from core.hooks import nav_links as _nav_links
from core.hooks import page_panels as _page_panels
from core.hooks import subject_panels as _subject_panels
from core.policy import ask

register = template.Library()

# Internal names as people read them (core.wording): "sample_messages.0" → "Sample message 1",
# "mark_verified" → "Identity verified", "in_review" → "In review"; ``plain`` drops rule ids for customers.
register.filter("field_label", wording.field_label)
register.filter("action_label", wording.action_label)
register.filter("state_label", wording.state_label)
register.filter("plain", wording.without_rule_ids)

STAFF_ROLES = ("analyst", "manager")


@register.filter
def plain_for(text, role):
    """``{{ text|plain_for:role }}``: the text without rule ids unless the reader is staff."""
    return text if role in STAFF_ROLES else wording.without_rule_ids(text)


@register.simple_tag(takes_context=True)
def rule_id(context, rule: str) -> str:
    """``{% rule_id "C6" %}``: " (C6)" for staff, nothing for customers (rule ids are the team's vocabulary)."""
    return f" ({rule})" if context.get("role") in STAFF_ROLES else ""


@register.simple_tag(takes_context=True)
def may(context, policy: str, *args):
    """``{% may "campaign_can_submit" campaign as ok %}``: the page's user asked the app's policy; ``ok`` is the
    Decision (true when allowed, ``ok.reason`` says why not). Templates hold no role or state rule of their own."""
    user = context.get("user")
    if user is None and (request := context.get("request")) is not None:
        user = request.user
    return ask(policy, user, *args)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: dictionary lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def subject_panels(context, subject, slot="bottom"):
    """``{% subject_panels obj "top" %}``: the panels higher apps registered for subject pages (work item on top,
    comments at the bottom)."""
    request = context.get("request")
    if request is None or subject is None:
        return ""
    parts = []
    for template_name, panel in _subject_panels(request, subject, slot):
        parts.append(render_to_string(template_name, {"panel": panel, "subject": subject}, request=request))
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered, auto-escaped template


@register.simple_tag(takes_context=True)
def page_panels(context, slot):
    """``{% page_panels "dashboard" %}``: the panels higher apps registered for a page slot (core.hooks)."""
    request = context.get("request")
    if request is None:
        return ""
    parts = [
        render_to_string(template_name, {"panel": panel}, request=request)
        for template_name, panel in _page_panels(request, slot)
    ]
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered, auto-escaped template


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The navigation links higher apps registered (core.hooks), as (label, url) pairs."""
    request = context.get("request")
    return [] if request is None else _nav_links(request)
