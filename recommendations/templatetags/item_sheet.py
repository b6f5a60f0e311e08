"""Helpers of the item page: a refused form's own values, and people named by one rule."""

from django import template

from ..people import person_name

register = template.Library()


@register.filter
def refused_for(refusal, form_key):
    """The refusal if it is of this form (its typed values and errors), else None."""
    return refusal if getattr(refusal, "form", None) == str(form_key) else None


@register.filter
def person(user):
    return person_name(user)
