"""Helpers of the item list: a filter's many choices, and the rows, written at once."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields, results
from django.contrib.admin.templatetags.base import InclusionAdminNode
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


def item_result_list(cl):
    """Django's ``result_list``, its rows written at once by a changelist that can (``ItemChangeList``)."""
    headers = list(result_headers(cl))
    written = cl.written_rows() if hasattr(cl, "written_rows") else None
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": list(results(cl)) if written is None else written,
    }


@register.tag(name="item_result_list")
def item_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=item_result_list, template_name="change_list_results.html", takes_context=False
    )
