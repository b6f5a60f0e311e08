"""What the extractor looks for, per language: one readable place for the rules.

The mission tracks two things:
- every paragraph (or lettered sub-item) of the conclusions chapter, as a
  recommendation (it asks someone to act) or a conclusion (it states a finding);
- in the meeting chapter, each concern, suggestion or emphasis stated by the
  Working Group's members, the participants, Member States or delegations, in
  their own words ("Several members stressed …"), in the passive ("Concern was
  expressed …", 有人建议…) or as the Chair reports them ("the Chair noted that
  members agreed …"). What briefers say (the Chair in his or her own voice, an
  Under-Secretary-General, a Force Commander, a Special Representative, an
  ambassador invited to brief) is context.

A statement is a sentence, or the part of one that a second speaker begins. It
is an item when its speaker is one of ``members`` (or ``they``, continuing one),
or it is ``passive`` (no speaker named), and a ``cues`` word follows the speaker. Lettered
sub-items under a members' statement ("raised the following concerns:") are
items of their own.

Patterns are the language's ways of stating a position, not the wording of one
report: the extractor is scored on reports it was not written from (make eval).
"""

import re

from .ruleset import Rules

# -- Chinese ------------------------------------------------------------------------------------

_ZH_HOW_MANY = (
    r"(?:若干|一些|有些|部分|许多|很多|不少|绝大多数|多数|大多数|大部分|少数|个别|几名|数名|多名|两名|一名|另一名|"
    r"另一些|另有一些|另有|其他|其它|其余|有的|各位|各|所有|还有|也有|有)"
)
_ZH_WHO = (
    r"(?:成员们?|成员国|与会者们?|会员国|代表团|工作组成员们?|安全理事会成员|安理会成员|理事会成员|"
    r"部队和警察派遣国|部队派遣国|警察派遣国)"
)
_ZH_STANCE = (
    r"关切|关注|担忧|担心|忧虑|不安|遗憾|谴责|告诫|警告|"
    r"建议|提议|呼吁|吁请|促请|(?<![申邀])请|鼓励|敦促|要求|主张|倡议|"
    r"强调|着重指出|一致认为|重申|确认|回顾|指出|提及|认为|承认|欢迎|同意|商定|赞同|支持|注意到|申明|坚持|赞扬|称赞"
)

# An addressee: a name ending as bodies' names end, with no verb or preposition inside it.
_ZH_NOT_IN_NAME = (
    r"(?!加强|采取|确保|提供|考虑|进行|开展|制定|制订|审议|利用|使用|采用|建立|支持|促进|提高|改进|继续|更加|进一步|"
    r"在|就|对|向|把|将|为|以|通过|根据|可|能|应|不|尽|积极|认真|切实)"
)
_ZH_BODY_END = (
    r"(?:委员会|理事会|秘书处|秘书长|部|厅|办公室|署|组织|机构|各方|政府|当局|联盟|共同体|特派团|小组|基金|方案|银行|"
    r"会员国|东道国|派遣国|国家|伙伴|捐助方|实体|工作队)"
)
# Longest first: 非洲联盟委员会 is not 非洲联盟; 部队 is not a 部.
_ZH_ONE = rf"(?:{_ZH_NOT_IN_NAME}[^，。；：、\s]){{1,24}}{_ZH_BODY_END}(?![队分门长])"

ZH = Rules(
    language="zh",
    conclusions_heading=re.compile(r"结论|建议"),
    meetings_heading=re.compile(r"工作组(?:的)?(?:会议|活动|工作)|专题会议|专题讨论"),
    recommends=re.compile(r"应|需要|建议|必须|宜|吁请|促请|(?<![申邀])请|鼓励|敦促|要求|呼吁"),
    sentence=re.compile(r"[^。]+(?:。|$)"),
    clause_break=re.compile(r"；|，而|，(?=(?:另一些|另有|其他|其余|也有|还有|有的|其它))"),
    lead_in=re.compile(
        r"^(?:(?:在讨论(?:期间|中|过程中)|讨论中|讨论期间|不过|然而|在这方面|在此方面|就此|对此|此外|另外|同时|与此同时|"
        r"但是?|因此|最后|此后|随后|总之|另一方面|同样|相应地|为此|在总结时|总结时)，?)+"
    ),
    comma="，",
    members=re.compile(
        rf"(?:工作组(?:的)?{_ZH_HOW_MANY}?成员们?|{_ZH_HOW_MANY}?工作组成员们?|{_ZH_HOW_MANY}?{_ZH_WHO}|"
        r"有人|有意见|有观点|会上有人|会上|工作组(?=[^，。]{0,6}(?:一致认为|同意|商定|决定|重申|强调|建议|认为)))"
    ),
    they=re.compile(r"^(?:他们|这些成员|这些与会者|上述成员|该成员)"),
    briefer=re.compile(
        r"(?:他|她|主席|[^，。]{0,30}?(?:秘书长|代表(?!团)|团长|处长|司长|局长|署长|主任|嘉宾|顾问|发言者|指挥官|特使|专员|协调员|通报人|主讲人|"
        r"大使|观察员|负责人|部长|总干事))"
    ),
    reported=re.compile(r"(?:回顾|总结|指出|说|表示|称|提到|概述)(?:了|说|称|道|时)?[，：:]?"),
    passive=re.compile(
        r"^[^，。]{0,40}?(?:(?:引发|引起)了?[^，。]{0,6}?(?:关切|担忧|忧虑)|"
        r"(?:得到|受到)了?(?:强调|重申|欢迎|支持)|有意见认为|有观点认为)"
    ),
    cues=(
        (
            "concern",
            re.compile(r"关切|担忧|担心|忧虑|不安|遗憾|谴责|告诫|警告|表示关注|表达关注|保留意见|保留态度|疑虑|质疑"),
        ),
        (
            "suggestion",
            re.compile(r"建议|提议|呼吁|吁请|促请|(?<![申邀])请|鼓励|敦促|要求|主张|倡议|(?<!一致)认为.*(?:应|需要)"),
        ),
        (
            "emphasis",
            re.compile(
                r"强调|着重指出|一致认为|重申|确认|回顾|指出|提及|认为|承认|欢迎|同意|商定|赞同|支持|注意到|申明|坚持|赞扬|称赞|"
                r"表示|希望|期望|(?<!表示)赞赏|倡导"
            ),
        ),
    ),
    subordinate=None,
    # A welcome of a pledge another party made acknowledges that party's own undertaking: the
    # reviewed reading of S/2017/130 does not track it (¶41, 欢迎非洲联盟承诺…).
    not_a_position=re.compile(
        r"欢迎[^，。；]{0,15}?(?:承诺|认捐|保证)|欢迎[^，。；]{0,6}?(?:通报|介绍|发言)|感谢|表示赞赏|表示感谢"
    ),
    list_intro=re.compile(rf"(?:以下|下列|如下)[^，。：]{{0,6}}?(?:{_ZH_STANCE}|意见|看法|要点|几点)"),
    asks=re.compile(r"吁请|促请|(?<![申邀])请|鼓励|敦促|要求|呼吁|邀请"),
    obliges=re.compile(r"应(?:当|该)?|必须|需要"),
    addressee=re.compile(rf"{_ZH_ONE}(?:(?:、|和|以及|及|与){_ZH_ONE})*"),
    addressee_before=re.compile(rf"(?:^|(?<=[，；：]))(?:{_ZH_ONE})(?:(?:、|和|以及|及|与){_ZH_ONE})*$"),
    addressee_split=re.compile(r"、|以及|和|及|与"),
    determiner=re.compile(r"^(?:各|所有|有关|相关|其他)"),
    not_addressed=re.compile(r"其他附属机构"),
    statements_owner="SEC",
    conclusions_owner="WG",
)


# -- English ------------------------------------------------------------------------------------

_EN_HOW_MANY = (
    r"(?:several|some|many|most|numerous|various|certain|other|all|both|two|three|four|a few|few|"
    r"a (?:large |small |great )?number of|a (?:large |vast )?majority of|the majority of|the|those|these|"
    r"still other|yet other)"
)
_EN_WHO = (
    r"(?:members|participants|delegations|Member States|troop- and police-contributing countries|"
    r"troop-contributing countries|police-contributing countries|(?:Security )?Council members|Working Group members)"
)
_EN_ONE = (
    r"(?:one|another|a|the same|that|each|one other)\s+"
    r"(?:member|participant|delegation|Member State|speaker from the floor)"
)
_EN_OF = r"(?:\s+of\s+the\s+(?:Working Group|Security Council|Council|Group))?"
_EN_CONCERN = (
    r"concern|alarm|worr(?:y|ied|ies)|caution|warn|regret|deplor|condemn|\bfear|apprehensi|reservation|doubt|"
    r"lament|disappoint|dismay|troubl|frustrat"
)
_EN_SUGGESTION = (
    r"suggest|propos(?:e|es|ed|ing)\b|proposals?\s+(?:\w+\s+){0,4}?(?:was|were)\s+(?:also\s+)?made|recommend|"
    r"favou?r(?:ed|s)\b|preferred|"
    r"call(?:ed|s|ing)?\s+(?:up)?on|call(?:ed|s|ing)?\s+for|request|encourag|"
    r"\burg(?:e|ed|es|ing)\b|invit|advocat|appeal|asked (?:for|that)\b|"
    r"(?:considered|believed|felt|were of the view|was of the view|expressed the view|took the view|held the view|"
    r"argued|maintained|said|stated|indicated|expressed the hope|hoped)\b[^.;]*?\b(?:should|could|might|would|need|"
    r"needed|ought)\b"
)
_EN_EMPHASIS = (
    r"stress|emphasi[sz]|underlin|underscor|highlight|reaffirm|reiterat|\bagree|welcom|recall|acknowledg|"
    r"recogni[sz]|\baffirm|insist|prais|paid tribute|point(?:ed|s)? out|observ|\bnoted?\b|took note|commend|"
    r"\bsupport|concur|confirm|"
    r"considered that|believed|\bfelt\b|of the view|expressed the view|took the view|held the view|shared the view|"
    r"argued|maintained that|was important|were important|attached importance|drew attention|focused on the need|"
    r"\bsaid\b|\bstated\b|\bindicated\b|expressed the hope|\bhoped\b"
)
_EN_BY_WHOM = (
    r"(?:Under-Secretary-General|Assistant Secretary-General|Secretary-General|Representative|Director|Chief|"
    r"Adviser|Advisor|Commander|Head|Envoy|Commissioner|Coordinator|Ambassador|President|Minister|Officer|"
    r"Rapporteur|Expert|Deputy|Spokesperson|Chair(?:person|man|woman)?|[Bb]riefers?|[Pp]anellists?|[Pp]resenters?|"
    r"representative|observer)"
)
# An addressee: a name of two capitalised words or more, or an acronym ("Peacebuilding Commission",
# "Department of Operational Support", "UNDP"; one capitalised word may just open the sentence),
# or a group of States or organizations ("host Governments", "regional organizations").
_EN_NAME = r"(?:[A-Z]{2,}[\w-]*|[A-Z][\w'-]*(?:\s+(?:(?:of|for|on|and|the|in|to)\s+)*[A-Z][\w'-]*)+)"
_EN_GROUP = (
    r"(?:[\w-]+\s+){0,3}?(?:countries|States|Governments|parties|organizations|organisations|missions|partners|"
    r"actors|authorities|entities|agencies|donors|stakeholders|contributors|teams|bodies)\b"
)
_EN_ONE_ADDRESSEE = rf"(?:(?i:the|all|relevant|concerned|other)\s+)*(?:{_EN_NAME}|{_EN_GROUP})"
_EN_AND = r"(?:,\s+and\s+|,\s+|\s+and\s+)"

EN = Rules(
    language="en",
    conclusions_heading=re.compile(r"(?i)conclusions and recommendations|conclusions|recommendations"),
    meetings_heading=re.compile(
        r"(?i)(?:meetings|activities|work|thematic discussions) of the Working Group|meetings held|thematic meetings"
    ),
    recommends=re.compile(
        r"(?i)\b(?:should|shall|recommend\w*|need\w*|must|ought|calls? (?:up)?on|calls? for|requests?|encourages?|"
        r"urges?|invites?|is invited|are invited|is requested|are requested|is encouraged|are encouraged)\b"
    ),
    # "Ms. Dwan" and "No. 3" do not end a sentence.
    sentence=re.compile(
        r".+?(?:(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bNo)(?<!\bSt)\.(?=\s+[A-Z(\"“])|\.?\s*$)", re.S
    ),
    clause_break=re.compile(r";\s*|,\s+(?:while|whereas|but|and)\s+"),
    lead_in=re.compile(
        r"^(?:(?:During the (?:ensuing )?(?:discussion|debate|exchange of views)|In the (?:ensuing )?discussion|"
        r"In the course of the discussion|However|In that regard|In this regard|In that respect|In that context|"
        r"In this context|In addition|Furthermore|Moreover|Also|At the same time|Similarly|Likewise|Nevertheless|"
        r"Nonetheless|Meanwhile|Finally|Lastly|In conclusion|In summing up|Summing up|In closing|In response|"
        r"To that end|For its part|On the other hand|In particular|Conversely|But|And|Still),?\s*)+"
    ),
    comma=",",
    members=re.compile(
        rf"(?i:(?:{_EN_HOW_MANY}\s+(?:of\s+the\s+)?)?{_EN_WHO}{_EN_OF}|{_EN_ONE}{_EN_OF}|"
        rf"(?:several|some|many|most|a number of|other|a few|two|three)\s+speakers|"
        rf"(?:the\s+)?Working Group(?!\s+(?:on|held|heard|was|met|discussed|considered the))|"
        rf"(?:still |yet |some |many )?others|(?:some|many|several|most)(?=\s+(?:also\s+)?[a-z]+ed\b)|"
        rf"(?:some|many|several|most|all|one|two|a few|others) of them|the latter|the former)"
    ),
    they=re.compile(r"^(?:They|These members|Those members|The same members|That member|This member)\b"),
    briefer=re.compile(
        rf"(?:He|She|His|Her)\b|(?:(?i:the|an?|both|his|her)\s+)?(?:[A-Z][\w.-]*\s+|(?:of|for|on|and|the|in|to)\s+){{0,8}}?"
        rf"{_EN_BY_WHOM}s?\b|(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]|(?:Ambassador|General|Lieutenant General|Major General|"
        rf"Brigadier General|Colonel|Professor)\s+[A-Z]"
    ),
    reported=re.compile(
        r"\b(?:that|how)\s+|\b(?:concerns?|suggestions?|proposals?|views?|positions?|points?|recommendations?|calls?)\s+"
        r"(?:\w+\s+)?(?:raised|expressed|made|put forward|voiced|shared)\s+(?:earlier\s+)?by\s+"
    ),
    passive=re.compile(
        r"^There (?:was|were|had been)\s+(?:(?:an?|broad|general|wide|strong|widespread|some|also|further)\s+)*"
        r"(?:agreement|consensus|support|concern|recognition|acknowledgement|understanding|calls?|emphasis)\b|"
        # ...not "The issue was raised by the Director": a briefer's words in the passive.
        rf"^(?!.*\bby\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,4}}?{_EN_BY_WHOM})"
        r"(?:[^,;]{0,100}?\s)?(?:was|were|has been|have been|had been)\s+(?:also\s+|further\s+|repeatedly\s+|"
        r"generally\s+|widely\s+|strongly\s+|again\s+|broadly\s+)*(?:expressed|voiced|raised|stressed|emphasi[sz]ed|"
        r"underlined|underscored|highlighted|noted|pointed out|suggested|proposed|recommended|encouraged|urged|"
        r"requested|called for|welcomed|reaffirmed|reiterated|recalled|acknowledged|recogni[sz]ed|agreed|condemned|"
        r"regretted|observed)\b|^(?:[\w-]+\s+){0,3}?(?:proposals?|suggestions?|recommendations?|calls?|appeals?)\s+"
        r"(?:\w+\s+){0,4}?(?:was|were)\s+(?:also\s+)?made\b"
    ),
    cues=(
        ("concern", re.compile(rf"(?i){_EN_CONCERN}")),
        ("suggestion", re.compile(rf"(?i){_EN_SUGGESTION}")),
        ("emphasis", re.compile(rf"(?i){_EN_EMPHASIS}")),
    ),
    subordinate=re.compile(r"\b(?:that|whether)\b|,\s+(?:which|who|whom|whose|as|because|since|after|when)\b"),
    # Thanks are courtesy; a welcome of a pledge another party made acknowledges that party's own
    # undertaking (the reviewed reading of S/2017/130, ¶41).
    not_a_position=re.compile(
        r"(?i)\bwelcom\w*\s+(?:the\s+)?(?:[\w'-]+\s+){0,6}?(?:commitments?|pledges?)\b|\bthank\w*|"
        r"expressed (?:their |its |his |her )?(?:appreciation|gratitude|thanks)|"
        r"\bwelcom\w*\s+the\s+(?:\w+\s+){0,2}?(?:briefings?|presentations?|opportunity)\b"
    ),
    list_intro=re.compile(
        r"(?i)\bfollowing\s+(?:[\w-]+\s+){0,3}?(?:points|observations|views|remarks|concerns|suggestions|proposals|"
        r"recommendations|issues|challenges|priorities|elements|measures|steps|actions|questions)\b[^:]{0,60}:\s*$"
    ),
    asks=re.compile(
        r"\b(?:call(?:s|ed|ing)?\s+(?:up)?on|request(?:s|ed|ing)?|encourag(?:es|ed|ing)|urg(?:es|ed|ing)|"
        r"invit(?:es|ed|ing)|ask(?:s|ed|ing)?|appeal(?:s|ed|ing)?\s+to|recommend(?:s|ed|ing)?\s+that|"
        r"suggest(?:s|ed|ing)?\s+that|propos(?:es|ed|ing)?\s+that)\s+|(?:^|(?<=\([a-z]\) ))That\s+"
    ),
    obliges=re.compile(
        r"\s+(?:should|shall|must|ought to|needs? to|(?:is|are) (?:requested|invited|encouraged|called upon) to)\b"
    ),
    # Followed by "to" or a verb, not by a passive ("That transitions be planned").
    addressee=re.compile(
        rf"{_EN_ONE_ADDRESSEE}(?:{_EN_AND}{_EN_ONE_ADDRESSEE})*(?=\s+(?:to\b|(?!(?:be|is|are|was|were|has|have|had)\b)[a-z]+\b))"
    ),
    addressee_before=re.compile(
        rf"(?:^|(?<=,\s)|(?<=;\s)|(?<=\bthat\s)){_EN_ONE_ADDRESSEE}(?:{_EN_AND}{_EN_ONE_ADDRESSEE})*$"
    ),
    addressee_split=re.compile(_EN_AND),
    determiner=re.compile(r"^(?:(?:the|all|relevant|concerned|other)\s+)+", re.I),
    not_addressed=re.compile(r"'s other subsidiary bodies"),
    statements_owner="SEC",
    conclusions_owner="WG",
)

RULES = {rules.language: rules for rules in (ZH, EN)}
