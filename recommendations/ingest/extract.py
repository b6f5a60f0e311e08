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


def _statement_spans(para: Paragraph, rules: Rules, previous: str | None) -> tuple[list[tuple], str | None]:
    """Members' statements in a meeting paragraph, and the speaker it ends with."""
    spans = []
    speaker: str | None = None
    for start, end in _clauses(para.text, rules):
        clause = para.text[start:end]
        lead_in = rules.lead_in.match(clause)
        body_at = lead_in.end() if lead_in else 0
        body = clause[body_at:]
        said_by = body_end = None
        if (m := rules.they.match(body)) and previous:
            said_by, body_end = previous, body_at + m.end()
        elif rules.briefer.match(body):
            said_by = None
        elif m := _member(body, rules):
            said_by, body_end = m[0], body_at + m.end()
        else:
            # No subject of its own: the clause goes on with the last speaker's words.
            said_by, body_end = speaker, body_at
        speaker = said_by
        if said_by is None:
            continue
        kind = next((kind for kind, cue in rules.cues if cue.search(clause, body_end)), None)
        if kind:
            spans.append((kind, start, end, said_by, start + body_end))
    return spans, speaker


def _member(body: str, rules: Rules) -> re.Match | None:
    """The members speaking in ``body``: at its start, or after an opening phrase ("为…，有与会者建议")."""
    for at in [0] + [i + 1 for i, char in enumerate(body) if char == rules.comma]:
        if m := rules.members.match(body, at):
            return m
    return None


def _clauses(text: str, rules: Rules) -> Iterator[tuple[int, int]]:
    """Sentences, and the parts of a sentence that a second speaker begins after a clause break."""
    end_mark = re.escape(rules.sentence_end)
    sentence = rf"[^{end_mark}]+(?:{end_mark}|$)" if rules.language == "zh" else r".+?(?:\.(?=\s+[A-Z(]|\s*$)|$)"
    for m in re.finditer(sentence, text, flags=re.S):
        start, end = m.start(), m.end()
        cut = start
        for brk in re.finditer(re.escape(rules.clause_break), text[start:end]):
            after = start + brk.end()
            rest = text[after:end].lstrip()
            lead_in = rules.lead_in.match(rest)
            if rules.members.match(rest[lead_in.end() if lead_in else 0 :]):
                yield from _trimmed(text, cut, after)
                cut = after
        yield from _trimmed(text, cut, end)


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
        names = sorted(self.code_of, key=len, reverse=True)
        # Longest alias first, so that 非洲联盟和平与安全理事会 is not read as 安全理事会.
        pattern = "|".join(re.escape(name) for name in names)
        if rules.language != "zh":
            pattern = rf"\b(?:{pattern})\b"
        self.pattern = re.compile(pattern) if names else None

    def find(self, text: str, *, unique: bool = True) -> list[str]:
        if self.pattern is None:
            return []
        found = [
            self.code_of[m[0]] for m in self.pattern.finditer(text) if not self.rules.not_addressed.match(text, m.end())
        ]
        return list(dict.fromkeys(found)) if unique else found
