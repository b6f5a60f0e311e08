"""The item list's page: the columns it shows and no more, read in one query, its rows written once a page."""

from __future__ import annotations

from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.urls import reverse

from ..models.item_lists import with_owner_rows
from . import rows
from .paging import EstimatedChangeList


class ItemChangeList(EstimatedChangeList):
    """The item list's page: the columns it shows, and no more, in one query."""

    # Columns no cell reads: the paragraph's text (kilobytes a row) and offsets, the document's title.
    UNREAD = ("paragraph__text", "paragraph__text_hash", "paragraph__sub_items", "paragraph__source_start",
              "paragraph__source_end", "document__title", "document__checksum", "document__source_url")  # fmt: skip
    # Stands for the item's key in the change page's address, reversed once a page (``url_for_result``).
    KEY = "4294967296"

    def get_results(self, request):
        # Only the rows shown: the count, the actions and the export use the queryset as filtered.
        shown = self.queryset.select_related(None).prefetch_related(None).select_related("document", "paragraph")
        self.queryset = with_owner_rows(shown.defer(*self.UNREAD))
        # The list's filters, which each row's link carries back (``_changelist_filters``): the admin
        # adds them to a row's link after resolving that link, a walk of every admin URL pattern
        # a row; ``url_for_result`` adds them itself, once a page.
        self.row_filters, self.preserved_filters = self.preserved_filters, ""
        super().get_results(request)

    def url_for_result(self, result):
        # A reverse() a row was a tenth of the rows' cost: the address around the key, once a page.
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int):
            return add_preserved_filters(self._filters(), super().url_for_result(result))
        if not hasattr(self, "_change_url"):
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            url = reverse(name, args=(self.KEY,), current_app=self.model_admin.admin_site.name)
            path, _, query = add_preserved_filters(self._filters(), url).partition("?")
            head, _, tail = path.rpartition(self.KEY)
            self._change_url = head, f"{tail}?{query}" if query else tail
        head, tail = self._change_url
        return f"{head}{pk}{tail}"

    def written_rows(self):
        """The page's rows, each written at once (``rows``; None where Django's own are needed)."""
        return rows.written_rows(self)

    def _filters(self) -> dict:
        return {"preserved_filters": self.row_filters, "opts": self.opts}
