"""Mapping an addressee no body stood for to a body: once, for this item, every proposed one and later imports."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from ..models import Addressee, Body, Event, Item, ItemOwner, Status
from ._changes import ExpectedVersion, history_user, lock_item, record, require
from .errors import ServiceError, TransitionNotAllowed

# The alias list of each document language that has one; the extractor reads the same lists.
ALIAS_FIELDS = {"en": "aliases_en", "zh": "aliases_zh"}


@dataclass(frozen=True)
class Mapped:
    body: Body
    created: bool  # a new body was made for the words
    items: list[Item]  # every item that gained the body as lead owner, the mapped one first


@transaction.atomic
def map_addressee(
    *,
    addressee: Addressee,
    actor,
    body: Body | None = None,
    code: str = "",
    name_en: str = "",
    name_zh: str = "",
    expected_version: ExpectedVersion = None,
) -> Mapped:
    """Map the words of ``addressee`` to ``body``, or to a new body (``code``, ``name_en``, ``name_zh``).

    The body becomes lead owner of the item; the words become an alias of the body in the
    document's language, so every later import resolves them; and the same words still
    unresolved on every other proposed item of that language are resolved with them.
    """
    same_words = Addressee.objects.unresolved().filter(
        words=addressee.words, item__status=Status.PROPOSED, item__document__language=addressee.item.document.language
    )
    # Every item the mapping may change, locked in key order before anything else: two mappings of
    # the same words then take their locks in one order, and one waits for the other to finish.
    wanted = {addressee.item_id, *same_words.values_list("item_id", flat=True)}
    locked = list(Item.objects.select_for_update().filter(pk__in=wanted).order_by("pk").values_list("pk", flat=True))
    item = lock_item(addressee.item, expected_version)
    require(actor, "edit", item)
    if item.status == Status.DISMISSED:
        raise TransitionNotAllowed(f"{item.reference} is dismissed: its addressees are no longer mapped")
    addressee = Addressee.objects.select_for_update().get(pk=addressee.pk)
    words, language = addressee.words, item.document.language
    if addressee.body_id is not None:
        mapped = Body.objects.get(pk=addressee.body_id)
        raise ServiceError(f"“{words}” on {item.reference} is already mapped to {mapped}", field="addressee")
    created = body is None
    body = _new_body(code, name_en, name_zh) if created else Body.objects.select_for_update().get(pk=body.pk)
    _record_alias(body, words, language)

    # Read again under the locks: another mapping may have resolved some of them meanwhile.
    others = same_words.filter(item_id__in=locked).exclude(item=item).values_list("item_id", flat=True)
    items = [item, *Item.objects.select_related("document", "paragraph").filter(pk__in=others).order_by("pk")]
    owners = {o.item_id: o for o in ItemOwner.objects.filter(item__in=items, body=body)}
    for each in items:
        owner = owners.get(each.pk) or ItemOwner(item=each, body=body)
        before = owner.role if owner.pk else ""
        if before != ItemOwner.Role.LEAD:
            owner.role = ItemOwner.Role.LEAD
            owner._history_user = history_user(actor)
            owner.save()
        record(
            each,
            actor,
            Event.Kind.OWNERS,
            [],
            action="map_addressee",
            from_value=words[:100],
            to_value=f"{body.code}:{ItemOwner.Role.LEAD}",
            comment=f"“{words}” mapped to {body} ({body.code})",
        )
    Addressee.objects.unresolved().filter(words=words, item__in=items).update(body=body)
    return Mapped(body=body, created=created, items=items)


def _new_body(code: str, name_en: str, name_zh: str) -> Body:
    code, name_en, name_zh = code.strip(), name_en.strip(), name_zh.strip()
    longest = {f.name: f.max_length for f in Body._meta.get_fields() if f.name in ("code", "name_en", "name_zh")}
    for field, value in (("code", code), ("name_en", name_en), ("name_zh", name_zh)):
        if not value:
            raise ServiceError("a new body needs a code, an English name and a Chinese name", field=field)
        if len(value) > longest[field]:
            raise ServiceError(f"{field} is longer than {longest[field]} characters", field=field)
    try:
        validate_slug(code)
    except ValidationError:
        raise ServiceError(
            f"a new body needs a code of letters, digits, hyphens or underscores, not {code!r}", field="code"
        ) from None
    taken = ServiceError(f"there is already a body with the code {code}: choose it from the list", field="code")
    if Body.objects.filter(code__iexact=code).exists():
        raise taken
    try:
        # A savepoint: another coordinator may create the same code between the check and here.
        with transaction.atomic():
            return Body.objects.create(code=code, name_en=name_en, name_zh=name_zh)
    except IntegrityError:
        raise taken from None


def _record_alias(body: Body, words: str, language: str) -> None:
    field = ALIAS_FIELDS.get(language)
    if field is None:
        return  # bodies keep aliases in English and Chinese only: the mapping holds for this item alone
    # Two bodies with one alias: the extractor would give the words to whichever it read last.
    for other in Body.objects.exclude(pk=body.pk).only("code", "name_en", field):
        if words in getattr(other, field):
            raise ServiceError(
                f"“{words}” is already a name of {other} ({other.code}): map it to that body", field="body"
            )
    aliases = getattr(body, field)
    if words not in aliases:
        setattr(body, field, [*aliases, words])
        body.save(update_fields=[field])
