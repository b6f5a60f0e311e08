"""The item list's rows, as Django's ``items_for_result`` writes them, its work per column done once a page.

Django resolves each cell's column again (a field lookup that fails by exception for every
column drawn by a method, the empty value's translation, the choices' dictionary), formats
each cell through ``format_html`` and loops over the cells in a template: for 50 rows of 12
columns that was a third of the page. Here each column is resolved once and a row is one
string. What this does not know (an editable list, a popup, a relation or file column) is
left to Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

Cell = Callable[[models.Model], str]


def written_rows(cl) -> list[ResultList] | None:
    """The rows of ``cl``'s page, each one piece of markup; None when Django's own are needed."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    cells, first = [], True
    for name in cl.list_display:
        # Django's link_in_col: the first column when no column is named, else the named ones.
        link = cl.list_display_links is not None and (
            (first and not cl.list_display_links) or name in cl.list_display_links
        )
        cell = _cell(cl, name)
        if cell is None:
            return None
        if link:
            cell = _linked(cl, cell, "th" if first else "td")
            first = False
        else:
            cell = _plain(cell)
        cells.append(cell)
    return [ResultList(None, [mark_safe("".join([cell(row) for cell in cells]))]) for row in cl.result_list]


def _cell(cl, name) -> Callable[[models.Model], tuple[str, str]] | None:
    """A function of a row giving the column's classes and its text (not yet escaped), as Django's would."""
    if not isinstance(name, str) or name == "__str__":
        return None
    admin_empty = cl.model_admin.get_empty_value_display()
    try:
        field = cl.opts.get_field(name)
    except FieldDoesNotExist:
        return _method_cell(cl.model_admin, name, admin_empty)
    if field.is_relation or field.auto_created or isinstance(field, (models.FileField, models.URLField)):
        return None
    return _field_cell(field, name, admin_empty)


def _method_cell(model_admin, name, admin_empty):
    attr = getattr(model_admin, name, None)
    if attr is None or not callable(attr):
        return None
    empty = getattr(attr, "empty_value_display", admin_empty)
    boolean = getattr(attr, "boolean", False)
    classes = "action-checkbox" if name == "action_checkbox" else f"field-{name}"

    def cell(row):
        try:
            value = attr(row)
        except ObjectDoesNotExist:
            return f"field-{name}", admin_empty
        if isinstance(value, str) and value.strip() == "":
            value = ""
        nowrap = isinstance(value, (datetime.date, datetime.time))
        return (f"{classes} nowrap" if nowrap else classes), display_for_value(value, empty, boolean)

    return cell


def _field_cell(field, name, empty):
    classes = f"field-{name} nowrap" if isinstance(field, (models.DateField, models.TimeField)) else f"field-{name}"
    choices = dict(field.flatchoices) if field.flatchoices else None

    def cell(row):
        value = getattr(row, name)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if choices is not None and isinstance(value, str | int | None):
            return classes, choices.get(value, empty)
        return classes, display_for_field(value, field, empty)

    return cell


def _plain(cell) -> Cell:
    def plain(row):
        classes, text = cell(row)
        return f'<td class="{classes}">{conditional_escape(text)}</td>'

    return plain


def _linked(cl, cell, tag: str) -> Cell:
    preserved = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}

    def linked(row):
        classes, text = cell(row)
        try:
            url = cl.url_for_result(row)
        except NoReverseMatch:
            return f'<{tag} class="{classes}">{conditional_escape(text)}</{tag}>'
        # ItemChangeList's links carry the list's filters already (its preserved_filters are
        # empty): Django's pass over them would decode and encode them again, to the same.
        if cl.preserved_filters:
            url = add_preserved_filters(preserved, url)
        link = f'<a href="{conditional_escape(url)}">{conditional_escape(text)}</a>'
        return f'<{tag} class="{classes}">{link}</{tag}>'

    return linked
