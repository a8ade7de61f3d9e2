from django import template

from accounts.masking import id_for as _id_for

register = template.Library()


@register.filter
def id_for(value, user):
    """``{{ person.national_id|id_for:user }}``: masked for the viewer role."""
    return _id_for(user, value)
