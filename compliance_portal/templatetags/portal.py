from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: dictionary lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
