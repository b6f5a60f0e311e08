"""The item changelist's filters, each choice by the exact items it lists, and each filter on its own."""

import datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from recommendations.admin.filters import (
    DueFilter,
    OverdueFilter,
    OwnerBodyFilter,
    SectionFilter,
    StaleFilter,
)
from recommendations.models import Item, ItemOwner, Section, Status
from recommendations.models.items import MAX_ID
from tests.factories import BodyFactory, ItemFactory, ParagraphFactory, SectionFactory

pytestmark = pytest.mark.django_db

LIST = "admin:recommendations_item_changelist"

# Days from today to each dated item's due date: one in each window and on each window's edges.
DUE_IN = {
    "104-1": -3,  # overdue
    "22-1": -10,  # past due, but closed: not overdue
    "105-1": 0,  # due today: neither past nor overdue
    "106-1": 5,
    "107-1": 7,  # the last day of "within 7 days"
    "108-1": 20,
    "109-1": 30,  # the last day of "within 30 days"
    "110-1": 60,
    "19-1": 90,  # the last day of "within 90 days"
    "19-2": 120,  # due, but beyond every window
}
CLOSED = {"22-1": Status.WITHDRAWN, "42-1": Status.IMPLEMENTED}
STALE = "41-1"  # open, untouched for long
IDLE_BUT_CLOSED = "42-1"
RECENT = "44-1"  # untouched for a day less than STALE_AFTER_DAYS
ACCEPTED = "45-1"


def _in_paragraphs(curated, first: int, last: int) -> set[str]:
    return {entry["ref"] for entry in curated["items"] if first <= entry["paragraph"] <= last}


@pytest.fixture
def everything(curated) -> set[str]:
    return {entry["ref"] for entry in curated["items"]}


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def varied(opened):
    """S/2017/130's items, set apart: due in each window, overdue, closed, stale, idle, accepted."""
    today, now = timezone.localdate(), timezone.now()
    items = {item.key: item for item in opened.items.select_related("paragraph")}
    for key, days in DUE_IN.items():
        Item.objects.filter(pk=items[key].pk).update(due_date=today + datetime.timedelta(days=days))
    for key, status in CLOSED.items():
        Item.objects.filter(pk=items[key].pk).update(status=status)
    long_ago = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS + 60)
    Item.objects.filter(pk__in=[items[STALE].pk, items[IDLE_BUT_CLOSED].pk]).update(last_activity_at=long_ago)
    recently = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS - 1)
    Item.objects.filter(pk=items[RECENT].pk).update(last_activity_at=recently)
    Item.objects.filter(pk=items[ACCEPTED].pk).update(response="accepted")
    return opened


def _listed(client, **params) -> set[str]:
    """The keys of the items the changelist lists for ``params`` (all on one page)."""
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200, response.status_code
    cl = response.context_data["cl"]
    assert cl.result_count == len(cl.result_list) < cl.list_per_page
    return {item.key for item in cl.result_list}


# The changelist, one test per choice.


def test_no_filter_lists_every_item(as_coordinator, varied, everything):
    assert _listed(as_coordinator) == everything


@pytest.mark.parametrize("code", ["SEC", "TPCC", "SC", "MS", "WG", "C34", "AU", "HOST", "AUPSC", "DPKO"])
def test_owner_filter_lists_the_items_the_body_leads_or_supports(as_coordinator, varied, curated, code):
    owned = {e["ref"] for e in curated["items"] if code in e["lead"] + e["supporting"]}
    assert _listed(as_coordinator, owner=code) == owned


@pytest.mark.parametrize(
    ("number", "paragraphs"),
    [("B", (26, 45)), ("A", (6, 25)), ("二", (4, 103)), ("三", (104, 110)), ("一", (1, 3))],
)
def test_section_filter_lists_its_paragraphs_items_and_a_chapters_topics(
    as_coordinator, varied, curated, number, paragraphs
):
    section = varied.sections.get(number=number)
    assert _listed(as_coordinator, section=section.pk) == _in_paragraphs(curated, *paragraphs)


def test_section_filter_with_a_malformed_section_shows_the_error_page(as_coordinator, varied):
    response = as_coordinator.get(reverse(LIST), {"section": "x1"})
    assert response.status_code == 302 and response.url.endswith("?e=1")


def test_overdue_yes_lists_open_items_due_before_today(as_coordinator, varied):
    assert _listed(as_coordinator, overdue="yes") == {"104-1"}


def test_overdue_no_lists_every_other_item(as_coordinator, varied, everything):
    assert _listed(as_coordinator, overdue="no") == everything - {"104-1"}


def test_stale_yes_lists_open_items_without_an_update_for_the_stale_period(as_coordinator, varied):
    assert _listed(as_coordinator, stale="yes") == {STALE}


def test_stale_no_lists_every_other_item(as_coordinator, varied, everything):
    assert _listed(as_coordinator, stale="no") == everything - {STALE}


def test_due_past_lists_items_due_before_today_open_or_not(as_coordinator, varied):
    assert _listed(as_coordinator, due="past") == {"104-1", "22-1"}


def test_due_within_7_days_counts_today_and_the_seventh_day(as_coordinator, varied):
    assert _listed(as_coordinator, due="7") == {"105-1", "106-1", "107-1"}


def test_due_within_30_days_counts_today_and_the_thirtieth_day(as_coordinator, varied):
    assert _listed(as_coordinator, due="30") == {"105-1", "106-1", "107-1", "108-1", "109-1"}


def test_due_within_90_days_counts_today_and_the_ninetieth_day(as_coordinator, varied):
    assert _listed(as_coordinator, due="90") == {"105-1", "106-1", "107-1", "108-1", "109-1", "110-1", "19-1"}


def test_due_none_lists_the_items_without_a_due_date(as_coordinator, varied, everything):
    assert _listed(as_coordinator, due="none") == everything - set(DUE_IN)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "open"}, lambda every: every - set(CLOSED)),
        ({"status__exact": "withdrawn"}, lambda every: {"22-1"}),
        ({"status__exact": "proposed"}, lambda every: set()),
        ({"response__exact": "pending"}, lambda every: every - {ACCEPTED}),
        ({"response__exact": "accepted"}, lambda every: {ACCEPTED}),
    ],
)
def test_field_filters_list_exactly_the_matching_items(as_coordinator, varied, everything, params, expected):
    assert _listed(as_coordinator, **params) == expected(everything)


@pytest.mark.parametrize("kind", ["recommendation", "conclusion", "concern"])
def test_kind_filter_lists_the_items_of_that_kind(as_coordinator, varied, curated, kind):
    expected = {entry["ref"] for entry in curated["items"] if entry["kind"] == kind}
    assert expected and _listed(as_coordinator, kind__exact=kind) == expected


def test_filters_combine(as_coordinator, varied, curated):
    tpcc = {entry["ref"] for entry in curated["items"] if "TPCC" in entry["lead"] + entry["supporting"]}
    within_90 = {key for key, days in DUE_IN.items() if 0 <= days <= 90}
    assert tpcc & within_90  # the case is not empty
    assert _listed(as_coordinator, due="90", owner="TPCC") == tpcc & within_90
    assert _listed(as_coordinator, due="past", overdue="no") == {"22-1"}


# Each filter on its own: its choices, and the queryset it makes of a given one.


def _filter(cls, value=None):
    request = RequestFactory().get("/")
    params = {} if value is None else {cls.parameter_name: [value]}
    return cls(request, params, Item, admin.site._registry[Item])


def _filtered(cls, value, queryset=None) -> set[int]:
    queryset = Item.objects.all() if queryset is None else queryset
    return set(_filter(cls, value).queryset(None, queryset).values_list("pk", flat=True))


@pytest.fixture
def two_sections():
    """A chapter with a topic, each with an item, and a chapter beside them with one of its own."""
    chapter = SectionFactory(kind=Section.Kind.CHAPTER, number="I")
    document = chapter.document
    topic = SectionFactory(document=document, kind=Section.Kind.TOPIC, number="A", parent=chapter)
    other = SectionFactory(document=document, kind=Section.Kind.CHAPTER, number="II")
    annex = SectionFactory(document=document, kind=Section.Kind.ANNEX, number="")
    make = lambda section: ItemFactory(paragraph=ParagraphFactory(document=document, section=section))  # noqa: E731
    return {"chapter": chapter, "topic": topic, "other": other, "annex": annex} | {
        f"{name}_item": make(section) for name, section in (("chapter", chapter), ("topic", topic), ("other", other))
    }


def test_owner_lookups_are_every_body_by_its_english_name():
    BodyFactory(code="ZZ", name_en="Alpha body", abbreviation="AB")
    BodyFactory(code="AA", name_en="Zulu body")
    assert _filter(OwnerBodyFilter).lookups(None, None) == [("ZZ", "AB"), ("AA", "Zulu body")]


def test_owner_queryset_keeps_the_bodys_items_once_each():
    lead, other = BodyFactory(code="LEAD"), BodyFactory(code="OTHER")
    both, theirs, nobodys = ItemFactory(), ItemFactory(), ItemFactory()
    ItemOwner.objects.create(item=both, body=lead, role="lead")
    ItemOwner.objects.create(item=both, body=other, role="supporting")
    ItemOwner.objects.create(item=theirs, body=other, role="lead")
    assert _filtered(OwnerBodyFilter, "LEAD") == {both.pk}
    assert _filtered(OwnerBodyFilter, "OTHER") == {both.pk, theirs.pk}
    assert _filter(OwnerBodyFilter, "OTHER").queryset(None, Item.objects.all()).count() == 2
    assert _filtered(OwnerBodyFilter, None) == {both.pk, theirs.pk, nobodys.pk}


def test_section_lookups_name_the_document_and_leave_out_annexes(two_sections):
    symbol = two_sections["chapter"].document.symbol
    lookups = _filter(SectionFilter).lookups(None, None)
    assert [pk for pk, _ in lookups] == [two_sections[name].pk for name in ("chapter", "topic", "other")]
    assert all(label.startswith(f"{symbol} · ") for _, label in lookups)


def _section_choices(**params) -> list:
    request = RequestFactory().get("/", params)
    section = params.pop("section", None)
    chosen = {"section": [section]} if section else {}
    return SectionFilter(request, chosen, Item, admin.site._registry[Item]).lookup_choices


def test_section_lookups_past_their_limit_are_those_of_one_document(two_sections, monkeypatch):
    monkeypatch.setattr(SectionFilter, "MAX_CHOICES", 3)
    elsewhere = SectionFactory()  # a second document's: four sections in all, one too many
    assert _section_choices() == []  # a wall of links on every page: none, until one document is chosen
    mine = [two_sections[name].pk for name in ("chapter", "topic", "other")]
    assert [pk for pk, _ in _section_choices(document__id__exact=str(two_sections["chapter"].document_id))] == mine
    assert [pk for pk, _ in _section_choices(document__id__exact=str(elsewhere.document_id))] == [elsewhere.pk]
    # A section already chosen brings its document's, so that the choice stays visible.
    assert [pk for pk, _ in _section_choices(section=str(two_sections["topic"].pk))] == mine
    assert len(_section_choices(document__id__exact="x")) == 0  # not a document: the limit applies


def test_owner_queryset_of_an_unknown_body_is_empty():
    ItemOwner.objects.create(item=ItemFactory(), body=BodyFactory(code="KNOWN"), role="lead")
    assert _filtered(OwnerBodyFilter, "UNKNOWN") == set()


def test_section_queryset_of_a_chapter_takes_in_its_topics(two_sections):
    s = two_sections
    assert _filtered(SectionFilter, str(s["chapter"].pk)) == {s["chapter_item"].pk, s["topic_item"].pk}
    assert _filtered(SectionFilter, str(s["topic"].pk)) == {s["topic_item"].pk}
    assert _filtered(SectionFilter, str(s["other"].pk)) == {s["other_item"].pk}
    assert _filtered(SectionFilter, None) == {s[f"{n}_item"].pk for n in ("chapter", "topic", "other")}


@pytest.mark.parametrize("value", ["x", "-1", "1.5", str(MAX_ID + 1), "9" * 40])
def test_section_queryset_refuses_what_cannot_be_a_section(value):
    with pytest.raises(IncorrectLookupParameters):
        _filter(SectionFilter, value).queryset(None, Item.objects.all())


@pytest.mark.parametrize("cls", [OverdueFilter, StaleFilter])
def test_yes_no_lookups(cls):
    assert [value for value, _ in _filter(cls).lookups(None, None)] == ["yes", "no"]


@pytest.fixture
def dated_items():
    today, now = timezone.localdate(), timezone.now()
    stale_time = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS, seconds=1)
    fresh_time = now - datetime.timedelta(days=settings.STALE_AFTER_DAYS - 1)
    make = lambda days, **kw: ItemFactory(  # noqa: E731
        due_date=None if days is None else today + datetime.timedelta(days=days), **kw
    )
    return {
        "late": make(-1, status=Status.OPEN, last_activity_at=fresh_time),
        "late_started": make(-40, status=Status.IN_PROGRESS, last_activity_at=stale_time),
        "late_closed": make(-2, status=Status.IMPLEMENTED, last_activity_at=stale_time),
        "late_proposed": make(-2, status=Status.PROPOSED),
        "today": make(0, status=Status.OPEN),
        "in_7": make(7, status=Status.OPEN),
        "in_8": make(8, status=Status.OPEN),
        "in_30": make(30, status=Status.OPEN),
        "in_31": make(31, status=Status.OPEN),
        "in_90": make(90, status=Status.OPEN),
        "in_91": make(91, status=Status.OPEN),
        "undated_stale": make(None, status=Status.OPEN, last_activity_at=stale_time),
        "undated": make(None, status=Status.OPEN, last_activity_at=fresh_time),
    }


def _pks(items, *names) -> set[int]:
    return {items[name].pk for name in names}


def test_overdue_queryset(dated_items):
    assert _filtered(OverdueFilter, "yes") == _pks(dated_items, "late", "late_started")
    assert _filtered(OverdueFilter, "no") == {i.pk for i in dated_items.values()} - _pks(
        dated_items, "late", "late_started"
    )
    assert _filtered(OverdueFilter, None) == {i.pk for i in dated_items.values()}


def test_overdue_queryset_narrows_the_queryset_it_is_given(dated_items):
    given = Item.objects.filter(pk__in=_pks(dated_items, "late", "today"))
    assert _filtered(OverdueFilter, "yes", given) == _pks(dated_items, "late")
    assert _filtered(OverdueFilter, "no", given) == _pks(dated_items, "today")


def test_stale_queryset(dated_items):
    assert _filtered(StaleFilter, "yes") == _pks(dated_items, "late_started", "undated_stale")
    assert _filtered(StaleFilter, "no") == {i.pk for i in dated_items.values()} - _pks(
        dated_items, "late_started", "undated_stale"
    )
    assert _filtered(StaleFilter, None) == {i.pk for i in dated_items.values()}


def test_due_lookups():
    assert [value for value, _ in _filter(DueFilter).lookups(None, None)] == ["past", "7", "30", "90", "none"]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("past", {"late", "late_started", "late_closed", "late_proposed"}),
        ("7", {"today", "in_7"}),
        ("30", {"today", "in_7", "in_8", "in_30"}),
        ("90", {"today", "in_7", "in_8", "in_30", "in_31", "in_90"}),
        ("none", {"undated_stale", "undated"}),
    ],
)
def test_due_queryset(dated_items, value, names):
    assert _filtered(DueFilter, value) == _pks(dated_items, *names)


@pytest.mark.parametrize("value", [None, "", "8", "soon"])
def test_due_queryset_without_a_known_choice_is_unfiltered(dated_items, value):
    assert _filtered(DueFilter, value) == {i.pk for i in dated_items.values()}
