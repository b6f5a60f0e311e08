"""The shape of one language's rules: each field, and what the extractor reads it for; ``rules.py`` fills them in."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    language: str
    # Heading of the chapter whose paragraphs are each one item.
    conclusions_heading: re.Pattern
    # Heading of the chapter whose members' statements are items.
    meetings_heading: re.Pattern
    # In a conclusions paragraph, words that ask for action.
    recommends: re.Pattern
    # A sentence, and the breaks inside one where a second speaker may begin.
    sentence: re.Pattern
    clause_break: re.Pattern
    # Openers a clause may start with before its speaker ("However, ...").
    lead_in: re.Pattern
    # A speaker may also follow an opening phrase that ends at this mark ("In that regard, some members …").
    comma: str
    # Speakers whose statements are tracked. Tried before ``briefer`` at each place.
    members: re.Pattern
    # A pronoun that continues the last speaker, in this paragraph or the one before.
    they: re.Pattern
    # A briefer: the clause, and what follows it without a new speaker, is context...
    briefer: re.Pattern
    # ...unless, after one of these, the briefer reports the members' position ("noted that members agreed").
    reported: re.Pattern
    # A position stated with no speaker ("It was stressed that", "Concern was expressed").
    passive: re.Pattern
    # Cue phrases, tried in this order: the first that follows the speaker gives the kind.
    cues: tuple[tuple[str, re.Pattern], ...]
    # Where a clause's own verb ends: a cue beyond it belongs to a clause inside ("…, which stressed").
    subordinate: re.Pattern | None
    # Words that look like a stance but are courtesy or acknowledgement of another's undertaking.
    not_a_position: re.Pattern
    # How a members' statement ending in a colon introduces its lettered points.
    list_intro: re.Pattern
    # Addressees: the words before or after which a recommendation names whom it asks.
    asks: re.Pattern  # "calls upon X to", 请X…: the addressee follows
    obliges: re.Pattern  # "X should", X应: the addressee precedes
    addressee: re.Pattern  # what an addressee looks like, read from where ``asks`` ends
    addressee_before: re.Pattern  # the same, ending just before ``obliges``
    addressee_split: re.Pattern  # between two addressees ("A, B and C", 甲、乙和丙)
    determiner: re.Pattern  # words before an addressee that are not its name ("the", 各)
    # A body named only to compare with, not addressed ("like other subsidiary bodies of X").
    not_addressed: re.Pattern
    # Owner when neither a statement nor its section heading names a body: members'
    # statements are mostly for the Secretariat to act on; conclusions are the
    # Working Group's own to follow up.
    statements_owner: str
    conclusions_owner: str
