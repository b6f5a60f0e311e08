"""The review queue and a proposed item's page: addressees mapped once, spans adjusted, items confirmed or merged."""

import dataclasses
import html
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Addressee, Body, Event, Item, ItemOwner, Status, text_hash
from recommendations.models.items import cut_quote
from recommendations.services import (
    NotPermitted,
    ServiceError,
    TransitionNotAllowed,
    VersionConflict,
    import_document,
    map_addressee,
    set_quote_span,
    transition,
)
from tests.factories import (
    AddresseeFactory,
    BodyFactory,
    DocumentFactory,
    ItemFactory,
    MembershipFactory,
    ParagraphFactory,
)
from tests.recommendations.ingest.conftest import SAMPLES

pytestmark = pytest.mark.django_db

QUEUE = "admin:recommendations_proposeditem_changelist"
ZH_TEXT = "区域伙伴和秘书处应在每次任务期限延长之前加强协商。"


def _change_url(item):
    return reverse("admin:recommendations_item_change", args=[item.pk])


def _messages(response) -> str:
    """What the user was told: the messages, and the errors of a refused form shown on the page again."""
    told = [str(m) for m in response.context["messages"]] if response.context else []
    page = response.content.decode()
    told += [html.unescape(e) for e in re.findall(r'<ul class="errorlist">(.*?)</ul>', page, re.DOTALL)]
    return " ".join(told)


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def addressee(db):
    """ "regional partners" on a proposed item of an English report: no body has those words."""
    return AddresseeFactory()


@pytest.fixture
def regional(db):
    return BodyFactory(code="RP", name_en="Regional partners", name_zh="区域伙伴")


# -- mapping an addressee -----------------------------------------------------------------------


def test_mapping_to_an_existing_body_makes_it_lead_owner_and_the_words_its_english_alias(
    addressee, regional, coordinator
):
    item = addressee.item
    version = item.version
    mapped = map_addressee(addressee=addressee, actor=coordinator, body=regional, expected_version=version)
    assert (mapped.body, mapped.created, mapped.items) == (regional, False, [item])
    assert list(item.ownerships.values_list("body__code", "role")) == [("RP", "lead")]
    addressee.refresh_from_db()
    regional.refresh_from_db()
    assert addressee.body == regional
    assert (regional.aliases_en, regional.aliases_zh) == (["regional partners"], [])
    item.refresh_from_db()
    assert item.version == version + 1
    event = item.events.get()
    assert (event.kind, event.action, event.actor, event.version) == (
        "owners",
        "map_addressee",
        coordinator,
        version + 1,
    )
    assert (event.from_value, event.to_value) == ("regional partners", "RP:lead")


def test_mapping_to_a_supporting_owner_makes_it_lead(addressee, regional, coordinator):
    ItemOwner.objects.create(item=addressee.item, body=regional, role=ItemOwner.Role.SUPPORTING)
    map_addressee(addressee=addressee, actor=coordinator, body=regional)
    assert list(addressee.item.ownerships.values_list("body__code", "role")) == [("RP", "lead")]


def test_mapping_to_a_new_body_creates_it_with_the_words_as_its_alias_in_the_documents_language(coordinator):
    paragraph = ParagraphFactory(document=DocumentFactory(language="zh"), text=ZH_TEXT)
    addressee = AddresseeFactory(item=ItemFactory(paragraph=paragraph), words="区域伙伴")
    mapped = map_addressee(
        addressee=addressee, actor=coordinator, code="RP", name_en=" Regional partners ", name_zh="区域伙伴"
    )
    body = Body.objects.get(code="RP")
    assert mapped.created and mapped.body == body
    assert (body.name_en, body.name_zh, body.aliases_zh, body.aliases_en) == (
        "Regional partners",
        "区域伙伴",
        ["区域伙伴"],
        [],
    )
    assert addressee.item.ownerships.get().body == body
    assert addressee.item.events.get().action == "map_addressee"


def test_mapping_resolves_the_same_words_on_every_other_proposed_item_and_leaves_reviewed_ones(
    addressee, regional, coordinator
):
    elsewhere = AddresseeFactory()  # the same words in another document
    reviewed = AddresseeFactory()
    transition(item=reviewed.item, action="confirm", actor=coordinator)
    other_words = AddresseeFactory(item=addressee.item, words="Secretariat")
    chinese = AddresseeFactory(
        item=ItemFactory(paragraph=ParagraphFactory(document=DocumentFactory(language="zh"), text=ZH_TEXT)),
        words="区域伙伴",
    )
    before = {a.pk: Item.objects.get(pk=a.item_id).version for a in (elsewhere, reviewed, chinese)}

    mapped = map_addressee(addressee=addressee, actor=coordinator, body=regional)

    assert mapped.items == [addressee.item, elsewhere.item]
    for each in (addressee, elsewhere, reviewed, other_words, chinese):
        each.refresh_from_db()
    assert elsewhere.body == regional and elsewhere.item.ownerships.get(body=regional).role == "lead"
    assert elsewhere.item.version == before[elsewhere.pk] + 1
    assert elsewhere.item.events.filter(kind="owners", action="map_addressee", actor=coordinator).count() == 1
    # A confirmed item was reviewed with its owners: it keeps them, and its addressee stays to map by hand.
    assert reviewed.body is None and not reviewed.item.ownerships.exists()
    assert Item.objects.get(pk=reviewed.item_id).version == before[reviewed.pk]
    assert other_words.body is None and chinese.body is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "", "name_en": "Regional partners", "name_zh": "区域伙伴"}, "needs a code, an English name"),
        ({"code": "R P", "name_en": "Regional partners", "name_zh": "区域伙伴"}, "letters, digits"),
        ({"code": "RP", "name_en": "Regional partners", "name_zh": ""}, "a Chinese name"),
        ({"code": "sec", "name_en": "Regional partners", "name_zh": "区域伙伴"}, "already a body with the code sec"),
        ({"code": "RP", "name_en": "x" * 201, "name_zh": "区域伙伴"}, "longer than 200"),
    ],
)
def test_a_new_body_needs_a_free_code_and_both_names(addressee, coordinator, fields, message):
    BodyFactory(code="SEC")
    with pytest.raises(ServiceError, match=message):
        map_addressee(addressee=addressee, actor=coordinator, **fields)
    addressee.refresh_from_db()
    assert addressee.body is None and not Body.objects.exclude(code="SEC").exists()
    assert addressee.item.version == 1 and not addressee.item.events.exists()


def test_words_that_name_another_body_already_are_refused(addressee, regional, coordinator):
    BodyFactory(code="AU", aliases_en=["regional partners"])
    with pytest.raises(ServiceError, match=r"already a name of Body AU \(AU\): map it to that body"):
        map_addressee(addressee=addressee, actor=coordinator, body=regional)
    regional.refresh_from_db()
    assert regional.aliases_en == [] and not addressee.item.ownerships.exists()


def test_an_addressee_is_mapped_once(addressee, regional, coordinator):
    map_addressee(addressee=addressee, actor=coordinator, body=regional)
    with pytest.raises(ServiceError, match="already mapped to Regional partners"):
        map_addressee(addressee=addressee, actor=coordinator, body=BodyFactory())


def test_a_stale_page_cannot_map(addressee, regional, coordinator):
    with pytest.raises(VersionConflict):
        map_addressee(addressee=addressee, actor=coordinator, body=regional, expected_version=0)
    assert not addressee.item.ownerships.exists()


def test_a_dismissed_items_addressees_are_not_mapped(addressee, regional, coordinator):
    transition(item=addressee.item, action="dismiss", actor=coordinator)
    with pytest.raises(TransitionNotAllowed, match="dismissed"):
        map_addressee(addressee=addressee, actor=coordinator, body=regional)


# -- a later import ---------------------------------------------------------------------------


def _report(symbol: str) -> bytes:
    """The sample report under ``symbol``, whose ¶6 suggests something to "the regional partners"."""
    data = (SAMPLES / "report.en.txt").read_bytes()
    named = data.replace(
        b"the Special Committee on Peacekeeping \nOperations consider", b"the regional partners consider"
    )
    assert named != data
    return named.replace(b"S/2099/42", symbol.encode())


def test_an_import_stores_the_addressees_no_body_stands_for(bodies):
    document = import_document(data=_report("S/2099/42"), symbol="S/2099/42", language="en").document
    stored = Addressee.objects.get()
    assert (stored.item.key, stored.words, stored.body) == ("6-1", "regional partners", None)
    assert stored.item.paragraph.text[stored.start : stored.end] == "regional partners"
    assert stored.item.document == document


def test_words_mapped_once_resolve_themselves_on_every_later_import(bodies, coordinator):
    first = import_document(data=_report("S/2099/42"), symbol="S/2099/42", language="en").document
    map_addressee(
        addressee=Addressee.objects.get(item__document=first),
        actor=coordinator,
        code="RP",
        name_en="Regional partners",
        name_zh="区域伙伴",
    )
    second = import_document(data=_report("S/2099/43"), symbol="S/2099/43", language="en").document
    item = second.items.get(paragraph__number=6)
    assert list(item.ownerships.values_list("body__code", "role")) == [("RP", "lead")]
    assert not Addressee.objects.filter(item__document=second).exists()


def test_addressees_cost_the_import_one_query_however_many(bodies, monkeypatch):
    from recommendations.services import importing

    real = importing.extract

    def with_addressees(every: bool):
        def extract(parsed, aliases):
            found = real(parsed, aliases)
            # One addressee on the first item, or one on every item, whatever the rules found.
            return [
                dataclasses.replace(e, addressees=(("x", e.start, e.start + 1),) if every or n == 0 else ())
                for n, e in enumerate(found)
            ]

        return extract

    counts = []
    for symbol, every in (("S/2099/42", False), ("S/2099/43", True)):
        monkeypatch.setattr(importing, "extract", with_addressees(every))
        with CaptureQueriesContext(connection) as queries:
            import_document(data=_report(symbol), symbol=symbol, language="en")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Addressee.objects.count() == 1 + Item.objects.filter(document__symbol="S/2099/43").count()


# -- adjusting the quoted span ------------------------------------------------------------------


def test_a_coordinator_moves_the_span_and_the_quote_follows(addressee, coordinator):
    item = addressee.item
    text = item.paragraph.text
    start = text.index("the Secretariat")
    item = set_quote_span(item=item, actor=coordinator, start=start, end=len(text) - 1, expected_version=1)
    item.refresh_from_db()
    assert item.quote == "the Secretariat should strengthen consultations before each mandate renewal"
    assert (item.quote_start, item.quote_end, item.quote_hash) == (start, len(text) - 1, text_hash(item.quote))
    assert item.version == 2 and text[item.quote_start : item.quote_end] == item.quote
    event = item.events.get()
    assert (event.kind, event.action, event.actor) == ("quote", "set_quote_span", coordinator)
    assert (event.from_value, event.to_value) == (f"0–{len(text)}", f"{start}–{len(text) - 1}")


def test_the_same_span_again_changes_nothing(addressee, coordinator):
    item = addressee.item
    set_quote_span(item=item, actor=coordinator, start=item.quote_start, end=item.quote_end)
    item.refresh_from_db()
    assert item.version == 1 and not item.events.exists()


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (6, 5), (0, 10_000), (0, "7"), (None, 4)])
def test_a_span_outside_its_paragraph_is_refused_and_changes_nothing(addressee, coordinator, start, end):
    item = addressee.item
    with pytest.raises(ServiceError, match=r"is not within ¶\d+: the start must be at least 0"):
        set_quote_span(item=item, actor=coordinator, start=start, end=end)
    item.refresh_from_db()
    assert (item.quote_start, item.quote_end, item.version) == (0, len(item.paragraph.text), 1)


def test_the_span_may_reach_the_paragraphs_last_character(addressee, coordinator):
    item = addressee.item
    length = len(item.paragraph.text)
    assert set_quote_span(item=item, actor=coordinator, start=length - 1, end=length).quote == "."


def test_a_coordinator_may_correct_the_span_of_a_confirmed_item_but_not_a_dismissed_one(coordinator):
    confirmed = transition(item=ItemFactory(), action="confirm", actor=coordinator)
    assert set_quote_span(item=confirmed, actor=coordinator, start=4, end=21).quote == "regional partners"
    dismissed = transition(item=ItemFactory(), action="dismiss", actor=coordinator)
    with pytest.raises(TransitionNotAllowed, match="is dismissed"):
        set_quote_span(item=dismissed, actor=coordinator, start=4, end=21)


# -- who may ------------------------------------------------------------------------------------


@pytest.fixture
def owning_focal_point(role_groups, addressee):
    """Focal point of a body that already owns the item: it sees the item, and still may not review it."""
    from tests.factories import UserFactory

    body = BodyFactory(code="SEC")
    ItemOwner.objects.create(item=addressee.item, body=body, role=ItemOwner.Role.SUPPORTING)
    user = UserFactory(username="sec-focal", groups=["Focal points"])
    MembershipFactory(user=user, body=body, role="lead")
    return user


@pytest.mark.parametrize("role", ["owning_focal_point", "viewer"])
def test_focal_points_and_viewers_cannot_map_or_adjust(request, addressee, regional, role):
    user = request.getfixturevalue(role)
    with pytest.raises(NotPermitted):
        map_addressee(addressee=addressee, actor=user, body=regional)
    with pytest.raises(NotPermitted):
        set_quote_span(item=addressee.item, actor=user, start=4, end=21)


@pytest.mark.parametrize("role", ["owning_focal_point", "viewer", "outsider"])
def test_the_item_page_offers_no_review_to_others_and_refuses_their_posts(client, request, addressee, regional, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    item = addressee.item
    page = client.get(_change_url(item))
    assert page.status_code in (200, 302, 403, 404)
    assert 'id="review"' not in page.content.decode()
    span = client.post(
        reverse("admin:recommendations_item_span", args=[item.pk]), {"quote_start": 4, "quote_end": 21, "version": 1}
    )
    mapping = client.post(
        reverse("admin:recommendations_item_map", args=[item.pk]),
        {"addressee": addressee.pk, "version": 1, "body": regional.pk},
    )
    # Refused: the page again with the reason (or no page at all), and nothing changed.
    assert span.status_code in (200, 403, 404) and mapping.status_code in (200, 403, 404)
    item.refresh_from_db()
    addressee.refresh_from_db()
    assert (item.quote_start, item.version, addressee.body) == (0, 1, None)
    assert not item.events.exists()
    if role != "outsider":
        assert client.get(reverse(QUEUE)).status_code == 403


# -- the item page ------------------------------------------------------------------------------


def test_a_proposed_items_page_is_fit_for_review(as_coordinator, addressee, regional):
    item = addressee.item
    ItemOwner.objects.create(item=item, body=BodyFactory(code="SEC", abbreviation="SEC"), role="supporting")
    same_document = ItemFactory(paragraph=ParagraphFactory(document=item.document))
    dismissed = ItemFactory(paragraph=ParagraphFactory(document=item.document), status=Status.DISMISSED)
    other_document = ItemFactory()
    page = as_coordinator.get(_change_url(item)).content.decode()
    review = page.split('id="owners"')[1].split('id="status-actions"')[0]
    assert "<mark>The regional partners and the Secretariat" in review
    assert 'name="quote_start" value="0"' in review and f'name="quote_end" value="{item.quote_end}"' in review
    assert 'id="span-paragraph" type="application/json"' in review
    assert "/static/recommendations/span.js" in page and "<script>" not in page  # no inline script
    assert '(SEC) — <span class="owner-role">supporting</span>' in review
    assert "“regional partners” (unresolved)" in review
    assert f'<option value="{regional.pk}">Regional partners</option>' in review
    workflow = page.split('id="status-actions"')[1]
    for action in ("confirm", "dismiss", "merge"):
        assert f'data-action="{action}"' in workflow
    merge_targets = workflow.split('name="into"')[1].split("</select>")[0]
    assert f'value="{same_document.pk}"' in merge_targets
    for absent in (dismissed, other_document, item):
        assert f'value="{absent.pk}"' not in merge_targets
    assert 'name="kind"' in page and 'name="summary"' in page


def test_a_review_page_costs_the_same_queries_for_1_and_5_addressees_to_map(as_coordinator, addressee):
    BodyFactory.create_batch(3)
    item = addressee.item
    as_coordinator.get(_change_url(item))  # the first page reads content types into their cache
    with CaptureQueriesContext(connection) as one:
        as_coordinator.get(_change_url(item))
    for words in ("Secretariat", "consultations", "mandate renewal", "each mandate"):
        AddresseeFactory(item=item, words=words)
    with CaptureQueriesContext(connection) as five:
        page = as_coordinator.get(_change_url(item)).content.decode()
    assert page.count('class="addressee-form"') == 5
    assert len(one) == len(five)


def test_a_tracked_items_page_has_no_review(as_coordinator, coordinator):
    item = transition(item=ItemFactory(), action="confirm", actor=coordinator)
    assert 'id="review"' not in as_coordinator.get(_change_url(item)).content.decode()


def test_mapping_from_the_item_page(as_coordinator, addressee, regional):
    url = reverse("admin:recommendations_item_map", args=[addressee.item.pk])
    response = as_coordinator.post(
        url,
        {"addressee": addressee.pk, "version": 1, "body": regional.pk, "code": "", "name_en": "", "name_zh": ""},
        follow=True,
    )
    assert "“regional partners” is now a name of Regional partners, lead owner of 1 proposed item(s)." in _messages(
        response
    )
    assert addressee.item.ownerships.get().body == regional
    page = response.content.decode()
    assert (
        '<span class="owner-body">Regional partners</span>' in page and '<span class="owner-role">lead</span>' in page
    )
    assert "(unresolved)" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose an existing body or describe a new one."),
        ({"body": "REGIONAL", "code": "RP"}, "Select a valid choice"),
        ({"code": "RP", "name_en": "Regional partners", "name_zh": ""}, "a Chinese name"),
        ({"version": "abc"}, "Enter a whole number"),
    ],
)
def test_a_bad_mapping_from_the_item_page_is_a_message_not_an_error(as_coordinator, addressee, data, message):
    url = reverse("admin:recommendations_item_map", args=[addressee.item.pk])
    response = as_coordinator.post(url, {"addressee": addressee.pk, "version": 1, **data}, follow=True)
    assert response.status_code == 200 and message in _messages(response)
    addressee.refresh_from_db()
    assert addressee.body is None


def test_an_addressee_of_another_item_is_not_mapped_through_this_one(as_coordinator, addressee, regional):
    other = ItemFactory()
    url = reverse("admin:recommendations_item_map", args=[other.pk])
    assert as_coordinator.post(url, {"addressee": addressee.pk, "version": 1, "body": regional.pk}).status_code == 404


def test_adjusting_the_span_from_the_item_page(as_coordinator, addressee):
    item = addressee.item
    url = reverse("admin:recommendations_item_span", args=[item.pk])
    response = as_coordinator.post(url, {"quote_start": 4, "quote_end": 21, "version": 1}, follow=True)
    assert "Quoted span saved." in _messages(response)
    item.refresh_from_db()
    assert (item.quote, item.version) == ("regional partners", 2)
    assert "<mark>regional partners</mark>" in response.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("abc", "21", "Enter a whole number"),
        ("", "21", "This field is required"),
        ("1e3", "21", "Enter a whole number"),
        ("4.5", "21", "Enter a whole number"),
        ("9" * 5000, "21", "Enter a whole number"),
        ("-1", "21", "greater than or equal to 0"),
        ("4", "99999999999999999999", "less than or equal to"),
        ("21", "4", "is not within"),
        ("4", "10000", "the end at most 102"),
    ],
)
def test_a_malformed_or_outlying_span_from_the_item_page_is_a_message(as_coordinator, addressee, start, end, message):
    item = addressee.item
    url = reverse("admin:recommendations_item_span", args=[item.pk])
    response = as_coordinator.post(url, {"quote_start": start, "quote_end": end, "version": 1}, follow=True)
    assert response.status_code == 200 and message in _messages(response)
    item.refresh_from_db()
    assert (item.quote_start, item.version) == (0, 1) and not item.events.exists()


def test_a_stale_span_form_is_a_conflict(as_coordinator, addressee, coordinator):
    item = addressee.item
    set_quote_span(item=item, actor=coordinator, start=0, end=21)
    url = reverse("admin:recommendations_item_span", args=[item.pk])
    response = as_coordinator.post(url, {"quote_start": 4, "quote_end": 21, "version": 1}, follow=True)
    assert "reload it and try again" in _messages(response)
    item.refresh_from_db()
    assert item.quote_start == 0


def test_merging_from_the_item_page(as_coordinator, addressee):
    item = addressee.item
    target = ItemFactory(paragraph=ParagraphFactory(document=item.document))
    act = reverse("admin:recommendations_item_act", args=[item.pk])
    as_coordinator.post(act, {"action": "merge", "version": 1, "into": target.pk})
    item.refresh_from_db()
    assert (item.status, item.merged_into) == (Status.DISMISSED, target)
    assert target.events.filter(kind=Event.Kind.MERGE, action="merged").exists()


def test_a_stale_page_cannot_merge(as_coordinator, addressee, coordinator):
    item = addressee.item
    target = ItemFactory(paragraph=ParagraphFactory(document=item.document))
    set_quote_span(item=item, actor=coordinator, start=4, end=21)
    act = reverse("admin:recommendations_item_act", args=[item.pk])
    response = as_coordinator.post(act, {"action": "merge", "version": 1, "into": target.pk}, follow=True)
    assert "reload it and try again" in _messages(response)
    item.refresh_from_db()
    assert item.status == Status.PROPOSED


def test_merging_into_another_documents_item_from_the_item_page_is_refused(as_coordinator, addressee):
    item = addressee.item
    act = reverse("admin:recommendations_item_act", args=[item.pk])
    response = as_coordinator.post(act, {"action": "merge", "version": 1, "into": ItemFactory().pk}, follow=True)
    assert "Select a valid choice" in _messages(response)
    item.refresh_from_db()
    assert item.status == Status.PROPOSED


# -- the queue ----------------------------------------------------------------------------------


def _queue_rows(document, count):
    """``count`` proposed items of ``document``, each with an owner and an unresolved addressee."""
    sec = BodyFactory(code="SEC", abbreviation="SEC")
    items = [ItemFactory(paragraph=ParagraphFactory(document=document), speaker="Members") for _ in range(count)]
    ItemOwner.objects.bulk_create(ItemOwner(item=item, body=sec) for item in items)
    for item in items:
        AddresseeFactory(item=item)
    return items


def test_the_queue_lists_paragraph_kind_speaker_quote_and_owners_with_unresolved_addressees(as_coordinator):
    document = DocumentFactory(symbol="S/2099/7")
    item = _queue_rows(document, 1)[0]
    long_paragraph = ParagraphFactory(document=document, text="word " * 30 + "Secretariat should act.")
    long_item = ItemFactory(paragraph=long_paragraph, kind=Item.Kind.CONCERN)
    page = as_coordinator.get(reverse(QUEUE)).content.decode()
    assert (
        f'<td class="field-reference_link"><a href="{_change_url(item)}">S/2099/7 ¶{item.paragraph.number}</a></td>'
        in page
    )
    assert '<td class="field-kind">recommendation</td>' in page and '<td class="field-speaker">Members</td>' in page
    assert "The regional partners and the Secretariat should strengthen consultations before each mandate…" in page
    # Cut between words on screen; the whole quote on hover.
    assert f'title="{long_item.quote}">{("word " * 20).strip()}…</span>' in page
    assert 'SEC, <span class="unresolved-addressee">“regional partners” (unresolved)</span>' in page
    assert 'name="action"' in page and 'value="transition_confirm"' in page


def test_the_queue_confirms_in_bulk(as_coordinator):
    items = _queue_rows(DocumentFactory(), 3)
    response = as_coordinator.post(
        reverse(QUEUE), {"action": "transition_confirm", ACTION_CHECKBOX_NAME: [i.pk for i in items]}, follow=True
    )
    assert "3 item(s) changed" in response.content.decode()
    assert set(Item.objects.values_list("status", flat=True)) == {"open"}


def test_the_queue_is_filtered_by_document_for_the_link_from_a_document(as_coordinator, coordinator):
    mine, other = DocumentFactory(symbol="S/2099/7"), DocumentFactory(symbol="S/2099/8")
    _queue_rows(mine, 2)
    ItemFactory(paragraph=ParagraphFactory(document=other))
    page = as_coordinator.get(reverse(QUEUE), {"document__id__exact": mine.pk}).content.decode()
    assert "2 proposed items" in page and "S/2099/8 ¶" not in page
    assert "3 proposed items" in as_coordinator.get(reverse(QUEUE)).content.decode()
    document_page = as_coordinator.get(reverse("admin:recommendations_document_change", args=[mine.pk]))
    assert f"{reverse(QUEUE)}?document__id__exact={mine.pk}" in document_page.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", ""])
def test_a_bad_document_filter_is_no_server_error(as_coordinator, value):
    _queue_rows(DocumentFactory(), 1)
    assert as_coordinator.get(reverse(QUEUE), {"document__id__exact": value}).status_code in (200, 302)


# Session, user, the user's groups and bodies (roles), documents, bodies and sections (the three
# filters), the count, the user's and its groups' permissions (the admin's menus), then the page:
# items, their owners, their unresolved addressees, their proposed predecessors.
QUEUE_QUERIES = 14


def test_the_queue_page_costs_the_same_queries_for_3_and_30_items(as_coordinator):
    document = DocumentFactory()
    _queue_rows(document, 3)
    with CaptureQueriesContext(connection) as three:
        assert "3 proposed items" in as_coordinator.get(reverse(QUEUE)).content.decode()
    _queue_rows(document, 27)
    with CaptureQueriesContext(connection) as thirty:
        page = as_coordinator.get(reverse(QUEUE)).content.decode()
    assert "30 proposed items" in page and page.count("(unresolved)") == 30
    assert len(three) == QUEUE_QUERIES, "\n".join(q["sql"][:150] for q in three.captured_queries)
    assert len(thirty) == QUEUE_QUERIES


# -- a quote cut for a list ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("short enough", "en", "short enough"),
        ("the Secretariat should strengthen", "en", "the Secretariat…"),
        ("the Secretariat, should strengthen", "en", "the Secretariat…"),
        ("the Secretariat should", "en", "the Secretariat…"),
        ("Peacekeepingoperationseverywhere", "en", "Peacekeepingoper…"),
        ("工作组成员强调必须培训维持和平人员", "zh", "工作组成员强调必须培训维持和平人…"),
        ("工作组成员，强调必须培训维持和平人员", "zh", "工作组成员，强调必须培训维持和平…"),
    ],
)
def test_a_quote_is_cut_between_words_except_in_chinese(text, language, expected):
    assert cut_quote(text, 16, language) == expected


def test_the_review_speaks_chinese_when_the_user_chooses_it(as_coordinator, addressee):
    as_coordinator.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    page = as_coordinator.get(_change_url(addressee.item)).content.decode()
    assert "审核" in page and "引文范围" in page and "“regional partners” (未对应)" in page
    assert "“regional partners” (未对应)" in as_coordinator.get(reverse(QUEUE)).content.decode()
