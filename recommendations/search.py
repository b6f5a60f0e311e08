"""What a search of items asks for: a UN document symbol, a paragraph, both, or words.

One reading for the admin's search box and the API's ``q``, so that the two find the same items:

- ``S/2017/130``, ``S/PRST/2015/26``: the items of that document and the items whose paragraph cites it;
- ``¶107``, ``107``: paragraph 107 of any document; ``107(a)``: its sub-item a;
- ``S/2017/130 ¶109``, ``S/2017/130 109(a)``: that document's paragraph (or sub-item);
- anything else: words, each of which must be in the quote or a summary (either language).

On PostgreSQL the words are found through indexes (migration 0009): trigrams for words of three
characters or more, pairs of Chinese characters for two-character Chinese words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import F, Func, Q, QuerySet, TextField

from .ingest.symbols import SYMBOL, normalise
from .models import Citation

# What a symbol is comes from the parser's own rule; typed in any case (``s/prst/2015/26``),
# and compared case-blind with the stored ones.
_SYMBOL = re.compile(SYMBOL.pattern, re.IGNORECASE)
# ``¶107``, ``107``, ``107(a)``, ``¶ 31 (b)``; full-width brackets, as a Chinese keyboard types them.
_PARAGRAPH = re.compile(r"¶?\s*(?P<number>\d{1,5})(?:\s*[(（]\s*(?P<sub>[a-z]{1,2})\s*[)）])?", re.IGNORECASE)
# Paragraph numbers are a small integer column: a larger number names no paragraph.
_MAX_PARAGRAPH = 32767
# Two Chinese characters (CJK ideographs, which have no case), and the items' pairs of them: the
# expression of the index that migration 0009 builds, written here exactly as there.
_CJK_PAIR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}")
_CJK_PAIRS = Func(
    F("quote"), F("summary"), F("summary_zh"), function="item_cjk_bigrams", output_field=ArrayField(TextField())
)


@dataclass(frozen=True)
class Query:
    """What a search term names: a symbol, a paragraph (and sub-item), both; or else words."""

    symbol: str = ""
    number: int | None = None
    sub_item: str = ""
    words: tuple[str, ...] = ()


def parse(text: str) -> Query:
    """Read ``text`` as a reference where it is one; otherwise as the words it holds."""
    text = text.strip()
    symbol, rest = "", text
    match = _SYMBOL.match(text)
    # A symbol has a number somewhere ("S/PRST" alone is a word): the parser's rule too.
    if match and re.search(r"\d", match["symbol"]):
        symbol, rest = normalise(match["symbol"], match["year"]), text[match.end() :].strip()
        if not rest:
            return Query(symbol=symbol)
    paragraph = _PARAGRAPH.fullmatch(rest)
    if paragraph:
        return Query(symbol=symbol, number=int(paragraph["number"]), sub_item=(paragraph["sub"] or "").lower())
    return Query(words=tuple(text.split()))


def matching(queryset: QuerySet, text: str) -> QuerySet:
    """The items of ``queryset`` (instances or value rows) that ``text`` names; all of them for a blank text."""
    query = parse(text)
    if query.number is not None:
        if query.number > _MAX_PARAGRAPH:
            return queryset.none()
        queryset = queryset.filter(paragraph__number=query.number)
        if query.sub_item:
            queryset = queryset.filter(sub_item=query.sub_item)
        return queryset.filter(_names("document__symbol", query.symbol)) if query.symbol else queryset
    if query.symbol:
        # A subquery, not a join: a paragraph citing the symbol twice must not list its items twice.
        citing = Citation.objects.filter(_names("reference__symbol", query.symbol)).values("paragraph_id")
        return queryset.filter(_names("document__symbol", query.symbol) | Q(paragraph_id__in=citing))
    pairs_indexed = connections[queryset.db].vendor == "postgresql"
    for word in query.words:
        if pairs_indexed and _CJK_PAIR.fullmatch(word):
            # Two characters have no trigram to look up: the index of the items' pairs of Chinese
            # characters answers instead, and exactly (a pair is in the texts' pairs when a text holds
            # it; ideographs have no case). In place of the LIKE, not beside it: with both, the planner
            # multiplies their selectivities and misjudges a frequent word as a rare one.
            queryset = queryset.alias(_cjk_pairs=_CJK_PAIRS).filter(_cjk_pairs__contains=[word])
            continue
        queryset = queryset.filter(
            Q(quote__icontains=word) | Q(summary__icontains=word) | Q(summary_zh__icontains=word)
        )
    return queryset


def _names(field: str, symbol: str) -> Q:
    """Stored symbols ``symbol`` names: itself, a joint symbol it is part of, a resolution typed without its year."""
    named = Q(**{f"{field}__iexact": symbol})
    named |= Q(**{f"{field}__istartswith": f"{symbol}-"}) | Q(**{f"{field}__iendswith": f"-{symbol}"})
    if "/RES/" in symbol.upper() and not symbol.endswith(")"):
        named |= Q(**{f"{field}__istartswith": f"{symbol} ("})
    return named
