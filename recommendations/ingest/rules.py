"""What the extractor looks for, per language: one readable place for the rules.

The mission tracks two things:
- every paragraph of the conclusions chapter, as a recommendation (it asks
  someone to act) or a conclusion (it states a finding);
- in the meeting chapter, each concern, suggestion or emphasis stated by the
  Working Group's members, the participants or Member States. What briefers
  (the Chair, an Under-Secretary-General, an ambassador) said is context.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    language: str
    # Heading of the chapter whose paragraphs are each one item.
    conclusions_heading: re.Pattern
    # Heading of the chapter whose member statements are items.
    meetings_heading: re.Pattern
    # In a conclusions paragraph, words that ask for action.
    recommends: re.Pattern
    # Openers a clause may start with before its speaker ("However, ...").
    lead_in: re.Pattern
    # Speakers whose statements are tracked, longest first.
    members: re.Pattern
    # A pronoun that continues the previous paragraph's speaker.
    they: re.Pattern
    # A clause that opens with a briefer: it and what follows it are not members' words.
    briefer: re.Pattern
    # Cue phrases, tried in this order: the first that matches gives the kind.
    cues: tuple[tuple[str, re.Pattern], ...]
    # Where a sentence may be split into two statements by two speakers.
    clause_break: str
    # After which a speaker may follow an opening phrase.
    comma: str
    sentence_end: str
    # A body named only to compare with, not addressed ("like other subsidiary bodies of X").
    not_addressed: re.Pattern
    # Owner when neither a statement nor its section heading names a body: members'
    # statements are mostly for the Secretariat to act on; conclusions are the
    # Working Group's own to follow up.
    statements_owner: str
    conclusions_owner: str


ZH = Rules(
    language="zh",
    conclusions_heading=re.compile(r"结论和建议"),
    meetings_heading=re.compile(r"工作组会议"),
    recommends=re.compile(r"应|需要|建议|必须"),
    lead_in=re.compile(r"^(?:(?:在讨论期间|不过|在这方面|此外|同时|但是?|因此|最后)，?)+"),
    members=re.compile(
        r"(?:工作组若干成员|若干工作组成员|一些工作组成员|工作组一些成员|工作组成员|另一些成员|若干成员|一些成员|各成员|"
        r"还有与会者|若干与会者|一些与会者|有与会者|与会者|另一些会员国|一些会员国|会员国)"
    ),
    they=re.compile(r"^他们"),
    briefer=re.compile(r"^(?:他|她|主席|[^，。]{0,30}?(?:秘书长|代表|处长|司长|主任|嘉宾|顾问|发言者))"),
    cues=(
        ("concern", re.compile(r"关切")),
        ("suggestion", re.compile(r"建议|认为.*(?:应|需要)")),
        ("emphasis", re.compile(r"强调|着重指出|一致认为|重申|确认|回顾|指出|提及|认为|承认")),
    ),
    clause_break="；",
    comma="，",
    sentence_end="。",
    not_addressed=re.compile(r"其他附属机构"),
    statements_owner="SEC",
    conclusions_owner="WG",
)

EN = Rules(
    language="en",
    conclusions_heading=re.compile(r"(?i)conclusions and recommendations"),
    meetings_heading=re.compile(r"(?i)meetings of the Working Group"),
    recommends=re.compile(r"(?i)\b(?:should|recommend\w*|need\w*|must)\b"),
    lead_in=re.compile(r"^(?:(?:During the discussion|However|In that regard|In addition|Furthermore|But),?\s*)+"),
    members=re.compile(
        r"(?i:Several members of the Working Group|Some members of the Working Group|Members of the Working Group|"
        r"Other members|Several members|Some members|Some participants|Participants|Other Member States|"
        r"Some Member States|Member States)"
    ),
    they=re.compile(r"^They\b"),
    briefer=re.compile(
        r"^(?:He|She|The Chair|[^,.]{0,60}?(?:Secretary-General|Representative|Director|Chief|Adviser|Adviser))\b"
    ),
    cues=(
        ("concern", re.compile(r"(?i)concern")),
        ("suggestion", re.compile(r"(?i)suggest|propos|recommend")),
        ("emphasis", re.compile(r"(?i)stress|emphasi|underline|underscore|reaffirm|reiterat|agreed|recall|acknowledg")),
    ),
    clause_break=";",
    comma=",",
    sentence_end=".",
    not_addressed=re.compile(r"'s other subsidiary bodies"),
    statements_owner="SEC",
    conclusions_owner="WG",
)

RULES = {rules.language: rules for rules in (ZH, EN)}
