from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from compliance_portal.hooks import subject_panels as _subject_panels

register = template.Library()


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
