"""The extractor on the seed, held against the reviewed list in fixtures/items/, and on the English sample."""

from collections import Counter

from recommendations.ingest import extract


def _key(entry):
    return (entry["ref"], entry["paragraph"], entry["sub_item"], entry["kind"], entry["start"], entry["end"])


def test_extractor_finds_exactly_the_reviewed_items(seed, aliases_zh, curated):
    found = {(i.key, i.paragraph, i.sub_item, i.kind, i.start, i.end): i.quote for i in extract(seed, aliases_zh)}
    reviewed = {_key(e): e["quote"] for e in curated["items"]}
    missing = sorted(set(reviewed) - set(found))
    extra = sorted(set(found) - set(reviewed))
    assert not missing and not extra, f"reviewed but not extracted: {missing}; extracted but not reviewed: {extra}"
    assert found == reviewed


def test_owners_the_quote_names_are_the_reviewed_owners_or_rejected_with_a_reason(seed, aliases_zh, curated):
    reviewed = {e["ref"]: e for e in curated["items"]}
    differences = []
    for item in extract(seed, aliases_zh):
        entry = reviewed[item.key]
        named = {code for code, role in item.owners if role == "lead"}
        accepted = set(entry["lead"])
        rejected = set(entry.get("not_owners", {}))
        if named != accepted | rejected or accepted & rejected:
            differences.append((item.key, sorted(named), sorted(accepted), sorted(rejected)))
    assert not differences, f"(ref, extractor's named owners, reviewed lead, rejected): {differences}"


def test_every_reviewed_item_has_an_owner_and_a_summary(curated, aliases_zh):
    for entry in curated["items"]:
        assert entry["lead"] or entry["supporting"], entry["ref"]
        assert not set(entry["lead"]) & set(entry["supporting"]), entry["ref"]
        assert set(entry["lead"]) | set(entry["supporting"]) <= set(aliases_zh), entry["ref"]
        assert entry["summary"].strip(), entry["ref"]


def test_seed_items_by_kind(seed, aliases_zh):
    kinds = Counter(i.kind for i in extract(seed, aliases_zh))
    assert kinds == {"emphasis": 18, "suggestion": 6, "concern": 4, "recommendation": 6, "conclusion": 1}


def test_conclusions_chapter_gives_one_item_per_paragraph(seed, aliases_zh):
    items = [i for i in extract(seed, aliases_zh) if i.paragraph >= 104]
    assert [i.paragraph for i in items] == list(range(104, 111))
    assert all(i.quote == seed.paragraph(i.paragraph).text for i in items)
    assert [c for c, _ in items[5].owners] == ["TPCC", "SEC", "SC"]  # ¶109 names all three


def test_briefers_statements_are_not_items(seed, aliases_zh):
    items = extract(seed, aliases_zh)
    # ¶6–17 are the Chair's and the Under-Secretaries-General's; ¶79–80 the Moroccan ambassador's.
    assert not [i for i in items if 6 <= i.paragraph <= 17 or i.paragraph in (79, 80)]
    # Every member's statement names its speaker; only ¶19's concern is stated in the passive (引发了关切).
    assert [i.paragraph for i in items if i.paragraph < 104 and not i.speaker] == [19]


def test_two_speakers_in_one_sentence_are_two_items(seed, aliases_zh):
    items = [i for i in extract(seed, aliases_zh) if i.paragraph == 103]
    assert [(i.kind, i.speaker) for i in items] == [
        ("emphasis", "工作组成员"),  # 他们, continuing ¶102's speaker
        ("suggestion", "一些工作组成员"),
        ("suggestion", "另一些成员"),
    ]
    assert items[1].quote.endswith("；") and items[2].quote.startswith("另一些成员认为")


def test_longest_alias_wins(seed, aliases_zh):
    (item,) = [i for i in extract(seed, aliases_zh) if i.paragraph == 43]
    assert [code for code, _ in item.owners] == ["SC", "AUPSC"]


def test_extracted_quotes_are_the_paragraph_text_at_their_offsets(seed, aliases_zh):
    for item in extract(seed, aliases_zh):
        assert seed.paragraph(item.paragraph).text[item.start : item.end] == item.quote


def test_english_rules(english, aliases_en):
    items = {i.key: i for i in extract(english, aliases_en)}
    assert {k: i.kind for k, i in items.items()} == {
        "5-1": "concern",
        "5-2": "emphasis",
        "6-1": "suggestion",
        "8-1": "emphasis",
        "8-2": "emphasis",
        "9-1": "conclusion",
        "10-1": "recommendation",
        "11-1": "recommendation",
        "11-2": "recommendation",
    }
    assert items["8-2"].speaker == "Members of the Working Group"
    assert items["11-1"].sub_item == "a"
    assert items["11-2"].owners == (("WG", "supporting"),)
