"""ParsedDocument → the statements worth tracking, with suggested owners.

Rules live in ``rules.py``; this module only applies them. Owners are suggested
from the body aliases named in the quoted span (lead owners); where a span
names none, from the section's heading, else the rules' default (supporting).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import ExtractedItem, Paragraph, ParsedDocument
from .rules import RULES, Rules

Aliases = dict[str, list[str]]  # body code → the names the text may use for it


def extract(document: ParsedDocument, aliases: Aliases) -> list[ExtractedItem]:
    """Every item of ``document``, in paragraph order, ``proposed`` for review."""
    rules = RULES[document.language]
    finder = _AliasFinder(aliases, rules)
    items: list[ExtractedItem] = []
    context = _section_context(document, finder)
    last_member: dict[int, str | None] = {}  # section → speaker at the end of the previous paragraph
    for para in document.paragraphs:
        chapter = document.chapter_of(para)
        if rules.conclusions_heading.search(chapter.heading):
            fallback = context.get(para.section_order) or rules.conclusions_owner
            spans = _conclusion_spans(para, rules)
        elif rules.meetings_heading.search(chapter.heading):
            fallback = context.get(para.section_order) or rules.statements_owner
            spans, last_member[para.section_order] = _statement_spans(para, rules, last_member.get(para.section_order))
        else:
            continue
        for seq, (kind, start, end, speaker, owners_from) in enumerate(spans, start=1):
            named = finder.find(para.text[owners_from:end])
            owners = tuple((code, "lead") for code in named) or ((fallback, "supporting"),)
            items.append(
                ExtractedItem(
                    kind=kind,
                    paragraph=para.number,
                    sub_item=para.sub_item_at(start),
                    seq=seq,
                    start=start,
                    end=end,
                    quote=para.text[start:end],
                    speaker=speaker,
                    owners=owners,
                    addressees=finder.unresolved(para.text, start, end),
                )
            )
    return items


def _conclusion_spans(para: Paragraph, rules: Rules) -> list[tuple]:
    """One span per paragraph, or one per sub-item where it has them."""
    if para.sub_items:
        bounds = [(sub.start + len(f"({sub.label}) "), sub.end) for sub in para.sub_items]
        # "The Working Group recommends:" before the list speaks for every sub-item.
        intro = para.text[: para.sub_items[0].start]
    else:
        bounds, intro = [(0, len(para.text))], ""
    spans = []
    for start, end in bounds:
        asks = rules.recommends.search(intro) or rules.recommends.search(para.text, start, end)
        spans.append(("recommendation" if asks else "conclusion", start, end, "", start))
    return spans


# The speaker of a clause a briefer began: what follows without a new speaker is context too.
_BRIEFER = "briefer"


def _statement_spans(para: Paragraph, rules: Rules, previous: str | None) -> tuple[list[tuple], str | None]:
    """Members' statements in a meeting paragraph, and the speaker it ends with.

    A paragraph with lettered sub-items is read as its introduction, then one statement per
    sub-item: a members' statement that ends by announcing a list ("raised the following
    concerns:") makes each sub-item an item of the same speaker and kind.
    """
    spans: list[tuple] = []
    speaker: str | None = None
    intro_end = para.sub_items[0].start if para.sub_items else len(para.text)
    clauses = list(_clauses(para.text, rules, 0, intro_end))
    listed: tuple[str, str] | None = None  # (speaker, kind) the list's introduction gives its sub-items
    for at, (start, end) in enumerate(clauses, start=1):
        said_by, statement = _statement(para.text, start, end, rules, speaker, previous)
        speaker = said_by
        clause = para.text[start:end]
        if (
            para.sub_items
            and at == len(clauses)
            and said_by not in (None, _BRIEFER)
            and clause.endswith((":", "："))
            and (statement or rules.list_intro.search(clause))
        ):
            listed = (said_by, statement[0] if statement else "emphasis")
        elif statement:
            spans.append(statement)
    for sub in para.sub_items if listed else ():
        start = sub.start + len(f"({sub.label}) ")
        kind = _kind(para.text[start : sub.end], rules) if listed[1] == "emphasis" else listed[1]
        spans.append((kind or listed[1], start, sub.end, listed[0], start))
    return spans, speaker


def _statement(text: str, start: int, end: int, rules: Rules, speaker: str | None, previous: str | None):
    """Who says the clause text[start:end], and the item it is, if any: (kind, start, end, speaker, owners_from)."""
    clause = text[start:end]
    lead_in = rules.lead_in.match(clause)
    body_at = lead_in.end() if lead_in else 0
    body = clause[body_at:]
    if m := rules.they.match(body):
        said_by, at = (speaker or previous), body_at + m.end()
    elif found := _subject(body, rules):
        said_by, m = found
        at = body_at + m.end()
    elif m := rules.passive.match(body):
        # "Concern was expressed": a position of the meeting that names no speaker.
        said_by, at = "", body_at
    else:
        # No subject of its own: the clause goes on with the last speaker's words.
        said_by, at = speaker, body_at
    if said_by == _BRIEFER:
        # A briefer may report the members' position ("the Chair noted that members agreed ...").
        for verb in rules.reported.finditer(clause, at):
            if not (m := rules.members.match(clause, verb.end())):
                continue
            # "noted that members agreed": the verb after them; "recalled the concerns raised by members": the noun.
            if kind := _kind(clause[m.end() :], rules) or _kind(clause[verb.start() : m.start()], rules):
                return said_by, (kind, start, end, m[0], start + m.end())
        return said_by, None
    if said_by is None:
        return None, None
    kind = _kind(clause[at:], rules)
    return said_by, ((kind, start, end, said_by, start + at) if kind else None)


def _kind(words: str, rules: Rules) -> str | None:
    """The kind the first cue gives, if a stance verb comes before the clause's first subordinate clause."""
    words = rules.not_a_position.sub(lambda m: "\x00" * len(m[0]), words)
    # A parenthesis right after the speaker ("Members, who had visited the mission, stressed") is skipped.
    skip = words.find(rules.comma, 1) + 1 if words.lstrip().startswith(rules.comma) else 0
    own = rules.subordinate.search(words, skip) if rules.subordinate else None
    cues = [(kind, cue.search(words)) for kind, cue in rules.cues]
    if own and not any(m and skip <= m.start() < own.start() for _, m in cues):
        return None
    return next((kind for kind, m in cues if m), None)


def _subject(body: str, rules: Rules) -> tuple[str, re.Match] | None:
    """The speaker of ``body``: at its start, or after an opening phrase ("为…，有与会者建议")."""
    for at in [0] + [i + 1 for i, char in enumerate(body) if char == rules.comma]:
        while at < len(body) and body[at].isspace():
            at += 1
        if m := rules.members.match(body, at):
            return m[0], m
        if m := rules.briefer.match(body, at):
            return _BRIEFER, m
    return None


def _clauses(text: str, rules: Rules, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentences, and the parts of a sentence that a second speaker begins after a clause break."""
    end = len(text) if end is None else end
    for m in rules.sentence.finditer(text, start, end):
        start, stop = m.start(), m.end()
        cut = start
        for brk in rules.clause_break.finditer(text, start, stop):
            after = brk.end()
            rest = text[after:stop].lstrip()
            lead_in = rules.lead_in.match(rest)
            if rules.members.match(rest[lead_in.end() if lead_in else 0 :]):
                yield from _trimmed(text, cut, after)
                cut = after
        yield from _trimmed(text, cut, stop)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _section_context(document: ParsedDocument, finder: _AliasFinder) -> dict[int, str]:
    """The first body a section's heading names, for the statements that name none."""
    context = {}
    for section in document.sections:
        if named := finder.find(section.heading):
            context[section.order] = named[0]
    return context


class _AliasFinder:
    def __init__(self, aliases: Aliases, rules: Rules):
        self.rules = rules
        self.code_of = {alias: code for code, names in aliases.items() for alias in names}
        self.folded = {alias.casefold() for alias in self.code_of}
        names = sorted(self.code_of, key=len, reverse=True)
        # Longest alias first, so that 非洲联盟和平与安全理事会 is not read as 安全理事会.
        pattern = "|".join(re.escape(name) for name in names)
        if rules.language != "zh":
            pattern = rf"\b(?:{pattern})\b"
        self.pattern = re.compile(pattern) if names else None

    def unresolved(self, text: str, start: int, end: int) -> tuple[tuple[str, int, int], ...]:
        """Whom text[start:end] asks to act ("calls upon X to", "X should", 请X…, X应…) that no alias names."""
        rules, found = self.rules, {}
        phrases = [rules.addressee.match(text, m.end(), end) for m in rules.asks.finditer(text, start, end)]
        for m in rules.obliges.finditer(text, start, end):
            phrases.append(rules.addressee_before.search(text, start, m.start()))
        for phrase in filter(None, phrases):
            for words, at in self._parts(phrase[0]):
                if self._named(words):
                    continue
                found[phrase.start() + at] = (words, phrase.start() + at, phrase.start() + at + len(words))
        return tuple(found[at] for at in sorted(found))

    def _parts(self, phrase: str) -> Iterator[tuple[str, int]]:
        """The addressees of "A, B and C", with their offsets: a name with "and" inside stays whole."""
        inside = [(m.start(), m.end()) for m in self.pattern.finditer(phrase)] if self.pattern else []
        cut = 0
        for sep in self.rules.addressee_split.finditer(phrase):
            if not any(a < sep.start() < b for a, b in inside):
                yield from self._bare(phrase, cut, sep.start())
                cut = sep.end()
        yield from self._bare(phrase, cut, len(phrase))

    def _bare(self, phrase: str, start: int, end: int) -> Iterator[tuple[str, int]]:
        words = phrase[start:end]
        if m := self.rules.determiner.match(words):
            start, words = start + m.end(), words[m.end() :]
        if words.strip():
            yield words, start

    def _named(self, words: str) -> bool:
        if self.rules.language == "zh":
            return words in self.code_of
        return words.casefold() in self.folded

    def find(self, text: str, *, unique: bool = True) -> list[str]:
        if self.pattern is None:
            return []
        found = [
            self.code_of[m[0]] for m in self.pattern.finditer(text) if not self.rules.not_addressed.match(text, m.end())
        ]
        return list(dict.fromkeys(found)) if unique else found
