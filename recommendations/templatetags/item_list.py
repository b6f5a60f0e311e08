"""Helpers of the item list: a filter's many choices written at once."""

from django import template
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

SELECTED = ' class="selected"'


@register.filter
def choice_links(choices):
    """A list filter's choices as admin/filter.html writes them, each an item of its list."""
    return mark_safe("\n".join(_link(choice) for choice in choices))


def _link(choice) -> str:
    href = conditional_escape(iri_to_uri(choice["query_string"]))
    return (
        f'<li{SELECTED if choice["selected"] else ""}><a href="{href}">{conditional_escape(choice["display"])}</a></li>'
    )
